import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Bad input: each gets a `rejected` record with its reason, lands in failed/ with
/// NAME.reason.json, and the daemon carries on. Odd names are taken like any other.
final class BadInputTests: XCTestCase {
    func testEachBadInputIsRejectedWithItsReasonAndTheDaemonCarriesOn() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon(config: "[spool]\nmax_bytes = 4096\n")
        try spool.dropByRename("empty.txt", [])
        try spool.dropByRename("binary.dat", Array("PK\u{3}\u{4}".utf8) + [0, 0, 1, 2, 0, 0, 0] + Array(repeating: 0x41, count: 100))
        try spool.dropByRename("large.txt", Array(String(repeating: "crypto mining ban ", count: 400).utf8))
        try spool.dropByRename("broken.txt", [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00])
        XCTAssertEqual(symlink("/etc/passwd", spool.incoming.appendingPathComponent("link.txt").path), 0)
        XCTAssertEqual(mkfifo(spool.incoming.appendingPathComponent("pipe.txt").path, 0o644), 0)

        let expected: [String: (reason: String, detail: String?)] = [
            "empty.txt": ("empty", nil),
            "binary.dat": ("binary", nil),
            "large.txt": ("too_large", nil),
            "broken.txt": ("bad_encoding", nil),
            "link.txt": ("not_regular_file", "symlink"),
            "pipe.txt": ("not_regular_file", "FIFO"),
        ]
        spool.waitForFiles(Set(expected.keys), daemon: daemon)
        // Afterwards a good file is still classified.
        try spool.dropByRename("good.txt", Articles.miningBan(7))
        spool.waitForFiles(Set(expected.keys).union(["good.txt"]), daemon: daemon)
        spool.waitUntilProcessingEmpty()
        XCTAssertTrue(daemon.process.isRunning)
        XCTAssertEqual(daemon.terminate(), 0)

        let records = spool.records()
        assertExactlyOnce(records, Set(expected.keys).union(["good.txt"]))
        let failed = Set(spool.files(in: "failed"))
        for record in records {
            let file = record["file"] as? String ?? ""
            guard let want = expected[file] else {
                XCTAssertEqual(record["event"] as? String, "classified", "\(record)")
                continue
            }
            XCTAssertEqual(record["event"] as? String, "rejected", "\(file): \(record)")
            XCTAssertEqual(record["reason"] as? String, want.reason, "\(file): \(record)")
            let detail = record["detail"] as? String ?? ""
            XCTAssertFalse(detail.isEmpty, "\(file) has a detail")
            if let wanted = want.detail { XCTAssertEqual(detail, wanted, file) }
            XCTAssertTrue(failed.contains(file), "\(file) in failed/: \(failed)")
            XCTAssertTrue(failed.contains(file + ".reason.json"), "\(file).reason.json in failed/")
            let reasonURL = spool.spool.appendingPathComponent("failed/\(file).reason.json")
            let reason = try JSONSerialization.jsonObject(with: Data(contentsOf: reasonURL)) as? [String: Any]
            XCTAssertEqual(reason?["reason"] as? String, want.reason)
            XCTAssertEqual(reason?["file"] as? String, file)
            XCTAssertEqual(reason?["time"] as? String, record["time"] as? String, "reason file and record agree on the time")
        }
        let large = records.first { $0["file"] as? String == "large.txt" }
        XCTAssertEqual(large?["bytes"] as? Int, 7200)
        XCTAssertNil(large?["id"], "an oversized file is not read, so it has no id")
        // The symlink's target was never touched.
        XCTAssertTrue(FileManager.default.fileExists(atPath: "/etc/passwd"))
        XCTAssertEqual(spool.files(in: "done"), ["good.txt"])
    }

    func testUnreadableFileIsRejected() throws {
        let spool = try TestSpool()
        // Root reads a mode-000 file anyway: as root, the daemon runs as nobody.
        let nobody: uid_t = 65534
        let daemon = try spool.startDaemon(user: getuid() == 0 ? nobody : nil)
        let staged = spool.staging.appendingPathComponent("secret")
        try Data(Articles.corruption).write(to: staged)
        XCTAssertEqual(chmod(staged.path, 0), 0)
        XCTAssertEqual(rename(staged.path, spool.incoming.appendingPathComponent("secret.txt").path), 0)
        let records = spool.waitForFiles(["secret.txt"], daemon: daemon)
        XCTAssertEqual(daemon.terminate(), 0)
        XCTAssertEqual(records.first?["reason"] as? String, "unreadable")
    }

    func testNamesWithNewlinesOrInvalidUTF8AreRejectedUnderTheirExactNames() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon()
        try spool.dropByRename("two\nlines.txt", Articles.miningBan(11))
        try spool.dropByRename(raw: Array("caf".utf8) + [0xE9] + Array(".txt".utf8), Articles.miningBan(12))
        try spool.dropByRename("tab\there.txt", Articles.miningBan(14))
        try spool.dropByRename("back\\slash.txt", Articles.miningBan(13))
        let names: Set<String> = ["two\nlines.txt", "caf\\xE9.txt", "tab\there.txt", "back\\\\slash.txt"]
        spool.waitForFiles(names, daemon: daemon)
        spool.waitUntilProcessingEmpty()
        XCTAssertEqual(daemon.terminate(), 0)
        let records = spool.records()
        assertExactlyOnce(records, names)
        func record(_ file: String) -> [String: Any]? { records.first { $0["file"] as? String == file } }
        // A backslash is an ordinary character: classified (its record shows it doubled).
        XCTAssertEqual(record("back\\\\slash.txt")?["event"] as? String, "classified")
        XCTAssertTrue(FileManager.default.fileExists(atPath: spool.spool.appendingPathComponent("done/back\\slash.txt").path))
        // The others are bad names: rejected with the reason, read all the same (id and
        // size known), and moved to failed/ under their raw names with the reason file.
        for (file, why) in [("two\nlines.txt", "holds a newline"), ("caf\\xE9.txt", "is not valid UTF-8"),
                            ("tab\there.txt", "holds the control character 0x09")] {
            XCTAssertEqual(record(file)?["event"] as? String, "rejected", file)
            XCTAssertEqual(record(file)?["reason"] as? String, "bad_name", file)
            XCTAssertTrue((record(file)?["detail"] as? String)?.contains(why) ?? false, "\(String(describing: record(file)))")
            XCTAssertNotNil(record(file)?["id"], file)
        }
        let latin1 = Array(spool.spool.path.utf8) + Array("/failed/caf".utf8) + [0xE9] + Array(".txt".utf8)
        var status = stat()
        XCTAssertEqual(lstat(latin1.map { CChar(bitPattern: $0) } + [0], &status), 0, "failed/caf\\xE9.txt exists")
        XCTAssertEqual(lstat((latin1 + Array(".reason.json".utf8)).map { CChar(bitPattern: $0) } + [0], &status), 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: spool.spool.appendingPathComponent("failed/two\nlines.txt").path))
        XCTAssertTrue(FileManager.default.fileExists(
            atPath: spool.spool.appendingPathComponent("failed/two\nlines.txt.reason.json").path))
        // The daemon's own stderr keeps one message per line.
        XCTAssertFalse(daemon.stderr.contains("two\nlines"))
    }
}
