/// Code points and what they decompose to, in three flat arrays (a dictionary of arrays
/// would cost an allocation per entry).
struct DecompositionTable: Sendable {
    /// Ascending; entry k decomposes to `scalars[starts[k]..<starts[k + 1]]`.
    private let keys: [UInt32]
    private let starts: [UInt32]
    private let scalars: [UInt32]

    /// From entries `CP=D1 D2 …` (hexadecimal).
    init(_ entries: [Substring]) {
        var keys: [UInt32] = [], starts: [UInt32] = [0], scalars: [UInt32] = []
        keys.reserveCapacity(entries.count)
        starts.reserveCapacity(entries.count + 1)
        for entry in entries {
            let (key, value) = NFKCTables.split(entry, at: "=")
            keys.append(NFKCTables.hex(key))
            for part in value.split(separator: " ") { scalars.append(NFKCTables.hex(part)) }
            starts.append(UInt32(scalars.count))
        }
        self.keys = keys
        self.starts = starts
        self.scalars = scalars
    }

    /// Appends the decomposition of `v` to `out`; false (and nothing appended) when `v` has none.
    func append(_ v: UInt32, to out: inout [Unicode.Scalar]) -> Bool {
        guard let k = NFKCTables.index(of: v, in: keys) else { return false }
        for i in Int(starts[k])..<Int(starts[k + 1]) { out.append(Unicode.Scalar(scalars[i])!) }
        return true
    }
}
