import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Files the daemon sees but may not take: a dropper's folder the daemon cannot write
/// (one `unclaimable` record per file, not one per scan, not again after a restart; taken
/// once fixed), and a folder it cannot read (one warning, not one per scan).
///
/// The daemon runs as `nobody` and the folders belong to root, so these tests need root.
final class UnclaimableTests: XCTestCase {
    private let nobody: uid_t = 65534
    /// Reconcile scans every 0.2 s: "several scans" take a second.
    private let config = "[spool]\nreconcile_seconds = 0.2\n"

    private func requireRoot() throws {
        guard getuid() == 0 else {
            print("skipped: needs root (folders owned by root, the daemon run as nobody through setpriv)")
            throw XCTSkip("needs root")
        }
    }

    func testFileInAFolderTheDaemonCannotWriteIsRecordedOnceAndTakenWhenTheFolderIsFixed() throws {
        try requireRoot()
        let spool = try TestSpool()
        let first = try spool.startDaemon(config: config, user: nobody)
        // A dropper's folder, mode 0755, owned by root: nobody reads it but cannot rename
        // anything out of it.
        let desk = spool.incoming.appendingPathComponent("desk")
        try FileManager.default.createDirectory(at: desk, withIntermediateDirectories: false)
        XCTAssertEqual(chmod(desk.path, 0o755), 0)
        try spool.dropByRename("desk/a.txt", Articles.miningBan(51))

        var records = spool.waitForFiles(["desk/a.txt"], daemon: first)
        usleep(1_500_000)  // several reconcile scans
        records = spool.records()
        XCTAssertEqual(records.count, 1, "one record, whatever the number of scans: \(records)")
        let record = records.first ?? [:]
        XCTAssertEqual(record["event"] as? String, "rejected")
        XCTAssertEqual(record["reason"] as? String, "unclaimable")
        let detail = record["detail"] as? String ?? ""
        XCTAssertTrue(detail.contains("cannot move it out of incoming/desk (mode 0755, owner 0): EACCES"), detail)
        XCTAssertTrue(detail.contains("chmod 2770"), detail)
        XCTAssertEqual(record["bytes"] as? Int, Articles.miningBan(51).count)
        XCTAssertNotNil(record["id"], "readable, so it has an id")
        let inode = record["inode"] as? [String: Any]
        var status = stat()
        XCTAssertEqual(stat(desk.appendingPathComponent("a.txt").path, &status), 0)
        XCTAssertEqual(inode?["ino"] as? Int, Int(status.st_ino))
        XCTAssertEqual(inode?["dev"] as? Int, Int(status.st_dev))
        XCTAssertEqual(inode?["ctime"] as? Int, Int(status.st_ctim.tv_sec))
        XCTAssertEqual(inode?["ctime_nsec"] as? Int, Int(status.st_ctim.tv_nsec))
        XCTAssertTrue(FileManager.default.fileExists(atPath: desk.appendingPathComponent("a.txt").path), "it stays")
        XCTAssertEqual(spool.files(in: "failed"), [])
        XCTAssertEqual(first.stderr.components(separatedBy: "it stays in incoming/").count - 1, 1, first.stderr)
        XCTAssertFalse(first.stderr.contains("cannot claim"), first.stderr)
        XCTAssertEqual(first.terminate(), 0)

        // A restart reads the log back: still one record after its scans.
        let second = try spool.startDaemon(config: config, user: nobody, keepOwners: true)
        usleep(1_500_000)
        XCTAssertEqual(spool.records().count, 1, "no second record after a restart: \(spool.records())")
        XCTAssertTrue(second.stderr.contains("1 unclaimable files already recorded"), second.stderr)
        XCTAssertFalse(second.stderr.contains("it stays in incoming/"), second.stderr)

        // Fixed and touched: taken like any new drop.
        XCTAssertEqual(chmod(desk.path, 0o777), 0)
        XCTAssertEqual(utimes(desk.appendingPathComponent("a.txt").path, nil), 0)
        records = spool.waitForRecords(daemon: second, until: { $0.count == 2 })
        spool.waitUntilProcessingEmpty()
        XCTAssertEqual(second.terminate(), 0)
        records = spool.records()
        XCTAssertEqual(records.map { $0["file"] as? String }, ["desk/a.txt", "desk/a.txt"])
        XCTAssertEqual(records.map { $0["reason"] as? String ?? $0["event"] as? String }, ["unclaimable", "classified"])
        XCTAssertEqual(records[1]["id"] as? String, record["id"] as? String)
        XCTAssertEqual(spool.files(in: "done"), ["desk/a.txt"])
    }

    func testFolderTheDaemonCannotReadIsWarnedAboutOnce() throws {
        try requireRoot()
        let spool = try TestSpool()
        let daemon = try spool.startDaemon(config: config, user: nobody)
        // Made outside and moved in whole, so that the daemon never sees it readable.
        let made = spool.staging.appendingPathComponent("hidden")
        try FileManager.default.createDirectory(at: made, withIntermediateDirectories: false)
        try Data(Articles.corruption).write(to: made.appendingPathComponent("b.txt"))
        XCTAssertEqual(chmod(made.path, 0o700), 0)
        let hidden = spool.incoming.appendingPathComponent("hidden")
        XCTAssertEqual(rename(made.path, hidden.path), 0)
        usleep(1_500_000)  // several reconcile scans
        let warning = "cannot read incoming/hidden (mode 0700, owner 0)"
        XCTAssertEqual(daemon.stderr.components(separatedBy: warning).count - 1, 1, daemon.stderr)
        // A change to the folder is a new state, worth a new warning.
        XCTAssertEqual(chmod(hidden.path, 0o711), 0)
        usleep(1_000_000)
        XCTAssertEqual(daemon.stderr.components(separatedBy: "cannot read incoming/hidden (mode 0711").count - 1, 1,
                       daemon.stderr)
        XCTAssertEqual(daemon.terminate(), 0)
        XCTAssertEqual(spool.records().count, 0, "its files cannot be seen, so they have no record")
    }
}
