/// Header text with RFC 2047 encoded-words ("=?UTF-8?B?…?=", "=?GB2312?Q?…?=") decoded.
///
/// Whitespace between two adjacent encoded-words is dropped (§6.2), and the bytes of
/// adjacent words in the same charset are joined before decoding, because encoders split
/// multi-byte characters across words. Text outside encoded-words is taken as it is;
/// raw 8-bit bytes there (RFC 6532 allows UTF-8) are decoded as UTF-8 if valid, else in
/// `fallback` (the message's charset), else detected. Header decoding never fails: a bad
/// byte in a subject becomes U+FFFD rather than costing the message.
struct EncodedWords {
    var fallback: Charset?

    func decode(_ raw: [UInt8]) -> String {
        raw.withUnsafeBufferPointer { decode($0) }
    }

    func decode(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        var result = ""
        var pendingCharset: String?
        var pendingBytes: [UInt8] = []
        var plainStart = 0
        var i = 0

        func flushEncoded() {
            guard let label = pendingCharset else { return }
            let charset = Charset(label: label)
            result += pendingBytes.withUnsafeBufferPointer { TextDecoder().decodeLeniently($0, as: charset) }
            pendingCharset = nil
            pendingBytes = []
        }
        func appendPlain(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            flushEncoded()
            let bytes = UnsafeBufferPointer(rebasing: raw[range])
            result += TextDecoder().decodeLeniently(bytes, as: UTF8Validation(bytes).isValid ? .utf8 : fallback)
        }

        while i + 1 < raw.count {
            guard raw[i] == 0x3D, raw[i + 1] == 0x3F, let word = Self.encodedWord(raw, at: i) else {
                i += 1
                continue
            }
            // Text before this word; only whitespace between two encoded words is dropped.
            let between = plainStart..<i
            let onlyWhitespace = between.allSatisfy { ASCII.isWhitespace(raw[$0]) }
            if !(onlyWhitespace && pendingCharset != nil) { appendPlain(between) }
            if let pending = pendingCharset, pending.lowercased() != word.charset.lowercased() { flushEncoded() }
            pendingCharset = word.charset
            pendingBytes += word.bytes
            i = word.end
            plainStart = i
        }
        appendPlain(plainStart..<raw.count)
        flushEncoded()
        return result
    }

    /// The encoded-word at `start` ("=?"), if it is a well-formed one.
    private static func encodedWord(_ raw: UnsafeBufferPointer<UInt8>, at start: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
        var i = start + 2
        let charsetStart = i
        while i < raw.count, raw[i] != 0x3F, raw[i] > 0x20, i - start < 80 { i += 1 }
        guard i + 2 < raw.count, raw[i] == 0x3F, i > charsetStart else { return nil }
        var charset = String(decoding: UnsafeBufferPointer(rebasing: raw[charsetStart..<i]), as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) } // RFC 2231 language
        let encoding = ASCII.lowercased(raw[i + 1])
        guard encoding == 0x62 || encoding == 0x71, raw[i + 2] == 0x3F else { return nil }
        let textStart = i + 3
        var j = textStart
        while j + 1 < raw.count, !(raw[j] == 0x3F && raw[j + 1] == 0x3D) {
            // Encoded text has no spaces, and a word is at most 75 characters (§2); a
            // little slack for sloppy encoders, but no unbounded scans.
            guard raw[j] > 0x20, j - start < 1024 else { return nil }
            j += 1
        }
        guard j + 1 < raw.count else { return nil }
        let text = UnsafeBufferPointer(rebasing: raw[textStart..<j])
        let bytes = encoding == 0x62 ? Base64.decode(text) : QuotedPrintable.decode(text, underscoreIsSpace: true)
        return (charset, bytes, j + 2)
    }
}
