/// Markdown (CommonMark with the usual extensions) reduced to its text, block by block.
///
/// - Title: front matter's `title` (YAML between `---` lines, or TOML between `+++`);
///   else the first level-1 heading (`# …` or a `===` setext heading), which is then left
///   out of the body; else a heading of any level that opens the document.
/// - Paragraph lines are joined with spaces, as Markdown renders them; headings, list
///   items, table rows and block quotes are paragraphs of their own.
/// - Fenced code keeps its lines verbatim; HTML blocks are read as HTML fragments
///   (comments dropped); link reference definitions, table delimiter rows and thematic
///   breaks disappear.
/// - Inline markup: see `MarkdownInline`.
struct MarkdownExtractor {
    func extract(_ text: UnsafeBufferPointer<UInt8>) -> ExtractedText {
        var state = MarkdownBlocks(text: text)
        state.run()
        return ExtractedText(title: state.title, body: state.builder.finish())
    }
}

private struct MarkdownBlocks {
    let text: UnsafeBufferPointer<UInt8>
    var builder: TextBuilder
    var title: String?

    private var frontMatterTitle: String?
    private var firstH1: String?
    private var leadingHeading: String?
    private var sawBlock = false
    /// Lines of the paragraph being gathered (content ranges without the line break).
    private var paragraph: [Range<Int>] = []
    private var fence: (marker: UInt8, length: Int)?
    private var htmlBlock: [Range<Int>]?
    private var inComment = false
    private var inTable = false

    init(text: UnsafeBufferPointer<UInt8>) {
        self.text = text
        self.builder = TextBuilder(capacity: text.count)
    }

