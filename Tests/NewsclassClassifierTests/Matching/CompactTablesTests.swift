@testable import NewsclassClassifier
import XCTest

/// The normaliser's two compact tables against the plain arrays they replace, driven the
/// way the normaliser drives them (appends at the end, the last entry moved forward or
/// taken back), with a seeded generator.
final class CompactTablesTests: XCTestCase {
    private struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    func testOffsetRunListAnswersAsTheArrayWould() {
        for seed in 1...20 {
            var random = Generator(state: UInt64(seed))
            var list = OffsetRunList()
            var model: [OffsetRun] = []
            var byte = 0
            var scalar = 0
            for _ in 0..<(200 * seed) {
                if !model.isEmpty && random.next(5) == 0 {
                    model.removeLast()
                    list.removeLast()
                    byte = model.last.map { $0.byteStart + 1 } ?? 0
                    scalar = model.last.map { $0.scalarStart + 1 } ?? 0
                } else {
                    // mostly small steps (one packed byte), now and then large ones
                    let large = random.next(10) == 0
                    let run = OffsetRun(
                        byteStart: model.isEmpty ? 0 : byte + (large ? 1 + random.next(100_000) : random.next(4)),
                        scalarStart: scalar + (large ? random.next(300_000) : random.next(8)),
                        width: large ? random.next(40) : random.next(4))
                    guard model.isEmpty || run.byteStart > model[model.count - 1].byteStart else { continue }
                    model.append(run)
                    list.append(run)
                    byte = run.byteStart
                    scalar = run.scalarStart
                }
                XCTAssertEqual(list.count, model.count)
                XCTAssertEqual(list.last, model.last)
            }
            guard let end = model.last?.byteStart else { continue }
            for i in stride(from: 0, through: end + 3, by: max(1, end / 500)) {
                let k = model.lastIndex { $0.byteStart <= i }!
                let found = list.run(containing: i)
                XCTAssertEqual(found.run, model[k], "seed \(seed) byte \(i)")
                XCTAssertEqual(found.nextScalarStart, k + 1 < model.count ? model[k + 1].scalarStart : nil, "seed \(seed) byte \(i)")
            }
        }
    }

    func testSentenceStartsAnswerAsTheArrayWould() {
        for seed in 1...20 {
            var random = Generator(state: UInt64(seed))
            var starts = SentenceStarts()
            var model: [UInt32] = [0]
            for _ in 0..<(300 * seed) {
                switch random.next(6) {
                case 0 where model.count > 1:
                    model.removeLast()
                    starts.removeLast()
                case 1 where model.count > 1:
                    model[model.count - 1] += UInt32(random.next(5))
                    starts[starts.count - 1] = model[model.count - 1]
                default:
                    let offset = model[model.count - 1] + 1 + UInt32(random.next(random.next(20) == 0 ? 5_000 : 6))
                    model.append(offset)
                    starts.append(offset)
                }
                XCTAssertEqual(starts.count, model.count)
                XCTAssertEqual(starts[starts.count - 1], model[model.count - 1])
            }
            starts.seal()
            for k in stride(from: 0, to: model.count, by: max(1, model.count / 200)) {
                XCTAssertEqual(starts[k], model[k], "seed \(seed) start \(k)")
            }
            let end = Int(model[model.count - 1]) + 70
            for i in stride(from: 0, through: end, by: max(1, end / 700)) {
                let expected = model.lastIndex { Int($0) <= i }!
                XCTAssertEqual(starts.index(ofByte: i), expected, "seed \(seed) byte \(i)")
            }
        }
    }
}
