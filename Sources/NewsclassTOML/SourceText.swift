/// The document's bytes, checked to be UTF-8, with where each line starts so that any byte
/// offset turns into a line and a column (in Unicode scalars).
struct SourceText {
    let bytes: [UInt8]
    /// Offset of the first byte of each line (after a leading byte-order mark on line 1).
    private(set) var lineStarts: [Int]
    /// The last position asked for, so that a run of offsets on one long line is counted once.
    private var cache: (line: Int, offset: Int, column: Int) = (0, 0, 1)

    /// Fails at the first byte that is not part of well-formed UTF-8 (overlong forms,
    /// surrogates and values past U+10FFFF included).
    init(_ bytes: [UInt8]) throws(TOMLError) {
        self.bytes = bytes
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        lineStarts = [start]
        cache = (0, start, 1)
        var i = start
        let count = bytes.count
        while i < count {
            let lead = bytes[i]
            if lead < 0x80 {
                if lead == 0x0A { lineStarts.append(i + 1) }
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: throw invalid(at: i)
            }
            for k in 1..<length {
                guard i + k < count else { throw invalid(at: i) }
                let byte = bytes[i + k]
                let (min, max) = k == 1 ? (low, high) : (0x80, 0xBF)
                guard byte >= min, byte <= max else { throw invalid(at: i) }
            }
            i += length
        }
    }

    private func invalid(at offset: Int) -> TOMLError {
        var shown: [String] = []
        var k = offset
        while k < bytes.count, shown.count < 4 {
            shown.append("0x" + hex(bytes[k]))
            k += 1
            if k < bytes.count, bytes[k] < 0x80 || bytes[k] >= 0xC0 { break }
        }
        return TOMLError(
            position: position(of: offset),
            message: "the text is not valid UTF-8 (bytes \(shown.joined(separator: " ")))")
    }

    /// Line and column of the byte at `offset` (an offset at or past the end is the
    /// position just after the last character).
    func position(of offset: Int) -> TOMLPosition {
        let offset = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = low + (high - low + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var column = 1
        var k = lineStarts[low]
        if cache.line == low, cache.offset <= offset, cache.offset >= k {
            column = cache.column
            k = cache.offset
        }
        while k < offset {
            if bytes[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        return TOMLPosition(line: low + 1, column: column)
    }

    /// As `position(of:)`, remembering the answer for the next call on the same line.
    mutating func rememberingPosition(of offset: Int) -> TOMLPosition {
        let found = position(of: offset)
        cache = (found.line - 1, max(0, min(offset, bytes.count)), found.column)
        return found
    }
}

func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF".unicodeScalars)
    return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
}
