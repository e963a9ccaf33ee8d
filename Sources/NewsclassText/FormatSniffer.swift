/// Decides how to read a file: by its name when the content agrees, by its content
/// otherwise.
///
/// The name is a hint, trusted unless the content plainly contradicts it:
/// - `.json` needs an object or array (first and last non-space bytes `{}` or `[]`);
/// - `.html` needs at least one tag;
/// - `.eml` needs a header block;
/// - `.md` is kept unless the file is a whole HTML document;
/// - `.txt` is kept unless the file is unmistakably something else: a whole HTML
///   document, a JSON object or array, or an e-mail. Markdown in a `.txt` file stays
///   text, since Markdown is meant to read well as text.
/// Without a usable hint the content decides, in the order e-mail, JSON, HTML, Markdown,
/// text. Sniffing reads only the start of the file (Markdown: the first 8 KiB).
struct FormatSniffer {
    static func format(forFileName fileName: String?) -> ArticleFormat? {
        guard let fileName, let dot = fileName.lastIndex(of: ".") else { return nil }
        let slash = fileName.lastIndex(of: "/")
        if let slash, slash > dot { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "txt", "text": return .text
        case "md", "markdown", "mdown", "mkd", "mkdn": return .markdown
        case "html", "htm", "xhtml", "xht", "shtml": return .html
        case "json", "jsonld": return .json
        case "eml", "email", "msg": return .email
        default: return nil
        }
    }

    func format(of bytes: UnsafeBufferPointer<UInt8>, hint: ArticleFormat?) -> ArticleFormat {
        switch hint {
        case .json:
            if Self.looksLikeJSON(bytes) { return .json }
        case .html:
            if Self.containsTag(bytes) { return .html }
        case .email:
            if Self.looksLikeEmail(bytes) { return .email }
        case .markdown:
            return Self.isHTMLDocument(bytes) ? .html : .markdown
        case .text:
            if Self.isHTMLDocument(bytes) { return .html }
            if Self.looksLikeJSON(bytes) { return .json }
            if Self.looksLikeEmail(bytes) { return .email }
            return .text
        case nil:
            break
        }
        if Self.looksLikeEmail(bytes) { return .email }
        if Self.looksLikeJSON(bytes) { return .json }
        if Self.startsWithMarkup(bytes) { return .html }
        if Self.looksLikeMarkdown(bytes) { return .markdown }
        return .text
    }

    // MARK: JSON

    static func looksLikeJSON(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = bytes.skippingWhitespace(from: 0)
        guard first < bytes.count else { return false }
        var last = bytes.count - 1
        while last > first, ASCII.isWhitespace(bytes[last]) { last -= 1 }
        switch (bytes[first], bytes[last]) {
        case (0x7B, 0x7D), (0x5B, 0x5D): return true
        default: return false
        }
    }

    // MARK: HTML

    /// "<!DOCTYPE html" or "<html", after any XML declaration and comments.
    static func isHTMLDocument(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = skippingPrologue(bytes)
        return bytes.hasPrefix("<!doctype html", at: start) || (bytes.hasPrefix("<html", at: start)
            && start + 5 < bytes.count && (ASCII.isWhitespace(bytes[start + 5]) || bytes[start + 5] == 0x3E))
    }

    /// The content starts with a tag (or doctype, comment, XML declaration).
    static func startsWithMarkup(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = bytes.skippingWhitespace(from: 0)
        guard start + 1 < bytes.count, bytes[start] == 0x3C else { return false }
        let next = bytes[start + 1]
        return ASCII.isLetter(next) || next == 0x21 || next == 0x3F
    }

    /// Some tag or comment appears in the first 64 KiB.
    static func containsTag(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let limit = min(bytes.count, 64 * 1024)
        var i = bytes.firstIndex(of: 0x3C, from: 0)
        while i + 1 < limit {
            let next = bytes[i + 1]
            if ASCII.isLetter(next) || next == 0x2F || next == 0x21 { return true }
            i = bytes.firstIndex(of: 0x3C, from: i + 1)
        }
        return false
    }

    private static func skippingPrologue(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var i = bytes.skippingWhitespace(from: 0)
        while i < bytes.count {
            if bytes.hasPrefix("<?", at: i) {
                i = bytes.firstIndex(of: 0x3E, from: i) + 1
            } else if bytes.hasPrefix("<!--", at: i) {
                i = (bytes.firstIndex(of: "-->", from: i + 4) ?? bytes.count) + 3
            } else {
                break
            }
            i = bytes.skippingWhitespace(from: min(i, bytes.count))
        }
        return min(i, bytes.count)
    }

