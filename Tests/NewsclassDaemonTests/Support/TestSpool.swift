import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A temporary spool, event log and staging folder under /tmp, removed at the end, with
/// helpers to drop files the ways users do and to read the log back.
final class TestSpool {
    let root: URL
    let spool: URL
    let incoming: URL
    let staging: URL
    let logURL: URL
    private var daemons: [BackgroundProcess] = []
    private var stagingCounter = 0

    init() throws {
        root = URL(fileURLWithPath: "/tmp").appendingPathComponent("newsclass-daemon-test-\(UUID().uuidString)")
        spool = root.appendingPathComponent("spool")
        incoming = spool.appendingPathComponent("incoming")
        staging = root.appendingPathComponent("staging")
        logURL = root.appendingPathComponent("var/events.jsonl")
        try FileManager.default.createDirectory(at: incoming, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
    }

    deinit {
        for daemon in daemons where daemon.process.isRunning {
            daemon.signal(SIGKILL)
            daemon.process.waitUntilExit()
        }
        // A FIFO or a mode-000 folder must not stop the clean-up.
        _ = try? FileManager.default.removeItem(at: root)
    }

    var log: String { logURL.path }

    // MARK: The daemon

    /// Starts `newsclass run` on this spool and log. `config`: TOML text for --config.
    /// `user`: run it as that uid, owning the whole test folder (see `BackgroundProcess`)
    /// unless `keepOwners` (a restart that must not hand over what the test gave others).
    /// `environment`: e.g. NOTIFY_SOCKET and WATCHDOG_USEC, as systemd would set them.
    func startDaemon(
        config: String? = nil, workers: Int? = nil, user: uid_t? = nil, keepOwners: Bool = false,
        environment: [String: String?] = [:]
    ) throws -> BackgroundProcess {
        var arguments = ["run", "--spool", spool.path, "--log", log]
        if let config {
            let file = root.appendingPathComponent("newsclass-\(daemons.count).toml")
            try config.write(to: file, atomically: true, encoding: .utf8)
            arguments += ["--config", file.path]
        }
        if let workers { arguments += ["--workers", String(workers)] }
        if let user, !keepOwners { try chownTree(root, to: user) }
        let daemon = try BackgroundProcess(
            arguments, outputIn: root, name: "daemon-\(daemons.count)", user: user, environment: environment)
        daemons.append(daemon)
        try waitUntilWatching(daemon)
        return daemon
    }

    private func chownTree(_ folder: URL, to user: uid_t) throws {
        try check(chown(folder.path, user, user), "chown \(folder.path)")
        let entries = FileManager.default.enumerator(atPath: folder.path)
        while let entry = entries?.nextObject() as? String {
            try check(lchown(folder.appendingPathComponent(entry).path, user, user), "chown \(entry)")
        }
    }

    /// Waits for the daemon's "watching" line: the watch is live from then on.
    func waitUntilWatching(_ daemon: BackgroundProcess, file: StaticString = #filePath, line: UInt = #line) throws {
        let deadline = Date(timeIntervalSinceNow: 60)
        while !daemon.stderr.contains("newsclass: watching ") {
            if !daemon.process.isRunning {
                XCTFail("newsclass run exited (\(daemon.process.terminationStatus)) before watching:\n\(daemon.stderr)",
                        file: file, line: line)
                throw XCTSkip("daemon did not start")
            }
            if Date() > deadline {
                XCTFail("newsclass run did not start watching within 60 s:\n\(daemon.stderr)", file: file, line: line)
                throw XCTSkip("daemon did not start")
            }
            usleep(20_000)
        }
    }

    // MARK: Dropping

    /// The safe way: written under a name outside the spool, then renamed in.
    func dropByRename(_ name: String, _ bytes: [UInt8]) throws {
        try dropByRename(raw: Array(name.utf8), bytes)
    }

    func dropByRename(raw name: [UInt8], _ bytes: [UInt8]) throws {
        stagingCounter += 1
        let temporary = staging.appendingPathComponent("f\(stagingCounter)").path
        try writeFile(Array(temporary.utf8), bytes)
        try makeParents(of: name)
        try check(rename(temporary, rawPath(name)), "rename")
    }

    /// Write-in-place: opened, written and closed inside `incoming/` (IN_CLOSE_WRITE).
    func writeInPlace(_ name: String, _ bytes: [UInt8]) throws {
        try makeParents(of: Array(name.utf8))
        try writeFile(Array(incoming.appendingPathComponent(name).path.utf8), bytes)
    }

    /// A raw path below `incoming/` (bytes, for names that are not UTF-8).
    func rawPath(_ name: [UInt8]) -> [CChar] {
        (Array(incoming.path.utf8) + [0x2F] + name).map { CChar(bitPattern: $0) } + [0]
    }

    private func makeParents(of name: [UInt8]) throws {
        guard let slash = name.lastIndex(of: 0x2F) else { return }
        let folder = incoming.appendingPathComponent(String(decoding: name[..<slash], as: UTF8.self))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func writeFile(_ path: [UInt8], _ bytes: [UInt8]) throws {
        let cPath = path.map { CChar(bitPattern: $0) } + [0]
        let fd = open(cPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        try check(fd, "open")
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            try check(Int32(written < 0 ? -1 : 0), "write")
            offset += written
        }
    }

    private func check(_ result: Int32, _ what: String) throws {
        if result < 0 { throw NSError(domain: "TestSpool", code: Int(errno), userInfo: [NSLocalizedDescriptionKey: "\(what): errno \(errno)"]) }
    }

    // MARK: Reading the log

    /// Every complete line of the log, parsed.
    func records() -> [[String: Any]] {
        guard let data = FileManager.default.contents(atPath: log) else { return [] }
        var records: [[String: Any]] = []
        var start = data.startIndex
        while let newline = data[start...].firstIndex(of: 0x0A) {
            let line = data[start..<newline]
            start = newline + 1
            if let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] {
                records.append(object)
            } else {
                records.append(["unparsable": String(decoding: line, as: UTF8.self)])
            }
        }
        return records
    }

    /// Polls the log until `predicate` holds for its records (60 s by default), then
    /// returns them; on timeout fails with `describe(records)` and returns what is there.
    @discardableResult
    func waitForRecords(
        timeout: TimeInterval = 60, daemon: BackgroundProcess? = nil, file: StaticString = #filePath, line: UInt = #line,
        until predicate: ([[String: Any]]) -> Bool, describe: ([[String: Any]]) -> String = { "\($0.count) records" }
    ) -> [[String: Any]] {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while true {
            let records = self.records()
            if predicate(records) { return records }
            if Date() > deadline {
                XCTFail("log not as expected after \(Int(timeout)) s: \(describe(records))\n"
                    + "daemon stderr:\n\(daemon?.stderr.suffix(3000) ?? "")", file: file, line: line)
                return records
            }
            usleep(50_000)
        }
    }

    /// Waits until the log holds a record for each of `names` (by `file`).
    @discardableResult
    func waitForFiles(
        _ names: Set<String>, timeout: TimeInterval = 60, daemon: BackgroundProcess? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) -> [[String: Any]] {
        waitForRecords(timeout: timeout, daemon: daemon, file: file, line: line, until: { records in
            let seen = Set(records.compactMap { $0["file"] as? String })
            return names.isSubset(of: seen)
        }, describe: { records in
            let seen = Set(records.compactMap { $0["file"] as? String })
            let missing = names.subtracting(seen).sorted()
            return "\(records.count) records; \(missing.count) files missing, e.g. \(missing.prefix(5))"
        })
    }

    // MARK: The spool's folders

    /// The files below a spool folder ("done", "failed", "processing", "incoming"), as
    /// paths relative to it, read with raw bytes decoded leniently.
    func files(in folder: String) -> [String] {
        let base = spool.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(atPath: base.path) else { return [] }
        var names: [String] = []
        while let name = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = base.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), isDirectory.boolValue { continue }
            names.append(name)
        }
        return names
    }

    /// Entries directly in `processing/` (it has no subfolders).
    func processingEntries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: spool.appendingPathComponent("processing").path)) ?? []
    }

    /// Waits until `processing/` is empty (files move out just after their records).
    func waitUntilProcessingEmpty(timeout: TimeInterval = 60, file: StaticString = #filePath, line: UInt = #line) {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !processingEntries().isEmpty {
            if Date() > deadline {
                XCTFail("processing/ still holds \(processingEntries().prefix(5))", file: file, line: line)
                return
            }
            usleep(50_000)
        }
    }
}

