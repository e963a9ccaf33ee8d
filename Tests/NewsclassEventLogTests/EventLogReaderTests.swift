import Foundation
import NewsclassEventLog
import NewsclassRecords
import XCTest

final class EventLogReaderTests: XCTestCase {
    /// 2026-11-20T00:00:00Z
    private let base: Int64 = 1_795_132_800_000
    private let count = 3000

    private enum Kind { case classified, rejected, duplicate }

    private func kind(_ i: Int) -> Kind {
        switch i % 5 {
        case 0: return .rejected
        case 1: return .duplicate
        default: return .classified
        }
    }

    private func topics(_ i: Int) -> [String] {
        guard kind(i) == .classified else { return [] }
        var topics: [String] = []
        if i % 3 == 0 { topics.append("mining_ban") }
        if i % 4 == 0 { topics.append("corruption") }
        if i % 7 == 0 { topics.append("climate") }
        return topics
    }

    private func time(_ i: Int) -> Int64 { base + Int64(i) * 60_000 }

    /// A log whose answers are known: record i has seq i, is written i minutes after
    /// `base`, and its kind and topics follow from i. Some titles quote topic syntax, every
    /// classified record names every topic in `scores` and `evidence`, and the last line is
    /// torn.
    private func writeLog(_ path: String) throws {
        var text = ""
        for i in 1...count {
            var record: EventRecord
            switch kind(i) {
            case .rejected:
                record = Records.rejected(file: "r\(i)", timeMilliseconds: time(i), seq: i)
            case .duplicate:
                record = Records.rejected(file: "d\(i)", id: Records.id(1), timeMilliseconds: time(i), seq: i)
                record.payload = .duplicate(of: 2)
            case .classified:
                let title = i % 11 == 0 ? #"fake "topics":["climate","mining_ban"] in a title"# : "Title \(i)"
                record = Records.classified(
                    file: "c\(i).txt", id: Records.id(i), topics: topics(i), title: title, timeMilliseconds: time(i), seq: i)
            }
            text += record.jsonLine() + "\n"
        }
        text += #"{"v":1,"seq":3001,"time":"2026-11-22T02:01:00.000Z","event":"rejected","fi"#
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    private func seqs(_ reader: EventLogReader, _ query: EventLogQuery) throws -> [Int] {
        var seqs: [Int] = []
        try reader.forEach(matching: query) { line in seqs.append(line.seq ?? -1) }
        return seqs
    }

    func testFiltersByTopicEventAndTimeGiveTheKnownAnswers() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        try writeLog(path)
        // A small chunk size makes lines straddle chunk boundaries.
        let reader = EventLogReader(path: path, chunkSize: 4096)
        let all = Array(1...count)

        XCTAssertEqual(try seqs(reader, EventLogQuery()), all, "everything but the torn line, in file order")
        XCTAssertEqual(try seqs(reader, EventLogQuery(topics: ["mining_ban"])),
                       all.filter { topics($0).contains("mining_ban") })
        XCTAssertEqual(try seqs(reader, EventLogQuery(topics: ["climate"])),
                       all.filter { topics($0).contains("climate") })
        XCTAssertEqual(try seqs(reader, EventLogQuery(topics: ["mining_ban", "corruption"])),
                       all.filter { !Set(topics($0)).isDisjoint(with: ["mining_ban", "corruption"]) })
        XCTAssertEqual(try seqs(reader, EventLogQuery(topics: ["no_such_topic"])), [])
        XCTAssertEqual(try seqs(reader, EventLogQuery(events: ["rejected"])), all.filter { kind($0) == .rejected })
        XCTAssertEqual(try seqs(reader, EventLogQuery(events: ["rejected", "duplicate"])),
                       all.filter { kind($0) != .classified })
        XCTAssertEqual(try seqs(reader, EventLogQuery(events: ["classifie"])), [], "whole values only")
        XCTAssertEqual(try seqs(reader, EventLogQuery(since: time(1000), until: time(2000))), Array(1000..<2000))
        XCTAssertEqual(try seqs(reader, EventLogQuery(since: time(2500))), Array(2500...count))
        XCTAssertEqual(try seqs(reader, EventLogQuery(until: time(10) + 1)), Array(1...10))
        XCTAssertEqual(
            try seqs(reader, EventLogQuery(topics: ["corruption"], events: ["classified"], since: time(100), until: time(900))),
            (100..<900).filter { topics($0).contains("corruption") })

        let lines = try reader.lines(matching: EventLogQuery(topics: ["climate"], since: time(2990)))
        XCTAssertEqual(lines.count, (2990...count).filter { topics($0).contains("climate") }.count)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            XCTAssertEqual((object?["topics"] as? [String])?.contains("climate"), true)
        }
    }

    func testMatchingWorksOnLinesInAnotherFieldOrder() {
        let line = #"{"event":"classified","seq":5,"v":1,"file":"x","time":"2026-11-23T18:00:00+08:00","topics":["climate"]}"#
        let tenUTC: Int64 = 1_795_428_000_000 // 2026-11-23T10:00:00Z
        XCTAssertTrue(EventLogQuery(topics: ["climate"]).matches(line))
        XCTAssertTrue(EventLogQuery(events: ["classified"], since: tenUTC, until: tenUTC + 1).matches(line))
        XCTAssertFalse(EventLogQuery(since: tenUTC + 1).matches(line))
        XCTAssertFalse(EventLogQuery(topics: ["corruption"]).matches(line))
        XCTAssertFalse(EventLogQuery(events: ["rejected"]).matches(line))
        XCTAssertFalse(EventLogQuery(since: 0).matches("not json at all"))
    }

    func testAMissingLogIsReportedAsSuch() {
        let reader = EventLogReader(path: "/nonexistent/newsclass/events.jsonl")
        XCTAssertThrowsError(try reader.lines()) { error in
            XCTAssertEqual(error as? EventLogError, .cannotOpen(path: "/nonexistent/newsclass/events.jsonl", .noSuchFileOrDirectory))
        }
    }

    func testFollowSeesAppendedLinesAndContinuesAcrossRotation() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        var options = EventLogWriter.Options()
        options.missingPathGrace = .zero
        let writer = try EventLogWriter(path: path, options: options)
        try writer.appendAndWait(Records.rejected(file: "existing"))

        let seen = Collector<Int>()
        let stop = FollowStop()
        let finished = Collector<Bool>()
        let follower = Thread {
            do {
                try EventLogReader(path: path).follow(
                    EventLogQuery(events: ["rejected"]), from: .start, pollInterval: .milliseconds(20), until: stop
                ) { line in seen.add(line.seq ?? -1) }
                finished.add(true)
            } catch {
                finished.add(false)
            }
        }
        follower.start()
        defer {
            stop.stop()
            _ = waitUntil { finished.count == 1 }
        }

        XCTAssertTrue(waitUntil { seen.count == 1 })
        try writer.appendAndWait(Records.rejected(file: "two"))
        try writer.appendAndWait(Records.classified(file: "not-shown", id: Records.id(1), topics: []))
        try writer.appendAndWait(Records.rejected(file: "four"))
        XCTAssertTrue(waitUntil { seen.count == 3 })

        // Rotation: renamed away; the writer creates a new log at its next batch.
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try writer.appendAndWait(Records.rejected(file: "five"))
        try writer.appendAndWait(Records.rejected(file: "six"))
        XCTAssertTrue(waitUntil { seen.count == 5 })
        // And logrotate's create mode, with a follower already on the second file.
        try FileManager.default.moveItem(atPath: path, toPath: path + ".2")
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        try writer.appendAndWait(Records.rejected(file: "seven"))
        XCTAssertTrue(waitUntil { seen.count == 6 })
        writer.close()

        stop.stop()
        XCTAssertTrue(waitUntil { finished.count == 1 })
        XCTAssertEqual(finished.all, [true])
        XCTAssertEqual(seen.all, [1, 2, 4, 5, 6, 7])
        XCTAssertEqual(try LogFileContents.seqs(path + ".1"), [1, 2, 3, 4])
        XCTAssertEqual(try LogFileContents.seqs(path), [7])
    }

    func testFollowFromTheEndShowsOnlyNewLinesAndWaitsForALineToFinish() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        var text = ""
        for i in 1...3 { text += Records.rejected(file: "old\(i)", seq: i).jsonLine() + "\n" }
        let partial = Records.rejected(file: "new", seq: 4).jsonLine()
        let split = partial.utf8.count / 2
        text += String(partial.utf8.prefix(split))!
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))

        let seen = Collector<String>()
        let stop = FollowStop()
        let finished = Collector<Bool>()
        let follower = Thread {
            try? EventLogReader(path: path).follow(from: .end, pollInterval: .milliseconds(10), until: stop) { line in
                seen.add(line.text)
            }
            finished.add(true)
        }
        follower.start()
        defer {
            stop.stop()
            _ = waitUntil { finished.count == 1 }
        }
        Thread.sleep(forTimeInterval: 0.1)
        XCTAssertEqual(seen.count, 0)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data((String(partial.utf8.dropFirst(split))! + "\n").utf8))
        handle.closeFile()
        XCTAssertTrue(waitUntil { seen.count == 1 })
        stop.stop()
        XCTAssertTrue(waitUntil { finished.count == 1 })
        XCTAssertEqual(seen.all, [partial])
    }
}
