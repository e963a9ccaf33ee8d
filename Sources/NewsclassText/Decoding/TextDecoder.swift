/// Bytes turned into UTF-8, with the name of the encoding they were read as. Bytes that
/// were valid UTF-8 already are not copied: the text then borrows the caller's buffer and
/// is valid only as long as it (use it inside the call that has the bytes).
struct DecodedText {
    private let owned: [UInt8]?
    private let borrowed: UnsafeBufferPointer<UInt8>?
    var charset: String

    init(utf8: [UInt8], charset: String) {
        owned = utf8
        borrowed = nil
        self.charset = charset
    }

    init(borrowing utf8: UnsafeBufferPointer<UInt8>, charset: String) {
        owned = nil
        borrowed = utf8
        self.charset = charset
    }

    /// Whether the text is a copy (the bytes were decoded or repaired), not the caller's bytes.
    var isCopy: Bool { owned != nil }

    func withUTF8<Result, Failure: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result) throws(Failure) -> Result {
        if let borrowed { return try body(borrowed) }
        return try owned!.withUnsafeBufferPointer { (utf8: UnsafeBufferPointer<UInt8>) throws(Failure) -> Result in try body(utf8) }
    }
}

/// Turns the bytes of a document (or of one MIME part) into valid UTF-8.
///
/// A declared charset (or byte-order mark) is honoured and must fit: invalid bytes are
/// rejected as `bad_encoding` with the encoding and offset. Without a declaration the
/// bytes are tried as strict UTF-8 first, then handed to `LegacyEncodingDetector`.
///
/// UTF-8 alone gets a little tolerance, for a long file damaged in a few places (a
/// truncated copy, one pasted Windows-1252 quote): at most 8 invalid sequences, at most
/// one per 200 bytes, and at least 8 well-formed multi-byte characters per invalid one,
/// so that there is real evidence the file is UTF-8. Those few sequences become U+FFFD;
/// anything worse is not UTF-8 (undeclared) or is rejected (declared).
struct TextDecoder {
    static let maxTolerated = 8

    func decode(_ bytes: UnsafeBufferPointer<UInt8>, declared: Charset?) throws(ExtractionFailure) -> DecodedText {
        if let declared, let text = try decode(bytes, as: declared) {
            return text
        }
        return try detect(bytes)
    }

