import Glibc

/// Tells binary files from text before any decoding is attempted.
///
/// Three tests, cheapest and most specific first:
/// 1. a known file signature (PDF, PNG, JPEG, GIF, ZIP, gzip, ELF, …) names the type;
/// 2. a NUL byte anywhere, unless the bytes are UTF-16 without a byte-order mark
///    (`unmarkedUTF16`), which is the one kind of text full of NULs;
/// 3. control bytes other than tab, newline, vertical tab, form feed and carriage return
///    making up more than 10% of the first 64 KiB.
struct BinarySniffer {
    static let sampleSize = 64 * 1024
    static let controlShareLimit = 0.10

    private struct Signature {
        var offset = 0
        var bytes: [UInt8]
        var name: String
    }

    private static let signatures: [Signature] = [
        Signature(bytes: Array("%PDF-".utf8), name: "PDF document"),
        Signature(bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], name: "PNG image"),
        Signature(bytes: [0xFF, 0xD8, 0xFF], name: "JPEG image"),
        Signature(bytes: Array("GIF87a".utf8), name: "GIF image"),
        Signature(bytes: Array("GIF89a".utf8), name: "GIF image"),
        Signature(bytes: [0x50, 0x4B, 0x03, 0x04], name: "ZIP archive (or a document packaged as one: DOCX, ODT, EPUB)"),
        Signature(bytes: [0x50, 0x4B, 0x05, 0x06], name: "ZIP archive (empty)"),
        Signature(bytes: [0x50, 0x4B, 0x07, 0x08], name: "ZIP archive (spanned)"),
        Signature(bytes: [0x1F, 0x8B], name: "gzip archive"),
        Signature(bytes: [0x7F, 0x45, 0x4C, 0x46], name: "ELF executable"),
        Signature(bytes: [0x42, 0x5A, 0x68], name: "bzip2 archive"),
        Signature(bytes: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], name: "xz archive"),
        Signature(bytes: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], name: "7-Zip archive"),
        Signature(bytes: [0x28, 0xB5, 0x2F, 0xFD], name: "Zstandard archive"),
        Signature(bytes: Array("Rar!\u{1A}\u{07}".utf8), name: "RAR archive"),
        Signature(bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], name: "OLE2 compound document (old Microsoft Office)"),
        Signature(bytes: Array("SQLite format 3\u{0}".utf8), name: "SQLite database"),
        Signature(bytes: [0x00, 0x61, 0x73, 0x6D], name: "WebAssembly module"),
        Signature(bytes: [0xCA, 0xFE, 0xBA, 0xBE], name: "Java class or Mach-O universal binary"),
        Signature(bytes: [0xCF, 0xFA, 0xED, 0xFE], name: "Mach-O binary"),
        Signature(bytes: [0xCE, 0xFA, 0xED, 0xFE], name: "Mach-O binary"),
        Signature(bytes: [0x49, 0x49, 0x2A, 0x00], name: "TIFF image"),
        Signature(bytes: [0x4D, 0x4D, 0x00, 0x2A], name: "TIFF image"),
        Signature(bytes: Array("OggS".utf8), name: "Ogg media"),
        Signature(bytes: Array("fLaC".utf8), name: "FLAC audio"),
        Signature(bytes: [0x1A, 0x45, 0xDF, 0xA3], name: "Matroska/WebM media"),
        Signature(bytes: Array("wOFF".utf8), name: "WOFF font"),
        Signature(bytes: Array("wOF2".utf8), name: "WOFF2 font"),
        Signature(offset: 4, bytes: Array("ftyp".utf8), name: "MP4/QuickTime media"),
        Signature(offset: 8, bytes: Array("WEBP".utf8), name: "WebP image"),
        Signature(offset: 8, bytes: Array("WAVE".utf8), name: "WAV audio"),
        Signature(offset: 8, bytes: Array("AVI ".utf8), name: "AVI video"),
    ]

    /// The offset of the first NUL byte, if any.
    static func firstNUL(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress, let nul = memchr(base, 0, bytes.count) else { return nil }
        return UnsafeRawPointer(nul) - UnsafeRawPointer(base)
    }

    /// Why `bytes` are not text, or nil when they may be. `firstNUL` is where the first
    /// NUL byte is (`firstNUL(in:)`). For UTF-16/32 (`isUnicode`, marked or recognised),
    /// NULs belong to the text and the code units are full of bytes that look like
    /// controls, so only the signatures are checked.
    func rejection(for bytes: UnsafeBufferPointer<UInt8>, firstNUL: Int?, isUnicode: Bool) -> ExtractionFailure? {
        if let name = Self.signatureName(bytes) {
            return ExtractionFailure(reason: .binary, detail: "\(name): not a text file")
        }
        if isUnicode { return nil }
        if let firstNUL {
            return ExtractionFailure(reason: .binary, detail: "NUL bytes at offset \(firstNUL): not a text file")
        }
        let sample = UnsafeBufferPointer(rebasing: bytes.prefix(Self.sampleSize))
        let controls = Self.controlCount(sample)
        let share = sample.isEmpty ? 0 : Double(controls) / Double(sample.count)
        if controls >= 2, share > Self.controlShareLimit {
            return ExtractionFailure(
                reason: .binary,
                detail: "control bytes are \(Int((share * 100).rounded()))% of the first \(sample.count) bytes: not a text file")
        }
        return nil
    }

    /// Bytes below 0x20 other than tab, LF, VT, FF and CR, plus DEL. Counted eight bytes
    /// at a time: a quick test skips words without any, the others get exact per-byte
    /// masks and a population count.
    static func controlCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = ones &* 0x80
        let lows: UInt64 = ones &* 0x7F
        var controls = 0
        var i = 0
        while i + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i &+= 8
            // Quick test first: no byte below 0x20 and no DEL, as in most words of text.
            let x = word ^ lows
            let anyBelow20 = (word &- ones &* 0x20) & ~word & highs
            let anyDEL = (x &- ones) & ~x & highs
            guard anyBelow20 | anyDEL != 0 else { continue }
            let seven = word & lows // each byte's low seven bits; no carries between bytes below
            let ascii = ~word & highs // high bit set where the byte is below 0x80
            let below20 = ~(seven &+ ones &* (0x80 - 0x20)) & ascii
            let from09 = seven &+ ones &* (0x80 - 0x09) // high bit set where >= 0x09
            let from0E = seven &+ ones &* (0x80 - 0x0E) // high bit set where >= 0x0E
            let whitespace = from09 & ~from0E & highs
            let isDEL = ~((x & lows) &+ lows | x | lows)
            controls &+= ((below20 & ~whitespace) | isDEL).nonzeroBitCount
        }
        while i < bytes.count {
            if isControl(bytes[i]) { controls += 1 }
            i += 1
        }
        return controls
    }

    @inline(__always)
    private static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && (byte < 0x09 || byte > 0x0D)) || byte == 0x7F
    }

    private static func signatureName(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for signature in signatures {
            let end = signature.offset + signature.bytes.count
            guard bytes.count >= end else { continue }
            if bytes[signature.offset..<end].elementsEqual(signature.bytes) {
                if signature.bytes.first == 0x42 { // "BZh": plain text may start so; need level digit and block magic
                    guard bytes.count >= 10, (0x31...0x39).contains(bytes[3]),
                          bytes[4...9].elementsEqual([0x31, 0x41, 0x59, 0x26, 0x53, 0x59]) else { continue }
                }
                if signature.offset == 8, !bytes[0..<4].elementsEqual(Array("RIFF".utf8)) { continue }
                return signature.name
            }
        }
        // A Windows executable: "MZ", and "PE\0\0" where the DOS header says.
        if bytes.count >= 64, bytes[0] == 0x4D, bytes[1] == 0x5A {
            let peOffset = Int(bytes[0x3C]) | Int(bytes[0x3D]) << 8 | Int(bytes[0x3E]) << 16 | Int(bytes[0x3F]) << 24
            if peOffset >= 0, peOffset + 4 <= bytes.count, bytes[peOffset..<peOffset + 4].elementsEqual([0x50, 0x45, 0, 0]) {
                return "Windows executable"
            }
        }
        return nil
    }

    /// The byte order of UTF-16 text without a byte-order mark, recognised by what its
    /// first 4 KiB look like when read as UTF-16: at least 30% of the code units have a
    /// zero byte on the same side (ASCII and Latin-1 characters do; that side gives the
    /// byte order), and at least 95% are ordinary text characters (printable ASCII,
    /// whitespace, letters of the common scripts, CJK). Binary files with NULs fail this
    /// by far. UTF-16 that is almost all CJK has few zero bytes and needs its BOM.
    static func unmarkedUTF16(_ bytes: UnsafeBufferPointer<UInt8>) -> Charset? {
        let sample = bytes.prefix(4096)
        let units = sample.count / 2
        guard units >= 2 else { return nil }
        func textShare(bigEndian: Bool) -> Double {
            var plausible = 0
            var i = sample.startIndex
            for _ in 0..<units {
                let value = bigEndian ? UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]) : UInt16(bytes[i + 1]) << 8 | UInt16(bytes[i])
                switch value {
                case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0xA0...0x2FFF, 0x3000...0x9FFF, 0xAC00...0xD7A3, 0xFF00...0xFFEF:
                    plausible += 1
                case 0xD800...0xDFFF:
                    plausible += 1 // a surrogate half; checked properly when decoding
                default:
                    break
                }
                i += 2
            }
            return Double(plausible) / Double(units)
        }
        // ASCII characters put their zero byte second in little-endian order, first in
        // big-endian; that decides the order, the text share then decides whether it is text.
        var zerosAtEven = 0, zerosAtOdd = 0
        var i = sample.startIndex
        for _ in 0..<units {
            if bytes[i] == 0 { zerosAtEven += 1 }
            if bytes[i + 1] == 0 { zerosAtOdd += 1 }
            i += 2
        }
        let bigEndian = zerosAtEven > zerosAtOdd
        guard max(zerosAtEven, zerosAtOdd) * 10 >= units * 3, textShare(bigEndian: bigEndian) >= 0.95 else { return nil }
        return bigEndian ? .utf16BE : .utf16LE
    }
}
