/// Repeated evidence counts, but less each time: the i-th strongest of n weights is divided
/// by i (1, 1/2, 1/3, …). Ten mentions of "bribery" are worth about three mentions, not
/// ten, so one long article cannot drown a topic's threshold by repetition alone, while a
/// second and third mention still clearly add.
enum DiminishingSum {
    static func of(_ weights: [Double]) -> Double {
        if weights.count == 1 { return weights[0] }
        var sum = 0.0
        for (rank, weight) in weights.sorted(by: >).enumerated() {
            sum += weight / Double(rank + 1)
        }
        return sum
    }

    /// The same over a histogram of weights, each with how many times it occurs: what the
    /// classifier keeps instead of one weight per hit.
    static func of(_ weights: [(weight: Double, count: Int)]) -> Double {
        var sum = 0.0
        var rank = 0
        for entry in weights.sorted(by: { $0.weight > $1.weight }) {
            guard entry.weight > 0 else { break }
            for _ in 0..<entry.count {
                rank += 1
                sum += entry.weight / Double(rank)
            }
        }
        return sum
    }
}
