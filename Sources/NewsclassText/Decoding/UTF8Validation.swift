/// What a strict pass over supposed UTF-8 found.
struct UTF8Validation: Equatable {
    /// Maximal invalid subparts (each would become one U+FFFD).
    var invalidSequences = 0
    /// Where the first invalid subpart starts.
    var firstInvalidOffset: Int?
    /// Well-formed scalars of two or more bytes: the evidence that the text really is
    /// UTF-8 rather than a legacy encoding that happens to contain a few valid pairs.
    var multibyteScalars = 0

    var isValid: Bool { invalidSequences == 0 }

    /// Validates `bytes` as UTF-8 (RFC 3629: no overlongs, surrogates or values above
    /// U+10FFFF). ASCII is skipped eight bytes at a time.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        let n = bytes.count
        var i = 0
        while i < n {
            while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            guard i < n else { break }
            // Then byte by byte until the next ASCII byte: in CJK text that is a long way.
            while i < n {
                let lead = bytes[i]
                if lead < 0x80 {
                    i += 1
                    break
                }
                // The common three-byte case (most of CJK) without the general checks.
                if lead >= 0xE1, lead <= 0xEC, i + 2 < n, bytes[i + 1] & 0xC0 == 0x80, bytes[i + 2] & 0xC0 == 0x80 {
                    multibyteScalars += 1
                    i += 3
                    continue
                }
                let valid = Self.wellFormedLength(bytes, at: i)
                if valid.isComplete {
                    multibyteScalars += 1
                    i += valid.length
                } else {
                    invalidSequences += 1
                    if firstInvalidOffset == nil { firstInvalidOffset = i }
                    i += max(1, valid.length)
                }
            }
        }
    }

    @inline(__always)
    /// The length of the well-formed sequence at `i`, or of its longest well-formed
    /// prefix when incomplete (the "maximal subpart" of Unicode §3.9).
    private static func wellFormedLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (length: Int, isComplete: Bool) {
        let lead = bytes[i]
        let needed: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: needed = 1
        case 0xE0: needed = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: needed = 2
        case 0xED: needed = 2; high = 0x9F
        case 0xF0: needed = 3; low = 0x90
        case 0xF1...0xF3: needed = 3
        case 0xF4: needed = 3; high = 0x8F
        default: return (1, false)
        }
        for k in 1...needed {
            guard i + k < bytes.count else { return (k, false) }
            let byte = bytes[i + k]
            let (lo, hi) = k == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= lo, byte <= hi else { return (k, false) }
        }
        return (needed + 1, true)
    }
}
