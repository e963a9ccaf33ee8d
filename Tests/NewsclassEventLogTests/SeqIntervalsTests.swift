import NewsclassEventLog
import XCTest

final class SeqIntervalsTests: XCTestCase {
    func testInOrderSeqsStayOneRange() {
        var set = SeqIntervals()
        for seq in 1...100_000 { XCTAssertTrue(set.insert(seq)) }
        XCTAssertEqual(set.ranges, [1...100_000])
        XCTAssertEqual(set.count, 100_000)
        XCTAssertEqual(set.gaps, [])
    }

    func testRepeatsAreRefused() {
        var set = SeqIntervals()
        for seq in [5, 6, 7, 1, 2] { set.insert(seq) }
        for seq in [5, 6, 7, 1, 2] { XCTAssertFalse(set.insert(seq), "\(seq)") }
        XCTAssertEqual(set.count, 5)
        XCTAssertTrue(set.contains(6))
        XCTAssertFalse(set.contains(3))
        XCTAssertFalse(set.contains(8))
        XCTAssertFalse(set.contains(0))
    }

    func testGapsAreTheHolesBetweenFirstAndLast() {
        var set = SeqIntervals()
        for seq in [10, 11, 12, 20, 14, 25] { set.insert(seq) }
        XCTAssertEqual(set.first, 10)
        XCTAssertEqual(set.last, 25)
        XCTAssertEqual(set.gaps, [13...13, 15...19, 21...24])
    }

    func testFillingHolesJoinsRanges() {
        var set = SeqIntervals()
        for seq in [1, 3, 5, 7] { set.insert(seq) }
        XCTAssertEqual(set.ranges.count, 4)
        set.insert(2)
        XCTAssertEqual(set.ranges, [1...3, 5...5, 7...7])
        set.insert(6)
        XCTAssertEqual(set.ranges, [1...3, 5...7])
        set.insert(4)
        XCTAssertEqual(set.ranges, [1...7])
        set.insert(0)
        XCTAssertEqual(set.ranges, [0...7])
        set.insert(-5)
        XCTAssertEqual(set.ranges, [-5...(-5), 0...7])
    }

    /// Any order of insertion gives the same set as a plain Set would.
    func testAgreesWithASetOfEverySeq() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var set = SeqIntervals()
            var plain: Set<Int> = []
            for _ in 0..<300 {
                let seq = Int.random(in: 0..<200, using: &generator)
                XCTAssertEqual(set.insert(seq), plain.insert(seq).inserted)
            }
            XCTAssertEqual(set.count, plain.count)
            for seq in -1...201 { XCTAssertEqual(set.contains(seq), plain.contains(seq)) }
            let missing = (plain.min()!...plain.max()!).filter { !plain.contains($0) }
            XCTAssertEqual(set.gaps.flatMap { Array($0) }, missing)
            XCTAssertTrue(zip(set.ranges, set.ranges.dropFirst()).allSatisfy { $0.upperBound + 1 < $1.lowerBound })
        }
    }
}

final class RecordLedgerTests: XCTestCase {
    private let hostA = RecordLedger.Origin(machineID: "aaaa", instance: "")
    private let hostAFeed = RecordLedger.Origin(machineID: "aaaa", instance: "feed")
    private let hostB = RecordLedger.Origin(machineID: "bbbb", instance: "")

    func testEachOriginCountsItsOwnSeqs() {
        var ledger = RecordLedger()
        XCTAssertTrue(ledger.admit(hostA, host: "alpha", seq: 1))
        XCTAssertTrue(ledger.admit(hostAFeed, host: "alpha", seq: 1), "another feed on the same machine")
        XCTAssertTrue(ledger.admit(hostB, host: "beta", seq: 1), "another machine")
        XCTAssertFalse(ledger.admit(hostA, host: "alpha", seq: 1), "delivered twice")
        XCTAssertTrue(ledger.admit(hostA, host: "alpha", seq: 2))
        XCTAssertTrue(ledger.admit(hostA, host: "alpha", seq: nil), "no seq: cannot be a known repeat")
        let coverage = ledger.coverage
        XCTAssertEqual(coverage.map(\.host), ["alpha", "alpha", "beta"])
        XCTAssertEqual(coverage.map(\.origin.instance), ["", "feed", ""])
        XCTAssertEqual(coverage[0].records, 3)
        XCTAssertEqual(coverage[0].duplicates, 1)
        XCTAssertEqual(coverage[0].unnumbered, 1)
        XCTAssertFalse(ledger.hasGaps)
        XCTAssertTrue(ledger.contains(hostA, seq: 2))
        XCTAssertFalse(ledger.contains(hostB, seq: 2))
    }

    func testAGapIsReportedWithItsOrigin() {
        var ledger = RecordLedger()
        for seq in [1, 2, 4] { _ = ledger.admit(hostB, host: "beta", seq: seq) }
        for seq in 1...3 { _ = ledger.admit(hostA, host: "alpha", seq: seq) }
        XCTAssertTrue(ledger.hasGaps)
        let beta = ledger.coverage.first { $0.origin == hostB }
        XCTAssertEqual(beta?.gaps, [3...3])
        XCTAssertEqual(beta?.missing, 1)
        XCTAssertEqual(ledger.coverage.first { $0.origin == hostA }?.gaps, [])
    }
}
