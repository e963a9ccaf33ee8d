/// Turns the raw bytes of one dropped file into an `Article`, or says why it cannot.
///
/// Pure and deterministic: no I/O, no shared state, the same bytes and name always give
/// the same result, and any input gives a result (never a crash or an empty article).
///
/// The steps, in order:
/// 1. Size: more than `maxBytes` is `too_large`, before anything else is looked at;
///    zero bytes are `empty`.
/// 2. Binary: known file signatures, NUL bytes outside UTF-16/32, or mostly control
///    bytes are `binary` (`BinarySniffer`).
/// 3. Encoding: a byte-order mark, else UTF-16 recognised without one, else (for
///    ASCII-compatible bytes) whatever the format declares: the HTML meta charset or XML
///    declaration, MIME charset parameters per part. Undeclared bytes are strict UTF-8
///    or are detected (`TextDecoder`, `LegacyEncodingDetector`).
/// 4. Format: the file name's extension when the content agrees, else sniffing
///    (`FormatSniffer`); then the format's extractor. JSON that does not parse is read as
///    plain text.
/// 5. Result: a body that repeats the title as its first paragraph loses that paragraph;
///    an empty body is `empty` (a title alone is not an article); the language is guessed
///    from title and body (`LanguageGuesser`).
public struct ArticleExtractor: Sendable {
    /// Files larger than this are rejected as `too_large`, never truncated.
    public let maxBytes: Int

    public init(maxBytes: Int = 10 * 1024 * 1024) {
        self.maxBytes = maxBytes
    }

    /// `fileName` (may be nil, e.g. stdin) is only a hint for the format (.txt .md
    /// .markdown .html .htm .xhtml .json .eml); content sniffing decides when there is no
    /// hint or the hint is wrong-looking.
    public func extract(_ bytes: [UInt8], fileName: String? = nil) -> Result<Article, ExtractionFailure> {
        Result { () throws(ExtractionFailure) -> Article in
            try Self.check(bytes, maxBytes: maxBytes)
            let result = bytes.withUnsafeBufferPointer { raw in
                Result { () throws(ExtractionFailure) -> Article in try article(fromRaw: raw, fileName: fileName, releasing: false) }
            }
            return try result.get()
        }
    }

    /// Like `extract(_:fileName:)`, for a caller that needs the bytes no more (it leaves
    /// `bytes` empty): bytes that are decoded to a copy (UTF-16, GB18030, Windows-1252…)
    /// give their memory back before the text is extracted from the copy, so that a large
    /// article is not held three times over (bytes, decoded text, extracted text).
    public func extract(releasing bytes: inout [UInt8], fileName: String? = nil) -> Result<Article, ExtractionFailure> {
        defer { bytes = [] }
        return Result { () throws(ExtractionFailure) -> Article in
            try Self.check(bytes, maxBytes: maxBytes)
            let result = bytes.withUnsafeMutableBufferPointer { raw in
                Result { () throws(ExtractionFailure) -> Article in
                    try article(fromRaw: UnsafeBufferPointer(raw), fileName: fileName, releasing: true)
                }
            }
            return try result.get()
        }
    }

    private static func check(_ bytes: [UInt8], maxBytes: Int) throws(ExtractionFailure) {
        guard bytes.count <= maxBytes else {
            throw ExtractionFailure(reason: .tooLarge, detail: "\(bytes.count) bytes is more than the limit of \(maxBytes) bytes")
        }
        guard !bytes.isEmpty else {
            throw ExtractionFailure(reason: .empty, detail: "zero bytes")
        }
    }

    /// With `releasing`, `raw` is the caller's to give back once it is decoded to a copy.
    private func article(fromRaw raw: UnsafeBufferPointer<UInt8>, fileName: String?, releasing: Bool) throws(ExtractionFailure) -> Article {
        let releasable = releasing ? raw : nil
        let mark = Charset.byteOrderMark(in: raw)
        var unicode = mark.flatMap { $0.charset.isASCIICompatible ? nil : $0.charset }
        let firstNUL = BinarySniffer.firstNUL(in: raw)
        if mark == nil, firstNUL != nil {
            unicode = BinarySniffer.unmarkedUTF16(raw)
        }
        if let failure = BinarySniffer().rejection(for: raw, firstNUL: firstNUL, isUnicode: unicode != nil) {
            throw failure
        }
        let content = UnsafeBufferPointer(rebasing: raw[(mark?.length ?? 0)...])
        let hint = FormatSniffer.format(forFileName: fileName)

        if let unicode {
            // UTF-16/32: decode first, then everything works on the UTF-8. The decoded text
            // lives only in this function, so it is gone before the article's text is made.
            func extractDecoded() throws(ExtractionFailure) -> (ExtractedText, ArticleFormat, String) {
                let decoded = try TextDecoder().decode(content, declared: unicode)
                if let releasable { PageRelease.release(releasable) }
                return try decoded.withUTF8 { utf8 throws(ExtractionFailure) in
                    try extract(utf8, hint: hint, declared: .utf8, charsetName: decoded.charset, releasable: nil)
                }
            }
            let (extracted, format, charset) = try extractDecoded()
            return try Self.article(extracted, format: format, charset: charset)
        }
        if content.skippingWhitespace(from: 0) == content.count {
            throw ExtractionFailure(reason: .empty, detail: "only whitespace")
        }
        let (extracted, format, charset) = try extract(
            content, hint: hint, declared: mark?.charset, charsetName: nil, releasable: releasable)
        return try Self.article(extracted, format: format, charset: charset)
    }

