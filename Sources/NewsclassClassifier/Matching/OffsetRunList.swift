/// The `OffsetRun`s of a normalised text, stored as small deltas.
///
/// Text of tiny paragraphs or doubled spaces starts a run every few bytes ("a.\n\n" is two
/// runs: the collapsed line breaks map two scalars to one space), and at 12 bytes a run
/// the table would outweigh the text several times. Here runs are kept in blocks of
/// `blockSize`: the first run of a block in full, each other one as its distance from the
/// run before, in one byte when the distances are small (bytes 1…4, scalars 0…7, width
/// 0…3: every run of such text) and in a few bytes otherwise. The newest, unfinished
/// block stays unpacked, so that the normaliser can read, append and take back runs at
/// the end as it would with an array. A lookup finds the block by binary search and
/// decodes at most one block: the classifier maps only a few offsets per article.
struct OffsetRunList: Sendable {
    static let blockSize = 64

    private struct Block {
        var byteStart: UInt32
        var scalarStart: UInt32
        var width: UInt32
        /// Where the block's other runs begin in `deltas`.
        var deltaStart: UInt32
    }

    private var blocks: [Block] = []
    private var deltas: [UInt8] = []
    /// The runs after the last full block, unpacked.
    private var tail: [OffsetRun] = []

    private(set) var count = 0

    mutating func reserveCapacity(_ n: Int) {
        tail.reserveCapacity(min(n, Self.blockSize))
    }

    var last: OffsetRun? {
        if let run = tail.last { return run }
        guard let block = blocks.last else { return nil }
        var last = OffsetRun(byteStart: Int(block.byteStart), scalarStart: Int(block.scalarStart), width: Int(block.width))
        var p = Int(block.deltaStart)
        for _ in 1..<Self.blockSize { last = decode(after: last, at: &p) }
        return last
    }

    mutating func append(_ run: OffsetRun) {
        if tail.count == Self.blockSize { pack() }
        tail.append(run)
        count += 1
    }

    mutating func removeLast() {
        if tail.isEmpty { unpackLastBlock() }
        tail.removeLast()
        count -= 1
    }

    /// The run holding byte `i` (the last run starting at or before it) and the source
    /// scalar where the run after it starts (nil for the last run). There must be a run
    /// starting at or before `i`.
    func run(containing i: Int) -> (run: OffsetRun, nextScalarStart: Int?) {
        if let first = tail.first, first.byteStart <= i {
            var k = tail.count - 1
            while tail[k].byteStart > i { k -= 1 }
            return (tail[k], k + 1 < tail.count ? tail[k + 1].scalarStart : nil)
        }
        // Last block starting at or before i.
        var lo = 0
        var hi = blocks.count
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if Int(blocks[mid].byteStart) <= i { lo = mid } else { hi = mid }
        }
        let block = blocks[lo]
        var run = OffsetRun(byteStart: Int(block.byteStart), scalarStart: Int(block.scalarStart), width: Int(block.width))
        var p = Int(block.deltaStart)
        for _ in 1..<Self.blockSize {
            let next = decode(after: run, at: &p)
            if next.byteStart > i { return (run, next.scalarStart) }
            run = next
        }
        if lo + 1 < blocks.count { return (run, Int(blocks[lo + 1].scalarStart)) }
        return (run, tail.first?.scalarStart)
    }

    // MARK: Packing

    private mutating func pack() {
        let first = tail[0]
        blocks.append(Block(
            byteStart: UInt32(first.byteStart), scalarStart: UInt32(first.scalarStart), width: UInt32(first.width),
            deltaStart: UInt32(deltas.count)))
        for k in 1..<tail.count { encode(tail[k], after: tail[k - 1]) }
        tail.removeAll(keepingCapacity: true)
    }

    private mutating func unpackLastBlock() {
        let block = blocks.removeLast()
        var run = OffsetRun(byteStart: Int(block.byteStart), scalarStart: Int(block.scalarStart), width: Int(block.width))
        var p = Int(block.deltaStart)
        tail.append(run)
        for _ in 1..<Self.blockSize {
            run = decode(after: run, at: &p)
            tail.append(run)
        }
        deltas.removeSubrange(Int(block.deltaStart)...)
    }

    /// One byte `0bSSSBBWW` (scalars 0…7, bytes 1…4, width 0…3) when it fits, else 0x80
    /// and three LEB128 numbers: bytes, scalars (zigzag), width.
    private mutating func encode(_ run: OffsetRun, after previous: OffsetRun) {
        let bytes = run.byteStart - previous.byteStart
        let scalars = run.scalarStart - previous.scalarStart
        let width = run.width
        if (1...4).contains(bytes) && (0...7).contains(scalars) && width <= 3 {
            deltas.append(UInt8(width | (bytes - 1) << 2 | scalars << 4))
            return
        }
        deltas.append(0x80)
        appendNumber(UInt64(bytes))
        appendNumber(UInt64(bitPattern: Int64(scalars << 1 ^ scalars >> 63)))
        appendNumber(UInt64(width))
    }

    private mutating func appendNumber(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            deltas.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        deltas.append(UInt8(v))
    }

    private func decode(after previous: OffsetRun, at p: inout Int) -> OffsetRun {
        let head = Int(deltas[p])
        p += 1
        if head < 0x80 {
            return OffsetRun(
                byteStart: previous.byteStart + (head >> 2 & 3) + 1, scalarStart: previous.scalarStart + (head >> 4),
                width: head & 3)
        }
        let bytes = Int(readNumber(at: &p))
        let zigzag = readNumber(at: &p)
        let scalars = Int(Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
        let width = Int(readNumber(at: &p))
        return OffsetRun(byteStart: previous.byteStart + bytes, scalarStart: previous.scalarStart + scalars, width: width)
    }

    private func readNumber(at p: inout Int) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = deltas[p]
            p += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }
}
