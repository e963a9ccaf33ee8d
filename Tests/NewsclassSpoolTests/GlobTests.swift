import Glibc
import XCTest
@testable import NewsclassSpool

final class GlobTests: XCTestCase {
  private func matches(_ pattern: String, _ path: String) -> Bool {
    Glob(pattern).matches(SpoolPath.of(path))
  }

  func testStarStaysInOneComponent() {
    XCTAssertTrue(matches("*.txt", "x.txt"))
    XCTAssertFalse(matches("*.txt", "a/x.txt"))
    XCTAssertTrue(matches("a/*.txt", "a/x.txt"))
    XCTAssertFalse(matches("a/*.txt", "a/b/x.txt"))
    XCTAssertTrue(matches("*/*", "a/x"))
    XCTAssertTrue(matches("*", ".hidden"))
  }

  func testDoubleStarSpansAnyDepth() {
    XCTAssertTrue(matches("**/*.txt", "x.txt"))
    XCTAssertTrue(matches("**/*.txt", "a/b/c/x.txt"))
    XCTAssertFalse(matches("**/*.txt", "a/b/x.md"))
    XCTAssertTrue(matches("news/**", "news/a/b"))
    XCTAssertTrue(matches("news/**", "news/x"))
    XCTAssertFalse(matches("news/**", "other/x"))
    XCTAssertTrue(matches("a/**/z", "a/z"))
    XCTAssertTrue(matches("a/**/z", "a/b/c/z"))
    XCTAssertFalse(matches("a/**/z", "a/b/c/y"))
    XCTAssertTrue(matches("**", "any/thing/at/all"))
    XCTAssertTrue(matches("a/**/**/z", "a/b/z"))
    // `**` inside a component is fnmatch's `*`: it does not cross "/".
    XCTAssertTrue(matches("x**.txt", "xyz.txt"))
    XCTAssertFalse(matches("x**.txt", "x/y.txt"))
  }

  func testFnmatchClassesAndEscapes() {
    XCTAssertTrue(matches("[ab].txt", "a.txt"))
    XCTAssertFalse(matches("[ab].txt", "c.txt"))
    XCTAssertTrue(matches("[!ab].txt", "c.txt"))
    XCTAssertTrue(matches("?.txt", "q.txt"))
    XCTAssertFalse(matches("?.txt", "qq.txt"))
    XCTAssertTrue(matches("\\*.txt", "*.txt"))
    XCTAssertFalse(matches("\\*.txt", "x.txt"))
  }

  func testAnchoringAndEmptyPattern() {
    XCTAssertTrue(matches("/a/x.txt", "a/x.txt"))
    XCTAssertFalse(matches("x.txt", "a/x.txt"))
    XCTAssertFalse(matches("", "x"))
    XCTAssertFalse(matches("/", "x"))
  }

  func testInvalidUTF8Names() {
    let path = SpoolPath(bytes: [0x66, 0xFF, 0x2E, 0x74, 0x78, 0x74])!
    XCTAssertTrue(Glob("*.txt").matches(path))
    XCTAssertTrue(Glob("**").matches(path))
  }

  func testSingleNames() {
    XCTAssertTrue(Glob("*.tmp").matches(name: Array("x.tmp".utf8)))
    XCTAssertFalse(Glob("*.tmp").matches(name: Array("x.txt".utf8)))
    XCTAssertFalse(Glob("a/*.tmp").matches(name: Array("x.tmp".utf8)))
  }
}

final class GlobFastPathTests: XCTestCase {
  func testPrefixAndSuffixPatternsAgreeWithFnmatch() {
    let names = ["x.tmp", ".tmp", "tmp", ".x", "x", "a.tmp.b", "*.tmp", ".", "x~", "~", "xx"]
    for pattern in ["*.tmp", ".*", "*~", "*", "x*", "*x", "x", "*.t?p", "[.]*"] {
      for name in names {
        XCTAssertEqual(
          Glob(pattern).matches(name: Array(name.utf8)), fnmatch(pattern, name, 0) == 0, "\(pattern) vs \(name)")
      }
    }
  }
}