    /// Decodes with a known charset; nil when iconv does not know the charset, so that the
    /// caller can fall back to detection.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>, as charset: Charset) throws(ExtractionFailure) -> DecodedText? {
        switch charset {
        case .utf8:
            let report = UTF8Validation(bytes)
            if report.isValid { return DecodedText(borrowing: bytes, charset: charset.name) }
            if Self.tolerates(report, byteCount: bytes.count) {
                return DecodedText(utf8: Self.repairing(bytes), charset: charset.name)
            }
            throw Self.failure(charset.name, offset: report.firstInvalidOffset ?? 0, bytes: bytes,
                               count: report.invalidSequences)
        case .utf16LE, .utf16BE, .utf32LE, .utf32BE:
            let width: UnicodeDecoding.Width = (charset == .utf16LE || charset == .utf16BE) ? .utf16 : .utf32
            let bigEndian = charset == .utf16BE || charset == .utf32BE
            switch UnicodeDecoding.decode(bytes, width: width, bigEndian: bigEndian) {
            case .success(let text): return DecodedText(utf8: text, charset: charset.name)
            case .failure(let failure): throw Self.failure(charset.name, offset: failure.offset, bytes: bytes)
            }
        case .windows1252:
            return DecodedText(utf8: Windows1252.decode(bytes), charset: charset.name)
        case .gb18030:
            return try convert(bytes, charset: charset, iconvNames: ["GB18030"])
        case .big5:
            return try convert(bytes, charset: charset, iconvNames: ["BIG5", "BIG5-HKSCS"])
        case .other(let name):
            return try convert(bytes, charset: charset, iconvNames: [name])
        }
    }

    /// Decoding for header text (RFC 2047 words, raw 8-bit subjects): never fails, as one
    /// bad byte in a subject should not cost the message; bad bytes become U+FFFD.
    func decodeLeniently(_ bytes: UnsafeBufferPointer<UInt8>, as charset: Charset?) -> String {
        if let charset {
            if let text = try? decode(bytes, as: charset) {
                return text.withUTF8 { String(decoding: $0, as: UTF8.self) }
            }
            if case .other(let name) = charset, let converter = IconvConverter(from: name),
               case .success(let text) = converter.convert(bytes, replacement: [0xEF, 0xBF, 0xBD]) {
                return String(decoding: text, as: UTF8.self)
            }
            let iconvName = charset == .gb18030 ? "GB18030" : charset == .big5 ? "BIG5-HKSCS" : nil
            if let iconvName, let converter = IconvConverter(from: iconvName),
               case .success(let text) = converter.convert(bytes, replacement: [0xEF, 0xBF, 0xBD]) {
                return String(decoding: text, as: UTF8.self)
            }
        }
        if let text = try? detect(bytes) {
            return text.withUTF8 { String(decoding: $0, as: UTF8.self) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Private

    private func detect(_ bytes: UnsafeBufferPointer<UInt8>) throws(ExtractionFailure) -> DecodedText {
        let report = UTF8Validation(bytes)
        if report.isValid { return DecodedText(borrowing: bytes, charset: Charset.utf8.name) }
        if Self.tolerates(report, byteCount: bytes.count) {
            return DecodedText(utf8: Self.repairing(bytes), charset: Charset.utf8.name)
        }
        if let candidate = LegacyEncodingDetector().detect(bytes) {
            return DecodedText(utf8: candidate.text, charset: candidate.iconvName ?? candidate.charset.name)
        }
        let offset = report.firstInvalidOffset ?? 0
        throw ExtractionFailure(
            reason: .badEncoding,
            detail: "not UTF-8 (\(report.invalidSequences) invalid sequences, the first at offset \(offset): "
                + "\(Self.hex(bytes, at: offset))) and not plausible as GB18030, BIG5 or WINDOWS-1252 either")
    }

    private func convert(_ bytes: UnsafeBufferPointer<UInt8>, charset: Charset, iconvNames: [String]) throws(ExtractionFailure) -> DecodedText? {
        var firstFailure: IconvFailure?
        var known = false
        for name in iconvNames {
            guard let converter = IconvConverter(from: name) else { continue }
            known = true
            switch converter.convert(bytes) {
            case .success(let text): return DecodedText(utf8: text, charset: name == "BIG5-HKSCS" ? "BIG5-HKSCS" : charset.name)
            case .failure(let failure): firstFailure = firstFailure ?? failure
            }
        }
        guard known, let firstFailure else { return nil }
        throw Self.failure(charset.name, offset: firstFailure.offset, bytes: bytes,
                           truncated: firstFailure.kind == .truncatedSequence)
    }

    static func tolerates(_ report: UTF8Validation, byteCount: Int) -> Bool {
        report.invalidSequences <= maxTolerated
            && report.invalidSequences * 200 <= byteCount
            && report.multibyteScalars >= 8 * report.invalidSequences
    }

    /// Replaces each maximal invalid subpart with U+FFFD (the standard library does exactly
    /// that when it builds a String).
    private static func repairing(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        Array(String(decoding: bytes, as: UTF8.self).utf8)
    }

    private static func failure(_ name: String, offset: Int, bytes: UnsafeBufferPointer<UInt8>,
                                count: Int? = nil, truncated: Bool = false) -> ExtractionFailure {
        var detail = truncated
            ? "\(name) text ends inside a multi-byte sequence at offset \(offset) (\(hex(bytes, at: offset)))"
            : "invalid \(name) byte sequence at offset \(offset) (\(hex(bytes, at: offset)))"
        if let count, count > 1 { detail += ", \(count) in all" }
        return ExtractionFailure(reason: .badEncoding, detail: detail)
    }

    /// The bytes at `offset`, e.g. "0xC3 0x28", for error messages.
    static func hex(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, count: Int = 2) -> String {
        let end = min(bytes.count, offset + count)
        guard offset < end else { return "end of data" }
        return (offset..<end).map { i in
            let digits = String(bytes[i], radix: 16, uppercase: true)
            return "0x" + (digits.count == 1 ? "0" + digits : digits)
        }.joined(separator: " ")
    }
}
