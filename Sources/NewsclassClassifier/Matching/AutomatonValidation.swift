/// Whether tables read from outside (a `MatcherTableStore`'s file) are safe to scan: every
/// number that the scan uses as an index stays inside its table, and every chain of
/// failure links ends. A file that passes may still give wrong matches if it is not ours,
/// but it can neither crash nor hang the daemon. A file we wrote always passes.
///
/// Reads every table once (about 12 MB for the built-in lexicon, a few ms).
extension Automaton {
    func tablesAreSound() -> Bool {
        let stateLimit = stateCount * stride
        let firstSparse = Int(self.firstSparse)
        let firstMatch = Int(self.firstMatch)
        let outputCount = outputStart.count - 1
        guard outputCount >= 0 else { return false }
        // Columns and word-start flags index the tables and each other.
        for i in 0..<columns.count where Int(columns[i]) >= columnCount { return false }
        for i in 0..<wordStartFlag.count where wordStartFlag[i] != 0 && wordStartFlag[i] != 0x100 { return false }
        // Row entries: a dense state whose whole row lies inside the table, or a sparse one.
        // (A number that is no multiple of the stride reads a wrong row, never outside.)
        let rowsSound = transitions.withUnsafeBufferPointer { table in
            for row in Swift.stride(from: 0, to: firstSparse, by: stride) {
                for column in 0..<columnCount {
                    let next = Int(table[row + column])
                    if next > firstSparse - stride && (next < firstSparse || next >= stateLimit) { return false }
                }
                if row >= firstMatch && Int(table[row + columnCount]) >= outputCount { return false }
            }
            return true
        }
        guard rowsSound else { return false }
        // Edges, failure links (a sparse state's link goes to a lower number: every chain
        // reaches a dense state) and outputs.
        guard edgeSymbol.count == edgeTarget.count else { return false }
        var previous = 0
        for s in 0...stateCount {
            let start = Int(edgeStart[s])
            if start < previous || start > edgeTarget.count { return false }
            previous = start
        }
        for e in 0..<edgeTarget.count where Int(edgeTarget[e]) >= stateCount { return false }
        for s in denseCount..<stateCount where Int(failure[s]) >= s { return false }
        for s in 0..<stateCount where outputIndex[s] < -1 || Int(outputIndex[s]) >= outputCount { return false }
        previous = -1
        for m in 0...outputCount {
            let start = Int(outputStart[m])
            if start <= previous || start > outputPattern.count { return false }
            previous = start
        }
        for k in 0..<outputPattern.count where Int(outputPattern[k]) >= patternInfo.count { return false }
        return true
    }
}
