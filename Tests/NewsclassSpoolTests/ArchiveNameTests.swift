import XCTest
@testable import NewsclassSpool

final class ArchiveNameTests: XCTestCase {
  private func suffixed(_ name: String, _ number: Int, reserve: Int = 0) -> String {
    String(decoding: ArchiveName.suffixed(Array(name.utf8), number, reserve: reserve), as: UTF8.self)
  }

  func testSuffixGoesBeforeTheLastExtension() {
    XCTAssertEqual(suffixed("x.txt", 0), "x.txt")
    XCTAssertEqual(suffixed("x.txt", 1), "x.1.txt")
    XCTAssertEqual(suffixed("x.txt", 12), "x.12.txt")
    XCTAssertEqual(suffixed("a.tar.gz", 1), "a.tar.1.gz")
    XCTAssertEqual(suffixed("README", 2), "README.2")
    XCTAssertEqual(suffixed(".profile", 1), ".profile.1")
    XCTAssertEqual(suffixed("trailing.", 1), "trailing..1")
  }

  func testLongNamesAreShortenedToFit() {
    let long = String(repeating: "n", count: 251) + ".txt"
    XCTAssertEqual(suffixed(long, 0), long)
    let first = ArchiveName.suffixed(Array(long.utf8), 1)
    XCTAssertEqual(first.count, 255)
    XCTAssertTrue(String(decoding: first, as: UTF8.self).hasSuffix("n.1.txt"))
    XCTAssertEqual(ArchiveName.suffixed(Array(long.utf8), 0, reserve: 12).count, 243)
    // Multi-byte characters are not cut in half.
    let wide = String(repeating: "新", count: 84) + ".txt"  // 252 + 4 bytes
    let cut = ArchiveName.suffixed(Array(wide.utf8), 10)
    XCTAssertLessThanOrEqual(cut.count, 255)
    XCTAssertNotNil(String(validating: cut, as: UTF8.self))
  }

  func testFirstFreeFindsTheGapInLogarithmicProbes() throws {
    for used in [0, 1, 2, 3, 7, 8, 1000] {
      var probes = 0
      let free = try ArchiveName.firstFree { number in
        probes += 1
        return number < used
      }
      XCTAssertEqual(free, used)
      XCTAssertLessThanOrEqual(probes, 2 * 11 + 2)
    }
  }
}
