import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real systemd-journald of the test's own: a private mount namespace (`unshare
/// --mount`) with tmpfs on /run/systemd and /run/log (and on /var/log/journal where the
/// machine keeps a persistent journal) and a volatile, unlimited journald.conf, so the
/// machine's journal is never touched nor read. Programs run inside it with `nsenter
/// --mount`, so they see this journald's socket; `entries` reads back only this
/// journald's files (`journalctl -D /run/log/journal -o json`). Needs root; `start` throws `Unavailable` (the caller skips)
/// where that or a tool is missing.
public final class PrivateJournald {
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    public static let journaldPath = "/lib/systemd/systemd-journald"
    /// Where this journald keeps its (volatile) files, inside the namespace.
    public static let journalDirectory = "/run/log/journal"

    private let holder: Process
    private let folder: URL

    private static let script = #"""
        # Holds the namespace: journald runs until this shell gets SIGTERM.
        set -u
        mount -t tmpfs tmpfs /run/systemd || exit 77
        mkdir -p /run/log && mount -t tmpfs tmpfs /run/log || exit 77
        mkdir -p /run/systemd/journal /run/log/journal
        # A persistent journal of the machine (earlier newsclass runs) must not be read back.
        if [ -d /var/log/journal ]; then mount -t tmpfs tmpfs /var/log/journal || exit 77; fi
        mount --bind "$WORK/journald.conf" /etc/systemd/journald.conf || exit 77
        "$JOURNALD" 2>"$WORK/journald.err" &
        JPID=$!
        trap 'kill -TERM $JPID; wait $JPID; exit 0' TERM INT
        for _ in $(seq 200); do [ -S /run/systemd/journal/socket ] && break; sleep 0.05; done
        [ -S /run/systemd/journal/socket ] || { echo "journald did not start" >&2; exit 1; }
        touch "$WORK/ready"
        wait $JPID
        """#

    /// Starts journald and waits (≤ 30 s) until its socket is there.
    public static func start() throws -> PrivateJournald {
        guard getuid() == 0 else { throw Unavailable(description: "needs root for a private journald (mount namespace)") }
        for tool in ["/usr/bin/unshare", "/usr/bin/nsenter", "/usr/bin/journalctl", journaldPath, "/etc/systemd/journald.conf"] {
            guard FileManager.default.fileExists(atPath: tool) else {
                throw Unavailable(description: "needs \(tool) for a private journald")
            }
        }
        let folder = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("newsclass-journald-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            [Journal]
            Storage=volatile
            RateLimitIntervalSec=0
            ForwardToSyslog=no
            ForwardToWall=no
            ForwardToConsole=no
            ReadKMsg=no
            Audit=no
            """.write(to: folder.appendingPathComponent("journald.conf"), atomically: true, encoding: .utf8)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        holder.arguments = ["--mount", "--propagation", "private", "bash", "-c", script]
        holder.environment = ["WORK": folder.path, "JOURNALD": journaldPath, "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
        holder.standardInput = FileHandle.nullDevice
        holder.standardError = try FileHandle(forWritingTo: Self.touch(folder.appendingPathComponent("holder.err")))
        try holder.run()
        let journald = PrivateJournald(holder: holder, folder: folder)
        let deadline = Date(timeIntervalSinceNow: 30)
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("ready").path) {
            if !holder.isRunning {
                let why = (try? String(contentsOf: folder.appendingPathComponent("holder.err"), encoding: .utf8)) ?? ""
                throw Unavailable(description: "no private journald here (exit \(holder.terminationStatus)): \(why)")
            }
            if Date() > deadline { throw Unavailable(description: "journald did not start within 30 s") }
            usleep(20_000)
        }
        return journald
    }

    private init(holder: Process, folder: URL) {
        self.holder = holder
        self.folder = folder
    }

    deinit {
        if holder.isRunning {
            kill(holder.processIdentifier, SIGTERM)
            holder.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Starts `arguments` inside the namespace (stdout and stderr to one file).
    public func run(_ arguments: [String], environment: [String: String] = [:]) throws -> NamespacedProcess {
        let output = try Self.touch(folder.appendingPathComponent("process-\(UUID().uuidString).out"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/nsenter")
        // nsenter execs the program (entering a mount namespace needs no fork), so the
        // process's PID is the program's.
        process.arguments = ["--target", "\(holder.processIdentifier)", "--mount", "--"] + arguments
        var merged = ProcessInfo.processInfo.environment
        for inherited in ["NEWSCLASS_CONFIG", "NOTIFY_SOCKET", "JOURNAL_STREAM", "WATCHDOG_USEC", "WATCHDOG_PID"] {
            merged.removeValue(forKey: inherited)
        }
        merged.merge(environment) { $1 }
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return NamespacedProcess(process: process, output: output)
    }

    /// Every entry matching `matches` (journalctl's syntax: `FIELD=value`, `+` for or),
    /// after journald has stored all it received. Values as journalctl -o json gives
    /// them: a string, an array for a repeated field, an array of byte values for one
    /// that is not printable UTF-8.
    public func entries(matching matches: [String] = []) throws -> [[String: Any]] {
        _ = try run(["/usr/bin/journalctl", "--sync"]).wait()
        let reader = try run(["/usr/bin/journalctl", "--no-pager", "-D", Self.journalDirectory, "-o", "json"] + matches)
        guard reader.wait() == 0 else { throw Unavailable(description: "journalctl failed: \(reader.output)") }
        return try reader.output.split(separator: "\n").map { line in
            guard let entry = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw Unavailable(description: "journalctl printed a line that is no object: \(line)")
            }
            return entry
        }
    }

    private static func touch(_ url: URL) throws -> URL {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw Unavailable(description: "cannot create \(url.path)")
        }
        return url
    }
}

/// A program started inside a `PrivateJournald`'s namespace.
public final class NamespacedProcess {
    public let process: Process
    private let outputURL: URL

    init(process: Process, output: URL) {
        self.process = process
        self.outputURL = output
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// stdout and stderr so far.
    public var output: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }

    /// Its exit status, waiting at most `timeout` seconds (then SIGKILL, -1).
    @discardableResult
    public func wait(timeout: TimeInterval = 60) -> Int32 {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return -1
            }
            usleep(10_000)
        }
        return process.terminationStatus
    }

    /// SIGTERM, then the exit status (see `wait`).
    @discardableResult
    public func stop() -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        return wait()
    }

    /// Waits (≤ 60 s) until the output contains `text`.
    public func waitForOutput(containing text: String) throws {
        let deadline = Date(timeIntervalSinceNow: 60)
        while !output.contains(text) {
            guard process.isRunning, Date() < deadline else {
                throw PrivateJournald.Unavailable(description: "never printed \(text): \(output)")
            }
            usleep(20_000)
        }
    }
}
