/// Strict UTF-16 and UTF-32 decoding to UTF-8, done here rather than through iconv
/// because it is a few lines and reports the offset of the first bad code unit.
enum UnicodeDecoding {
    enum Width { case utf16, utf32 }

    /// Decodes code units of the given width and byte order; on error returns the byte
    /// offset of the first unpaired surrogate, out-of-range value or trailing odd byte.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, width: Width, bigEndian: Bool) -> Result<[UInt8], IconvFailure> {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 2)
        let unitSize = width == .utf16 ? 2 : 4
        let n = bytes.count - bytes.count % unitSize
        func unit(at i: Int) -> UInt32 {
            if unitSize == 2 {
                return bigEndian ? UInt32(bytes[i]) << 8 | UInt32(bytes[i + 1]) : UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i])
            }
            return bigEndian
                ? UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
                : UInt32(bytes[i + 3]) << 24 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i])
        }
        var i = 0
        while i < n {
            var value = unit(at: i)
            var advance = unitSize
            if width == .utf16, (0xD800...0xDBFF).contains(value) {
                guard i + 3 < n else { return .failure(IconvFailure(kind: .truncatedSequence, offset: i)) }
                let low = unit(at: i + 2)
                guard (0xDC00...0xDFFF).contains(low) else { return .failure(IconvFailure(kind: .invalidSequence, offset: i)) }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                advance = 4
            }
            guard let scalar = Unicode.Scalar(value) else {
                return .failure(IconvFailure(kind: .invalidSequence, offset: i))
            }
            output.append(contentsOf: UTF8.encode(scalar)!)
            i += advance
        }
        if n != bytes.count {
            return .failure(IconvFailure(kind: .truncatedSequence, offset: n))
        }
        return .success(output)
    }
}
