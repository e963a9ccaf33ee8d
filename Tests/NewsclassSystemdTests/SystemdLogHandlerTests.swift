import Foundation
import Logging
import NewsclassSystemd
import XCTest

#if canImport(Glibc)
import Glibc
#endif

final class SystemdLogHandlerTests: XCTestCase {
  private let handler = SystemdLogHandler(label: "test", destination: .standardError)

  private func event(
    _ level: Logger.Level, _ message: Logger.Message, metadata: Logger.Metadata? = nil,
    error: (any Error)? = nil
  ) -> LogEvent {
    LogEvent(
      level: level, message: message, error: error, metadata: metadata, source: "Tests",
      file: "NewsclassSystemdTests/SystemdLogHandlerTests.swift", function: "test()", line: 7)
  }

  private func line(_ event: LogEvent, handler: SystemdLogHandler? = nil) -> String {
    String(decoding: (handler ?? self.handler).line(for: event), as: UTF8.self)
  }

  // MARK: stderr lines

  func testLevelPrefixFromWarningUp() {
    XCTAssertEqual(line(event(.trace, "t")), "newsclass: t\n")
    XCTAssertEqual(line(event(.debug, "d")), "newsclass: d\n")
    XCTAssertEqual(line(event(.info, "watching spool/incoming")),
      "newsclass: watching spool/incoming\n")
    XCTAssertEqual(line(event(.notice, "reloaded")), "newsclass: reloaded\n")
    XCTAssertEqual(line(event(.warning, "disk full")), "newsclass: warning: disk full\n")
    XCTAssertEqual(line(event(.error, "cannot open")), "newsclass: error: cannot open\n")
    XCTAssertEqual(line(event(.critical, "giving up")), "newsclass: critical: giving up\n")
  }

  func testOneMessageIsOneLine() {
    XCTAssertEqual(
      line(event(.warning, "bad config:\nline 3\r\tkey \u{1}x\u{7F} \u{1B}[31m \u{85}\u{2028} C:\\path ü 中")),
      #"newsclass: warning: bad config:\nline 3\r\tkey \x01x\x7F \x1B[31m \u{0085}\u{2028} C:\path ü 中"#
        + "\n")
  }

  func testMetadataAfterTheMessage() {
    let text = line(
      event(.info, "classified", metadata: [
        "file": "a b.txt", "seq": "17", "topics": ["corruption", "climate"], "empty": "",
        "quote": "say \"hi\"\n", "message_id": "5b2e8c1f0a7d4e3c9b6a2f1e0d9c8b7a",
      ]))
    XCTAssertEqual(
      text,
      #"newsclass: classified empty="" file="a b.txt" quote="say \"hi\"\n" seq=17 topics=corruption,climate"#
        + "\n")
  }

  func testErrorFollowsTheMessage() {
    let error = SystemdError(code: ENOENT, operation: "open")
    XCTAssertEqual(line(event(.error, "cannot read config", error: error)),
      "newsclass: error: cannot read config: open: No such file or directory\n")
  }

  func testIdentifier() {
    let other = SystemdLogHandler(label: "x", identifier: "newsclassd", destination: .standardError)
    XCTAssertEqual(line(event(.warning, "w"), handler: other), "newsclassd: warning: w\n")
  }

  /// Logs through a real Logger into a file and returns what was written.
  private func logged(
    configure: (inout Logger) -> Void = { _ in }, _ body: (Logger) -> Void
  ) throws -> String {
    let path = try makeTemporaryDirectory(for: self).path + "/stderr"
    let descriptor = open(path, O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0o600)
    XCTAssertGreaterThanOrEqual(descriptor, 0)
    defer { close(descriptor) }
    var logger = Logger(label: "test") {
      SystemdLogHandler(label: $0, destination: .stream(fileDescriptor: descriptor))
    }
    configure(&logger)
    body(logger)
    return try String(contentsOfFile: path, encoding: .utf8)
  }

  func testThroughLogger() throws {
    let text = try logged(configure: {
      $0[metadataKey: "spool"] = "/srv/spool"
    }) { logger in
      logger.debug("not shown at the default level")
      logger.info("started")
      logger.warning("slow disk", metadata: ["spool": "/other"])
      logger.error("two\nlines")
    }
    XCTAssertEqual(text, """
      newsclass: started spool=/srv/spool
      newsclass: warning: slow disk spool=/other
      newsclass: error: two\\nlines spool=/srv/spool

      """)
  }

