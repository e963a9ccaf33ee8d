import Glibc

/// Byte-level helpers for the ASCII parts of markup, which every format here shares.
/// They work on UTF-8 and on any ASCII-compatible encoding alike.
enum ASCII {
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte)
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// Packs up to eight lowercased bytes into one integer key, for table lookups of tag
    /// names, entity names and stop words without building Strings. Nil when longer.
    @inline(__always)
    static func packedKey(_ bytes: UnsafeBufferPointer<UInt8>, lowercasing: Bool = true) -> UInt64? {
        guard bytes.count <= 8, !bytes.isEmpty else { return nil }
        var key: UInt64 = 0
        for byte in bytes.reversed() {
            key = key << 8 | UInt64(lowercasing ? lowercased(byte) : byte)
        }
        return key
    }

    static func packedKey(_ string: String, lowercasing: Bool = true) -> UInt64? {
        var string = string
        return string.withUTF8 { packedKey($0, lowercasing: lowercasing) }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the bytes at `offset` are `prefix`, ignoring ASCII case if asked
    /// (`prefix` must then be lowercase).
    func hasPrefix(_ prefix: StaticString, at offset: Int, ignoringCase: Bool = true) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard offset >= 0, offset + length <= count else { return false }
        let expected = prefix.utf8Start
        for k in 0..<length {
            let byte = self[offset + k]
            if (ignoringCase ? ASCII.lowercased(byte) : byte) != expected[k] { return false }
        }
        return true
    }

    /// The first index at or after `offset` that is not ASCII whitespace.
    func skippingWhitespace(from offset: Int) -> Int {
        var i = offset
        while i < count, ASCII.isWhitespace(self[i]) { i += 1 }
        return i
    }

    /// The index of the next `byte` at or after `offset`, or `count`.
    func firstIndex(of byte: UInt8, from offset: Int) -> Int {
        firstIndex(of: byte, from: offset, to: count)
    }

    /// The index of the next `byte` in `offset..<end`, or `end`.
    func firstIndex(of byte: UInt8, from offset: Int, to end: Int) -> Int {
        guard offset < end, let base = baseAddress else { return end }
        guard let found = memchr(base + offset, Int32(byte), end - offset) else { return end }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// The first index of `needle` in `offset..<end` (the whole rest by default),
    /// ignoring ASCII case (`needle` must then be lowercase), or nil.
    func firstIndex(of needle: StaticString, from offset: Int, to end: Int? = nil, ignoringCase: Bool = true) -> Int? {
        let length = needle.utf8CodeUnitCount
        guard length > 0 else { return offset }
        let first = needle.utf8Start[0]
        let limit = Swift.min(end ?? count, count)
        var i = offset
        while i + length <= limit {
            let byte = ignoringCase ? ASCII.lowercased(self[i]) : self[i]
            if byte == first, hasPrefix(needle, at: i, ignoringCase: ignoringCase) { return i }
            i += 1
        }
        return nil
    }

    /// The end of the line starting at `offset` (the index of its "\n", or `count`).
    func lineEnd(from offset: Int) -> Int {
        firstIndex(of: 0x0A, from: offset)
    }
}
