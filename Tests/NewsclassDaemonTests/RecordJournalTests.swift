import Foundation
import NewsclassTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's journal entries, read back from a real systemd-journald of our own (in a
/// private mount namespace, so the machine's journal is not touched).
final class RecordJournalTests: XCTestCase {
    func testOneEntryPerRecordWithSearchableFields() throws {
        let journald = try PrivateJournald.startOrSkip()
        let spool = try TestSpool()
        let daemon = try journald.run(
            [NewsclassProcess.binary.path, "run", "--spool", spool.spool.path, "--log", spool.log])
        defer { daemon.stop() }
        try daemon.waitForOutput(containing: "newsclass: watching ")

        try spool.dropByRename("graft.txt", Articles.corruption)
        try spool.dropByRename("ban.txt", Articles.miningBan(1))
        // The same bytes again, once the first copy is recorded: so that it is the duplicate.
        let deadline = Date(timeIntervalSinceNow: 60)
        while !spool.records().contains(where: { $0["file"] as? String == "graft.txt" }), Date() < deadline {
            usleep(20_000)
        }
        try spool.dropByRename("again.txt", Articles.corruption)
        try spool.dropByRename("empty.txt", [])
        try spool.dropByRename("two\nlines.txt", Articles.miningBan(2))
        let names: Set = ["graft.txt", "ban.txt", "again.txt", "empty.txt", "two\nlines.txt"]
        while Set(spool.records().compactMap { $0["file"] as? String }).count < names.count, Date() < deadline {
            usleep(20_000)
        }
        XCTAssertEqual(daemon.stop(), 0, daemon.output)
        let records = spool.records()
        assertExactlyOnce(records, names)

        let entries = try journald.entries(matching: ["SYSLOG_IDENTIFIER=newsclass"])
            .filter { $0["NEWSCLASS_EVENT"] != nil }
        XCTAssertEqual(entries.count, records.count, "one entry per record: \(entries)")
        for record in records {
            let file = try XCTUnwrap(record["file"] as? String)
            let entry = try XCTUnwrap(entries.first { $0["NEWSCLASS_FILE"] as? String == file }, file)
            XCTAssertEqual(entry["NEWSCLASS_SEQ"] as? String, "\(record["seq"]!)")
            XCTAssertEqual(entry["NEWSCLASS_EVENT"] as? String, record["event"] as? String)
            XCTAssertEqual(entry["NEWSCLASS_ID"] as? String, record["id"] as? String)
            let (priority, messageID): (String, String) = switch record["event"] as? String {
            case "classified": ("6", "d03243f2a9d043db861b8dd8ffd70db3")
            case "duplicate": ("5", "1f0c0218a09945de9cca26f72a5de91f")
            default: ("4", "a63034bbacd1474894db850bfaf72c2d")
            }
            XCTAssertEqual(entry["PRIORITY"] as? String, priority, file)
            XCTAssertEqual(entry["MESSAGE_ID"] as? String, messageID, file)
            XCTAssertTrue((entry["MESSAGE"] as? String)?.hasPrefix(file + ": ") ?? false, "\(entry)")
            // The plain daemon has no instance: the field is absent, not empty.
            XCTAssertNil(entry["NEWSCLASS_INSTANCE"], file)
        }
        // Each entry carries its record's event-log line, byte for byte.
        let logLines = try String(contentsOfFile: spool.log, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(Set(entries.compactMap { $0["NEWSCLASS_RECORD"] as? String }), Set(logLines))

        let graft = try XCTUnwrap(entries.first { $0["NEWSCLASS_FILE"] as? String == "graft.txt" })
        XCTAssertEqual(graft["MESSAGE"] as? String, "graft.txt: corruption")
        let score = try XCTUnwrap(Double(graft["NEWSCLASS_SCORE_CORRUPTION"] as? String ?? ""))
        XCTAssertGreaterThan(score, 0.5)
        let empty = try XCTUnwrap(entries.first { $0["NEWSCLASS_FILE"] as? String == "empty.txt" })
        XCTAssertEqual(empty["NEWSCLASS_REASON"] as? String, "empty")

        // journalctl NEWSCLASS_TOPIC=… finds exactly the articles with that label.
        let corruption = try journald.entries(matching: ["NEWSCLASS_TOPIC=corruption"])
        XCTAssertEqual(corruption.compactMap { $0["NEWSCLASS_FILE"] as? String }, ["graft.txt"])
        let mining = try journald.entries(matching: ["NEWSCLASS_TOPIC=mining_ban"])
        XCTAssertEqual(mining.compactMap { $0["NEWSCLASS_FILE"] as? String }, ["ban.txt"])
        // The name with a newline is refused (bad_name); its entry keeps the newline.
        let badName = try XCTUnwrap(entries.first { $0["NEWSCLASS_FILE"] as? String == "two\nlines.txt" })
        XCTAssertEqual(badName["NEWSCLASS_REASON"] as? String, "bad_name")
        XCTAssertTrue((badName["MESSAGE"] as? String)?.hasPrefix("two\nlines.txt: rejected (bad_name)") ?? false)

        // The daemon's own lines, native entries too (stderr was not the journal, so they
        // went to stderr; the start message is in the output).
        XCTAssertTrue(daemon.output.contains("newsclass: watching "), daemon.output)
    }
}
