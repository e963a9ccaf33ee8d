import Foundation
import NewsclassTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Against a real systemd-journald, started for the test in a private mount namespace
/// (tmpfs over /run/systemd and /run/log, a volatile journald.conf), so the host's journal
/// is neither needed nor touched. The entries are sent by `newsclass-systemd-probe`, our
/// code, run inside that namespace; `journalctl -o json` reads them back.
final class JournaldTests: XCTestCase {
  private static let messageID = "5b2e8c1f0a7d4e3c9b6a2f1e0d9c8b7a"

  func testEntriesArriveIntactInARealJournal() throws {
    let journald = try PrivateJournald.startOrSkip()
    let probe = try probePath()

    XCTAssertEqual(try journald.run([probe, "entries"]).wait(), 0, "probe entries")
    // systemd-cat connects stderr to a journal stream as systemd does for a service, but
    // does not set JOURNAL_STREAM: name the stream ourselves for the first run only.
    let stream = try journald.run(
      ["/usr/bin/systemd-cat", "-t", "probe-stream", "bash", "-c",
       #"JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2) exec "$PROBE" log"#],
      environment: ["PROBE": probe])
    XCTAssertEqual(stream.wait(), 0, "probe log (stream): \(stream.output)")
    XCTAssertEqual(try journald.run(["/usr/bin/systemd-cat", "-t", "probe-plain", probe, "log"]).wait(), 0)

    // journald takes datagrams and streams asynchronously: wait until all are stored.
    let sent = ["NEWSCLASS_PROBE=record", "+", "NEWSCLASS_PROBE=logger", "+", "NEWSCLASS_PROBE=log",
                "+", "SYSLOG_IDENTIFIER=probe-plain"]
    let deadline = Date(timeIntervalSinceNow: 10)
    while try journald.entries(matching: sent).count < 4, Date() < deadline { usleep(100_000) }

    let all = try journald.entries()
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
    let corruption = try journald.entries(matching: ["NEWSCLASS_TOPIC=corruption"])
    XCTAssertEqual(corruption.map { $0["NEWSCLASS_PROBE"] as? String }, ["record"])
    let climate = try journald.entries(matching: ["NEWSCLASS_TOPIC=climate"])
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
}
