/// The layout of an automaton's tables in one block of bytes, so that the same bytes serve
/// in memory and mapped from a file (`MatcherTableStore`).
///
///     0    "NCAUTOM" + format byte            8 bytes
///     8    byte-order mark 0x0102_0304, section count      2 × UInt32
///     16   the scalars (`Scalar`, in that order)          8 × UInt64
///     80   each section's offset and element count        11 × 2 × UInt64
///     256  the sections, each 64-byte aligned; the DFA rows page-aligned
///
/// Numbers are in the machine's byte order: an image is only read where it was written
/// (the byte-order mark and the format byte turn anything else away).
enum AutomatonImage {
    static let pageSize = 4096
    static let magic: [UInt8] = Array("NCAUTOM".utf8) + [formatVersion]
    /// Changes whenever the layout or the meaning of a table changes (a test pins the bytes
    /// of one image to this number, so a change to the build cannot slip through without it).
    static let formatVersion: UInt8 = 1
    static let byteOrderMark: UInt32 = 0x0102_0304
    static let headerSize = 256

    enum Scalar: Int, CaseIterable {
        case stateCount, liveCount, denseCount, columnCount, stride, firstMatch, firstSparse, maxPatternLength
    }

    enum Section: Int, CaseIterable {
        case columns, wordStartFlag, transitions, edgeStart, edgeSymbol, edgeTarget, failure, outputIndex,
             outputStart, outputPattern, patternInfo

        var elementSize: Int {
            switch self {
            case .columns, .wordStartFlag, .edgeSymbol: 2
            case .patternInfo: 8
            default: 4
            }
        }

        var alignment: Int { self == .transitions ? AutomatonImage.pageSize : 64 }
    }

    /// Where each section goes for these element counts, and the whole size.
    static func layout(counts: [Section: Int]) -> (offsets: [Section: Int], size: Int) {
        var offsets: [Section: Int] = [:]
        var end = headerSize
        for section in Section.allCases {
            let start = (end + section.alignment - 1) / section.alignment * section.alignment
            offsets[section] = start
            end = start + (counts[section] ?? 0) * section.elementSize
        }
        return (offsets, end)
    }

    /// Writes the header for `scalars` and the sections at `offsets` with `counts`.
    static func writeHeader(
        into base: UnsafeMutableRawPointer, scalars: [Scalar: Int], offsets: [Section: Int], counts: [Section: Int]
    ) {
        for (i, byte) in magic.enumerated() { base.storeBytes(of: byte, toByteOffset: i, as: UInt8.self) }
        base.storeBytes(of: byteOrderMark, toByteOffset: 8, as: UInt32.self)
        base.storeBytes(of: UInt32(Section.allCases.count), toByteOffset: 12, as: UInt32.self)
        for scalar in Scalar.allCases {
            base.storeBytes(of: UInt64(scalars[scalar] ?? 0), toByteOffset: 16 + scalar.rawValue * 8, as: UInt64.self)
        }
        for section in Section.allCases {
            let at = 80 + section.rawValue * 16
            base.storeBytes(of: UInt64(offsets[section] ?? 0), toByteOffset: at, as: UInt64.self)
            base.storeBytes(of: UInt64(counts[section] ?? 0), toByteOffset: at + 8, as: UInt64.self)
        }
    }

    /// The header of `bytes`, if it is one of ours and every section lies inside the
    /// bytes, aligned. Reads the first 256 bytes only: the tables stay untouched.
    static func readHeader(_ bytes: UnsafeRawBufferPointer) -> (scalars: [Scalar: Int], sections: [Section: (offset: Int, count: Int)])? {
        guard bytes.count >= headerSize, let base = bytes.baseAddress,
              Int(bitPattern: base) % pageSize == 0,
              Array(bytes[0..<8]) == magic,
              bytes.load(fromByteOffset: 8, as: UInt32.self) == byteOrderMark,
              bytes.load(fromByteOffset: 12, as: UInt32.self) == UInt32(Section.allCases.count)
        else { return nil }
        var scalars: [Scalar: Int] = [:]
        for scalar in Scalar.allCases {
            let value = bytes.load(fromByteOffset: 16 + scalar.rawValue * 8, as: UInt64.self)
            guard value < UInt64(UInt32.max) else { return nil }
            scalars[scalar] = Int(value)
        }
        var sections: [Section: (offset: Int, count: Int)] = [:]
        for section in Section.allCases {
            let at = 80 + section.rawValue * 16
            let offset = bytes.load(fromByteOffset: at, as: UInt64.self)
            let count = bytes.load(fromByteOffset: at + 8, as: UInt64.self)
            guard offset >= UInt64(headerSize), offset <= UInt64(bytes.count), offset % UInt64(section.elementSize) == 0,
                  count <= (UInt64(bytes.count) - offset) / UInt64(section.elementSize)
            else { return nil }
            sections[section] = (Int(offset), Int(count))
        }
        return (scalars, sections)
    }
}

/// A read-only array inside a `MatcherImage` (which the owner keeps alive).
struct ImageArray<Element: BitwiseCopyable>: @unchecked Sendable {
    let base: UnsafePointer<Element>
    let count: Int

    init(_ image: MatcherImage, offset: Int, count: Int) {
        base = (image.bytes.baseAddress! + offset).assumingMemoryBound(to: Element.self)
        self.count = count
    }

    subscript(index: Int) -> Element {
        precondition(index >= 0 && index < count, "index out of range")
        return base[index]
    }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }
}
