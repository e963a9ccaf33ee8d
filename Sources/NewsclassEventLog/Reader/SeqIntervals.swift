/// A set of seqs kept as sorted, disjoint, non-adjacent closed ranges: the memory of
/// which records a reader has seen from one (host, instance). Records arrive nearly in
/// order, so the set stays a handful of ranges however long `--follow` runs, where a set
/// of every seq would grow by one entry per record.
public struct SeqIntervals: Sendable, Equatable {
    /// Sorted by lower bound; no two touch (`1...3` and `4...5` are kept as `1...5`).
    public private(set) var ranges: [ClosedRange<Int>] = []

    public init() {}

    public var isEmpty: Bool { ranges.isEmpty }
    public var first: Int? { ranges.first?.lowerBound }
    public var last: Int? { ranges.last?.upperBound }
    /// How many seqs are in the set.
    public var count: Int { ranges.reduce(0) { $0 + $1.count } }

    public func contains(_ seq: Int) -> Bool {
        guard let index = lastRange(startingAtOrBelow: seq) else { return false }
        return ranges[index].contains(seq)
    }

    /// Adds `seq`; false when it was already there (a duplicate).
    @discardableResult
    public mutating func insert(_ seq: Int) -> Bool {
        // The common case first: the next seq after the last one.
        if let last = ranges.last {
            if seq == last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...seq
                return true
            }
            if last.contains(seq) { return false }
            if seq > last.upperBound + 1 {
                ranges.append(seq...seq)
                return true
            }
        } else {
            ranges.append(seq...seq)
            return true
        }
        let below = lastRange(startingAtOrBelow: seq)
        if let below, ranges[below].contains(seq) { return false }
        let above = below.map { $0 + 1 } ?? 0
        let joinsBelow = below.map { ranges[$0].upperBound == seq - 1 } ?? false
        let joinsAbove = above < ranges.count && ranges[above].lowerBound == seq + 1
        switch (joinsBelow, joinsAbove) {
        case (true, true):
            ranges[below!] = ranges[below!].lowerBound...ranges[above].upperBound
            ranges.remove(at: above)
        case (true, false):
            ranges[below!] = ranges[below!].lowerBound...seq
        case (false, true):
            ranges[above] = seq...ranges[above].upperBound
        case (false, false):
            ranges.insert(seq...seq, at: above)
        }
        return true
    }

    /// The seqs missing between the first and the last, as ranges.
    public var gaps: [ClosedRange<Int>] {
        zip(ranges, ranges.dropFirst()).map { ($0.upperBound + 1)...($1.lowerBound - 1) }
    }

    /// The index of the last range whose lower bound is ≤ `seq`.
    private func lastRange(startingAtOrBelow seq: Int) -> Int? {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].lowerBound <= seq { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }
}
