/// The inline part of Markdown: the text of a paragraph or heading with its markup
/// removed.
///
/// - emphasis and strikethrough delimiters (`*`, `_`, `~~`) are dropped when they can
///   open or close emphasis (CommonMark's flanking rules); `_` inside a word, and a `*`
///   with spaces on both sides ("2 * 3"), stay;
/// - `[text](url)`, `[text][ref]` and `[text][]` become their text; images and footnote
///   references (`![alt](src)`, `[^1]`) are dropped; `<https://…>` autolinks become
///   the address; inline HTML tags are dropped (`<br>` breaks the line);
/// - code spans keep their content verbatim; backslash escapes and character references
///   are resolved.
///
/// Looking ahead for a closing backtick run, bracket or ">" stops after `maxLookahead`
/// bytes, and all the looking ahead in one paragraph is limited to a budget of a few
/// times its length; a paragraph full of unmatched openers thus stays linear (its
/// remaining openers are then taken as text).
struct MarkdownInline {
    static let maxNesting = 8
    static let maxLookahead = 4096

    /// Bytes that lookahead may still scan.
    private var budget: Int

    init(budget paragraphLength: Int) {
        budget = 8 * paragraphLength + 4 * Self.maxLookahead
    }

    /// The end of a lookahead window at `start`, charged to the budget; nil when spent.
    private mutating func window(from start: Int, end: Int) -> Int? {
        guard budget > 0 else { return nil }
        let limit = min(end, start + Self.maxLookahead)
        budget -= limit - start
        return limit
    }

    mutating func append(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to builder: inout TextBuilder, depth: Int = 0) {
        var literalStart = range.lowerBound
        var i = range.lowerBound
        let end = range.upperBound

        func flush(_ upTo: Int, _ builder: inout TextBuilder) {
            if upTo > literalStart {
                builder.append(UnsafeBufferPointer(rebasing: text[literalStart..<upTo]), newlines: .whitespace)
            }
        }

        while i < end {
            let byte = text[i]
            switch byte {
            case 0x5C: // "\" escapes ASCII punctuation
                if i + 1 < end, Self.isPunctuation(text[i + 1]) {
                    flush(i, &builder)
                    literalStart = i + 1
                    i += 2
                } else {
                    i += 1
                }
            case 0x60: // "`" code span
                let run = Self.runLength(text, at: i, end: end)
                if let limit = window(from: i, end: end),
                   let close = Self.closingBackticks(text, from: i + run, end: limit, length: run) {
                    flush(i, &builder)
                    var contentStart = i + run, contentEnd = close
                    if contentEnd - contentStart >= 2, text[contentStart] == 0x20, text[contentEnd - 1] == 0x20 {
                        contentStart += 1
                        contentEnd -= 1
                    }
                    builder.append(UnsafeBufferPointer(rebasing: text[contentStart..<contentEnd]), newlines: .whitespace)
                    i = close + run
                    literalStart = i
                } else {
                    i += run
                }
            case 0x21 where i + 1 < end && text[i + 1] == 0x5B: // "![" image
                if let limit = window(from: i, end: end), let link = Self.link(text, at: i + 1, end: limit) {
                    flush(i, &builder)
                    i = link.end
                    literalStart = i
                } else {
                    i += 1
                }
            case 0x5B: // "[" link
                if let limit = window(from: i, end: end), let link = Self.link(text, at: i, end: limit) {
                    flush(i, &builder)
                    if text[link.label.lowerBound] != 0x5E || link.hasDestination { // not a footnote "[^1]"
                        if depth < Self.maxNesting {
                            append(text, link.label, to: &builder, depth: depth + 1)
                        }
                    }
                    i = link.end
                    literalStart = i
                } else {
                    i += 1
                }
            case 0x3C: // "<" autolink, inline HTML or comment
                if let limit = window(from: i, end: end), let tag = Self.inlineTag(text, at: i, end: limit) {
                    flush(i, &builder)
                    switch tag.kind {
                    case .autolink:
                        builder.append(UnsafeBufferPointer(rebasing: text[(i + 1)..<(tag.end - 1)]), newlines: .whitespace)
                    case .lineBreak:
                        builder.lineBreak()
                    case .markup:
                        break
                    }
                    i = tag.end
                    literalStart = i
                } else {
                    i += 1
                }
            case 0x26: // "&" character reference
                let slice = UnsafeBufferPointer(rebasing: text[i..<end])
                if let (scalar, length) = HTMLEntities.decode(slice, at: 0) {
                    flush(i, &builder)
                    builder.append(scalar: scalar)
                    i += length
                    literalStart = i
                } else {
                    i += 1
                }
            case 0x2A, 0x5F, 0x7E: // "*", "_", "~" delimiter runs
                let run = Self.runLength(text, at: i, end: end)
                if Self.isEmphasisDelimiter(text, run: i..<(i + run), in: range) {
                    flush(i, &builder)
                    literalStart = i + run
                }
                i += run
            default:
                i += 1
            }
        }
        flush(end, &builder)
    }

