import XCTest
@testable import NewsclassText

final class JSONArticleTests: XCTestCase {
    func testTitleAndBody() throws {
        let json = #"{"id": 17, "title": "Farms closed", "body": "First paragraph.\n\nSecond paragraph.", "url": "https://example.org/x"}"#
        let article = try self.article(json, fileName: "a.json")
        XCTAssertEqual(article.format, .json)
        XCTAssertEqual(article.title, "Farms closed")
        XCTAssertEqual(article.body, "First paragraph.\n\nSecond paragraph.")
    }

    /// Found by fuzz-json: Foundation reads JSON with a trailing comma, and so must we,
    /// or such a feed item is taken for plain text.
    func testTrailingCommasAreRead() throws {
        let json = #"{"title": "Plants to close", "body": "The ministry said three plants will close.", "tags": ["energy", "coal",], "author": {"name": "Desk",},}"#
        let article = try self.article(json, fileName: "a.json")
        XCTAssertEqual(article.format, .json)
        XCTAssertEqual(article.title, "Plants to close")
        XCTAssertEqual(article.body, "The ministry said three plants will close.")
        let crash = #"{"@leBody":"The miNistry said <b>three</b> plants will close.\nMore later.","author":{"name":"Desk"},}"#
        XCTAssertEqual(try self.article(crash, fileName: "a.json").format, .json)
        XCTAssertNotEqual(try? self.article(#"{"title": "x", "body": "y",,}"#, fileName: "a.json").format, .json)
    }

    func testSchemaOrgHeadlineAndArticleBodyWin() throws {
        let json = #"{"@type": "NewsArticle", "name": "Site name", "headline": "Farms closed", "description": "Short summary.", "articleBody": "The full text."}"#
        let article = try self.article(json, fileName: "a.json")
        XCTAssertEqual(article.title, "Farms closed")
        XCTAssertEqual(article.body, "The full text.")
    }

    func testAlternativeKeys() throws {
        let content = try article(#"{"name": "Named title", "content": "Content text."}"#, fileName: "a.json")
        XCTAssertEqual(content.title, "Named title")
        XCTAssertEqual(content.body, "Content text.")
        let text = try article(#"{"Title": "Capitalised keys", "Text": "Text field."}"#, fileName: "a.json")
        XCTAssertEqual(text.title, "Capitalised keys")
        XCTAssertEqual(text.body, "Text field.")
        let description = try article(#"{"title": "Only a summary", "description": "The description is used when there is no body."}"#, fileName: "a.json")
        XCTAssertEqual(description.body, "The description is used when there is no body.")
    }

    func testWrappersAndSingleElementLists() throws {
        let inputs = [
            #"[{"title": "Farms closed", "body": "Body text."}]"#,
            #"{"articles": [{"title": "Farms closed", "body": "Body text."}], "count": 1}"#,
            #"{"article": {"title": "Farms closed", "body": "Body text."}}"#,
            #"{"status": "ok", "data": {"article": {"title": "Farms closed", "body": "Body text."}}}"#,
            #"{"response": {"meta": {"page": 1}, "docs": [{"headline": "Farms closed", "text": "Body text."}]}}"#,
            #"{"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "name": "Page"}, {"@type": "NewsArticle", "headline": "Farms closed", "articleBody": "Body text."}]}"#,
        ]
        for json in inputs {
            let article = try self.article(json, fileName: "a.json")
            XCTAssertEqual(article.title, "Farms closed", json)
            XCTAssertEqual(article.body, "Body text.", json)
        }
    }

    func testHTMLInsideTheBodyIsStripped() throws {
        let json = #"{"title": {"rendered": "Farms &amp; miners"}, "content": {"rendered": "<p>First &ldquo;quoted&rdquo;.</p>\n<script>x()</script><p>Second.</p>"}}"#
        let article = try self.article(json, fileName: "post.json")
        XCTAssertEqual(article.title, "Farms & miners")
        XCTAssertEqual(article.body, "First \u{201C}quoted\u{201D}.\n\nSecond.")
    }

    func testBodyAsAnArrayOfParagraphsOrBlocks() throws {
        let strings = try article(#"{"title": "T1", "body": ["One.", "Two."]}"#, fileName: "a.json")
        XCTAssertEqual(strings.body, "One.\n\nTwo.")
        let blocks = try article(#"{"title": "T2", "body": [{"type": "paragraph", "text": "One."}, {"type": "image", "url": "x.png"}, {"text": "Two."}]}"#, fileName: "a.json")
        XCTAssertEqual(blocks.body, "One.\n\nTwo.")
    }

    func testSeveralArticlesBecomeOneTextWithoutATitle() throws {
        let json = #"{"articles": [{"title": "First story", "body": "First body."}, {"title": "Second story", "body": "Second body."}]}"#
        let article = try self.article(json, fileName: "a.json")
        XCTAssertNil(article.title)
        XCTAssertEqual(article.body, "First story\n\nFirst body.\n\nSecond story\n\nSecond body.")
    }

    func testNonArticleJSONKeepsItsProse() throws {
        let json = #"{"id": "abc123", "updated": "2026-03-02", "notes": ["The ministry announced a review of mining permits.", "ok"], "score": 3.5, "link": "https://example.org/a b"}"#
        let article = try self.article(json, fileName: "a.json")
        XCTAssertNil(article.title)
        XCTAssertEqual(article.body, "The ministry announced a review of mining permits.")
    }

    func testJSONWithoutProseIsEmpty() {
        XCTAssertEqual(failure(#"{"id": 1, "ok": true, "tags": ["a", "b"]}"#, fileName: "a.json")?.reason, .empty)
        XCTAssertEqual(failure("[1, 2, 3]", fileName: "a.json")?.reason, .empty)
    }

    func testInvalidJSONIsReadAsText() throws {
        let article = try self.article(#"{"title": "Broken", "body": "missing the end"#, fileName: "a.json")
        XCTAssertEqual(article.format, .text)
        XCTAssertTrue(article.body.contains("missing the end"))
        let unparseable = try self.article(#"{"title": "Broken", "body": }"#, fileName: "a.json")
        XCTAssertEqual(unparseable.format, .text)
        XCTAssertEqual(unparseable.body, #"{"title": "Broken", "body": }"#)
    }

    func testEscapesAndUnicode() throws {
        let json = #"{"title": "\u6d77\u6e2f\u5e02", "body": "Line one\nLine two \"quoted\" \\ \ud83d\ude00 \ud800 tab\tend"}"#
        let article = try self.article(json, fileName: "a.json")
        XCTAssertEqual(article.title, "海港市")
        XCTAssertEqual(article.body, "Line one\nLine two \"quoted\" \\ 😀 \u{FFFD} tab end")
    }

    func testJSONIsSniffedWithoutAHint() throws {
        let article = try self.article(#"  {"headline": "Sniffed", "articleBody": "\#(Sample.chineseBody)"}  "#)
        XCTAssertEqual(article.format, .json)
        XCTAssertEqual(article.title, "Sniffed")
        XCTAssertEqual(article.body, Sample.chineseBody)
        XCTAssertEqual(article.language, "zh")
    }

    func testParserLimits() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        deep.utf8.withContiguousStorageIfAvailable { XCTAssertNil(JSONParser.parse($0), "too deep to parse safely") }
        for bad in ["{\"a\" 1}", "[1,,]", "[,]", "{\"a\":}", "tru", "\"unterminated", "[1] 2", "-", "1.", "1e"] {
            var text = bad
            text.withUTF8 { XCTAssertNil(JSONParser.parse($0), bad) }
        }
        var good = #" {"a": [1, -2.5e+3, true, false, null, {"b": "c"}]} "#
        good.withUTF8 { XCTAssertNotNil(JSONParser.parse($0)) }
    }
}
