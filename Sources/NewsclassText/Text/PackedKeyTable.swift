/// A fixed lookup table keyed by short ASCII words packed into a `UInt64`
/// (`ASCII.packedKey`): tag names, entity names, stop words.
///
/// Open addressing with linear probing in a power-of-two array at most half full; a
/// lookup is a multiply, a shift and usually one comparison, with no String built.
struct PackedKeyTable<Value: Sendable>: Sendable {
    private let keys: [UInt64]
    private let values: [Value]
    private let shift: UInt64
    private let mask: Int

    /// Later pairs with the same key replace earlier ones. Keys must be non-zero.
    init(_ pairs: [(key: UInt64, value: Value)], placeholder: Value) {
        var capacity = 16
        while capacity < pairs.count * 2 { capacity <<= 1 }
        var keys = [UInt64](repeating: 0, count: capacity)
        var values = [Value](repeating: placeholder, count: capacity)
        let shift = UInt64(64 - capacity.trailingZeroBitCount)
        for (key, value) in pairs {
            precondition(key != 0, "PackedKeyTable keys must be non-zero")
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while keys[slot] != 0, keys[slot] != key { slot = (slot + 1) & (capacity - 1) }
            keys[slot] = key
            values[slot] = value
        }
        self.keys = keys
        self.values = values
        self.shift = shift
        self.mask = capacity - 1
    }

    /// Builds the keys from words; words longer than eight bytes cannot be keys and are
    /// a programming error.
    init(words pairs: [(String, Value)], placeholder: Value, lowercasing: Bool = true) {
        self.init(pairs.map { word, value in
            guard let key = ASCII.packedKey(word, lowercasing: lowercasing) else {
                preconditionFailure("\(word) is longer than eight bytes")
            }
            return (key, value)
        }, placeholder: placeholder)
    }

    @inline(__always)
    subscript(key: UInt64) -> Value? {
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }
}
