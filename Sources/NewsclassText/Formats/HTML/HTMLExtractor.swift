/// HTML to readable text in one forward pass over the bytes, without building a DOM.
///
/// - Markup is dropped; block elements end paragraphs, `<br>` breaks lines, table cells
///   are separated by spaces, whitespace collapses except inside `<pre>`.
/// - Scripts, styles, templates, `<noscript>`, comments and page furniture (nav, header,
///   footer, aside, form, svg, …) are skipped with their content. If that leaves nothing
///   because a furniture element was never closed and swallowed the rest of the page (say,
///   a page whose whole text sits in an unclosed `<header>`), the page is read again
///   without skipping furniture, so that text is not lost to broken markup. A page that
///   really is only navigation and scripts stays empty.
/// - Character references are decoded (`HTMLEntities`).
/// - When the page has `<article>` elements the longest one is the body; else `<main>`;
///   else the whole page (an element with less than a quarter of the page's text is
///   passed over). Their ranges in the output are recorded as the pass goes, so
///   preferring them costs nothing extra.
/// - Title: `<meta property="og:title">`, else `<title>`, else the first `<h1>` (which
///   is captured even inside a skipped `<header>`, where pages usually put it). A `<title>`
///   that is the `<h1>` plus a site name ("Headline | Site") gives way to the `<h1>`.
struct HTMLExtractor {
    var removesBoilerplate = true

    /// A whole page.
    func extract(_ html: UnsafeBufferPointer<UInt8>) -> ExtractedText {
        var scanner = HTMLScanner(html: html, removesBoilerplate: removesBoilerplate, capacity: html.count / 2)
        scanner.run()
        if scanner.builder.isEmpty, scanner.unclosedFurnitureSkippedText, removesBoilerplate {
            return HTMLExtractor(removesBoilerplate: false).extract(html)
        }
        let heading = ExtractedText.title(from: scanner.heading)
        var title = scanner.ogTitle ?? scanner.titleElement ?? heading
        if scanner.ogTitle == nil, let element = scanner.titleElement, let heading,
           Self.isHeadline(heading, withSiteSuffix: element) {
            title = heading
        }
        let body = scanner.finishPreferringArticle()
        return ExtractedText(title: title, body: body)
    }

    /// Whether a `<title>` is the page's `<h1>` plus the site's name, as in
    /// "Mine flooded, three dead - Local News" or "…矿工们_深度_财经频道"; the `<h1>` is then
    /// the better title.
    static func isHeadline(_ headline: String, withSiteSuffix title: String) -> Bool {
        guard title.count > headline.count + 1, title.hasPrefix(headline) else { return false }
        let suffix = title.dropFirst(headline.count).drop { $0 == " " }
        guard let separator = suffix.first else { return false }
        return "|-–—_·:•/«»｜－：".contains(separator)
    }

    /// A fragment (an HTML body inside JSON, an HTML block inside Markdown): its text is
    /// appended to `builder` as paragraphs; titles and article preference do not apply.
    func appendText(of fragment: UnsafeBufferPointer<UInt8>, to builder: inout TextBuilder) {
        var scanner = HTMLScanner(html: fragment, removesBoilerplate: removesBoilerplate, capacity: 0)
        swap(&scanner.builder, &builder)
        scanner.builder.paragraphBreak()
        scanner.run()
        swap(&scanner.builder, &builder)
        builder.paragraphBreak()
    }
}

/// The state of one pass; see `HTMLExtractor`.
private struct HTMLScanner {
    let html: UnsafeBufferPointer<UInt8>
    let removesBoilerplate: Bool
    var builder: TextBuilder

    var ogTitle: String?
    var titleElement: String?
    var heading = TextBuilder()
    var skippedText = false

    /// Text was skipped and a furniture element was still open at the end.
    var unclosedFurnitureSkippedText: Bool { skippedText && !skipStack.isEmpty }

    static let maxSkipDepth = 256

    /// An open element whose content is being skipped, and how many elements of the same
    /// name have opened inside it (so that a `<div class="share">` ends at its own
    /// `</div>`, not at the first one inside it).
    private struct SkippedElement {
        var key: UInt64
        var nested = 0
    }

