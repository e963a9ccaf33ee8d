/// Base64 decoding (RFC 4648 alphabet) as MIME needs it: characters outside the alphabet
/// (line breaks, spaces) are skipped, as RFC 2045 says, and decoding stops at padding.
enum Base64 {
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in text {
            let value: UInt32
            switch byte {
            case 0x41...0x5A: value = UInt32(byte - 0x41)
            case 0x61...0x7A: value = UInt32(byte - 0x61 + 26)
            case 0x30...0x39: value = UInt32(byte - 0x30 + 52)
            case 0x2B, 0x2D: value = 62 // "+" (and "-" of the URL-safe alphabet)
            case 0x2F, 0x5F: value = 63 // "/" (and "_")
            case 0x3D: return output // "=": padding, the end
            default: continue
            }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return output
    }
}
