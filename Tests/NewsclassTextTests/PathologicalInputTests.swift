import XCTest
@testable import NewsclassText

/// Hostile shapes that once made a scanner quadratic or deeply recursive. No timing
/// assertions: a regression shows as a test that does not finish.
final class PathologicalInputTests: XCTestCase {
    private func repeated(_ unit: String, bytes: Int = 200_000) -> [UInt8] {
        let unitBytes = Array(unit.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes + unitBytes.count)
        while result.count < bytes { result += unitBytes }
        return result
    }

    func testUnmatchedMarkdownOpeners() throws {
        for unit in ["[ ( ", "` `` ", "x <a ", "*a _b ", "![x]( "] {
            let article = try self.article(Array("# T\n\n".utf8) + repeated(unit), fileName: "a.md")
            XCTAssertEqual(article.title, "T", unit)
            XCTAssertFalse(article.body.isEmpty, unit)
        }
    }

    func testManyShortMarkdownBlocks() throws {
        let article = try self.article(repeated("# x\n- y\n> z\n| a |\n<!-- c\n"), fileName: "a.md")
        XCTAssertEqual(article.format, .markdown)
    }

    func testDeeplyNestedAndUnclosedHTML() throws {
        let nested = try article(repeated("<nav><aside></nav>x"), fileName: "a.html")
        XCTAssertEqual(nested.format, .html)
        XCTAssertEqual(failure(Array("<script>".utf8) + repeated("<a "), fileName: "a.html")?.reason, .empty)
        let divs = try article(repeated("<div class=\"share\"><div>") + Array("<p>tail</p>".utf8), fileName: "a.html")
        XCTAssertEqual(divs.body, "tail", "an unclosed furniture element falls back to all the text")
    }

    func testDeepJSONIsNotParsedRecursively() throws {
        let article = try self.article(Array(String(repeating: "[", count: 50_000).utf8), fileName: "a.json")
        XCTAssertEqual(article.format, .text)
    }

    func testLongHeadersAndEncodedWords() throws {
        let message = Array("From: a@example.org\nSubject: ".utf8) + repeated("=?utf-8?q?") + Array("\n\nBody text.".utf8)
        let article = try self.article(message, fileName: "a.eml")
        XCTAssertEqual(article.body, "Body text.")
    }
}