    /// The open furniture elements; text is dropped while any is open.
    private var skipStack: [SkippedElement] = []
    private var preDepth = 0
    private var headingState = HeadingState.notSeen
    private var article = RangeTracker()
    private var main = RangeTracker()

    private enum HeadingState { case notSeen, capturing, done }

    /// The extents in the output of the outermost elements of one kind; elements that
    /// open inside skipped furniture do not count.
    private struct RangeTracker {
        var depth = 0
        var ignoredDepth = 0
        var start = 0
        var ranges: [Range<Int>] = []

        mutating func open(_ builder: inout TextBuilder, skipping: Bool) {
            if skipping {
                ignoredDepth += 1
                return
            }
            depth += 1
            let offset = builder.markParagraphStart()
            if depth == 1 { start = offset }
        }

        mutating func close(_ builder: inout TextBuilder, skipping: Bool) {
            builder.paragraphBreak()
            if skipping, ignoredDepth > 0 {
                ignoredDepth -= 1
            } else if depth > 0 {
                depth -= 1
                if depth == 0 { ranges.append(start..<builder.count) }
            }
        }

        mutating func closeAtEnd(_ builder: TextBuilder) {
            if depth > 0 { ranges.append(start..<builder.count) }
        }
    }

    init(html: UnsafeBufferPointer<UInt8>, removesBoilerplate: Bool, capacity: Int) {
        self.html = html
        self.removesBoilerplate = removesBoilerplate
        self.builder = TextBuilder(capacity: capacity)
    }

    private var isSkipping: Bool { !skipStack.isEmpty }

    mutating func run() {
        let n = html.count
        var i = 0
        while i < n {
            let open = html.firstIndex(of: 0x3C, from: i)
            if open > i { text(i..<open) }
            guard open < n else { break }
            i = markup(at: open)
        }
        article.closeAtEnd(builder)
        main.closeAtEnd(builder)
    }

    /// The body: the longest `<article>`, else `<main>`, else everything. An element
    /// holding less than a quarter of the page's text is not taken: that is a comment box
    /// or a teaser, and the story is elsewhere.
    mutating func finishPreferringArticle() -> [UInt8] {
        let all = builder.finish()
        for ranges in [article.ranges, main.ranges] {
            var best: Range<Int>?
            for range in ranges {
                let trimmed = Self.trimmed(range, in: all)
                if trimmed.count > (best?.count ?? 0) { best = trimmed }
            }
            if let best, best.count * 4 >= all.count { return Array(all[best]) }
        }
        return all
    }

    private static func trimmed(_ range: Range<Int>, in bytes: [UInt8]) -> Range<Int> {
        var lower = min(range.lowerBound, bytes.count), upper = min(range.upperBound, bytes.count)
        while lower < upper, bytes[lower] == 0x0A || bytes[lower] == 0x20 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x0A || bytes[upper - 1] == 0x20 { upper -= 1 }
        return lower..<upper
    }

    // MARK: Text

    /// Text between tags, with character references decoded.
    private mutating func text(_ range: Range<Int>) {
        // The first <h1>'s text, up to what a title is made from (an unclosed one would
        // otherwise gather the whole page a second time).
        let capturing = headingState == .capturing && heading.count < ExtractedText.maxTitleSourceBytes
        if isSkipping {
            skippedText = true
            guard capturing else { return }
        }
        let newlines: TextBuilder.NewlineHandling = preDepth > 0 ? .lineBreaks : .whitespace
        var i = range.lowerBound
        while i < range.upperBound {
            let ampersand = html.firstIndex(of: 0x26, from: i, to: range.upperBound)
            if ampersand > i {
                let run = UnsafeBufferPointer(rebasing: html[i..<ampersand])
                if !isSkipping { builder.append(run, newlines: newlines) }
                if capturing {
                    let room = ExtractedText.maxTitleSourceBytes - heading.count
                    heading.append(ExtractedText.titleSource(run, limit: room), newlines: .whitespace)
                }
            }
            guard ampersand < range.upperBound else { break }
            let slice = UnsafeBufferPointer(rebasing: html[ampersand..<range.upperBound])
            if let (scalar, length) = HTMLEntities.decode(slice, at: 0) {
                if !isSkipping { builder.append(scalar: scalar) }
                if capturing { heading.append(scalar: scalar) }
                i = ampersand + length
            } else {
                let literal = UnsafeBufferPointer(rebasing: html[ampersand..<ampersand + 1])
                if !isSkipping { builder.append(literal, newlines: newlines) }
                if capturing { heading.append(literal, newlines: .whitespace) }
                i = ampersand + 1
            }
        }
    }

