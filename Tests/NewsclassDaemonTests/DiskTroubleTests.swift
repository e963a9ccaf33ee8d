import Foundation
import NewsclassTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The event log's disk fills up: claiming pauses, nothing is archived without its record,
/// and everything resumes, exactly once, when space returns. SIGHUP reopens the log.
final class DiskTroubleTests: XCTestCase {
    private func runTool(_ path: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    func testFullLogDiskPausesAndResumesExactlyOnce() throws {
        let spool = try TestSpool()
        let logFolder = spool.logURL.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: logFolder, withIntermediateDirectories: true)
        guard runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", logFolder.path]) == 0 else {
            print("skipped: cannot mount a small tmpfs for the log here (needs root and mount permission)")
            throw XCTSkip("cannot mount a tmpfs")
        }
        defer { _ = runTool("/bin/umount", ["-l", logFolder.path]) }

        let listener = try NotifySocketListener(abstractName: "newsclass-test-\(UUID().uuidString)")
        let heard = NotifyRecorder(listener)
        let daemon = try spool.startDaemon(environment: ["NOTIFY_SOCKET": listener.address])
        try spool.dropByRename("before.txt", Articles.corruption)
        spool.waitForFiles(["before.txt"], daemon: daemon)

        // Fill the log's file system to the last block.
        let filler = logFolder.appendingPathComponent("filler")
        let fd = open(filler.path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        let block = [UInt8](repeating: 0x78, count: 4096)
        while block.withUnsafeBytes({ write(fd, $0.baseAddress!, $0.count) }) > 0 {}
        var small = [UInt8](repeating: 0x78, count: 1)
        while write(fd, &small, 1) > 0 {}
        close(fd)

        var names: Set<String> = ["before.txt"]
        for index in 0..<20 {
            let name = "full-\(index).txt"
            try spool.dropByRename(name, Articles.miningBan(index, tag: "full"))
            names.insert(name)
        }
        let deadline = Date(timeIntervalSinceNow: 60)
        while !daemon.stderr.contains("paused: log disk full"), Date() < deadline { usleep(50_000) }
        XCTAssertTrue(daemon.stderr.contains("paused: log disk full"), daemon.stderr)
        // systemctl status says so too.
        let paused = try heard.waitFor { $0.hasPrefix("STATUS=paused: log disk full") }
        // Nothing moved to done/ without its record.
        let recorded = Set(spool.records().compactMap { $0["file"] as? String })
        XCTAssertTrue(Set(spool.files(in: "done")).isSubset(of: recorded))
        XCTAssertTrue(daemon.process.isRunning)

        try FileManager.default.removeItem(at: filler)
        spool.waitForFiles(names, timeout: 120, daemon: daemon)
        spool.waitUntilProcessingEmpty()
        XCTAssertTrue(daemon.stderr.contains("resumed"), daemon.stderr)
        try heard.waitFor(after: paused) { $0.hasPrefix("STATUS=watching ") }
        XCTAssertEqual(daemon.terminate(), 0)
        assertExactlyOnce(spool.records(), names)
        XCTAssertEqual(spool.files(in: "done").count, names.count)
    }

    func testSIGHUPReopensTheLogAfterRotation() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon()
        try spool.dropByRename("one.txt", Articles.corruption)
        let first = spool.waitForFiles(["one.txt"], daemon: daemon)
        let rotated = spool.logURL.appendingPathExtension("1")
        XCTAssertEqual(rename(spool.log, rotated.path), 0)
        daemon.signal(SIGHUP)
        // reopen() returns once the writer has switched; the rotated file keeps the old record.
        let deadline = Date(timeIntervalSinceNow: 60)
        while !FileManager.default.fileExists(atPath: spool.log), Date() < deadline { usleep(20_000) }
        try spool.dropByRename("two.txt", Articles.miningBan(2))
        let second = spool.waitForFiles(["two.txt"], daemon: daemon)
        XCTAssertEqual(daemon.terminate(), 0)
        XCTAssertEqual(second.count, 1, "the new log holds only the new record")
        XCTAssertEqual(second.first?["seq"] as? Int, (first.first?["seq"] as? Int ?? 0) + 1, "seq continues")
        let old = try String(contentsOf: rotated, encoding: .utf8)
        XCTAssertTrue(old.contains("one.txt") && !old.contains("two.txt"))
    }
}