    /// Extracts from ASCII-compatible bytes. `declared` is a byte-order mark's charset (or
    /// UTF-8 for text already decoded); `charsetName` overrides the reported name. Returns
    /// the text, the format it was read as and the charset; the decoded text it worked on
    /// is released on return. `releasable` (the raw bytes, when the caller gives them up) is
    /// given back once `content` is decoded to a copy.
    private func extract(_ content: UnsafeBufferPointer<UInt8>, hint: ArticleFormat?, declared: Charset?,
                         charsetName: String?, releasable: UnsafeBufferPointer<UInt8>?) throws(ExtractionFailure) -> (ExtractedText, ArticleFormat, String) {
        var format = FormatSniffer().format(of: content, hint: hint)
        let extracted: ExtractedText
        var charset: String

        switch format {
        case .email:
            let email = try EmailExtractor().extract(content)
            extracted = email.text
            charset = email.charset ?? Charset.utf8.name
        case .html:
            let decoded = try TextDecoder().decode(content, declared: declared ?? CharsetDeclaration.html(content))
            if decoded.isCopy, let releasable { PageRelease.release(releasable) }
            charset = decoded.charset
            extracted = decoded.withUTF8 { HTMLExtractor().extract($0) }
        case .json, .markdown, .text:
            let decoded = try TextDecoder().decode(content, declared: declared)
            if decoded.isCopy, let releasable { PageRelease.release(releasable) }
            charset = decoded.charset
            extracted = decoded.withUTF8 { utf8 -> ExtractedText in
                switch format {
                case .markdown:
                    return MarkdownExtractor().extract(utf8)
                case .json:
                    if let json = JSONArticleExtractor().extract(utf8) { return json }
                    format = .text
                    return PlainTextExtractor().extract(utf8)
                default:
                    return PlainTextExtractor().extract(utf8)
                }
            }
        }
        if let charsetName { charset = charsetName }
        return (extracted, format, charset)
    }

    /// The article of what an extractor found. Takes the extracted text over (`consuming`):
    /// its body's memory is given back as the body becomes the article's String.
    private static func article(_ extracted: consuming ExtractedText, format: ArticleFormat, charset: String) throws(ExtractionFailure) -> Article {
        var body: [UInt8] = []
        swap(&body, &extracted.body)
        if let title = extracted.title {
            dropLeadingTitle(title, from: &body)
        }
        guard !body.isEmpty else {
            var detail = Self.emptyDetail(format)
            if let title = extracted.title { detail += " (only a title: \"\(title.prefix(80))\")" }
            throw ExtractionFailure(reason: .empty, detail: detail)
        }
        var title = extracted.title ?? ""
        let language = title.withUTF8 { titleBytes in
            body.withUnsafeBufferPointer { LanguageGuesser().guess(title: titleBytes, body: $0) }
        }
        return Article(
            title: extracted.title,
            body: String.handingOver(&body),
            format: format,
            language: language,
            charset: charset)
    }

    /// Removes the title from the body when one of its first three paragraphs repeats it
    /// (an HTML page's `<h1>` after a breadcrumb, a JSON body that starts with its
    /// headline), so that the title is not counted twice. A body that is nothing but the
    /// title is kept.
    static func dropLeadingTitle(_ title: String, from body: inout [UInt8]) {
        var title = title
        title.withUTF8 { titleBytes in
            let n = titleBytes.count
            guard n > 0, body.count > n else { return } // a body that is only the title stays
            var start = 0
            for _ in 0..<3 {
                // Cheap test first: does the paragraph start with the title and end there?
                let end = start + n
                if end <= body.count, body[start..<end].elementsEqual(titleBytes),
                   end == body.count || (end + 1 < body.count && body[end] == 0x0A && body[end + 1] == 0x0A) {
                    if end == body.count {
                        body.removeSubrange((start - 2)..<end) // the last paragraph, and its separator
                    } else {
                        body.removeSubrange(start..<(end + 2))
                    }
                    return
                }
                guard let next = Self.nextParagraph(in: body, after: start) else { return }
                start = next
            }
        }
    }

    /// Where the paragraph after the one starting at `start` begins, if there is one.
    private static func nextParagraph(in body: [UInt8], after start: Int) -> Int? {
        body.withUnsafeBufferPointer { bytes in
            var i = start
            while true {
                let newline = bytes.firstIndex(of: 0x0A, from: i)
                guard newline + 1 < bytes.count else { return nil }
                if bytes[newline + 1] == 0x0A { return newline + 2 }
                i = newline + 1
            }
        }
    }

    private static func emptyDetail(_ format: ArticleFormat) -> String {
        switch format {
        case .text: "no readable text (only whitespace and control characters)"
        case .markdown: "no readable text left after removing Markdown markup"
        case .html: "no readable text in the HTML page after removing markup, scripts, styles and boilerplate"
        case .json: "no article text in the JSON (no body field and no string values with prose)"
        case .email: "no readable text/plain or text/html part in the e-mail"
        }
    }
}