    // MARK: Markup

    /// Handles the markup starting with "<" at `open`; returns where text resumes.
    private mutating func markup(at open: Int) -> Int {
        let n = html.count
        let next = open + 1
        guard next < n else {
            text(open..<n)
            return n
        }
        switch html[next] {
        case 0x21: // "!"
            if html.hasPrefix("<!--", at: open) {
                return (html.firstIndex(of: "-->", from: open + 4) ?? n - 3) + 3
            }
            if html.hasPrefix("<![cdata[", at: open) {
                let close = html.firstIndex(of: "]]>", from: open + 9) ?? n
                text((open + 9)..<close)
                return min(close + 3, n)
            }
            return min(html.firstIndex(of: 0x3E, from: next) + 1, n) // doctype, bogus comment
        case 0x3F: // "?": XML declaration or processing instruction
            return min(html.firstIndex(of: 0x3E, from: next) + 1, n)
        case 0x2F: // "/": end tag
            let nameStart = next + 1
            guard nameStart < n, ASCII.isLetter(html[nameStart]) else {
                return min(html.firstIndex(of: 0x3E, from: next) + 1, n)
            }
            let nameEnd = HTMLTag.nameEnd(html, from: nameStart)
            let key = HTMLElement.key(UnsafeBufferPointer(rebasing: html[nameStart..<nameEnd]))
            endTag(key)
            return min(HTMLTag.end(html, from: nameEnd).end + 1, n)
        case let byte where ASCII.isLetter(byte):
            let nameEnd = HTMLTag.nameEnd(html, from: next)
            let key = HTMLElement.key(UnsafeBufferPointer(rebasing: html[next..<nameEnd]))
            return startTag(key, nameRange: next..<nameEnd)
        default:
            text(open..<next) // a lone "<" is text
            return next
        }
    }

    private mutating func startTag(_ key: UInt64, nameRange: Range<Int>) -> Int {
        let kind = HTMLElement.kind(key)
        if kind == .meta {
            let (attributes, end) = HTMLTag.attributes(html, from: nameRange.upperBound)
            meta(attributes)
            return min(end + 1, html.count)
        }
        let (end, selfClosing) = HTMLTag.end(html, from: nameRange.upperBound)
        let after = min(end + 1, html.count)
        let hasContent = !selfClosing && !HTMLElement.isVoid(key)
        if hasContent, let top = skipStack.last, top.key == key {
            skipStack[skipStack.count - 1].nested += 1
        }
        if removesBoilerplate, hasContent, kind == .block || kind == .inline || kind == .cell,
           end > nameRange.upperBound, !HTMLElement.isStructural(key),
           HTMLTag.marksFurniture(html, from: nameRange.upperBound, to: end) {
            if kind == .block { builder.paragraphBreak() }
            skip(key)
            return after
        }
        switch kind {
        case .inline, .meta:
            break
        case .block:
            builder.paragraphBreak()
        case .lineBreak:
            builder.lineBreak()
            if headingState == .capturing { heading.space() }
        case .cell:
            builder.space()
        case .rawText, .title:
            guard !selfClosing else { break }
            let close = closingTag(of: nameRange, from: after)
            if kind == .title, titleElement == nil, !isSkipping {
                let source = ExtractedText.titleSource(UnsafeBufferPointer(rebasing: html[after..<close.start]))
                titleElement = ExtractedText.title(from: HTMLEntities.decodeAll(source))
                    .flatMap { $0.isEmpty ? nil : $0 }
            }
            return close.resume
        case .boilerplate:
            if removesBoilerplate {
                // Past a sane depth, deeper furniture is skipped as part of the outer one
                // (keeps end-tag matching cheap on hostile input).
                if hasContent { skip(key) }
            } else {
                builder.paragraphBreak()
            }
        case .article:
            article.open(&builder, skipping: isSkipping)
        case .main:
            main.open(&builder, skipping: isSkipping)
        case .heading1:
            builder.paragraphBreak()
            if headingState == .notSeen, !selfClosing { headingState = .capturing }
        case .pre:
            builder.paragraphBreak()
            if !selfClosing { preDepth += 1 }
        }
        return after
    }