    // MARK: E-mail

    /// A header block: the first line is a header field (or an mbox "From " line), and
    /// among the fields before the first blank line are at least two of the usual ones,
    /// one of which only mail has (From, Subject, Received, Message-ID, MIME-Version).
    static func looksLikeEmail(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if bytes.hasPrefix("From ", at: 0, ignoringCase: false) { i = bytes.lineEnd(from: 0) + 1 }
        var known = 0
        var mailOnly = false
        var lines = 0
        while i < bytes.count, lines < 200 {
            let end = bytes.lineEnd(from: i)
            var lineEnd = end
            if lineEnd > i, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if lineEnd == i { break } // the blank line that ends the header block
            lines += 1
            if bytes[i] == 0x20 || bytes[i] == 0x09 {
                if lines == 1 { return false } // a continuation cannot come first
            } else {
                guard let name = headerName(bytes, from: i, to: lineEnd) else { return false }
                switch name {
                case "from", "subject", "received", "message-id", "mime-version":
                    known += 1
                    mailOnly = true
                case "to", "date", "cc", "reply-to", "sender", "return-path", "delivered-to",
                     "content-type", "content-transfer-encoding", "in-reply-to", "references", "x-mailer", "user-agent":
                    known += 1
                default:
                    break
                }
            }
            i = end + 1
        }
        return known >= 2 && mailOnly
    }

    /// The lowercased field name of a header line "Name: value", or nil if the line is
    /// not one (RFC 5322: printable ASCII except colon, then a colon).
    private static func headerName(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> String? {
        var i = start
        while i < end, bytes[i] != 0x3A {
            guard bytes[i] > 0x20, bytes[i] < 0x7F else { return nil }
            i += 1
        }
        guard i < end, i > start, i - start <= 76 else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self).lowercased()
    }

    // MARK: Markdown

    /// Front matter, or a heading on the first line, or at least two different kinds of
    /// Markdown syntax in the first 8 KiB: ATX headings, setext underlines, links,
    /// strong emphasis, fenced code, bullet lists, block quotes.
    static func looksLikeMarkdown(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = bytes.skippingWhitespace(from: 0)
        if bytes.hasPrefix("---\n", at: start) || bytes.hasPrefix("---\r\n", at: start) || bytes.hasPrefix("+++", at: start) {
            return true
        }
        if isATXHeading(bytes, at: start) { return true }
        let limit = min(bytes.count, 8 * 1024)
        var kinds: UInt8 = 0
        var i = start
        var previousLineHadText = false
        while i < limit {
            let end = min(bytes.lineEnd(from: i), limit)
            let first = bytes.skippingWhitespace(from: i)
            if first < end {
                let byte = bytes[first]
                if isATXHeading(bytes, at: first) { kinds |= 1 }
                if previousLineHadText, byte == 0x3D || byte == 0x2D, isUnderline(bytes, from: first, to: end) { kinds |= 2 }
                if bytes.hasPrefix("```", at: first) || bytes.hasPrefix("~~~", at: first) { kinds |= 4 }
                if (byte == 0x2D || byte == 0x2A || byte == 0x2B), first + 1 < end, bytes[first + 1] == 0x20 { kinds |= 8 }
                if byte == 0x3E { kinds |= 16 }
                var k = first
                while k + 1 < end {
                    if bytes[k] == 0x5D, bytes[k + 1] == 0x28 { kinds |= 32 }
                    if bytes[k] == 0x2A, bytes[k + 1] == 0x2A { kinds |= 64 }
                    k += 1
                }
            }
            previousLineHadText = first < end
            i = end + 1
        }
        return kinds.nonzeroBitCount >= 2
    }

    static func isATXHeading(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        var i = start
        while i < bytes.count, bytes[i] == 0x23 { i += 1 }
        let level = i - start
        return level >= 1 && level <= 6 && i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09)
    }

    private static func isUnderline(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        let marker = bytes[start]
        var i = start
        while i < end, bytes[i] == marker { i += 1 }
        let length = i - start
        while i < end, ASCII.isWhitespace(bytes[i]) { i += 1 }
        return i == end && length >= 3
    }
}
