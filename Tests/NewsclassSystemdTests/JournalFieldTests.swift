import NewsclassSystemd
import XCTest

final class JournalFieldTests: XCTestCase {
  func testValidNames() {
    for name in ["MESSAGE", "NEWSCLASS_TOPIC", "NEWSCLASS_SCORE_MINING_BAN", "A", "X9", "A_",
                 String(repeating: "N", count: 64)] {
      XCTAssertEqual(JournalField(name)?.name, name)
    }
  }

  func testInvalidNames() {
    for name in ["", "message", "Message", "_PID", "__CURSOR", "9LIVES", "NEWSCLASS-TOPIC",
                 "NEWSCLASS TOPIC", "NEWSCLASS=TOPIC", "TOPİC", "A\n", "É",
                 String(repeating: "N", count: 65)] {
      XCTAssertNil(JournalField(name), name)
      XCTAssertFalse(JournalField.isValidName(name), name)
    }
  }

  func testWellKnownFields() {
    XCTAssertEqual(JournalField.message.name, "MESSAGE")
    XCTAssertEqual(JournalField.messageID.name, "MESSAGE_ID")
    XCTAssertEqual(JournalField.priority.name, "PRIORITY")
    XCTAssertEqual(JournalField.syslogIdentifier.name, "SYSLOG_IDENTIFIER")
    XCTAssertEqual(JournalField.errno.name, "ERRNO")
    XCTAssertEqual(JournalField.codeFile.name, "CODE_FILE")
    XCTAssertEqual(JournalField.codeLine.name, "CODE_LINE")
    XCTAssertEqual(JournalField.codeFunction.name, "CODE_FUNC")
  }

  func testLiteral() {
    let topic: JournalField = "NEWSCLASS_TOPIC"
    XCTAssertEqual(topic, JournalField("NEWSCLASS_TOPIC"))
    XCTAssertEqual("\(topic)", "NEWSCLASS_TOPIC")
  }

  func testSanitizing() {
    func sanitized(_ text: String, prefix: String = "NEWSCLASS_") -> String? {
      JournalField(sanitizing: text, prefix: prefix)?.name
    }
    XCTAssertEqual(sanitized("file"), "NEWSCLASS_FILE")
    XCTAssertEqual(sanitized("score-mining_ban"), "NEWSCLASS_SCORE_MINING_BAN")
    XCTAssertEqual(sanitized("config.file path"), "NEWSCLASS_CONFIG_FILE_PATH")
    XCTAssertEqual(sanitized("size (bytes)"), "NEWSCLASS_SIZE_BYTES")
    XCTAssertEqual(sanitized("größe"), "NEWSCLASS_GR_E")
    XCTAssertEqual(sanitized("2fa"), "NEWSCLASS_2FA")
    XCTAssertEqual(sanitized(String(repeating: "x", count: 100))?.count, 64)
    XCTAssertEqual(sanitized("topic", prefix: ""), "TOPIC")
    XCTAssertNil(sanitized("2fa", prefix: ""))
    XCTAssertNil(sanitized("_private", prefix: ""))
    XCTAssertNil(sanitized("", prefix: ""))
    XCTAssertNil(sanitized("-", prefix: ""))
  }
}