  func testLogLevelAndMetadataAreTheHandlers() throws {
    var handler = SystemdLogHandler(label: "x", destination: .standardError)
    XCTAssertEqual(handler.logLevel, .info)
    handler.logLevel = .trace
    handler[metadataKey: "a"] = "1"
    XCTAssertEqual(handler.metadata, ["a": "1"])
    XCTAssertEqual(handler.logLevel, .trace)

    let text = try logged(configure: { $0.logLevel = .debug }) { logger in
      logger.trace("no")
      logger.debug("yes")
    }
    XCTAssertEqual(text, "newsclass: yes\n")
  }

  func testMetadataProvider() throws {
    let provider = Logger.MetadataProvider { ["request": "r1", "file": "provided"] }
    var handler = SystemdLogHandler(
      label: "x", destination: .standardError, metadataProvider: provider)
    handler[metadataKey: "file"] = "handler"
    XCTAssertEqual(line(event(.info, "m"), handler: handler),
      "newsclass: m file=provided request=r1\n")
    XCTAssertEqual(line(event(.info, "m", metadata: ["file": "event"]), handler: handler),
      "newsclass: m file=event request=r1\n")
  }

  func testConcurrentLinesNeverInterleave() throws {
    let threads = 8
    let perThread = 300
    let text = try logged { logger in
      DispatchQueue.concurrentPerform(iterations: threads) { thread in
        for index in 0..<perThread {
          logger.warning(
            "thread \(thread) message \(index) \(String(repeating: "x", count: 60 + thread))",
            metadata: ["thread": "\(thread)"])
        }
      }
    }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    XCTAssertEqual(lines.count, threads * perThread)
    XCTAssertTrue(text.hasSuffix("\n"))
    var seen = Set<String>()
    for line in lines {
      guard let match = line.wholeMatch(of: /newsclass: warning: thread (\d) message (\d+) (x+) thread=(\d)/),
        match.output.1 == match.output.4, match.output.3.count == 60 + Int(match.output.1)!
      else {
        XCTFail("mangled line: \(line)")
        continue
      }
      seen.insert("\(match.output.1)/\(match.output.2)")
    }
    XCTAssertEqual(seen.count, threads * perThread)
  }

  // MARK: journal entries

  func testJournalEntry() {
    let entry = handler.journalEntry(
      for: event(
        .warning, "config refused\nline 3: unknown key",
        metadata: ["config file": "/etc/newsclass/newsclass.toml", "topic": ["a", "b"],
                   "message_id": "5b2e8c1f0a7d4e3c9b6a2f1e0d9c8b7a", "seq": .stringConvertible(3)]))
    XCTAssertEqual(entry.strings(of: .message), ["config refused\nline 3: unknown key"])
    XCTAssertEqual(entry.strings(of: .priority), ["4"])
    XCTAssertEqual(entry.strings(of: .syslogIdentifier), ["newsclass"])
    XCTAssertEqual(entry.strings(of: .messageID), ["5b2e8c1f0a7d4e3c9b6a2f1e0d9c8b7a"])
    XCTAssertEqual(entry.strings(of: "NEWSCLASS_MESSAGE_ID"), [])
    XCTAssertEqual(entry.strings(of: "NEWSCLASS_CONFIG_FILE"), ["/etc/newsclass/newsclass.toml"])
    XCTAssertEqual(entry.strings(of: "NEWSCLASS_TOPIC"), ["a", "b"])
    XCTAssertEqual(entry.strings(of: "NEWSCLASS_SEQ"), ["3"])
    XCTAssertEqual(entry.strings(of: .codeFile), ["NewsclassSystemdTests/SystemdLogHandlerTests.swift"])
    XCTAssertEqual(entry.strings(of: .codeLine), ["7"])
    XCTAssertEqual(entry.strings(of: .codeFunction), ["test()"])
  }

  func testJournalEntryPriorities() {
    let expected: [Logger.Level: String] = [
      .trace: "7", .debug: "7", .info: "6", .notice: "5", .warning: "4", .error: "3",
      .critical: "2",
    ]
    for (level, priority) in expected {
      XCTAssertEqual(handler.journalEntry(for: event(level, "m")).strings(of: .priority),
        [priority], "\(level)")
    }
  }

  func testJournalEntryWithError() {
    let entry = handler.journalEntry(
      for: event(.error, "cannot open", error: SystemdError(code: EACCES, operation: "open")))
    XCTAssertEqual(entry.strings(of: .message), ["cannot open: open: Permission denied"])
    XCTAssertEqual(entry.strings(of: "NEWSCLASS_ERROR"), ["open: Permission denied"])
    XCTAssertEqual(entry.strings(of: .errno), ["\(EACCES)"])
  }
}
