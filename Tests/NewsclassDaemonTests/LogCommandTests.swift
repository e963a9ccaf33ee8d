import Foundation
import NewsclassTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `newsclass log` on a log produced by the daemon.
final class LogCommandTests: XCTestCase {
    /// One daemon run producing classified (two topics), duplicate and rejected records.
    private func producedLog() throws -> TestSpool {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon()
        // One at a time, so that the log's order (two workers) is known.
        var dropped: Set<String> = []
        for (name, bytes) in [("ban.txt", Articles.miningBan(1)), ("graft.txt", Articles.corruption),
                              ("graft-again.txt", Articles.corruption), ("empty.txt", [])] {
            try spool.dropByRename(name, bytes)
            dropped.insert(name)
            spool.waitForFiles(dropped, daemon: daemon)
        }
        XCTAssertEqual(daemon.terminate(), 0)
        return spool
    }

    private func jsonLines(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    func testFilters() throws {
        let spool = try producedLog()
        let all = spool.records()
        XCTAssertEqual(all.count, 4)

        let everything = try NewsclassProcess.run(["log", "--log", spool.log, "--json"])
        XCTAssertEqual(everything.status, 0, everything.stderr)
        XCTAssertEqual(jsonLines(everything.stdout).count, 4)

        let mining = try NewsclassProcess.run(["log", "--log", spool.log, "--topic", "mining_ban", "--json"])
        XCTAssertEqual(jsonLines(mining.stdout).compactMap { $0["file"] as? String }, ["ban.txt"])

        let either = try NewsclassProcess.run(["log", "--log", spool.log, "--topic", "mining_ban", "--topic", "corruption", "--json"])
        XCTAssertEqual(jsonLines(either.stdout).compactMap { $0["file"] as? String }, ["ban.txt", "graft.txt"])

        let rejected = try NewsclassProcess.run(["log", "--log", spool.log, "--event", "rejected", "--json"])
        let rejectedRecords = jsonLines(rejected.stdout)
        XCTAssertEqual(rejectedRecords.compactMap { $0["file"] as? String }, ["empty.txt"])
        XCTAssertEqual(rejectedRecords.first?["reason"] as? String, "empty")

        let duplicates = try NewsclassProcess.run(["log", "--log", spool.log, "--event", "duplicate", "--json"])
        XCTAssertEqual(jsonLines(duplicates.stdout).compactMap { $0["file"] as? String }, ["graft-again.txt"])

        let recent = try NewsclassProcess.run(["log", "--log", spool.log, "--since", "1h", "--json"])
        XCTAssertEqual(jsonLines(recent.stdout).count, 4)
        let future = try NewsclassProcess.run(["log", "--log", spool.log, "--since", "2999-01-01T00:00:00Z", "--json"])
        XCTAssertEqual(future.status, 0)
        XCTAssertEqual(future.stdout, "")
        let lastTime = try XCTUnwrap(all.last?["time"] as? String)
        let untilLast = try NewsclassProcess.run(["log", "--log", spool.log, "--until", lastTime, "--json"])
        XCTAssertTrue(jsonLines(untilLast.stdout).allSatisfy { ($0["time"] as? String ?? "") < lastTime })
        let firstTime = try XCTUnwrap(all.first?["time"] as? String)
        let sinceFirst = try NewsclassProcess.run(["log", "--log", spool.log, "--since", firstTime, "--json"])
        XCTAssertEqual(jsonLines(sinceFirst.stdout).count, 4, "--since is inclusive")

        // The human table: one line per record, with topics and top evidence.
        let table = try NewsclassProcess.run(["log", "--log", spool.log])
        XCTAssertEqual(table.status, 0)
        let lines = table.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, 4, table.stdout)
        XCTAssertTrue(lines[0].contains("classified") && lines[0].contains("ban.txt") && lines[0].contains("mining_ban \""), String(lines[0]))
        XCTAssertTrue(lines[2].contains("duplicate") && lines[2].contains("seq"), String(lines[2]))
        XCTAssertTrue(lines[3].contains("rejected") && lines[3].contains("empty: "), String(lines[3]))
    }

    func testBadArgumentsAndMissingLog() throws {
        let spool = try TestSpool()
        let missing = try NewsclassProcess.run(["log", "--log", spool.log])
        XCTAssertEqual(missing.status, 66, missing.stderr)
        XCTAssertTrue(missing.stderr.contains(spool.log), missing.stderr)

        let badSince = try NewsclassProcess.run(["log", "--log", spool.log, "--since", "last tuesday"])
        XCTAssertEqual(badSince.status, 64, badSince.stderr)
        XCTAssertTrue(badSince.stderr.contains("--since"), badSince.stderr)
        let badEvent = try NewsclassProcess.run(["log", "--log", spool.log, "--event", "archived"])
        XCTAssertEqual(badEvent.status, 64, badEvent.stderr)
    }

