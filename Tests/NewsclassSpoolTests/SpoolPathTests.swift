import XCTest
@testable import NewsclassSpool

final class SpoolPathTests: XCTestCase {
  func testValidation() {
    XCTAssertNotNil(SpoolPath("x.txt"))
    XCTAssertNotNil(SpoolPath("a/b/x.txt"))
    XCTAssertNotNil(SpoolPath("line\nbreak.txt"))
    XCTAssertNotNil(SpoolPath(bytes: [0x66, 0xFF, 0x2F, 0x67]))
    for invalid in ["", "/x", "x/", "a//b", "./x", "a/../b", "a/.", ".."] {
      XCTAssertNil(SpoolPath(invalid), invalid)
    }
    XCTAssertNil(SpoolPath(bytes: [0x61, 0x00, 0x62]))
    XCTAssertNil(SpoolPath(String(repeating: "n", count: 256)))
    XCTAssertNotNil(SpoolPath(String(repeating: "n", count: 255) + "/" + String(repeating: "m", count: 255)))
  }

  func testComponents() {
    let path = SpoolPath.of("a/b/x.txt")
    XCTAssertEqual(path.components.map { String(decoding: $0, as: UTF8.self) }, ["a", "b", "x.txt"])
    XCTAssertEqual(Array(path.lastComponent), Array("x.txt".utf8))
    XCTAssertEqual(path.parent, SpoolPath.of("a/b"))
    XCTAssertNil(SpoolPath.of("x.txt").parent)
    XCTAssertEqual(SpoolPath.of("a").appending(component: Array("b".utf8)), SpoolPath.of("a/b"))
    XCTAssertNil(SpoolPath.of("a").appending(component: Array("b/c".utf8)))
    XCTAssertEqual(SpoolPath.of("done").appending(SpoolPath.of("a/x")), SpoolPath.of("done/a/x"))
    XCTAssertEqual(path.filePath.string, "a/b/x.txt")
  }

  func testDisplayEscapesInvalidBytesAndBackslashOnly() {
    XCTAssertEqual(SpoolPath.of("a/café.txt").displayString, "a/café.txt")
    XCTAssertEqual(SpoolPath.of("新闻/文章.txt").displayString, "新闻/文章.txt")
    XCTAssertEqual(SpoolPath.of("line\nbreak").displayString, "line\nbreak")
    XCTAssertEqual(SpoolPath.of("back\\slash").displayString, "back\\\\slash")
    // Latin-1 "café": E9 is not UTF-8.
    XCTAssertEqual(SpoolPath(bytes: Array("caf".utf8) + [0xE9] + Array(".txt".utf8))!.displayString, "caf\\xE9.txt")
    // A truncated 3-byte sequence, an overlong form, a surrogate, and a lone continuation.
    XCTAssertEqual(SpoolPath(bytes: [0xE2, 0x82, 0x41])!.displayString, "\\xE2\\x82A")
    XCTAssertEqual(SpoolPath(bytes: [0xC0, 0xAF])!.displayString, "\\xC0\\xAF")
    XCTAssertEqual(SpoolPath(bytes: [0xED, 0xA0, 0x80])!.displayString, "\\xED\\xA0\\x80")
    XCTAssertEqual(SpoolPath(bytes: [0x80, 0x61])!.displayString, "\\x80a")
    XCTAssertEqual(SpoolPath(bytes: [0xF0, 0x9F, 0x93, 0xB0])!.displayString, "📰")
    XCTAssertFalse(SpoolPath(bytes: [0xFF])!.isValidUTF8)
    XCTAssertTrue(SpoolPath.of("新闻").isValidUTF8)
  }

  func testDisplayFormIsReversible() {
    // The literal text "\xFF" and the byte FF must not display alike.
    let literal = SpoolPath.of("a\\xFF")
    let byte = SpoolPath(bytes: [0x61, 0xFF])!
    XCTAssertNotEqual(literal.displayString, byte.displayString)
    XCTAssertEqual(SpoolPath(displayString: literal.displayString), literal)
    XCTAssertEqual(SpoolPath(displayString: byte.displayString), byte)
    XCTAssertNil(SpoolPath(displayString: "lone\\backslash"))
    XCTAssertNil(SpoolPath(displayString: "bad\\xZZ"))

    // Random byte names (a fixed-seed generator, so a failure reproduces).
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func nextByte() -> UInt8 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt8(truncatingIfNeeded: state >> 56)
    }
    for _ in 0..<2000 {
      let length = Int(nextByte() % 40) + 1
      let bytes = (0..<length).map { _ in nextByte() }.map { $0 == 0 || $0 == 0x2F ? 0x5C : $0 }
      guard let path = SpoolPath(bytes: bytes) else { continue }  // "." or ".."
      XCTAssertEqual(SpoolPath(displayString: path.displayString), path, "\(bytes)")
      XCTAssertEqual(path.isValidUTF8, String(validating: bytes, as: UTF8.self) != nil, "\(bytes)")
    }
  }

  func testOrderIsBytewise() {
    let paths = [SpoolPath(bytes: [0xFF])!, SpoolPath.of("b"), SpoolPath.of("a/z"), SpoolPath.of("a")]
    XCTAssertEqual(paths.sorted().map(\.bytes), [[0x61], [0x61, 0x2F, 0x7A], [0x62], [0xFF]])
  }
}