    mutating func run() {
        var i = frontMatter()
        while i < text.count {
            var lineEnd = text.lineEnd(from: i)
            let next = lineEnd + 1
            if lineEnd > i, text[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            line(i..<lineEnd)
            i = next
        }
        endBlock()
        title = frontMatterTitle ?? firstH1 ?? leadingHeading
    }

    // MARK: Lines

    private mutating func line(_ range: Range<Int>) {
        if let open = fence {
            let start = text.skippingWhitespace(from: range.lowerBound)
            if start < range.upperBound, text[start] == open.marker,
               runLength(at: start, in: range) >= open.length,
               text.skippingWhitespace(from: start + runLength(at: start, in: range)) >= range.upperBound {
                fence = nil
                builder.paragraphBreak()
            } else {
                builder.append(UnsafeBufferPointer(rebasing: text[range]), newlines: .lineBreaks)
                builder.lineBreak()
            }
            return
        }
        if inComment {
            if text.firstIndex(of: "-->", from: range.lowerBound, to: range.upperBound) != nil { inComment = false }
            return
        }
        let start = min(text.skippingWhitespace(from: range.lowerBound), range.upperBound)
        var content = start..<range.upperBound
        if htmlBlock != nil {
            if content.isEmpty { endBlock() } else { htmlBlock!.append(range) }
            return
        }
        if content.isEmpty {
            endBlock()
            return
        }
        let first = text[start]
        let indent = start - range.lowerBound

        // Fenced code.
        if (first == 0x60 || first == 0x7E), runLength(at: start, in: content) >= 3 {
            endBlock()
            fence = (first, runLength(at: start, in: content))
            builder.paragraphBreak()
            return
        }
        // ATX heading.
        if indent < 4, FormatSniffer.isATXHeading(text, at: start) || isBareHashes(content) {
            endBlock()
            let level = runLength(at: start, in: content)
            heading(level: level, trimmedATX(content))
            return
        }
        // Setext underline, or a thematic break.
        if first == 0x3D || first == 0x2D, isUnderline(content) {
            if !paragraph.isEmpty {
                let lines = paragraph
                paragraph = []
                heading(level: first == 0x3D ? 1 : 2, lines)
                return
            }
            if first == 0x2D {
                endBlock()
                return
            }
        }
        if (first == 0x2A || first == 0x5F || first == 0x2D), isThematicBreak(content) {
            endBlock()
            return
        }
        // HTML block or comment.
        if first == 0x3C, indent < 4, startsHTMLBlock(content) {
            endBlock()
            if text.hasPrefix("<!--", at: start) {
                inComment = text.firstIndex(of: "-->", from: start + 4, to: content.upperBound) == nil
                return
            }
            htmlBlock = [range]
            return
        }
        // Link reference definition "[label]: destination".
        if first == 0x5B, isLinkReferenceDefinition(content) {
            return
        }
        // Tables: rows are lines of one paragraph.
        if first == 0x7C {
            endBlock()
            if !inTable { builder.paragraphBreak() }
            inTable = true
            if !isTableDelimiterRow(content) { tableRow(content) }
            return
        }
        if inTable {
            inTable = false
            builder.paragraphBreak()
        }
        // Footnote definition "[^1]: text": the text stays, the marker goes.
        if first == 0x5B, let footnote = footnoteDefinitionText(content) {
            endBlock()
            content = footnote..<content.upperBound
            if content.isEmpty { return }
        }
        // Block quote: strip the markers, keep the text.
        var body = content
        if text[content.lowerBound] == 0x3E {
            var k = content.lowerBound
            while k < content.upperBound, text[k] == 0x3E || text[k] == 0x20 { k += 1 }
            body = k..<content.upperBound
            if body.isEmpty {
                endBlock()
                return
            }
            // A quote marker with a heading or list inside is rare; its text is kept as is.
        }
        // List item: a new paragraph without its marker.
        if let itemStart = listItemContent(body) {
            endBlock()
            paragraph = [itemStart..<body.upperBound]
            return
        }
        paragraph.append(body)
    }

    /// Ends the paragraph (or HTML block) being gathered.
    private mutating func endBlock() {
        if let block = htmlBlock {
            htmlBlock = nil
            let range = block.first!.lowerBound..<block.last!.upperBound
            HTMLExtractor().appendText(of: UnsafeBufferPointer(rebasing: text[range]), to: &builder)
            sawBlock = true
            return
        }
        guard !paragraph.isEmpty else { return }
        builder.paragraphBreak()
        Self.appendInline(text, paragraph, to: &builder)
        builder.paragraphBreak()
        paragraph = []
        sawBlock = true
    }

    private mutating func heading(level: Int, _ lines: [Range<Int>]) {
        var headingText = TextBuilder()
        Self.appendInline(text, lines, to: &headingText)
        let text = ExtractedText.title(from: headingText)
        defer { sawBlock = true }
        guard let text else { return }
        if level == 1, frontMatterTitle == nil, firstH1 == nil {
            firstH1 = text // the title: not repeated in the body
            return
        }
        if !sawBlock, leadingHeading == nil { leadingHeading = text }
        builder.paragraphBreak()
        builder.append(text, newlines: .whitespace)
        builder.paragraphBreak()
    }

    /// Static, so that passing `&builder` (a stored property) does not also borrow `self`,
    /// which would force a copy of the whole output on every append.
    private static func appendInline(_ text: UnsafeBufferPointer<UInt8>, _ lines: [Range<Int>], to builder: inout TextBuilder) {
        var inline = MarkdownInline(budget: lines.reduce(0) { $0 + $1.count })
        for (index, line) in lines.enumerated() {
            if index > 0 { builder.space() }
            var end = line.upperBound
            while end > line.lowerBound, text[end - 1] == 0x20 { end -= 1 } // trailing hard-break spaces
            if end > line.lowerBound, text[end - 1] == 0x5C, index < lines.count - 1 { end -= 1 } // "\" hard break
            inline.append(text, line.lowerBound..<end, to: &builder)
        }
    }

    private mutating func tableRow(_ content: Range<Int>) {
        var cellStart = content.lowerBound
        var i = content.lowerBound
        while i <= content.upperBound {
            if i == content.upperBound || (text[i] == 0x7C && (i == content.lowerBound || text[i - 1] != 0x5C)) {
                if i > cellStart {
                    var inline = MarkdownInline(budget: i - cellStart)
                    inline.append(text, cellStart..<i, to: &builder)
                    builder.space()
                }
                cellStart = i + 1
            }
            i += 1
        }
        builder.lineBreak()
    }

    // MARK: Front matter

    /// Reads YAML (`---`) or TOML (`+++`) front matter at the very start, remembering its
    /// title; returns where the Markdown begins.
    private mutating func frontMatter() -> Int {
        let isYAML = text.hasPrefix("---", at: 0), isTOML = text.hasPrefix("+++", at: 0)
        guard isYAML || isTOML else { return 0 }
        let marker: UInt8 = isYAML ? 0x2D : 0x2B
        let firstEnd = text.lineEnd(from: 0)
        guard trimmedEnd(0..<firstEnd) == 3 else { return 0 }
        var i = firstEnd + 1
        var lines: [Range<Int>] = []
        while i < text.count {
            let end = text.lineEnd(from: i)
            let line = i..<trimmedEnd(i..<end)
            let closes = line.count == 3 && ((text[i] == marker && text[i + 1] == marker && text[i + 2] == marker)
                || (isYAML && text.hasPrefix("...", at: i)))
            if closes {
                frontMatterTitle = Self.frontMatterTitle(text, lines: lines, toml: isTOML)
                return min(end + 1, text.count)
            }
            lines.append(line)
            i = end + 1
        }
        return 0 // no closing line: not front matter after all
    }

    private static func frontMatterTitle(_ text: UnsafeBufferPointer<UInt8>, lines: [Range<Int>], toml: Bool) -> String? {
        for (index, line) in lines.enumerated() {
            guard text.hasPrefix("title", at: line.lowerBound, ignoringCase: false) else { continue }
            var i = text.skippingWhitespace(from: line.lowerBound + 5)
            guard i < line.upperBound, text[i] == (toml ? 0x3D : 0x3A) else { continue }
            i = text.skippingWhitespace(from: i + 1)
            var value = String(decoding: UnsafeBufferPointer(rebasing: text[min(i, line.upperBound)..<line.upperBound]), as: UTF8.self)
            if value.isEmpty || value == ">" || value == "|" || value == ">-" || value == "|-" {
                // A YAML block scalar: the indented lines that follow.
                value = lines[(index + 1)...].prefix { $0.count > 0 && (text[$0.lowerBound] == 0x20 || text[$0.lowerBound] == 0x09) }
                    .map { String(decoding: UnsafeBufferPointer(rebasing: text[$0]), as: UTF8.self) }
                    .joined(separator: " ")
            }
            value = value.trimmingWhitespace()
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = Self.unquoted(value.dropFirst().dropLast(), quote: quote)
            }
            return ExtractedText.title(from: value)
        }
        return nil
    }

