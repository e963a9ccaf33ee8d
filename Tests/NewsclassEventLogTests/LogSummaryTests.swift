import NewsclassEventLog
import NewsclassRecords
import XCTest

final class LogSummaryTests: XCTestCase {
    private func add(_ summary: inout LogSummary, _ line: String, host: String = "", instance: String = "") {
        var line = line
        line.withUTF8 { summary.add(UnsafeRawBufferPointer($0), host: host, instance: instance) }
    }

    private let lines = [
        #"{"v":1,"seq":1,"time":"2026-12-05T23:59:59.999Z","event":"classified","file":"a","bytes":1,"topics":["mining_ban","climate"],"scores":{}}"#,
        #"{"v":1,"seq":2,"time":"2026-12-06T00:00:00.000Z","event":"classified","file":"b","bytes":1,"topics":["climate"],"scores":{}}"#,
        #"{"v":1,"seq":3,"time":"2026-12-06T10:30:00.000Z","event":"rejected","file":"c","bytes":0,"reason":"empty","detail":"zero bytes"}"#,
        #"{"v":1,"seq":4,"time":"2026-12-06T10:31:00.000Z","event":"classified","file":"d","bytes":1,"topics":["we\"ird"],"scores":{}}"#,
        #"{"v":1,"seq":5,"time":"2026-12-06T11:00:00.000Z","event":"duplicate","file":"e","bytes":1,"duplicate_of":2}"#,
    ]

    func testPerUTCDay() {
        var summary = LogSummary(by: .day)
        for line in lines { add(&summary, line) }
        let rows = summary.rows
        XCTAssertEqual(rows.map(\.key), ["2026-12-05", "2026-12-06"])
        XCTAssertEqual(rows.map(\.records), [1, 4])
        XCTAssertEqual(rows[0].topics, ["mining_ban": 1, "climate": 1])
        XCTAssertEqual(rows[1].topics, ["climate": 1, "we\"ird": 1])
        XCTAssertEqual(rows[1].events, ["classified": 2, "rejected": 1, "duplicate": 1])
        XCTAssertEqual(summary.topicNames, ["climate", "mining_ban", "we\"ird"])
    }

    func testPerHour() {
        var summary = LogSummary(by: .hour)
        for line in lines { add(&summary, line) }
        XCTAssertEqual(summary.rows.map(\.key), ["2026-12-05T23", "2026-12-06T00", "2026-12-06T10", "2026-12-06T11"])
        XCTAssertEqual(summary.rows.map(\.records), [1, 1, 2, 1])
    }

    func testPerHostAndInstance() {
        var byHost = LogSummary(by: .host)
        var byInstance = LogSummary(by: .instance)
        for (index, line) in lines.enumerated() {
            add(&byHost, line, host: index < 2 ? "alpha" : "beta", instance: index % 2 == 0 ? "feed" : "")
            add(&byInstance, line, host: index < 2 ? "alpha" : "beta", instance: index % 2 == 0 ? "feed" : "")
        }
        XCTAssertEqual(byHost.rows.map(\.key), ["alpha", "beta"])
        XCTAssertEqual(byHost.rows.map(\.records), [2, 3])
        XCTAssertEqual(byInstance.rows.map(\.key), ["", "feed"])
        XCTAssertEqual(byInstance.rows.map(\.records), [2, 3])
    }
}

final class JournalFieldRecordTests: XCTestCase {
    /// An entry written before NEWSCLASS_RECORD existed becomes a line the reader's filters
    /// and table understand.
    func testRebuiltLineHasTheRecordFields() throws {
        var record = JournalFieldRecord(seq: 7, timeMilliseconds: 1_795_428_000_123, event: "classified", file: "a \"b\".txt")
        record.id = "sha256:00"
        record.bytes = 42
        record.topics = ["mining_ban"]
        record.scores = [("MINING_BAN", "0.8"), ("CLIMATE", "0.125")]
        record.title = "Title"
        XCTAssertEqual(
            record.jsonLine(),
            #"{"v":1,"seq":7,"time":"2026-11-23T10:00:00.123Z","event":"classified","file":"a \"b\".txt","id":"sha256:00","bytes":42,"topics":["mining_ban"],"scores":{"mining_ban":0.8,"climate":0.125},"title":"Title"}"#)
        XCTAssertTrue(EventLogQuery(topics: ["mining_ban"], since: 1_795_428_000_000).matches(record.jsonLine()))

        var rejected = JournalFieldRecord(seq: 8, timeMilliseconds: 0, event: "rejected", file: "x")
        rejected.reason = "empty"
        rejected.detail = "zero\nbytes"
        XCTAssertEqual(
            rejected.jsonLine(),
            #"{"v":1,"seq":8,"time":"1970-01-01T00:00:00.000Z","event":"rejected","file":"x","reason":"empty","detail":"zero\nbytes"}"#)
        var duplicate = JournalFieldRecord(seq: 9, timeMilliseconds: 0, event: "duplicate", file: "y")
        duplicate.duplicateOf = 7
        XCTAssertTrue(duplicate.jsonLine().hasSuffix(#""file":"y","duplicate_of":7}"#))
    }
}
