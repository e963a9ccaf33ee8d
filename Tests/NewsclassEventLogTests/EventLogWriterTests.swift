import Foundation
import NewsclassEventLog
import NewsclassRecords
import XCTest

final class EventLogWriterTests: XCTestCase {
    func testSeqContinuesAcrossWriterInstances() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        do {
            let writer = try EventLogWriter(path: path)
            XCTAssertEqual(writer.nextSeq, 1)
            for n in 0..<3 { try writer.appendAndWait(Records.rejected(file: "f\(n)")) }
            writer.close()
        }
        let writer = try EventLogWriter(path: path)
        XCTAssertEqual(writer.recovery.lastSeq, 3)
        XCTAssertEqual(writer.recovery.records, 3)
        XCTAssertEqual(writer.nextSeq, 4)
        let written = try writer.appendAndWait(Records.rejected(file: "f3"))
        XCTAssertEqual(written.seq, 4)
        writer.close()
        XCTAssertEqual(try LogFileContents.seqs(path), [1, 2, 3, 4])
    }

    func testAppendStampsSeqAndTimeAndWritesTheRenderedLine() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        let writer = try EventLogWriter(path: path)
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        let written = try writer.appendAndWait(Records.classified(file: "a.txt", id: Records.id(1), topics: ["climate"]))
        let after = Int64(Date().timeIntervalSince1970 * 1000)
        writer.close()
        XCTAssertEqual(written.seq, 1)
        XCTAssertGreaterThanOrEqual(written.timeMilliseconds, before)
        XCTAssertLessThanOrEqual(written.timeMilliseconds, after)
        let text = String(decoding: try LogFileContents.bytes(path), as: UTF8.self)
        XCTAssertEqual(text, written.jsonLine() + "\n")
        let record = try XCTUnwrap(LogFileContents.records(path).first)
        XCTAssertEqual(record["time"] as? String, RecordTime.format(millisecondsSinceEpoch: written.timeMilliseconds))
    }

    func testTornTailIsCutAndTheNextRecordStartsOnItsOwnLine() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        do {
            let writer = try EventLogWriter(path: path)
            try writer.appendAndWait(Records.rejected(file: "one"))
            try writer.appendAndWait(Records.rejected(file: "two"))
            writer.close()
        }
        // What a crash in the middle of a write leaves: a line without its newline.
        let torn = #"{"v":1,"seq":3,"time":"2026-11-23T10:1"#
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(torn.utf8))
        handle.closeFile()

        let writer = try EventLogWriter(path: path)
        XCTAssertEqual(writer.recovery.tornBytesCut, Int64(torn.utf8.count))
        XCTAssertEqual(writer.recovery.lastSeq, 2)
        let written = try writer.appendAndWait(Records.rejected(file: "three"))
        writer.close()
        XCTAssertEqual(written.seq, 3)
        let records = try LogFileContents.records(path)
        XCTAssertEqual(records.map { $0["file"] as? String }, ["one", "two", "three"])
        XCTAssertEqual(records.map { $0["seq"] as? Int }, [1, 2, 3])
        XCTAssertFalse(String(decoding: try LogFileContents.bytes(path), as: UTF8.self).contains("10:1{"))
    }

    func testAFileThatIsAllTornBecomesEmpty() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        try Data(#"{"v":1,"seq":1,"ti"#.utf8).write(to: URL(fileURLWithPath: path))
        let writer = try EventLogWriter(path: path)
        XCTAssertEqual(writer.recovery.tornBytesCut, 18)
        XCTAssertEqual(writer.nextSeq, 1)
        try writer.appendAndWait(Records.rejected(file: "x"))
        writer.close()
        XCTAssertEqual(try LogFileContents.seqs(path), [1])
    }

    func testAFileThatIsNotAnEventLogIsLeftAlone() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("notes.txt")
        let text = "my notes, no newline at the end"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try EventLogWriter(path: path)) { error in
            XCTAssertEqual(error as? EventLogError, .notAnEventLog(path: path))
        }
        XCTAssertEqual(String(decoding: try LogFileContents.bytes(path), as: UTF8.self), text)
    }

    func testASecondWriterOnTheSameLogIsRefused() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        let first = try EventLogWriter(path: path)
        XCTAssertThrowsError(try EventLogWriter(path: path)) { error in
            XCTAssertEqual(error as? EventLogError, .inUse(path: path))
        }
        first.close()
        let second = try EventLogWriter(path: path)
        second.close()
    }

    func testNewLogIsCreatedWithMode0640() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        let writer = try EventLogWriter(path: path)
        writer.close()
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0, 0o640 & ~Int(currentUmask()))
    }

    func testConcurrentAppendsAreAllWrittenOnceInOrderAndShareSyncs() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        let writer = try EventLogWriter(path: path)
        let threads = 8
        let perThread = 500
        let completed = Collector<EventRecord>()
        let failures = Collector<EventLogError>()
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for n in 0..<perThread {
                let record = Records.classified(
                    file: "t\(thread)/article-\(n).txt", id: Records.id(thread * perThread + n), topics: ["corruption"])
                writer.append(record) { result in
                    switch result {
                    case .success(let written): completed.add(written)
                    case .failure(let error): failures.add(error)
                    }
                }
            }
        }
        writer.flush()
        let total = threads * perThread
        XCTAssertEqual(completed.count, total)
        XCTAssertEqual(failures.count, 0)
        XCTAssertEqual(Set(completed.all.compactMap(\.seq)), Set(1...total))
        let stats = writer.stats
        writer.close()

        XCTAssertEqual(try LogFileContents.seqs(path), Array(1...total), "seqs unique, contiguous, in file order")
        let files = try LogFileContents.records(path).compactMap { $0["file"] as? String }
        XCTAssertEqual(Set(files).count, total)
        XCTAssertEqual(stats.records, total)
        XCTAssertLessThan(stats.batches, total, "group commit: several records per fdatasync")
        XCTAssertEqual(stats.fsyncs, stats.batches)
    }

    func testCompletionRunsOnlyOnceTheLineIsInTheFile() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        let writer = try EventLogWriter(path: path)
        let seen = Collector<Bool>()
        for n in 0..<50 {
            writer.append(Records.rejected(file: "r\(n)")) { result in
                guard case .success(let record) = result else { return seen.add(false) }
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                seen.add(text.contains(record.jsonLine() + "\n"))
            }
        }
        writer.close()
        XCTAssertEqual(seen.all, Array(repeating: true, count: 50))
    }

    func testContentIndexFindsTheFirstClassifiedRecordAndSurvivesReopen() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        let article = Records.id(7)
        let binary = Records.id(8)
        do {
            let writer = try EventLogWriter(path: path)
            XCTAssertNil(writer.firstSeq(forID: article))
            try writer.appendAndWait(Records.rejected(file: "bin", id: binary))
            try writer.appendAndWait(Records.classified(file: "a.txt", id: article, topics: ["climate"]))
            // Appended without deduplication: written as given, the index keeps the first.
            try writer.appendAndWait(Records.classified(file: "a-copy.txt", id: article, topics: ["climate"]))
            XCTAssertEqual(writer.firstSeq(forID: article), 2)
            let duplicate = try writer.appendAndWait(
                Records.classified(file: "a-again.txt", id: article, topics: ["climate"]), deduplicate: true)
            XCTAssertEqual(duplicate.event, "duplicate")
            XCTAssertEqual(duplicate.seq, 4)
            XCTAssertNil(writer.firstSeq(forID: binary), "rejected records are not indexed")
            writer.close()
        }
        let records = try LogFileContents.records(path)
        XCTAssertEqual(records[3]["event"] as? String, "duplicate")
        XCTAssertEqual(records[3]["duplicate_of"] as? Int, 2)
        XCTAssertEqual(records[3]["file"] as? String, "a-again.txt")
        XCTAssertEqual(records[3]["id"] as? String, article)

        let reopened = try EventLogWriter(path: path)
        XCTAssertEqual(reopened.recovery.indexedIDs, 1)
        XCTAssertEqual(reopened.firstSeq(forID: article), 2)
        XCTAssertNil(reopened.firstSeq(forID: binary))
        XCTAssertNil(reopened.firstSeq(forID: Records.id(9)))
        let again = try reopened.appendAndWait(
            Records.classified(file: "a-fourth.txt", id: article, topics: ["climate"]), deduplicate: true)
        XCTAssertEqual(again.event, "duplicate")
        if case .duplicate(let first) = again.payload { XCTAssertEqual(first, 2) } else { XCTFail("not a duplicate") }
        let fresh = try reopened.appendAndWait(
            Records.classified(file: "b.txt", id: Records.id(9), topics: []), deduplicate: true)
        XCTAssertEqual(fresh.event, "classified")
        XCTAssertEqual(reopened.firstSeq(forID: Records.id(9)), fresh.seq)
        reopened.close()
    }

    func testIdenticalArticlesInFlightGiveOneClassifiedAndDuplicatesOfIt() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        let writer = try EventLogWriter(path: path)
        let articles = 200
        let copies = 4
        DispatchQueue.concurrentPerform(iterations: copies) { copy in
            for n in 0..<articles {
                let record = Records.classified(file: "copy\(copy)/\(n).txt", id: Records.id(n), topics: ["climate"])
                writer.append(record, deduplicate: true) { _ in }
            }
        }
        writer.close()
        let records = try LogFileContents.records(path)
        XCTAssertEqual(records.count, articles * copies)
        var classifiedSeq: [String: Int] = [:]
        for record in records where record["event"] as? String == "classified" {
            let id = try XCTUnwrap(record["id"] as? String)
            XCTAssertNil(classifiedSeq[id], "a second classified record for \(id)")
            classifiedSeq[id] = record["seq"] as? Int
        }
        XCTAssertEqual(classifiedSeq.count, articles)
        for record in records where record["event"] as? String == "duplicate" {
            let id = try XCTUnwrap(record["id"] as? String)
            let first = try XCTUnwrap(classifiedSeq[id])
            XCTAssertEqual(record["duplicate_of"] as? Int, first)
            XCTAssertLessThan(first, try XCTUnwrap(record["seq"] as? Int), "the first is written before its duplicates")
        }
    }

    func testRecentRecordFindsAFileByNameAndIDAcrossRestarts() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        let oddName = "sub dir/\"quoted\" \\ name\nwith newline — 新闻.txt"
        do {
            let writer = try EventLogWriter(path: path)
            try writer.appendAndWait(Records.classified(file: "a.txt", id: Records.id(1), topics: []))
            try writer.appendAndWait(Records.rejected(file: "unreadable.txt", reason: "unreadable"))
            try writer.appendAndWait(Records.classified(file: oddName, id: Records.id(2), topics: ["climate"]))
            try writer.appendAndWait(Records.classified(file: "a.txt", id: Records.id(3), topics: []))
            XCTAssertEqual(writer.recentRecord(file: oddName, id: Records.id(2)), 3)
            writer.close()
        }
        let writer = try EventLogWriter(path: path)
        defer { writer.close() }
        XCTAssertEqual(writer.recentRecord(file: "a.txt", id: Records.id(1)), 1)
        XCTAssertEqual(writer.recentRecord(file: "a.txt", id: Records.id(3)), 4)
        XCTAssertEqual(writer.recentRecord(file: "a.txt", id: nil), 4, "without an id: the newest for the name")
        XCTAssertEqual(writer.recentRecord(file: "unreadable.txt", id: nil), 2)
        XCTAssertEqual(writer.recentRecord(file: oddName, id: Records.id(2)), 3)
        XCTAssertNil(writer.recentRecord(file: "a.txt", id: Records.id(2)))
        XCTAssertNil(writer.recentRecord(file: "b.txt", id: nil))
        XCTAssertNil(writer.recentRecord(file: "a.txt", id: "not an id we wrote"))
        let tomorrow = Int64(Date().timeIntervalSince1970 * 1000) + 86_400_000
        XCTAssertNil(writer.recentRecord(file: "a.txt", id: Records.id(1), writtenSince: tomorrow))
        XCTAssertEqual(writer.recentRecord(file: "a.txt", id: Records.id(1), writtenSince: 0), 1)
    }

    func testInodeStampsOfUnclaimableRecordsAreReadBackAtOpen() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        let big = InodeStamp(device: UInt64.max, inode: 1 << 63 + 5, changeSeconds: 1_796_563_756, changeNanoseconds: 999_999_999)
        let small = InodeStamp(device: 65024, inode: 16_230_366, changeSeconds: 0, changeNanoseconds: 0)
        func unclaimable(_ file: String, _ stamp: InodeStamp) -> EventRecord {
            EventRecord(
                seq: nil, timeMilliseconds: 0, file: file, id: Records.id(7), bytes: 3,
                payload: .rejected(reason: "unclaimable", detail: #"a "detail" with "inode":{"dev":1,"ino":2}"#),
                inode: stamp)
        }
        do {
            let writer = try EventLogWriter(path: path)
            XCTAssertEqual(writer.recovery.inodes, [])
            try writer.appendAndWait(unclaimable("desk/a.txt", big))
            try writer.appendAndWait(Records.rejected(file: "b.txt", reason: "unreadable"))
            try writer.appendAndWait(unclaimable("desk/c.txt", small))
            writer.close()
        }
        let line = try XCTUnwrap(LogFileContents.records(path).first)
        let inode = try XCTUnwrap(line["inode"] as? [String: Any])
        XCTAssertEqual(inode["ctime"] as? Int, 1_796_563_756)
        XCTAssertEqual(inode["ctime_nsec"] as? Int, 999_999_999)
        let writer = try EventLogWriter(path: path)
        defer { writer.close() }
        XCTAssertEqual(writer.recovery.inodes, [big, small])
        // They are no claims' records: recovery of processing/ never matches them.
        XCTAssertNil(writer.recentRecord(file: "desk/a.txt", id: nil))
        XCTAssertEqual(writer.recentRecord(file: "b.txt", id: nil), 2)
    }

    func testRecentWindowForgetsOlderRecords() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        var options = EventLogWriter.Options()
        options.recentWindow = 4
        let writer = try EventLogWriter(path: path, options: options)
        for n in 1...6 { try writer.appendAndWait(Records.rejected(file: "f\(n)")) }
        XCTAssertNil(writer.recentRecord(file: "f2", id: nil))
        XCTAssertEqual(writer.recentRecord(file: "f3", id: nil), 3)
        XCTAssertEqual(writer.recentRecord(file: "f6", id: nil), 6)
        writer.close()
    }

    func testReleasedRecentWindowAnswersNilAndWritingGoesOn() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        let writer = try EventLogWriter(path: path)
        try writer.appendAndWait(Records.rejected(file: "f1"))
        XCTAssertEqual(writer.recentRecord(file: "f1", id: nil), 1)
        writer.releaseRecentRecords()
        XCTAssertNil(writer.recentRecord(file: "f1", id: nil))
        try writer.appendAndWait(Records.rejected(file: "f2"))
        XCTAssertNil(writer.recentRecord(file: "f2", id: nil), "no longer kept after the release")
        writer.close()
        XCTAssertEqual(try LogFileContents.seqs(path), [1, 2])
        let reopened = try EventLogWriter(path: path)
        defer { reopened.close() }
        XCTAssertEqual(reopened.recentRecord(file: "f2", id: nil), 2, "the next start reads the window from the log")
    }

    func testAppendAfterCloseFailsWithClosed() throws {
        let scratch = try ScratchDirectory()
        let writer = try EventLogWriter(path: scratch.file("events.jsonl"))
        try writer.appendAndWait(Records.rejected(file: "x"))
        XCTAssertTrue(writer.close())
        XCTAssertThrowsError(try writer.appendAndWait(Records.rejected(file: "y"))) { error in
            XCTAssertEqual(error as? EventLogError, .closed)
        }
        XCTAssertThrowsError(try writer.reopen()) { error in
            XCTAssertEqual(error as? EventLogError, .closed)
        }
        XCTAssertTrue(writer.close(), "closing twice is harmless")
        XCTAssertEqual(try LogFileContents.seqs(scratch.file("events.jsonl")), [1])
    }

    func testCloseWritesEverythingQueued() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        let writer = try EventLogWriter(path: path)
        let completed = Collector<Int>()
        for n in 0..<300 {
            writer.append(Records.rejected(file: "q\(n)")) { result in
                if case .success(let record) = result { completed.add(record.seq ?? -1) }
            }
        }
        writer.close()
        XCTAssertEqual(completed.count, 300)
        XCTAssertEqual(try LogFileContents.seqs(path), Array(1...300))
    }
}

private func currentUmask() -> mode_t {
    let mask = umask(0o022)
    umask(mask)
    return mask
}