    // MARK: Delimiters

    private static func runLength(_ text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Int {
        var i = start
        while i < end, text[i] == text[start] { i += 1 }
        return i - start
    }

    private static func isEmphasisDelimiter(_ text: UnsafeBufferPointer<UInt8>, run: Range<Int>, in range: Range<Int>) -> Bool {
        let marker = text[run.lowerBound]
        if marker == 0x7E, run.count < 2 { return false } // a single "~" is text
        let before: UInt8 = run.lowerBound > range.lowerBound ? text[run.lowerBound - 1] : 0x20
        let after: UInt8 = run.upperBound < range.upperBound ? text[run.upperBound] : 0x20
        let beforeSpace = ASCII.isWhitespace(before), afterSpace = ASCII.isWhitespace(after)
        let beforePunct = isPunctuation(before), afterPunct = isPunctuation(after)
        let leftFlanking = !afterSpace && (!afterPunct || beforeSpace || beforePunct)
        let rightFlanking = !beforeSpace && (!beforePunct || afterSpace || afterPunct)
        if marker == 0x5F, leftFlanking, rightFlanking, !beforePunct, !afterPunct {
            return false // snake_case: "_" inside a word is never emphasis
        }
        return leftFlanking || rightFlanking
    }

    static func isPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    // MARK: Code spans

    private static func closingBackticks(_ text: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, length: Int) -> Int? {
        var i = start
        while i < end {
            if text[i] == 0x60 {
                let run = runLength(text, at: i, end: end)
                if run == length { return i }
                i += run
            } else {
                i += 1
            }
        }
        return nil
    }

    // MARK: Links

    private struct Link {
        var label: Range<Int>
        var hasDestination: Bool
        var end: Int
    }

    /// A link starting at "[" at `start`: `[label](destination "title")`, `[label][ref]`,
    /// `[label][]`, or a footnote reference `[^label]`. Nil when the brackets are just text.
    private static func link(_ text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Link? {
        guard let close = matching(text, open: start, end: end, opener: 0x5B, closer: 0x5D) else { return nil }
        let label = (start + 1)..<close
        let after = close + 1
        if after < end, text[after] == 0x28, let paren = matching(text, open: after, end: end, opener: 0x28, closer: 0x29) {
            return Link(label: label, hasDestination: true, end: paren + 1)
        }
        if after < end, text[after] == 0x5B, let bracket = matching(text, open: after, end: end, opener: 0x5B, closer: 0x5D) {
            return Link(label: label, hasDestination: true, end: bracket + 1)
        }
        if !label.isEmpty, text[label.lowerBound] == 0x5E { // "[^1]"
            return Link(label: label, hasDestination: false, end: after)
        }
        return nil
    }

    /// The index of the bracket closing the one at `open`, honouring nesting and escapes.
    private static func matching(_ text: UnsafeBufferPointer<UInt8>, open: Int, end: Int, opener: UInt8, closer: UInt8) -> Int? {
        var depth = 0
        var i = open
        while i < end {
            let byte = text[i]
            if byte == 0x5C {
                i += 2
                continue
            }
            if byte == opener {
                depth += 1
            } else if byte == closer {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    // MARK: Inline HTML

    private enum TagKind { case autolink, lineBreak, markup }

    private static func inlineTag(_ text: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> (kind: TagKind, end: Int)? {
        guard start + 1 < end else { return nil }
        if text.hasPrefix("<!--", at: start) {
            guard let close = text.firstIndex(of: "-->", from: start + 4, to: end) else { return nil }
            return (.markup, close + 3)
        }
        var i = start + 1
        if text[i] == 0x2F { i += 1 }
        guard i < end, ASCII.isLetter(text[i]) else { return nil }
        let nameStart = i
        while i < end, ASCII.isAlphanumeric(text[i]) || text[i] == 0x2D { i += 1 }
        let name = nameStart..<i
        // Autolink: a scheme and ":" ("<https://…>"), or an address with "@".
        var j = i
        while j < end, text[j] != 0x3E, text[j] != 0x3C, !ASCII.isWhitespace(text[j]) { j += 1 }
        if j < end, text[j] == 0x3E, j > i, text[i] == 0x3A || text[start + 1..<j].contains(0x40) {
            return (.autolink, j + 1)
        }
        let (close, _) = HTMLTag.end(UnsafeBufferPointer(rebasing: text[..<end]), from: i)
        guard close < end else { return nil }
        let isBreak = name.count == 2 && ASCII.lowercased(text[name.lowerBound]) == 0x62
            && ASCII.lowercased(text[name.lowerBound + 1]) == 0x72
        return (isBreak ? .lineBreak : .markup, close + 1)
    }
}
