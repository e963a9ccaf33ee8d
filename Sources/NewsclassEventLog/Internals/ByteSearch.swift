#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Byte searches over log lines, built on libc's vectorised memchr and memcmp: a filter over a
// 500 MB log has a budget of about two nanoseconds a byte, which a Swift loop over
// `UInt8`s (or any String API) does not meet.

extension UnsafeRawBufferPointer {
    /// The index of the first `byte` in `from..<to`.
    @inline(__always)
    func firstIndex(of byte: UInt8, from: Int, to: Int) -> Int? {
        guard from < to, let base = baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// The index where `needle` first starts inside `from..<to`.
    ///
    /// (Glibc's memmem is a GNU extension the Swift module does not export.) memchr runs
    /// to the needle's rarest byte in JSON text — the `[` of `"topics":[`, not its `"` —
    /// and memcmp confirms; on record lines that leaves few false starts.
    @inline(__always)
    func firstIndex(of needle: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        guard from < to, !needle.isEmpty, needle.count <= to - from, let base = baseAddress,
              let needleBase = needle.baseAddress
        else { return nil }
        let anchor = Self.rarestByteIndex(in: needle)
        let anchorByte = needle[anchor]
        var position = from + anchor
        let lastStart = to - needle.count
        while position <= lastStart + anchor {
            guard let hit = memchr(base + position, Int32(anchorByte), lastStart + anchor + 1 - position) else {
                return nil
            }
            let found = base.distance(to: UnsafeRawPointer(hit))
            let start = found - anchor
            if memcmp(base + start, needleBase, needle.count) == 0 { return start }
            position = found + 1
        }
        return nil
    }

    /// Where in `needle` the byte least common in JSON log lines sits.
    @inline(__always)
    static func rarestByteIndex(in needle: UnsafeRawBufferPointer) -> Int {
        var best = 0
        var bestScore = Int.max
        for index in needle.indices {
            let score: Int
            switch needle[index] {
            case UInt8(ascii: "\""): score = 100
            case UInt8(ascii: ":"), UInt8(ascii: ","): score = 60
            case UInt8(ascii: " "): score = 50
            case UInt8(ascii: "e"), UInt8(ascii: "t"), UInt8(ascii: "a"), UInt8(ascii: "o"), UInt8(ascii: "i"),
                 UInt8(ascii: "n"), UInt8(ascii: "s"), UInt8(ascii: "r"): score = 30
            case UInt8(ascii: "0")...UInt8(ascii: "9"): score = 25
            case UInt8(ascii: "a")...UInt8(ascii: "z"): score = 20
            default: score = 1
            }
            if score < bestScore {
                best = index
                bestScore = score
            }
        }
        return best
    }

    /// True when the bytes at `offset` are exactly `expected`.
    @inline(__always)
    func hasBytes(_ expected: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        guard offset >= 0, offset + expected.count <= count, let base = baseAddress,
              let expectedBase = expected.baseAddress
        else { return expected.isEmpty }
        return memcmp(base + offset, expectedBase, expected.count) == 0
    }

    /// `firstIndex(of:from:to:)` for a literal needle, which costs no copy.
    @inline(__always)
    func firstIndex(of needle: StaticString, from: Int, to: Int) -> Int? {
        firstIndex(of: UnsafeRawBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount), from: from, to: to)
    }

    /// `hasBytes(_:at:)` for a literal.
    @inline(__always)
    func hasBytes(_ expected: StaticString, at offset: Int) -> Bool {
        hasBytes(UnsafeRawBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount), at: offset)
    }

    /// The end of a JSON string whose opening quote was just before `from`: the index of
    /// its closing quote, skipping quotes escaped with a backslash.
    func closingQuote(from: Int, to: Int) -> Int? {
        var position = from
        while let quote = firstIndex(of: UInt8(ascii: "\""), from: position, to: to) {
            var backslashes = 0
            var before = quote - 1
            while before >= from, self[before] == UInt8(ascii: "\\") {
                backslashes += 1
                before -= 1
            }
            if backslashes % 2 == 0 { return quote }
            position = quote + 1
        }
        return nil
    }

    /// Reads the unsigned decimal number at `offset`; the value and the index after it.
    @inline(__always)
    func decimal(at offset: Int) -> (value: Int, end: Int)? {
        var position = offset
        var value = 0
        while position < count {
            let digit = Int(self[position]) &- 48
            guard digit >= 0, digit <= 9 else { break }
            guard value <= (Int.max - digit) / 10 else { return nil }
            value = value * 10 + digit
            position += 1
        }
        return position == offset ? nil : (value, position)
    }

    /// `decimal(at:)` for the full 64-bit unsigned range (device and inode numbers).
    func unsignedDecimal(at offset: Int) -> (value: UInt64, end: Int)? {
        var position = offset
        var value: UInt64 = 0
        while position < count {
            let digit = UInt64(self[position]) &- 48
            guard digit <= 9 else { break }
            guard value <= (UInt64.max - digit) / 10 else { return nil }
            value = value * 10 + digit
            position += 1
        }
        return position == offset ? nil : (value, position)
    }
}

/// A fixed byte string kept in one allocation for the life of a scan, so the hot loop
/// does not go through Array's `withUnsafeBytes` bookkeeping for every line.
final class ByteNeedle: @unchecked Sendable {
    // @unchecked: immutable after init; the storage is owned and freed in deinit.
    let bytes: UnsafeRawBufferPointer
    private let storage: UnsafeMutableRawBufferPointer

    init<Bytes: Collection>(_ source: Bytes) where Bytes.Element == UInt8 {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(source.count, 1), alignment: 1)
        storage.copyBytes(from: source)
        bytes = UnsafeRawBufferPointer(rebasing: storage[..<source.count])
    }

    convenience init(_ text: String) {
        self.init(Array(text.utf8))
    }

    deinit {
        storage.deallocate()
    }
}
