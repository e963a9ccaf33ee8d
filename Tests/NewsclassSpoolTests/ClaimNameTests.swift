import XCTest
@testable import NewsclassSpool

final class ClaimNameTests: XCTestCase {
  func testTokensAreSixteenLowercaseHexDigits() {
    var seen = Set<[UInt8]>()
    for _ in 0..<200 {
      let token = ClaimName.makeToken()
      XCTAssertEqual(token.count, 16)
      XCTAssertTrue(token.allSatisfy { Array("0123456789abcdef".utf8).contains($0) })
      seen.insert(token)
    }
    XCTAssertEqual(seen.count, 200)
  }

  func testTokenSourceCountsFromARandomStart() {
    let source = TokenSource(start: UInt64.max - 1)
    XCTAssertEqual(
      [source.next(), source.next(), source.next()].map { String(decoding: $0, as: UTF8.self) },
      ["fffffffffffffffe", "ffffffffffffffff", "0000000000000000"])
    let random = TokenSource()
    XCTAssertEqual(Set((0..<1000).map { _ in random.next() }).count, 1000)
  }

  func testEncodingRoundTrips() throws {
    let token = Array("0123456789abcdef".utf8)
    let paths: [SpoolPath] = [
      .of("x.txt"), .of("a/b/x.txt"), .of("100%/50%2F.txt"), .of("line\nbreak/x~y.txt"),
      SpoolPath(bytes: [0xFF, 0x2F, 0x25, 0x32, 0x46, 0xFE])!,
    ]
    for path in paths {
      let name = try XCTUnwrap(ClaimName.encoded(token: token, path: path))
      XCTAssertFalse(name.contains(0x2F), "no slash in a claim name")
      XCTAssertEqual(ClaimName.parse(name), .encoded(token: token, path: path), path.displayString)
    }
    XCTAssertEqual(
      ClaimName.encoded(token: token, path: .of("a/%.txt")), Array("0123456789abcdef~a%2F%25.txt".utf8))
  }

  func testTooLongNamesNeedASidecar() {
    let token = ClaimName.makeToken()
    let long = SpoolPath.of("a/" + String(repeating: "n", count: 240))
    XCTAssertNil(ClaimName.encoded(token: token, path: long))
    XCTAssertNotNil(ClaimName.encoded(token: token, path: .of(String(repeating: "n", count: 238))))
    XCTAssertNil(ClaimName.encoded(token: token, path: .of(String(repeating: "n", count: 239))))
    XCTAssertEqual(ClaimName.parse(token), .bare(token: token))
    XCTAssertEqual(ClaimName.parse(ClaimName.sidecar(token: token)), .sidecar(token: token))
  }

  func testForeignNames() {
    for name in ["x.txt", "0123456789abcdeZ~x", "0123456789ABCDEF~x", "0123456789abcdef~", "0123456789abcdef~a%2", "0123456789abcdef~a%41"] {
      XCTAssertEqual(ClaimName.parse(Array(name.utf8)), .foreign, name)
    }
  }
}