    /// Starts skipping an element's content. Past a sane depth, deeper furniture is
    /// skipped as part of the outer one (keeps end-tag matching cheap on hostile input).
    private mutating func skip(_ key: UInt64) {
        if let top = skipStack.last, top.key == key {
            return // already counted as nested by startTag
        }
        if skipStack.count < Self.maxSkipDepth { skipStack.append(SkippedElement(key: key)) }
    }

    private mutating func endTag(_ key: UInt64) {
        let kind = HTMLElement.kind(key)
        if let top = skipStack.last, top.key == key {
            if top.nested > 0 {
                skipStack[skipStack.count - 1].nested -= 1
                return
            }
            skipStack.removeLast()
            if kind == .boilerplate { return }
        }
        switch kind {
        case .inline, .meta, .rawText, .title:
            break
        case .block:
            builder.paragraphBreak()
        case .lineBreak:
            builder.lineBreak() // browsers read </br> as <br>
        case .cell:
            builder.space()
        case .boilerplate:
            // An end tag for furniture further down the stack: what opened inside it was
            // left unclosed.
            if let index = skipStack.lastIndex(where: { $0.key == key }) { skipStack.removeSubrange(index...) }
            if !removesBoilerplate { builder.paragraphBreak() }
        case .article:
            article.close(&builder, skipping: isSkipping)
        case .main:
            main.close(&builder, skipping: isSkipping)
        case .heading1:
            builder.paragraphBreak()
            if headingState == .capturing { headingState = .done }
        case .pre:
            builder.paragraphBreak()
            preDepth = max(0, preDepth - 1)
        }
    }

    private mutating func meta(_ attributes: [HTMLAttribute]) {
        guard ogTitle == nil else { return }
        var isOGTitle = false
        var content: [UInt8]?
        for attribute in attributes {
            switch attribute.name {
            case "property", "name":
                if String(decoding: attribute.value, as: UTF8.self).lowercased() == "og:title" { isOGTitle = true }
            case "content":
                content = attribute.value
            default:
                break
            }
        }
        if isOGTitle, let content {
            ogTitle = content.withUnsafeBufferPointer { ExtractedText.title(from: HTMLEntities.decodeAll($0)) }
        }
    }

    /// Finds the end tag closing a raw-text element whose name is at `nameRange`: where
    /// its content ends and where text resumes after it. An unclosed one runs to the end.
    private func closingTag(of nameRange: Range<Int>, from start: Int) -> (start: Int, resume: Int) {
        let n = html.count
        let length = nameRange.count
        var i = html.firstIndex(of: 0x3C, from: start)
        while i + 1 < n {
            if html[i + 1] == 0x2F, i + 2 + length <= n {
                var matches = true
                for k in 0..<length where ASCII.lowercased(html[i + 2 + k]) != ASCII.lowercased(html[nameRange.lowerBound + k]) {
                    matches = false
                    break
                }
                let after = i + 2 + length
                if matches, after == n || ASCII.isWhitespace(html[after]) || html[after] == 0x3E || html[after] == 0x2F {
                    return (i, min(HTMLTag.end(html, from: after).end + 1, n))
                }
            }
            i = html.firstIndex(of: 0x3C, from: i + 1)
        }
        return (n, n)
    }
}
