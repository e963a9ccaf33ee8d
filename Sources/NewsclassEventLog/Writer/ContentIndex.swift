/// Content id → seq of the first `classified` record with that id, in 16 bytes a slot.
///
/// An open-addressing table with linear probing, one flat array of (key, value) pairs:
/// `key` is the digest's first 64 bits and `value` packs the 24 check bits with seq + 1
/// (40 bits; 0 marks an empty slot). The table grows by half when it is 80% full, so it
/// is 53–80% full and costs 20–30 bytes per article (`Dictionary<UInt64, UInt64>` grows by
/// doubling at 75% and costs up to 43). Keys are digest bits, uniformly spread, so the
/// position is the key scaled onto the table (no hashing) and probe runs stay short.
struct ContentIndex {
    private struct Slot {
        var key: UInt64
        var value: UInt64
    }

    private static let seqBits: UInt64 = 40
    private static let seqMask: UInt64 = (1 << seqBits) - 1
    /// Seqs above this are not indexed (2⁴⁰ records is beyond any log's life).
    static let maximumSeq = Int(seqMask) - 1

    private var slots: [Slot] = []
    private(set) var count = 0

    var allocatedBytes: Int { slots.count * MemoryLayout<Slot>.stride }

    /// The seq stored for `key`, if any.
    func firstSeq(for key: ContentKey) -> Int? {
        guard !slots.isEmpty else { return nil }
        return slots.withUnsafeBufferPointer { table in
            var position = Self.home(of: key, in: table.count)
            while true {
                let slot = table[position]
                if slot.value == 0 { return nil }
                if slot.key == key.prefix, UInt32(slot.value >> Self.seqBits) == key.check {
                    return Int(slot.value & Self.seqMask) - 1
                }
                position = position + 1 == table.count ? 0 : position + 1
            }
        }
    }

    /// Stores `seq` for `key` unless a seq is stored already; returns the stored one then.
    @discardableResult
    mutating func insertIfAbsent(_ key: ContentKey, seq: Int) -> Int? {
        store(key, seq: seq, keepLowest: false)
    }

    /// Stores `seq` for `key`, or keeps the lower of the two: rotated logs are scanned in
    /// no particular order, and the first record of an id is the one with the lowest seq.
    mutating func insertKeepingLowest(_ key: ContentKey, seq: Int) {
        _ = store(key, seq: seq, keepLowest: true)
    }

    private mutating func store(_ key: ContentKey, seq: Int, keepLowest: Bool) -> Int? {
        guard seq >= 0, seq <= Self.maximumSeq else { return nil }
        if (count + 1) * 5 > slots.count * 4 { grow() }
        let value = UInt64(key.check) << Self.seqBits | UInt64(seq + 1)
        return slots.withUnsafeMutableBufferPointer { table in
            var position = Self.home(of: key, in: table.count)
            while true {
                let slot = table[position]
                if slot.value == 0 {
                    table[position] = Slot(key: key.prefix, value: value)
                    count += 1
                    return nil
                }
                if slot.key == key.prefix, UInt32(slot.value >> Self.seqBits) == key.check {
                    let stored = Int(slot.value & Self.seqMask) - 1
                    if keepLowest, seq < stored { table[position].value = value }
                    return stored
                }
                position = position + 1 == table.count ? 0 : position + 1
            }
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(key: 0, value: 0), count: max(1024, old.count + old.count / 2))
        slots.withUnsafeMutableBufferPointer { table in
            for slot in old where slot.value != 0 {
                var position = Self.home(ofPrefix: slot.key, in: table.count)
                while table[position].value != 0 {
                    position = position + 1 == table.count ? 0 : position + 1
                }
                table[position] = slot
            }
        }
    }

    @inline(__always)
    private static func home(of key: ContentKey, in capacity: Int) -> Int {
        home(ofPrefix: key.prefix, in: capacity)
    }

    /// The key scaled onto 0..<capacity (the high half of key × capacity).
    @inline(__always)
    private static func home(ofPrefix prefix: UInt64, in capacity: Int) -> Int {
        Int(truncatingIfNeeded: prefix.multipliedFullWidth(by: UInt64(capacity)).high)
    }
}
