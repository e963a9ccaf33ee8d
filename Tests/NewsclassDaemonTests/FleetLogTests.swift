import Foundation
import NewsclassTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `newsclass log` over journals: the records a daemon sent to a real journald (our own,
/// in a private mount namespace), read back from its folder, from copies of its files, and
/// while files are added; each record once, gaps named.
final class FleetLogTests: XCTestCase {
    private let journalFolder = PrivateJournald.journalDirectory

    /// Runs `newsclass ARGUMENTS` inside the journald's namespace: status and output.
    private func newsclass(_ journald: PrivateJournald, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = try journald.run([NewsclassProcess.binary.path] + arguments)
        let status = process.wait()
        return (status, process.output)
    }

    private func lines(_ output: String) -> [String] {
        output.split(separator: "\n").map(String.init)
    }

    /// Sends one entry with these fields, as `logger --journald` does (the way an older
    /// newsclass, or a test of a lost record, writes entries).
    private func send(_ journald: PrivateJournald, _ fields: [String], in scratch: ScratchDirectory) throws {
        let file = try scratch.write("entry-\(UUID().uuidString)", (["MESSAGE=test entry"] + fields).joined(separator: "\n") + "\n")
        XCTAssertEqual(try journald.run(["/usr/bin/logger", "--journald=\(file)"]).wait(), 0)
    }

    /// A daemon of instance `feedA` classifies three files; returns its event log's lines.
    private func runFeed(_ journald: PrivateJournald, _ spool: TestSpool) throws -> [String] {
        let daemon = try journald.run(
            [NewsclassProcess.binary.path, "run", "--instance", "feedA", "--spool", spool.spool.path, "--log", spool.log])
        defer { daemon.stop() }
        try daemon.waitForOutput(containing: "newsclass: watching ")
        try spool.dropByRename("ban.txt", Articles.miningBan(1))
        try spool.dropByRename("graft.txt", Articles.corruption)
        try spool.dropByRename("empty.txt", [])
        let deadline = Date(timeIntervalSinceNow: 60)
        while spool.records().count < 3, Date() < deadline { usleep(20_000) }
        XCTAssertEqual(daemon.stop(), 0, daemon.output)
        let log = try String(contentsOfFile: spool.log, encoding: .utf8)
        return lines(log)
    }

    func testJournalsGiveEachRecordOnce() throws {
        let journald = try PrivateJournald.startOrSkip()
        let spool = try TestSpool()
        let scratch = try ScratchDirectory()
        let logLines = try runFeed(journald, spool)
        XCTAssertEqual(logLines.count, 3)

        // Every entry carries the instance and its record's line, byte for byte.
        let entries = try journald.entries(matching: ["NEWSCLASS_INSTANCE=feedA"])
        XCTAssertEqual(entries.count, 3)
        XCTAssertEqual(Set(entries.compactMap { $0["NEWSCLASS_RECORD"] as? String }), Set(logLines))

        // --json from the journal folder: the event log's lines, each once.
        let json = try newsclass(journald, ["log", "--directory", journalFolder, "--json"])
        XCTAssertEqual(json.status, 0, json.output)
        XCTAssertEqual(lines(json.output).sorted(), logLines.sorted())
        // --since skips entries by their journal time, but filters by the record's own.
        let firstTime = try XCTUnwrap(logLines.first.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }?["time"] as? String)
        let sinceFirst = try newsclass(journald, ["log", "--directory", journalFolder, "--json", "--since", firstTime])
        XCTAssertEqual(lines(sinceFirst.output).sorted(), logLines.sorted())
        let future = try newsclass(journald, ["log", "--directory", journalFolder, "--json", "--since", "2999-01-01"])
        XCTAssertEqual(future.status, 0, future.output)
        XCTAssertEqual(future.output, "")
        let mining = try newsclass(journald, ["log", "--directory", journalFolder, "--json", "--topic", "mining_ban"])
        XCTAssertEqual(lines(mining.output), logLines.filter { $0.contains("\"ban.txt\"") })

        // The table starts with host/instance.
        let table = try newsclass(journald, ["log", "--directory", journalFolder])
        XCTAssertEqual(lines(table.output).count, 3, table.output)
        XCTAssertTrue(lines(table.output).allSatisfy { $0.split(separator: " ").first?.hasSuffix("/feedA") ?? false }, table.output)

        let check = try newsclass(journald, ["log", "--directory", journalFolder, "--check"])
        XCTAssertEqual(check.status, 0, check.output)
        XCTAssertTrue(check.output.contains("/feedA") && check.output.contains("seq 1-3") && check.output.contains("no gap"),
                      check.output)

        // The same journal file twice in one folder, and named twice: still once each.
        let copies = scratch.url.appendingPathComponent("copies").path
        let copy = try journald.run(["/bin/sh", "-c", "mkdir -p \(copies) && for f in \(journalFolder)/*/*.journal; do "
            + "cp \"$f\" \(copies)/first.journal && cp \"$f\" \(copies)/second.journal; done"])
        XCTAssertEqual(copy.wait(), 0, copy.output)
        let twice = try newsclass(journald, ["log", "--directory", copies, "--json"])
        XCTAssertEqual(lines(twice.output).sorted(), logLines.sorted())
        let named = try newsclass(journald, ["log", "--file", copies + "/first.journal", "--file", copies + "/second.journal", "--json"])
        XCTAssertEqual(named.status, 0, named.output)
        XCTAssertEqual(lines(named.output).sorted(), logLines.sorted())

        // A record delivered again (an uploader re-sending after a restart): a new entry
        // with the same machine, instance and seq is dropped, and counted.
        try send(journald, ["NEWSCLASS_EVENT=rejected", "NEWSCLASS_FILE=empty.txt", "NEWSCLASS_SEQ=3",
                            "NEWSCLASS_INSTANCE=feedA", "NEWSCLASS_RECORD=\(logLines[2])"], in: scratch)
        let again = try newsclass(journald, ["log", "--directory", journalFolder, "--json"])
        XCTAssertEqual(lines(again.output).sorted(), logLines.sorted())
        let recheck = try newsclass(journald, ["log", "--directory", journalFolder, "--check", "--json"])
        XCTAssertEqual(recheck.status, 0, recheck.output)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(recheck.output.utf8)) as? [String: Any])
        XCTAssertEqual(report["instance"] as? String, "feedA")
        XCTAssertEqual(report["first"] as? Int, 1)
        XCTAssertEqual(report["last"] as? Int, 3)
        XCTAssertEqual(report["records"] as? Int, 3)
        XCTAssertEqual(report["duplicates"] as? Int, 1)
        XCTAssertEqual((report["gaps"] as? [Any])?.count, 0)

        // The summary: one row for today, counts per event and topic, and a bar.
        let summary = try newsclass(journald, ["log", "--directory", journalFolder, "--summary"])
        XCTAssertEqual(summary.status, 0, summary.output)
        let rows = lines(summary.output)
        XCTAssertEqual(rows.count, 2, summary.output)
        XCTAssertTrue(rows[0].hasPrefix("day") && rows[0].contains("mining_ban") && rows[0].contains("corruption"), rows[0])
        XCTAssertTrue(rows[1].contains("█"), rows[1])
        let byInstance = try newsclass(journald, ["log", "--directory", journalFolder, "--summary", "--by", "instance", "--json"])
        let row = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(byInstance.output.utf8)) as? [String: Any])
        XCTAssertEqual(row["instance"] as? String, "feedA")
        XCTAssertEqual(row["records"] as? Int, 3)
        XCTAssertEqual((row["topics"] as? [String: Int])?["mining_ban"], 1)
        XCTAssertEqual((row["events"] as? [String: Int])?["rejected"], 1)

        // --instance keeps one feed's records.
        let other = try newsclass(journald, ["log", "--directory", journalFolder, "--instance", "feedB", "--json"])
        XCTAssertEqual(other.status, 0, other.output)
        XCTAssertEqual(other.output, "")
    }

    /// Entries of seq 1, 2 and 4 (written without NEWSCLASS_RECORD, as before it existed):
    /// seq 3 was lost.
    func testCheckNamesAGap() throws {
        let journald = try PrivateJournald.startOrSkip()
        let scratch = try ScratchDirectory()
        for seq in [1, 2, 4] {
            try send(journald, ["NEWSCLASS_EVENT=classified", "NEWSCLASS_FILE=old-\(seq).txt", "NEWSCLASS_SEQ=\(seq)",
                                "NEWSCLASS_BYTES=10", "NEWSCLASS_INSTANCE=gappy", "NEWSCLASS_TOPIC=climate",
                                "NEWSCLASS_SCORE_CLIMATE=0.9", "NEWSCLASS_SCORE_MINING_BAN=0.1"], in: scratch)
        }
        _ = try journald.run(["/usr/bin/journalctl", "--sync"]).wait()
        let check = try newsclass(journald, ["log", "--directory", journalFolder, "--check"])
        XCTAssertEqual(check.status, 1, check.output)
        XCTAssertTrue(check.output.contains("gap 3-3 (1 record)"), check.output)
        let json = try newsclass(journald, ["log", "--directory", journalFolder, "--check", "--json"])
        XCTAssertEqual(json.status, 1, json.output)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        XCTAssertEqual(report["gaps"] as? [[Int]], [[3, 3]])

        // The rebuilt records.
        let records = try newsclass(journald, ["log", "--directory", journalFolder, "--json", "--topic", "climate"])
        let objects = try lines(records.output).map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertEqual(objects.compactMap { $0["seq"] as? Int }, [1, 2, 4])
        XCTAssertEqual(objects.first?["file"] as? String, "old-1.txt")
        XCTAssertEqual(objects.first?["topics"] as? [String], ["climate"])
        XCTAssertEqual((objects.first?["scores"] as? [String: Double])?["mining_ban"], 0.1)
    }

    /// `--follow --directory` sees a journal file that appears after it started (journal-
    /// remote starting a file for a new host, or rotating one), prints only the records it
    /// had not printed, and stops on SIGTERM with status 0.
    func testFollowPicksUpNewFilesInTheFolder() throws {
        let journald = try PrivateJournald.startOrSkip()
        let scratch = try ScratchDirectory()
        let folder = scratch.url.appendingPathComponent("remote").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func send(_ seq: Int) throws {
            try self.send(journald, ["NEWSCLASS_EVENT=classified", "NEWSCLASS_FILE=follow-\(seq).txt", "NEWSCLASS_SEQ=\(seq)",
                                     "NEWSCLASS_TOPIC=climate"], in: scratch)
            XCTAssertEqual(try journald.run(["/usr/bin/journalctl", "--sync"]).wait(), 0)
        }
        func copy(as name: String) throws {
            let copy = try journald.run(["/bin/sh", "-c", "cp \(journalFolder)/*/system.journal \(folder)/\(name).tmp && "
                + "mv \(folder)/\(name).tmp \(folder)/\(name).journal"])
            XCTAssertEqual(copy.wait(), 0, copy.output)
        }
        try send(1)
        try send(2)
        try copy(as: "first")
        let follower = try journald.run(
            [NewsclassProcess.binary.path, "log", "--directory", folder, "--follow", "--since", "1h", "--json"])
        defer { follower.stop() }
        try follower.waitForOutput(containing: "follow-2.txt")
        // A second file, holding 1 and 2 again and the new 3.
        try send(3)
        try copy(as: "second")
        try follower.waitForOutput(containing: "follow-3.txt")
        XCTAssertEqual(follower.stop(), 0, follower.output)
        let printed = lines(follower.output)
        for seq in 1...3 {
            XCTAssertEqual(printed.filter { $0.contains("follow-\(seq).txt") }.count, 1, follower.output)
        }
        XCTAssertEqual(printed.count, 3, follower.output)
    }
}
