import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The guarantee under load: bursts, SIGKILL and restart, an inotify queue overflow.
final class BurstTests: XCTestCase {
    /// `folders` 0: all at the top of incoming/.
    private func dropBurst(_ spool: TestSpool, count: Int, prefix: String, folders: Int = 10) throws -> Set<String> {
        var names: Set<String> = []
        for index in 0..<count {
            let folder = folders > 0 ? "\(prefix)-\(index % folders)/" : ""
            let name = "\(folder)\(prefix)-\(index).txt"
            try spool.dropByRename(name, Articles.miningBan(index, tag: prefix))
            names.insert(name)
        }
        return names
    }

    func testBurstOf5000IsRecordedExactlyOnce() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon()
        let started = Date()
        let names = try dropBurst(spool, count: 5000, prefix: "burst")
        spool.waitForFiles(names, timeout: 300, daemon: daemon)
        let elapsed = Date().timeIntervalSince(started)
        spool.waitUntilProcessingEmpty()
        let cpu = Self.cpuMilliseconds(of: daemon.pid)
        XCTAssertEqual(daemon.terminate(), 0)
        let records = spool.records()
        assertExactlyOnce(records, names)
        XCTAssertEqual(records.filter { $0["event"] as? String == "classified" }.count, 5000)
        XCTAssertEqual(spool.files(in: "done").count, 5000)
        XCTAssertEqual(spool.files(in: "incoming"), [])
        // For the report, not an assertion.
        if let cpu {
            print(String(format: "burst of 5000: %.1f s from first drop to last record (%.0f records/s), daemon CPU %.0f ms = %.3f ms per article",
                         elapsed, 5000 / elapsed, cpu, cpu / 5000))
        }
    }

    func testSIGKILLInTheMiddleOfABurstThenRestartIsExactlyOnce() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon()
        // The burst lands while the daemon is stopped, so that it is surely in the middle
        // of it when killed: once a tenth is recorded, with a full pipeline behind.
        daemon.signal(SIGSTOP)
        let names: Set<String>
        do {
            names = try dropBurst(spool, count: 3000, prefix: "kill", folders: 0)
        } catch {
            daemon.signal(SIGCONT)
            throw error
        }
        daemon.signal(SIGCONT)
        let deadline = Date(timeIntervalSinceNow: 120)
        while spool.records().count < 300, Date() < deadline { usleep(2_000) }
        daemon.signal(SIGKILL)
        _ = daemon.waitForExit(timeout: 60)
        XCTAssertTrue(daemon.wasKilled)
        let beforeRestart = spool.records().count
        print("SIGKILL after \(beforeRestart) records; \(spool.processingEntries().count) files left in processing/")

        let second = try spool.startDaemon()
        spool.waitForFiles(names, timeout: 300, daemon: second)
        spool.waitUntilProcessingEmpty()
        XCTAssertEqual(second.terminate(), 0)
        XCTAssertLessThan(beforeRestart, 3000, "killed before the burst was done")
        XCTAssertTrue(second.stderr.contains("recovery: "), "the restart found files in processing/:\n\(second.stderr)")
        assertExactlyOnce(spool.records(), names)
        XCTAssertEqual(spool.files(in: "done").count, 3000)
        XCTAssertEqual(spool.files(in: "incoming"), [])
    }

    func testInotifyOverflowWhileStoppedIsRecoveredByRescan() throws {
        let limitText = (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8)) ?? ""
        guard let limit = Int(limitText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw XCTSkip("cannot read /proc/sys/fs/inotify/max_queued_events")
        }
        guard limit <= 50_000 else {
            print("skipped: max_queued_events is \(limit); overflowing it would take too many files")
            throw XCTSkip("max_queued_events is \(limit) (> 50,000)")
        }
        let spool = try TestSpool()
        let daemon = try spool.startDaemon()
        daemon.signal(SIGSTOP)
        let count = limit + 1000
        let names: Set<String>
        do {
            names = try dropBurst(spool, count: count, prefix: "overflow", folders: 0)
        } catch {
            daemon.signal(SIGCONT)
            throw error
        }
        daemon.signal(SIGCONT)
        spool.waitForFiles(names, timeout: 600, daemon: daemon)
        spool.waitUntilProcessingEmpty()
        XCTAssertEqual(daemon.terminate(), 0)
        XCTAssertTrue(daemon.stderr.contains("overflowed"), "the overflow was not noticed:\n\(daemon.stderr)")
        assertExactlyOnce(spool.records(), names)
    }

    /// utime + stime of a process, from /proc/PID/stat, in ms.
    static func cpuMilliseconds(of pid: pid_t) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After the command: state is field 3; utime and stime are fields 14 and 15.
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) * 1000 / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
