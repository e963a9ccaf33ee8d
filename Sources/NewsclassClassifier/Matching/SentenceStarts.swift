/// The byte offsets where the sentences of a normalised text start, as one bit per byte.
///
/// A sorted array of offsets costs 4 bytes a sentence, which for a text of 3-byte
/// sentences ("a.\n\na.\n\n…") is more than the text itself; the bitmap costs an eighth of
/// the text whatever its shape, plus a count of the bits before every 256-bit block
/// (`seal()`), which makes `index(ofByte:)` constant time.
///
/// The normaliser builds it like the array it replaces: sentence 0 starts at byte 0,
/// later starts are appended in increasing order, and only the last one is moved forward
/// or taken back.
struct SentenceStarts: Sendable {
    private static let wordsPerBlock = 4

    private var words: [UInt64] = [1]
    /// Set bits in the blocks before each block of `wordsPerBlock` words (built by `seal`).
    private var blockRanks: [UInt32] = []
    /// Number of starts (at least 1).
    private(set) var count = 1
    private var lastOffset = 0

    /// Reserves the bits of a text of `bytes` bytes.
    mutating func reserveCapacity(forBytes bytes: Int) {
        words.reserveCapacity(bytes / 64 + 1)
    }

    /// The start of sentence `k`; only the last one can be set, and only forward.
    subscript(k: Int) -> UInt32 {
        get {
            precondition(k >= 0 && k < count, "no sentence \(k)")
            return UInt32(k == count - 1 ? lastOffset : select(k))
        }
        set {
            precondition(k == count - 1 && Int(newValue) >= lastOffset, "only the last start moves, forward")
            guard k > 0 else { return }
            clear(lastOffset)
            lastOffset = Int(newValue)
            set(lastOffset)
        }
    }

    mutating func append(_ offset: UInt32) {
        precondition(Int(offset) > lastOffset, "sentence starts are appended in increasing order")
        lastOffset = Int(offset)
        set(lastOffset)
        count += 1
    }

    mutating func removeLast() {
        precondition(count > 1, "sentence 0 stays")
        clear(lastOffset)
        count -= 1
        // The previous start: the highest set bit below the one cleared.
        var w = lastOffset >> 6
        var word = words[w] & ((1 << UInt64(lastOffset & 63)) &- 1)
        while word == 0 {
            w -= 1
            word = words[w]
        }
        lastOffset = w << 6 + (63 - word.leadingZeroBitCount)
    }

    /// Builds the block counts `index(ofByte:)` and `select` need; call once the starts are final.
    mutating func seal() {
        blockRanks.removeAll(keepingCapacity: true)
        blockRanks.reserveCapacity(words.count / Self.wordsPerBlock + 1)
        var total = 0
        for (w, word) in words.enumerated() {
            if w % Self.wordsPerBlock == 0 { blockRanks.append(UInt32(total)) }
            total += word.nonzeroBitCount
        }
    }

    /// Index of the sentence containing byte `i` (the last start at or before it).
    func index(ofByte i: Int) -> Int {
        let w = i >> 6
        guard w < words.count else { return count - 1 }
        let block = w / Self.wordsPerBlock
        var rank = Int(blockRanks[block])
        var k = block * Self.wordsPerBlock
        while k < w {
            rank += words[k].nonzeroBitCount
            k += 1
        }
        let bit = UInt64(i & 63)
        let upToBit = bit == 63 ? ~0 : (UInt64(1) << (bit + 1)) &- 1
        rank += (words[w] & upToBit).nonzeroBitCount
        return rank - 1
    }

    /// The offset of start `k` (the `k`-th set bit, from 0).
    private func select(_ k: Int) -> Int {
        precondition(!blockRanks.isEmpty, "seal() before asking for an earlier start")
        // Last block with fewer than k + 1 bits before it.
        var lo = 0
        var hi = blockRanks.count
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if Int(blockRanks[mid]) <= k { lo = mid } else { hi = mid }
        }
        var remaining = k - Int(blockRanks[lo])
        var w = lo * Self.wordsPerBlock
        while true {
            var word = words[w]
            let bits = word.nonzeroBitCount
            if remaining < bits {
                for _ in 0..<remaining { word &= word &- 1 }
                return w << 6 + word.trailingZeroBitCount
            }
            remaining -= bits
            w += 1
        }
    }

    private mutating func set(_ offset: Int) {
        let w = offset >> 6
        if w >= words.count { words.append(contentsOf: repeatElement(0, count: w - words.count + 1)) }
        words[w] |= 1 << UInt64(offset & 63)
    }

    private mutating func clear(_ offset: Int) {
        words[offset >> 6] &= ~(1 << UInt64(offset & 63))
    }
}
