@testable import NewsclassEventLog
import XCTest

final class ContentIndexTests: XCTestCase {
    func testStoresTheFirstSeqAndKeepsItThroughGrowth() throws {
        var index = ContentIndex()
        let keys = (0..<50_000).map { try! XCTUnwrap(ContentKey(id: Records.id($0))) }
        for (seq, key) in keys.enumerated() { XCTAssertNil(index.insertIfAbsent(key, seq: seq + 1)) }
        XCTAssertEqual(index.count, keys.count)
        for (seq, key) in keys.enumerated() {
            XCTAssertEqual(index.firstSeq(for: key), seq + 1)
            XCTAssertEqual(index.insertIfAbsent(key, seq: 99_999_999), seq + 1, "the first seq stays")
        }
        XCTAssertNil(index.firstSeq(for: try XCTUnwrap(ContentKey(id: Records.id(-1)))))
        let perEntry = Double(index.allocatedBytes) / Double(index.count)
        XCTAssertLessThanOrEqual(perEntry, 32, "memory per article")
    }

    func testEqualPrefixesWithDifferentCheckBitsAreDifferentArticles() {
        var index = ContentIndex()
        let first = ContentKey(prefix: 0xDEAD_BEEF, check: 1)
        let sameFirst64Bits = ContentKey(prefix: 0xDEAD_BEEF, check: 2)
        index.insertIfAbsent(first, seq: 10)
        XCTAssertNil(index.firstSeq(for: sameFirst64Bits))
        XCTAssertNil(index.insertIfAbsent(sameFirst64Bits, seq: 11))
        XCTAssertEqual(index.firstSeq(for: first), 10)
        XCTAssertEqual(index.firstSeq(for: sameFirst64Bits), 11)
    }

    func testKeepingTheLowestSeqWhenScanningOutOfOrder() throws {
        var index = ContentIndex()
        let key = try XCTUnwrap(ContentKey(id: Records.id(1)))
        index.insertKeepingLowest(key, seq: 50)
        index.insertKeepingLowest(key, seq: 7)
        index.insertKeepingLowest(key, seq: 30)
        XCTAssertEqual(index.firstSeq(for: key), 7)
    }

    func testContentKeyReadsTheDigestAndHashesAnythingElse() throws {
        let key = try XCTUnwrap(ContentKey(id: "sha256:0123456789abcdef" + "fedcba" + String(repeating: "0", count: 42)))
        XCTAssertEqual(key.prefix, 0x0123_4567_89AB_CDEF)
        XCTAssertEqual(key.check, 0xFEDCBA)
        XCTAssertEqual(ContentKey(id: "md5:abc"), ContentKey(id: "md5:abc"))
        XCTAssertNotEqual(ContentKey(id: "md5:abc"), ContentKey(id: "md5:abd"))
        XCTAssertNil(ContentKey(id: ""))
    }
}