/// Distinct small articles, so that none is a duplicate of another.
enum Articles {
    static func miningBan(_ number: Int, tag: String = "") -> [UInt8] {
        Array("""
            Province \(number) bans cryptocurrency mining

            Authorities in province \(number) ordered every crypto mining farm shut on day \(number) \(tag), \
            citing the carbon footprint of bitcoin mining and the coal it burns. Officials said the \
            crackdown on crypto mining will continue and miners who stay face punitive power prices.

            """.utf8)
    }

    static let corruption = Array("""
        Former official expelled for bribery

        The Central Commission for Discipline Inspection said the former vice mayor accepted bribes \
        and abused his power for private gain; he was expelled from the party and handed to prosecutors.

        """.utf8)
}

/// Checks the core guarantee on a set of records: each name in `expected` exactly once,
/// no other records, seqs increasing by one in file order.
func assertExactlyOnce(
    _ records: [[String: Any]], _ expected: Set<String>, file: StaticString = #filePath, line: UInt = #line
) {
    var counts: [String: Int] = [:]
    for record in records { counts[record["file"] as? String ?? "(no file)", default: 0] += 1 }
    let missing = expected.subtracting(counts.keys)
    let doubled = counts.filter { $0.value > 1 }.map(\.key)
    let unexpected = Set(counts.keys).subtracting(expected)
    XCTAssertTrue(missing.isEmpty, "\(missing.count) files without a record, e.g. \(missing.sorted().prefix(5))", file: file, line: line)
    XCTAssertTrue(doubled.isEmpty, "\(doubled.count) files with more than one record, e.g. \(doubled.sorted().prefix(5))", file: file, line: line)
    XCTAssertTrue(unexpected.isEmpty, "records for files never dropped: \(unexpected.sorted().prefix(5))", file: file, line: line)
    XCTAssertEqual(records.count, expected.count, "record count", file: file, line: line)
    let seqs = records.compactMap { $0["seq"] as? Int }
    XCTAssertEqual(seqs.count, records.count, "every record has a seq", file: file, line: line)
    if let first = seqs.first {
        XCTAssertEqual(seqs, Array(first..<(first + seqs.count)), "seqs contiguous and in order", file: file, line: line)
    }
}
