import Foundation
import NewsclassEventLog
import XCTest

final class RotationTests: XCTestCase {
    func testLogRenamedAwayIsFollowedByANewFileAtThePath() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        var options = EventLogWriter.Options()
        options.missingPathGrace = .zero
        let writer = try EventLogWriter(path: path, options: options)
        let reopened = Collector<Bool>()
        writer.onReopen = { result in
            if case .success = result { reopened.add(true) } else { reopened.add(false) }
        }
        try writer.appendAndWait(Records.rejected(file: "before-1"))
        try writer.appendAndWait(Records.rejected(file: "before-2"))
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")

        let written = try writer.appendAndWait(Records.rejected(file: "after"))
        writer.close()
        XCTAssertEqual(written.seq, 3)
        XCTAssertEqual(try LogFileContents.seqs(path + ".1"), [1, 2])
        XCTAssertEqual(try LogFileContents.seqs(path), [3])
        XCTAssertEqual(reopened.all, [true])
    }

    func testLogrotateCreateModeIsFollowed() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        let writer = try EventLogWriter(path: path)
        try writer.appendAndWait(Records.rejected(file: "before"))
        // logrotate `create`: rename, then create an empty file in its place.
        try FileManager.default.moveItem(atPath: path, toPath: path + "-20261123")
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))

        try writer.appendAndWait(Records.rejected(file: "after-1"))
        try writer.appendAndWait(Records.rejected(file: "after-2"))
        writer.close()
        XCTAssertEqual(try LogFileContents.seqs(path + "-20261123"), [1])
        XCTAssertEqual(try LogFileContents.seqs(path), [2, 3])
    }

    func testMissingPathGetsAGraceBeforeTheWriterCreatesIt() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        var options = EventLogWriter.Options()
        options.missingPathGrace = .seconds(3600)
        let writer = try EventLogWriter(path: path, options: options)
        try writer.appendAndWait(Records.rejected(file: "before"))
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        // Within the grace the records go on, durably, into the renamed file.
        try writer.appendAndWait(Records.rejected(file: "during"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertEqual(try LogFileContents.seqs(path + ".1"), [1, 2])
        // SIGHUP does not wait.
        try writer.reopen()
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        try writer.appendAndWait(Records.rejected(file: "after"))
        writer.close()
        XCTAssertEqual(try LogFileContents.seqs(path), [3])
        XCTAssertEqual(try LogFileContents.seqs(path + ".1"), [1, 2])
    }

    func testExplicitReopenWithNothingRotatedKeepsTheSameFile() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        let writer = try EventLogWriter(path: path)
        try writer.appendAndWait(Records.rejected(file: "one"))
        try writer.reopen()
        try writer.reopen()
        try writer.appendAndWait(Records.rejected(file: "two"))
        writer.close()
        XCTAssertEqual(try LogFileContents.seqs(path), [1, 2])
    }

    func testRestartAfterRotationContinuesFromTheRotatedGeneration() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.file("events.jsonl")
        do {
            let writer = try EventLogWriter(path: path)
            for n in 0..<5 {
                try writer.appendAndWait(Records.classified(file: "a\(n).txt", id: Records.id(n), topics: []))
            }
            writer.close()
        }
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try Data("ignored, compressed\n".utf8).write(to: URL(fileURLWithPath: path + ".2.gz"))

        let writer = try EventLogWriter(path: path)
        XCTAssertEqual(writer.recovery.lastSeq, 5)
        XCTAssertEqual(writer.recovery.scannedFiles, [path + ".1", path])
        XCTAssertEqual(writer.nextSeq, 6)
        XCTAssertEqual(writer.firstSeq(forID: Records.id(3)), 4)
        XCTAssertEqual(writer.recentRecord(file: "a4.txt", id: Records.id(4)), 5)
        let written = try writer.appendAndWait(
            Records.classified(file: "again.txt", id: Records.id(0), topics: []), deduplicate: true)
        writer.close()
        XCTAssertEqual(written.seq, 6)
        XCTAssertEqual(written.event, "duplicate")
        XCTAssertEqual(try LogFileContents.records(path).first?["duplicate_of"] as? Int, 1)
    }
}
