import Foundation
import NewsclassTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `newsclass run` under a stand-in for systemd's notify socket: what systemd would hear,
/// in order, datagram by datagram.
final class ServiceNotifyTests: XCTestCase {
    func testLifecycleOverAPathSocket() throws {
        let spool = try TestSpool()
        let listener = try NotifySocketListener(path: spool.root.appendingPathComponent("notify").path)
        let heard = NotifyRecorder(listener)
        // A file without topics keeps the built-in ones.
        let daemon = try spool.startDaemon(
            config: "[spool]\nmax_bytes = 1048576\n", environment: ["NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "1000000"])
        let configFile = spool.root.appendingPathComponent("newsclass-0.toml")

        // READY=1 comes with the first status line, once the watch is live.
        let ready = try heard.waitFor { $0.hasPrefix("READY=1\n") }
        XCTAssertTrue(ready.text.contains("STATUS=watching \(spool.spool.path)/incoming: 0 classified"), ready.text)

        try spool.dropByRename("one.txt", Articles.corruption)
        try spool.dropByRename("two.txt", Articles.miningBan(1))
        spool.waitForFiles(["one.txt", "two.txt"], daemon: daemon)
        _ = try heard.waitFor { $0.hasPrefix("STATUS=") && $0.contains("2 classified") }
        // An idle, responsive pipeline is pinged for at half of WATCHDOG_USEC.
        _ = try heard.waitFor(count: 2) { $0 == "WATCHDOG=1" }

        // SIGHUP with a good configuration: RELOADING=1 and MONOTONIC_USEC= in one
        // datagram, on CLOCK_MONOTONIC, then READY=1.
        let before = monotonicMicrosecondsForTest()
        daemon.signal(SIGHUP)
        let reloading = try heard.waitFor { $0.hasPrefix("RELOADING=1") }
        let lines = reloading.text.split(separator: "\n")
        XCTAssertEqual(lines.count, 3, reloading.text)
        XCTAssertEqual(lines.dropFirst().first?.hasPrefix("MONOTONIC_USEC="), true, reloading.text)
        let stamp = UInt64(lines[1].dropFirst("MONOTONIC_USEC=".count)) ?? 0
        XCTAssertGreaterThanOrEqual(stamp, before)
        XCTAssertLessThanOrEqual(stamp, monotonicMicrosecondsForTest())
        let reloaded = try heard.waitFor(after: reloading) { $0.hasPrefix("READY=1\n") }
        XCTAssertFalse(reloaded.text.contains("reload refused"), reloaded.text)

        // A broken configuration is refused: still READY, the status says why, and the
        // daemon goes on with the old one.
        try "[spool\nmax_bytes = 5\n".write(to: configFile, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        let refusedReload = try heard.waitFor(after: reloaded) { $0.hasPrefix("RELOADING=1") }
        let refused = try heard.waitFor(after: refusedReload) { $0.hasPrefix("READY=1\n") }
        XCTAssertTrue(refused.text.contains("reload refused: \(configFile.path):1:"), refused.text)
        XCTAssertTrue(daemon.stderr.contains("reload refused: \(configFile.path):1:"), daemon.stderr)
        try spool.dropByRename("three.txt", Articles.miningBan(2))
        let records = spool.waitForFiles(["three.txt"], daemon: daemon)
        XCTAssertEqual(records.first?["event"] as? String, "classified", "the old max_bytes still holds")

        XCTAssertEqual(daemon.terminate(), 0)
        let stopping = try heard.waitFor { $0.hasPrefix("STOPPING=1") }
        XCTAssertLessThan(ready.position, stopping.position)
        assertExactlyOnce(spool.records(), ["one.txt", "two.txt", "three.txt"])
    }

    func testReloadAppliesNewTopicsAndGlobs() throws {
        let spool = try TestSpool()
        let listener = try NotifySocketListener(abstractName: "newsclass-test-\(UUID().uuidString)")
        let heard = NotifyRecorder(listener)
        let daemon = try spool.startDaemon(config: "[spool]\n", environment: ["NOTIFY_SOCKET": listener.address])
        _ = try heard.waitFor { $0.hasPrefix("READY=1\n") }

        // The new configuration: one topic of our own instead of the built-in climate, and
        // *.skip files left alone.
        let fresh = """
            [spool]
            exclude = ["*.skip"]

            [topics.climate]
            enabled = false

            [topics.tea]
            description = "tea"
            threshold = 0.3
            [[topics.tea.phrases]]
            weight = 5
            terms = ["oolong"]
            """
        try fresh.write(to: spool.root.appendingPathComponent("newsclass-0.toml"), atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        let reloading = try heard.waitFor { $0.hasPrefix("RELOADING=1") }
        let reloaded = try heard.waitFor(after: reloading) { $0.hasPrefix("READY=1\n") }
        XCTAssertFalse(reloaded.text.contains("refused"), reloaded.text + "\n" + daemon.stderr)

        try spool.dropByRename("tea.txt", Array("Oolong prices. The oolong harvest was good.\n".utf8))
        try spool.dropByRename("left.skip", Articles.corruption)
        let records = spool.waitForFiles(["tea.txt"], daemon: daemon)
        XCTAssertEqual(records.first?["topics"] as? [String], ["tea"])
        XCTAssertEqual((records.first?["scores"] as? [String: Any]).map { Set($0.keys) }, ["mining_ban", "corruption", "tea"])
        XCTAssertEqual(daemon.terminate(), 0)
        XCTAssertFalse(spool.records().contains { $0["file"] as? String == "left.skip" })
        XCTAssertTrue(FileManager.default.fileExists(atPath: spool.incoming.appendingPathComponent("left.skip").path))
    }

    func testWatchdogMeantForAnotherProcessIsNotPinged() throws {
        let spool = try TestSpool()
        let listener = try NotifySocketListener(abstractName: "newsclass-test-\(UUID().uuidString)")
        let heard = NotifyRecorder(listener)
        // WATCHDOG_PID names PID 1: the watchdog is not ours.
        let daemon = try spool.startDaemon(environment: [
            "NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "400000", "WATCHDOG_PID": "1",
        ])
        _ = try heard.waitFor { $0.hasPrefix("READY=1\n") }
        try spool.dropByRename("one.txt", Articles.corruption)
        spool.waitForFiles(["one.txt"], daemon: daemon)
        _ = try heard.waitFor { $0.hasPrefix("STATUS=") && $0.contains("1 classified") }
        XCTAssertEqual(daemon.terminate(), 0)
        _ = try heard.waitFor { $0.hasPrefix("STOPPING=1") }
        XCTAssertFalse(heard.all.contains("WATCHDOG=1"), "\(heard.all)")
    }

    func testSpoolGoneSendsErrnoBeforeExiting() throws {
        let spool = try TestSpool()
        let listener = try NotifySocketListener(abstractName: "newsclass-test-\(UUID().uuidString)")
        let heard = NotifyRecorder(listener)
        let daemon = try spool.startDaemon(environment: ["NOTIFY_SOCKET": listener.address])
        _ = try heard.waitFor { $0.hasPrefix("READY=1\n") }
        try FileManager.default.moveItem(at: spool.spool, to: spool.root.appendingPathComponent("moved-away"))
        XCTAssertEqual(daemon.waitForExit(timeout: 60), 74)
        let errno = try heard.waitFor { $0.hasPrefix("ERRNO=") }
        XCTAssertTrue(errno.text.contains("STATUS=the spool is gone"), errno.text)
    }
}
