/// Windows-1252 decoding by table.
///
/// Not through iconv: glibc's CP1252 rejects the five bytes the code page leaves
/// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), while browsers map them to the C1 controls
/// of the same value (WHATWG), which the text builder then drops. Every byte therefore
/// decodes, which is also why ISO-8859-1 is read this way.
enum Windows1252 {
    /// Code points for 0x80–0x9F; the rest of the high half is Latin-1.
    private static let highControls: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    static func scalar(for byte: UInt8) -> Unicode.Scalar {
        if byte >= 0x80, byte < 0xA0 {
            return Unicode.Scalar(highControls[Int(byte - 0x80)])!
        }
        return Unicode.Scalar(byte)
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 4)
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
            } else {
                output.append(contentsOf: UTF8.encode(scalar(for: byte))!)
            }
        }
        return output
    }
}
