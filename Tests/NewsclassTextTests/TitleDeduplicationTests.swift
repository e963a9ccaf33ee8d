import XCTest
@testable import NewsclassText

final class TitleDeduplicationTests: XCTestCase {
    private func dropped(_ title: String, _ body: String) -> String {
        var bytes = Array(body.utf8)
        ArticleExtractor.dropLeadingTitle(title, from: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    func testTheTitleIsDroppedFromTheFirstThreeParagraphsOnly() {
        XCTAssertEqual(dropped("T", "T\n\nbody"), "body")
        XCTAssertEqual(dropped("T", "crumbs\n\nT\n\nbody"), "crumbs\n\nbody")
        XCTAssertEqual(dropped("T", "a\n\nb\n\nT"), "a\n\nb")
        XCTAssertEqual(dropped("T", "a\n\nb\n\nc\n\nT"), "a\n\nb\n\nc\n\nT", "the fourth paragraph is content")
        XCTAssertEqual(dropped("T", "T"), "T", "a body that is only the title stays")
        XCTAssertEqual(dropped("T", "Title\n\nT x"), "Title\n\nT x", "whole paragraphs only")
        XCTAssertEqual(dropped("T", "T\nsecond line\n\nbody"), "T\nsecond line\n\nbody")
    }
}
