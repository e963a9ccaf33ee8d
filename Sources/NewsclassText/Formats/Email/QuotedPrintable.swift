/// Quoted-printable decoding (RFC 2045 §6.7, and the Q encoding of RFC 2047 §4.2).
///
/// "=XX" is the byte XX (either case of hex digits accepted); "=" at the end of a line,
/// even with trailing spaces after it, is a soft line break and disappears; any other
/// "=" is kept literally, as the RFC recommends for robustness.
enum QuotedPrintable {
    /// - Parameter underscoreIsSpace: true for RFC 2047 "Q"-encoded words.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, underscoreIsSpace: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            let byte = text[i]
            if byte == 0x5F, underscoreIsSpace {
                output.append(0x20)
                i += 1
                continue
            }
            guard byte == 0x3D else {
                output.append(byte)
                i += 1
                continue
            }
            if i + 2 < text.count, let high = ASCII.hexValue(text[i + 1]), let low = ASCII.hexValue(text[i + 2]) {
                output.append(high << 4 | low)
                i += 3
                continue
            }
            // A soft line break: "=", optional spaces or tabs, then CRLF, LF or the end.
            var j = i + 1
            while j < text.count, text[j] == 0x20 || text[j] == 0x09 { j += 1 }
            if j == text.count {
                i = j
            } else if text[j] == 0x0A {
                i = j + 1
            } else if text[j] == 0x0D {
                i = j + 1 < text.count && text[j + 1] == 0x0A ? j + 2 : j + 1
            } else {
                output.append(byte)
                i += 1
            }
        }
        return output
    }
}
