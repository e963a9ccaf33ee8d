/// What a format extractor found, before language guessing and the final checks.
struct ExtractedText {
    var title: String?
    /// Normalised UTF-8 (see `TextBuilder`).
    var body: [UInt8]
}

extension ExtractedText {
    /// How much text a title is made from, at most. A headline is a line; a "title" of
    /// megabytes (an unclosed `<title>`, a huge attribute or subject) is cut here rather
    /// than copied through every step.
    static let maxTitleSourceBytes = 4096

    /// The start of `utf8` that a title is made from: at most `limit` bytes, not ending
    /// inside a character.
    static func titleSource(_ utf8: UnsafeBufferPointer<UInt8>, limit: Int = maxTitleSourceBytes) -> UnsafeBufferPointer<UInt8> {
        guard utf8.count > limit else { return utf8 }
        var end = max(0, limit)
        while end > 0, utf8[end] & 0xC0 == 0x80 { end -= 1 }
        return UnsafeBufferPointer(rebasing: utf8[..<end])
    }

    /// A title from raw text: whitespace collapsed to single spaces on one line, nil if
    /// nothing visible is left. Only the first `maxTitleSourceBytes` are read.
    static func title(from utf8: UnsafeBufferPointer<UInt8>) -> String? {
        let utf8 = titleSource(utf8)
        var builder = TextBuilder(capacity: utf8.count)
        builder.append(utf8, newlines: .whitespace)
        return title(from: builder)
    }

    static func title(from utf8: [UInt8]) -> String? {
        utf8.withUnsafeBufferPointer { title(from: $0) }
    }

    static func title(from text: String?) -> String? {
        guard var text else { return nil }
        return text.withUTF8 { title(from: $0) }
    }

    /// A title from text already gathered in a builder (line breaks become spaces).
    static func title(from builder: TextBuilder) -> String? {
        var builder = builder
        var bytes = builder.finish()
        guard !bytes.isEmpty else { return nil }
        for i in bytes.indices where bytes[i] == 0x0A { bytes[i] = 0x20 }
        // A paragraph break became two spaces; collapse them.
        var collapsed: [UInt8] = []
        collapsed.reserveCapacity(bytes.count)
        for byte in bytes where !(byte == 0x20 && collapsed.last == 0x20) { collapsed.append(byte) }
        return String(decoding: collapsed, as: UTF8.self)
    }
}