    func testCheckAndSummaryOfAnEventLog() throws {
        let spool = try producedLog()
        let check = try NewsclassProcess.run(["log", "--log", spool.log, "--check"])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("seq 1-4") && check.stdout.contains("4 records") && check.stdout.contains("no gap"),
                      check.stdout)

        // A log with a line cut out has a gap.
        let lines = try String(contentsOfFile: spool.log, encoding: .utf8).split(separator: "\n")
        let holed = try ScratchDirectory()
        let path = try holed.write("events.jsonl", ([lines[0], lines[1], lines[3]]).joined(separator: "\n") + "\n")
        let gap = try NewsclassProcess.run(["log", "--log", path, "--check"])
        XCTAssertEqual(gap.status, 1, gap.stderr)
        XCTAssertTrue(gap.stdout.contains("gap 3-3 (1 record)"), gap.stdout)
        let gapJSON = try NewsclassProcess.run(["log", "--log", path, "--check", "--json"])
        let report = try XCTUnwrap(jsonLines(gapJSON.stdout).first)
        XCTAssertEqual(report["gaps"] as? [[Int]], [[3, 3]])
        XCTAssertEqual(report["records"] as? Int, 3)

        let summary = try NewsclassProcess.run(["log", "--log", spool.log, "--summary"])
        XCTAssertEqual(summary.status, 0, summary.stderr)
        let rows = summary.stdout.split(separator: "\n")
        XCTAssertEqual(rows.count, 2, summary.stdout)
        XCTAssertTrue(rows[0].hasPrefix("day") && rows[0].contains("duplicate") && rows[0].contains("corruption"), String(rows[0]))
        XCTAssertTrue(rows[1].contains("█"), String(rows[1]))
        let perHour = try NewsclassProcess.run(["log", "--log", spool.log, "--summary", "--by", "hour", "--json", "--event", "classified"])
        let row = try XCTUnwrap(jsonLines(perHour.stdout).first)
        XCTAssertEqual(row["records"] as? Int, 2)
        XCTAssertEqual((row["topics"] as? [String: Int])?["corruption"], 1)
        XCTAssertEqual((row["hour"] as? String)?.count, 13)
    }

    func testFleetOptionsThatDoNotGoTogether() throws {
        let spool = try producedLog()
        for arguments in [["--check", "--topic", "climate"], ["--check", "--summary"], ["--follow", "--check"],
                          ["--by", "day"], ["--summary", "--by", "week"], ["--journal"], ["--json", "--with-source"],
                          ["--instance", "a/b"]] {
            let result = try NewsclassProcess.run(["log", "--log", spool.log] + arguments)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
        }
        let missing = try NewsclassProcess.run(["log", "--directory", spool.root.appendingPathComponent("nothing").path])
        XCTAssertEqual(missing.status, 66, missing.stderr)
        // An instance's event log is where newsclass@NAME.service writes it.
        let feed = try NewsclassProcess.run(["log", "--instance", "no-such-feed-\(getpid())"])
        XCTAssertEqual(feed.status, 66, feed.stderr)
        XCTAssertTrue(feed.stderr.contains("/var/log/newsclass/no-such-feed-\(getpid())/events.jsonl"), feed.stderr)
        for name in ["", "a/b", String(repeating: "x", count: 65), "tab\there", ".."] {
            let run = try NewsclassProcess.run(["run", "--instance", name, "--spool", spool.spool.path, "--log", spool.log])
            XCTAssertEqual(run.status, 64, "\(name): \(run.stderr)")
        }
    }

    func testFollowPrintsNewRecordsUntilSIGTERM() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon()
        // With --since the follower first reads what is there, so it cannot miss records
        // written before it opened the log.
        let follower = try BackgroundProcess(
            ["log", "--log", spool.log, "--follow", "--since", "1h", "--json", "--topic", "corruption"],
            outputIn: spool.root, name: "follow")
        try spool.dropByRename("ban.txt", Articles.miningBan(1))
        try spool.dropByRename("graft.txt", Articles.corruption)
        let deadline = Date(timeIntervalSinceNow: 60)
        while !follower.stdout.contains("graft.txt"), Date() < deadline { usleep(50_000) }
        XCTAssertTrue(follower.stdout.contains("graft.txt"), "follow output: \(follower.stdout) \(follower.stderr)")
        XCTAssertFalse(follower.stdout.contains("ban.txt"))
        // It keeps following: a record written later shows up too.
        try spool.dropByRename("graft-2.txt", Articles.corruption + Array("More.".utf8))
        let later = Date(timeIntervalSinceNow: 60)
        while !follower.stdout.contains("graft-2.txt"), Date() < later { usleep(50_000) }
        XCTAssertTrue(follower.stdout.contains("graft-2.txt"), "follow output: \(follower.stdout)")
        XCTAssertEqual(follower.terminate(), 0)
        XCTAssertEqual(daemon.terminate(), 0)
    }
}