    /// The content of a quoted YAML scalar: "\\" escapes in double quotes, '' in single.
    private static func unquoted(_ value: Substring, quote: Character) -> String {
        var result = ""
        var iterator = value.makeIterator()
        while let character = iterator.next() {
            if quote == "\"", character == "\\", let escaped = iterator.next() {
                result.append(escaped)
            } else if quote == "'", character == "'" {
                result.append(iterator.next() ?? "'")
            } else {
                result.append(character)
            }
        }
        return result
    }

    // MARK: Line shapes

    private func runLength(at start: Int, in range: Range<Int>) -> Int {
        var i = start
        while i < range.upperBound, text[i] == text[start] { i += 1 }
        return i - start
    }

    private func trimmedEnd(_ range: Range<Int>) -> Int {
        var end = range.upperBound
        while end > range.lowerBound, ASCII.isWhitespace(text[end - 1]) { end -= 1 }
        return end
    }

    /// "#" alone on a line is an empty heading.
    private func isBareHashes(_ content: Range<Int>) -> Bool {
        let run = runLength(at: content.lowerBound, in: content)
        return text[content.lowerBound] == 0x23 && run <= 6 && content.lowerBound + run == trimmedEnd(content)
    }

    /// The heading text of an ATX heading line, without the opening and closing hashes.
    private func trimmedATX(_ content: Range<Int>) -> [Range<Int>] {
        var start = content.lowerBound + runLength(at: content.lowerBound, in: content)
        start = text.skippingWhitespace(from: start)
        var end = trimmedEnd(content)
        var k = end
        while k > start, text[k - 1] == 0x23 { k -= 1 }
        if k == start || text[k - 1] == 0x20 || text[k - 1] == 0x09 { end = trimmedEnd(start..<k) }
        return start < end ? [start..<end] : []
    }

