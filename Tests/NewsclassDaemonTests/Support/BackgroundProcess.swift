import Foundation
import NewsclassTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A `newsclass` process left running (the daemon, `log --follow`), its output going to
/// files so that a full pipe can never stall it. Only this process is ever signalled,
/// by its PID; `deinit` kills it if a test left it running.
final class BackgroundProcess {
    let process = Process()
    let stdoutURL: URL
    let stderrURL: URL

    /// `user`: run as this uid (and gid) through setpriv(1), for tests that need a daemon
    /// without root's powers; setpriv execs, so `pid` is still the daemon's.
    /// `environment`: added to (or, with nil values, removed from) the test's own.
    init(
        _ arguments: [String], outputIn folder: URL, name: String, user: uid_t? = nil,
        environment extra: [String: String?] = [:]
    ) throws {
        stdoutURL = folder.appendingPathComponent("\(name).stdout")
        stderrURL = folder.appendingPathComponent("\(name).stderr")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", NewsclassProcess.binary.path]
                + arguments
        } else {
            process.executableURL = NewsclassProcess.binary
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NEWSCLASS_CONFIG")
        // What systemd hands a service is the test's to give, never inherited (the test
        // runner may itself run under systemd, or another test may have set them).
        for key in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM"] {
            environment.removeValue(forKey: key)
        }
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    var pid: pid_t { process.processIdentifier }

    func signal(_ number: Int32) {
        if process.isRunning { kill(pid, number) }
    }

    /// The exit status once it has exited within `timeout` seconds, else nil.
    func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    /// SIGTERM, then the exit status (SIGKILL and a test failure after 60 s).
    @discardableResult
    func terminate(file: StaticString = #filePath, line: UInt = #line) -> Int32 {
        signal(SIGTERM)
        if let status = waitForExit(timeout: 60) { return status }
        XCTFail("newsclass did not exit within 60 s of SIGTERM; killed. stderr:\n\(stderr)", file: file, line: line)
        signal(SIGKILL)
        process.waitUntilExit()
        return -1
    }

    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Whether the process ended by a signal (SIGKILL) rather than exit().
    var wasKilled: Bool { process.terminationReason == .uncaughtSignal }
}
