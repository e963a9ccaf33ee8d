import XCTest
@testable import NewsclassSpool

final class SpoolFilterTests: XCTestCase {
  func testDefaultUnfinishedNames() {
    let filter = SpoolFilter()
    for name in [".x.txt", "x.tmp", "x.part", "x.crdownload", ".x.swp", "x.swp", "x~", "a/.partial"] {
      XCTAssertEqual(filter.verdict(for: .of(name)), .unfinished, name)
    }
    for name in ["x.txt", "x.tmp.txt", "a/b/x", "x~y", "tmp", "part"] {
      XCTAssertEqual(filter.verdict(for: .of(name)), .take, name)
    }
  }

  func testUnfinishedFolderHoldsEverythingInside() {
    let filter = SpoolFilter()
    XCTAssertEqual(filter.verdict(for: .of(".batch/x.txt")), .unfinished)
    XCTAssertEqual(filter.verdict(for: .of("a/upload.part/x.txt")), .unfinished)
    XCTAssertEqual(filter.verdict(for: .of("batch/x.txt")), .take)
    XCTAssertTrue(filter.isUnfinished(name: Array(".batch".utf8)))
  }

  func testIncludeAndExclude() {
    let filter = SpoolFilter(include: ["**/*.txt", "**/*.md"], exclude: ["drafts/**", "**/*.skip.txt"])
    XCTAssertEqual(filter.verdict(for: .of("x.txt")), .take)
    XCTAssertEqual(filter.verdict(for: .of("a/b/x.md")), .take)
    XCTAssertEqual(filter.verdict(for: .of("x.html")), .notIncluded)
    XCTAssertEqual(filter.verdict(for: .of("drafts/x.txt")), .excluded)
    XCTAssertEqual(filter.verdict(for: .of("a/x.skip.txt")), .excluded)
    XCTAssertEqual(filter.verdict(for: .of("drafts/.x.txt")), .unfinished)
    XCTAssertTrue(filter.accepts(.of("a/x.txt")))
    XCTAssertFalse(filter.accepts(.of("x.pdf")))
  }

  func testCustomUnfinishedGlobs() {
    let filter = SpoolFilter(unfinished: ["*.uploading"])
    XCTAssertEqual(filter.verdict(for: .of("x.uploading")), .unfinished)
    XCTAssertEqual(filter.verdict(for: .of(".hidden")), .take)
  }
}
