import Foundation
import NewsclassTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `newsclass run` on ordinary drops: each file one `classified` record with its topics,
/// the file archived where the record says.
final class IngestTests: XCTestCase {
    func testRenameDropAndWriteInPlaceEachGetOneClassifiedRecord() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon()
        try spool.dropByRename("renamed.txt", Articles.miningBan(1))
        try spool.writeInPlace("in-place.txt", Articles.corruption)
        let records = spool.waitForFiles(["renamed.txt", "in-place.txt"], daemon: daemon)
        spool.waitUntilProcessingEmpty()
        XCTAssertEqual(daemon.terminate(), 0, daemon.stderr)
        let final = spool.records()
        assertExactlyOnce(final, ["renamed.txt", "in-place.txt"])

        let byFile = Dictionary(uniqueKeysWithValues: records.map { ($0["file"] as? String ?? "", $0) })
        let renamed = try XCTUnwrap(byFile["renamed.txt"])
        XCTAssertEqual(renamed["event"] as? String, "classified")
        XCTAssertTrue((renamed["topics"] as? [String] ?? []).contains("mining_ban"), "\(renamed)")
        XCTAssertEqual(renamed["archived"] as? String, "done/renamed.txt")
        XCTAssertTrue((renamed["id"] as? String ?? "").hasPrefix("sha256:"))
        XCTAssertEqual(renamed["v"] as? Int, 1)
        let inPlace = try XCTUnwrap(byFile["in-place.txt"])
        XCTAssertEqual(inPlace["event"] as? String, "classified")
        XCTAssertEqual(inPlace["topics"] as? [String], ["corruption"])
        XCTAssertEqual(Set(spool.files(in: "done")), ["renamed.txt", "in-place.txt"])
        XCTAssertEqual(spool.files(in: "incoming"), [])
    }

    func testNestedFoldersCreatedWhileRunning() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon()
        try spool.writeInPlace("a/b/c/x.txt", Articles.miningBan(2))
        try spool.dropByRename("a/b/c/d/e/y.txt", Articles.miningBan(3))
        let records = spool.waitForFiles(["a/b/c/x.txt", "a/b/c/d/e/y.txt"], daemon: daemon)
        spool.waitUntilProcessingEmpty()
        XCTAssertEqual(daemon.terminate(), 0)
        assertExactlyOnce(spool.records(), ["a/b/c/x.txt", "a/b/c/d/e/y.txt"])
        let archived = Set(records.compactMap { $0["archived"] as? String })
        XCTAssertEqual(archived, ["done/a/b/c/x.txt", "done/a/b/c/d/e/y.txt"])
        XCTAssertEqual(Set(spool.files(in: "done")), ["a/b/c/x.txt", "a/b/c/d/e/y.txt"])
    }

    func testUnfinishedNamesWaitUntilRenamed() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon()
        try spool.writeInPlace("report.txt.tmp", Articles.miningBan(4))
        try spool.writeInPlace(".hidden.txt", Articles.miningBan(5))
        try spool.dropByRename("marker.txt", Articles.corruption)
        spool.waitForFiles(["marker.txt"], daemon: daemon)
        XCTAssertEqual(Set(spool.files(in: "incoming")), ["report.txt.tmp", ".hidden.txt"])
        XCTAssertEqual(rename(spool.incoming.appendingPathComponent("report.txt.tmp").path,
                              spool.incoming.appendingPathComponent("report.txt").path), 0)
        spool.waitForFiles(["report.txt"], daemon: daemon)
        XCTAssertEqual(daemon.terminate(), 0)
        assertExactlyOnce(spool.records(), ["marker.txt", "report.txt"])
    }

    func testDuplicateDropPointsAtTheFirstRecord() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon()
        try spool.dropByRename("first.txt", Articles.corruption)
        let firstRecords = spool.waitForFiles(["first.txt"], daemon: daemon)
        try spool.dropByRename("again.txt", Articles.corruption)
        // Same name, same bytes, dropped again after the first was archived.
        try spool.dropByRename("first.txt", Articles.corruption)
        let records = spool.waitForRecords(daemon: daemon, until: { $0.count >= 3 })
        spool.waitUntilProcessingEmpty()
        XCTAssertEqual(daemon.terminate(), 0)
        let first = try XCTUnwrap(firstRecords.first)
        XCTAssertEqual(first["event"] as? String, "classified")
        let firstSeq = try XCTUnwrap(first["seq"] as? Int)
        let duplicates = records.filter { $0["event"] as? String == "duplicate" }
        XCTAssertEqual(duplicates.count, 2, "\(records)")
        for duplicate in duplicates {
            XCTAssertEqual(duplicate["duplicate_of"] as? Int, firstSeq)
            XCTAssertEqual(duplicate["id"] as? String, first["id"] as? String)
        }
        XCTAssertEqual(spool.records().count, 3)
        // Names in done/ never overwrite: the second first.txt gets a suffix.
        XCTAssertEqual(Set(spool.files(in: "done")), ["first.txt", "again.txt", "first.1.txt"])
    }

    func testSIGTERMFinishesInFlightAndExitsZero() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon()
        var names: Set<String> = []
        for index in 0..<400 {
            let name = "term-\(index).txt"
            try spool.dropByRename(name, Articles.miningBan(index, tag: "term"))
            names.insert(name)
        }
        XCTAssertEqual(daemon.terminate(), 0, daemon.stderr)
        XCTAssertEqual(spool.processingEntries(), [], "nothing left in processing/ after SIGTERM")
        // What was taken has its record and is in done/; the rest still waits in incoming/.
        let recorded = Set(spool.records().compactMap { $0["file"] as? String })
        XCTAssertEqual(recorded, Set(spool.files(in: "done")))
        XCTAssertEqual(recorded.union(spool.files(in: "incoming")), names)
        // The next start takes the rest, each file once overall.
        let second = try spool.startDaemon()
        spool.waitForFiles(names, daemon: second)
        spool.waitUntilProcessingEmpty()
        XCTAssertEqual(second.terminate(), 0)
        assertExactlyOnce(spool.records(), names)
    }

    func testIncomingRemovedEndsTheDaemonWithAnError() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon()
        try FileManager.default.removeItem(at: spool.incoming)
        let status = daemon.waitForExit(timeout: 60)
        XCTAssertNotNil(status, "newsclass run still running 60 s after incoming/ was removed")
        XCTAssertNotEqual(status, 0)
        XCTAssertEqual(status, 74)
        XCTAssertTrue(daemon.stderr.contains("spool is gone"), daemon.stderr)
    }

    func testBadConfigurationExits78() throws {
        let spool = try TestSpool()
        let config = spool.root.appendingPathComponent("bad.toml")
        try "[spool]\nmax_bytes = \"lots\"\n".write(to: config, atomically: true, encoding: .utf8)
        let output = try NewsclassProcess.run(["run", "--config", config.path, "--spool", spool.spool.path, "--log", spool.log])
        XCTAssertEqual(output.status, 78, output.stderr)
        XCTAssertTrue(output.stderr.contains("bad.toml:2"), output.stderr)
        XCTAssertTrue(output.stderr.contains("max_bytes"), output.stderr)
    }
}