    private func isUnderline(_ content: Range<Int>) -> Bool {
        let run = runLength(at: content.lowerBound, in: content)
        return content.lowerBound + run == trimmedEnd(content) && (text[content.lowerBound] == 0x3D || run >= 2)
    }

    private func isThematicBreak(_ content: Range<Int>) -> Bool {
        let marker = text[content.lowerBound]
        var count = 0
        for i in content {
            if text[i] == marker { count += 1 } else if !ASCII.isWhitespace(text[i]) { return false }
        }
        return count >= 3
    }

    private func startsHTMLBlock(_ content: Range<Int>) -> Bool {
        let i = content.lowerBound + 1
        guard i < content.upperBound else { return false }
        return ASCII.isLetter(text[i]) || text[i] == 0x2F || text[i] == 0x21 || text[i] == 0x3F
    }

    private func isLinkReferenceDefinition(_ content: Range<Int>) -> Bool {
        var i = content.lowerBound + 1
        while i < content.upperBound, text[i] != 0x5D { i += 1 }
        return i + 1 < content.upperBound && text[i + 1] == 0x3A && text[content.lowerBound + 1] != 0x5E
    }

    /// Where the text of a footnote definition "[^label]: text" starts.
    private func footnoteDefinitionText(_ content: Range<Int>) -> Int? {
        guard content.count > 2, text[content.lowerBound + 1] == 0x5E else { return nil }
        var i = content.lowerBound + 2
        while i < content.upperBound, text[i] != 0x5D { i += 1 }
        guard i + 1 < content.upperBound, text[i + 1] == 0x3A else { return nil }
        return min(text.skippingWhitespace(from: i + 2), content.upperBound)
    }

    private func isTableDelimiterRow(_ content: Range<Int>) -> Bool {
        var dashes = 0
        for i in content {
            switch text[i] {
            case 0x2D: dashes += 1
            case 0x7C, 0x3A, 0x20, 0x09: continue
            default: return false
            }
        }
        return dashes > 0
    }

    /// Where the text of a list item starts ("- ", "* ", "+ ", "1. ", "1) " and an
    /// optional task box "[ ] "), or nil when the line is not one.
    private func listItemContent(_ content: Range<Int>) -> Int? {
        var i = content.lowerBound
        let first = text[i]
        if first == 0x2D || first == 0x2A || first == 0x2B {
            i += 1
        } else if ASCII.isDigit(first) {
            while i < content.upperBound, ASCII.isDigit(text[i]), i - content.lowerBound < 9 { i += 1 }
            guard i < content.upperBound, text[i] == 0x2E || text[i] == 0x29 else { return nil }
            i += 1
        } else {
            return nil
        }
        guard i < content.upperBound, text[i] == 0x20 || text[i] == 0x09 else { return nil }
        i = text.skippingWhitespace(from: i)
        if i + 3 <= content.upperBound, text[i] == 0x5B, text[i + 2] == 0x5D, [0x20, 0x78, 0x58].contains(text[i + 1]) {
            i = text.skippingWhitespace(from: i + 3)
        }
        return min(i, content.upperBound)
    }
}
