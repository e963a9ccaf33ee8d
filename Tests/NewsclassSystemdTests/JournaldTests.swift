import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Against a real systemd-journald, started for the test in a private mount namespace
/// (tmpfs over /run/systemd and /run/log, a volatile journald.conf), so the host's journal
/// is neither needed nor touched. The entries are sent by `newsclass-systemd-probe`, our
/// code, run inside that namespace; `journalctl -o json` reads them back.
final class JournaldTests: XCTestCase {
  private static let journald = "/lib/systemd/systemd-journald"
  private static let messageID = "5b2e8c1f0a7d4e3c9b6a2f1e0d9c8b7a"

  func testEntriesArriveIntactInARealJournal() throws {
    let work = try makeTemporaryDirectory(for: self)
    try requirePrivileges()
    let probe = try probePath()

    try """
      [Journal]
      Storage=volatile
      RateLimitIntervalSec=0
      ForwardToSyslog=no
      ForwardToWall=no
      ForwardToConsole=no
      ReadKMsg=no
      Audit=no

      """.write(to: work.appendingPathComponent("journald.conf"), atomically: true, encoding: .utf8)
    let script = work.appendingPathComponent("in-namespace.sh")
    try Self.namespaceScript.write(to: script, atomically: true, encoding: .utf8)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
    process.arguments = [
      "-k", "5", "60", "unshare", "--mount", "--propagation", "private",
      "bash", script.path,
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["WORK"] = work.path
    environment["PROBE"] = probe
    environment["JOURNALD"] = Self.journald
    for inherited in ["NOTIFY_SOCKET", "JOURNAL_STREAM", "WATCHDOG_USEC", "WATCHDOG_PID"] {
      environment[inherited] = nil
    }
    process.environment = environment
    let errorFile = work.appendingPathComponent("script.err")
    _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
    process.standardError = try FileHandle(forWritingTo: errorFile)
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()

    let scriptError = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
    let journaldError =
      (try? String(contentsOf: work.appendingPathComponent("journald.err"), encoding: .utf8)) ?? ""
    if process.terminationStatus == 77 {
      throw XCTSkip("cannot set up a private journald here: \(scriptError)")
    }
    XCTAssertEqual(process.terminationStatus, 0, "script: \(scriptError) journald: \(journaldError)")

    let all = try entries(in: work.appendingPathComponent("all.json"))
    func entry(probe: String, file: StaticString = #filePath, line: UInt = #line) throws
      -> [String: Any]
    {
      let matches = all.filter { $0["NEWSCLASS_PROBE"] as? String == probe }
      XCTAssertEqual(matches.count, 1, "NEWSCLASS_PROBE=\(probe)", file: file, line: line)
      return try XCTUnwrap(matches.first, file: file, line: line)
    }

    // A record-like entry: every field as sent, the multi-line MESSAGE intact, the
    // repeated field as a JSON array, bytes that are not text as an array of numbers.
    let record = try entry(probe: "record")
    XCTAssertEqual(record["MESSAGE"] as? String,
      "article-17.txt: corruption, climate\nsecond line\n\tindented third")
    XCTAssertEqual(record["PRIORITY"] as? String, "6")
    XCTAssertEqual(record["SYSLOG_IDENTIFIER"] as? String, "newsclass")
    XCTAssertEqual(record["MESSAGE_ID"] as? String, Self.messageID)
    XCTAssertEqual(record["NEWSCLASS_EVENT"] as? String, "classified")
    XCTAssertEqual(record["NEWSCLASS_FILE"] as? String, "article-17.txt")
    XCTAssertEqual(record["NEWSCLASS_SCORE_CORRUPTION"] as? String, "0.797")
    // journald keeps a repeated field's values, not their order.
    XCTAssertEqual(Set(record["NEWSCLASS_TOPIC"] as? [String] ?? []), ["corruption", "climate"])
    XCTAssertEqual(record["NEWSCLASS_RAW"] as? [Int], [0x66, 0x00, 0xFF, 0x0A])
    XCTAssertEqual(record["_TRANSPORT"] as? String, "journal")

    // journalctl NEWSCLASS_TOPIC=corruption finds it, and only it.
    let corruption = try entries(in: work.appendingPathComponent("corruption.json"))
    XCTAssertEqual(corruption.map { $0["NEWSCLASS_PROBE"] as? String }, ["record"])
    let climate = try entries(in: work.appendingPathComponent("climate.json"))
    XCTAssertEqual(Set(climate.compactMap { $0["NEWSCLASS_PROBE"] as? String }), ["record", "logger"])

    // The same JournalEntry, emptied and refilled: nothing of the first one left over.
    let reused = try entry(probe: "reused")
    XCTAssertEqual(reused["MESSAGE"] as? String, "article-18.txt: no topic")
    XCTAssertEqual(reused["PRIORITY"] as? String, "5")
    XCTAssertEqual(reused["SYSLOG_IDENTIFIER"] as? String, "newsclass")
    XCTAssertEqual(reused["NEWSCLASS_EVENT"] as? String, "duplicate")
    XCTAssertNil(reused["NEWSCLASS_TOPIC"])
    XCTAssertNil(reused["MESSAGE_ID"])

    // Built by SystemdLogHandler.journalEntry(for:) and sent.
    let built = try entry(probe: "handler")
    XCTAssertEqual(built["MESSAGE"] as? String, "built by the handler\nsecond line")
    XCTAssertEqual(built["PRIORITY"] as? String, "4")
    XCTAssertEqual(built["SYSLOG_IDENTIFIER"] as? String, "newsclass")
    XCTAssertEqual(built["MESSAGE_ID"] as? String, Self.messageID)
    XCTAssertNil(built["NEWSCLASS_MESSAGE_ID"])
    XCTAssertEqual(built["NEWSCLASS_CONFIG_FILE"] as? String, "/etc/newsclass/newsclass.toml")
    XCTAssertEqual(built["CODE_FILE"] as? String, "probe/main.swift")
    XCTAssertEqual(built["CODE_LINE"] as? String, "42")
    XCTAssertEqual(built["CODE_FUNC"] as? String, "sendEntries()")

    // Logged through swift-log with destination .journal; an array of metadata values
    // becomes a repeated field.
    let logged = try entry(probe: "logger")
    XCTAssertEqual(logged["MESSAGE"] as? String, "logged through swift-log")
    XCTAssertEqual(logged["PRIORITY"] as? String, "2")
    XCTAssertEqual(logged["SYSLOG_IDENTIFIER"] as? String, "newsclass")
    XCTAssertEqual(Set(logged["NEWSCLASS_TOPIC"] as? [String] ?? []), ["mining_ban", "climate"])
    XCTAssertNotNil(logged["CODE_LINE"])

    // `SystemdLogHandler.bootstrap()` with stderr on a journal stream that $JOURNAL_STREAM
    // names: a native entry, not a line of text.
    let detected = try entry(probe: "log")
    XCTAssertEqual(detected["_TRANSPORT"] as? String, "journal")
    XCTAssertEqual(detected["MESSAGE"] as? String, "stream check")
    XCTAssertEqual(detected["PRIORITY"] as? String, "3")
    XCTAssertEqual(detected["SYSLOG_IDENTIFIER"] as? String, "newsclass")

    // The same on a journal stream that $JOURNAL_STREAM does not name: a readable line.
    let plain = all.filter { $0["SYSLOG_IDENTIFIER"] as? String == "probe-plain" }
    XCTAssertEqual(plain.map { $0["MESSAGE"] as? String }, ["newsclass: error: stream check probe=log"])
    XCTAssertEqual(plain.first?["_TRANSPORT"] as? String, "stdout")
  }

  private static let namespaceScript = #"""
    # Runs inside `unshare --mount --propagation private`; $WORK, $PROBE, $JOURNALD set.
    # Exit 77: this machine cannot host a private journald (the test skips).
    set -u
    JPID=
    cleanup() {
      if [ -n "$JPID" ]; then kill -TERM "$JPID" 2>/dev/null; wait "$JPID" 2>/dev/null; fi
    }
    trap cleanup EXIT
    trap 'exit 143' TERM INT
    [ -f /etc/systemd/journald.conf ] || { echo "no /etc/systemd/journald.conf to cover" >&2; exit 77; }
    mount -t tmpfs tmpfs /run/systemd || exit 77
    mkdir -p /run/log && mount -t tmpfs tmpfs /run/log || exit 77
    mkdir -p /run/systemd/journal /run/log/journal
    mount --bind "$WORK/journald.conf" /etc/systemd/journald.conf || exit 77
    "$JOURNALD" 2>"$WORK/journald.err" &
    JPID=$!
    for _ in $(seq 200); do [ -S /run/systemd/journal/socket ] && break; sleep 0.05; done
    [ -S /run/systemd/journal/socket ] || { echo "journald did not start" >&2; exit 1; }

    "$PROBE" entries || { echo "probe entries failed" >&2; exit 1; }
    # systemd-cat connects stderr to a journal stream as systemd does for a service, but
    # does not set JOURNAL_STREAM: name the stream ourselves for the first run only.
    systemd-cat -t probe-stream bash -c 'JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2) exec "$PROBE" log' \
      || { echo "probe log (stream) failed" >&2; exit 1; }
    systemd-cat -t probe-plain "$PROBE" log || { echo "probe log (plain) failed" >&2; exit 1; }

    # journald takes datagrams and streams asynchronously: wait until all are stored.
    for _ in $(seq 100); do
      journalctl --sync 2>/dev/null
      have=$(journalctl --no-pager -o cat NEWSCLASS_PROBE=record + NEWSCLASS_PROBE=logger \
        + NEWSCLASS_PROBE=log + SYSLOG_IDENTIFIER=probe-plain | grep -c .)
      [ "$have" -ge 4 ] && break
      sleep 0.1
    done
    journalctl --no-pager -o json > "$WORK/all.json" || exit 1
    journalctl --no-pager -o json NEWSCLASS_TOPIC=corruption > "$WORK/corruption.json" || exit 1
    journalctl --no-pager -o json NEWSCLASS_TOPIC=climate > "$WORK/climate.json" || exit 1
    """#

  private func requirePrivileges() throws {
    guard getuid() == 0 else {
      throw XCTSkip("needs root to start a private systemd-journald (mount namespace)")
    }
    for tool in ["/usr/bin/unshare", "/usr/bin/timeout", Self.journald] {
      guard FileManager.default.isExecutableFile(atPath: tool) else {
        throw XCTSkip("needs \(tool) to start a private systemd-journald")
      }
    }
    for tool in ["journalctl", "systemd-cat"] {
      guard ["/usr/bin/", "/bin/"].contains(where: {
        FileManager.default.isExecutableFile(atPath: $0 + tool)
      }) else {
        throw XCTSkip("needs \(tool) to start a private systemd-journald")
      }
    }
  }

  /// `newsclass-systemd-probe`, built next to this test bundle.
  private func probePath() throws -> String {
    var folders: [URL] = []
    if let executable = Bundle.main.executableURL {
      folders.append(executable.deletingLastPathComponent())
    }
    folders.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
    for folder in folders {
      let candidate = folder.appendingPathComponent("newsclass-systemd-probe").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw XCTSkip("newsclass-systemd-probe not found beside the tests in \(folders.map(\.path))")
  }

  private func entries(in file: URL) throws -> [[String: Any]] {
    try String(contentsOf: file, encoding: .utf8)
      .split(separator: "\n")
      .map { line in
        try XCTUnwrap(
          JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
      }
  }
}
