import NewsclassSystemd
import XCTest

final class JournalEntryTests: XCTestCase {
  private let topic: JournalField = "NEWSCLASS_TOPIC"

  func testFieldsInOrderWithRepeatsAndNewlines() {
    var entry = JournalEntry(message: "a.txt: corruption\nsecond line", priority: .info)
    entry.append(topic, "corruption")
    entry.append(topic, "climate")
    entry.append("NEWSCLASS_SEQ", 17)
    entry.append("NEWSCLASS_RAW", bytes: [0, 0xFF, 0x0A])
    XCTAssertEqual(entry.count, 6)
    XCTAssertEqual(entry.strings(of: .message), ["a.txt: corruption\nsecond line"])
    XCTAssertEqual(entry.strings(of: .priority), ["6"])
    XCTAssertEqual(entry.strings(of: topic), ["corruption", "climate"])
    XCTAssertEqual(entry.strings(of: "NEWSCLASS_SEQ"), ["17"])
    XCTAssertEqual(entry.values(of: "NEWSCLASS_RAW"), [[0, 0xFF, 0x0A]])
    XCTAssertEqual(entry.strings(of: "NEWSCLASS"), [], "a prefix of a name is not the name")
  }

  func testSyslogIdentifierDefaultsToNewsclassAndCanBeChanged() {
    var entry = JournalEntry()
    XCTAssertEqual(entry.syslogIdentifier, "newsclass")
    XCTAssertEqual(entry.strings(of: .syslogIdentifier), ["newsclass"])
    XCTAssertTrue(entry.isEmpty)

    entry.append(.syslogIdentifier, "newsclass-test")
    XCTAssertEqual(entry.strings(of: .syslogIdentifier), ["newsclass-test"], "sent once")
    XCTAssertTrue(entry.isEmpty)

    entry.syslogIdentifier = nil
    XCTAssertEqual(entry.strings(of: .syslogIdentifier), [])
    XCTAssertEqual(JournalEntry(syslogIdentifier: "other").syslogIdentifier, "other")
  }

  func testRemoveAllKeepsTheIdentifier() {
    var entry = JournalEntry(message: "first", priority: .info, syslogIdentifier: "x")
    entry.removeAll()
    XCTAssertTrue(entry.isEmpty)
    XCTAssertEqual(entry.strings(of: .message), [])
    XCTAssertEqual(entry.syslogIdentifier, "x")
    entry.append(.message, "second")
    XCTAssertEqual(entry.strings(of: .message), ["second"])
  }

  func testSendingWithoutJournaldIsHarmless() throws {
    // Wherever this runs, sending must not crash; with no journald libsystemd drops the
    // entry, with one the entry lands in the host's journal (a real send is checked in
    // JournaldTests against a private journald).
    var entry = JournalEntry(message: "newsclass test entry", priority: .debug)
    entry.append("NEWSCLASS_TEST", "1")
    XCTAssertNoThrow(try Journal.send(entry))
  }

  func testPriorityFromLogLevel() {
    XCTAssertEqual(JournalPriority(.trace), .debug)
    XCTAssertEqual(JournalPriority(.debug), .debug)
    XCTAssertEqual(JournalPriority(.info), .info)
    XCTAssertEqual(JournalPriority(.notice), .notice)
    XCTAssertEqual(JournalPriority(.warning), .warning)
    XCTAssertEqual(JournalPriority(.error), .error)
    XCTAssertEqual(JournalPriority(.critical), .critical)
    XCTAssertEqual(JournalPriority.allCases.map(\.rawValue), Array(0...7))
  }
}
