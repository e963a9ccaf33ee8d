import XCTest
@testable import NewsclassText

final class FormatSniffingTests: XCTestCase {
    func testFileNameHints() {
        XCTAssertEqual(FormatSniffer.format(forFileName: "a.txt"), .text)
        XCTAssertEqual(FormatSniffer.format(forFileName: "dir/b.MD"), .markdown)
        XCTAssertEqual(FormatSniffer.format(forFileName: "c.markdown"), .markdown)
        XCTAssertEqual(FormatSniffer.format(forFileName: "d.htm"), .html)
        XCTAssertEqual(FormatSniffer.format(forFileName: "e.xhtml"), .html)
        XCTAssertEqual(FormatSniffer.format(forFileName: "f.json"), .json)
        XCTAssertEqual(FormatSniffer.format(forFileName: "g.eml"), .email)
        XCTAssertNil(FormatSniffer.format(forFileName: "h.dat"))
        XCTAssertNil(FormatSniffer.format(forFileName: "dir.v2/README"))
        XCTAssertNil(FormatSniffer.format(forFileName: nil))
    }

    private func sniff(_ text: String, hint: ArticleFormat? = nil) -> ArticleFormat {
        var text = text
        return text.withUTF8 { FormatSniffer().format(of: $0, hint: hint) }
    }

    func testContentDecidesWithoutAHint() {
        XCTAssertEqual(sniff("<!doctype html><p>x</p>"), .html)
        XCTAssertEqual(sniff("<!-- c --><?xml version=\"1.0\"?><html><body>x</body></html>"), .html)
        XCTAssertEqual(sniff("  {\"a\": 1}\n"), .json)
        XCTAssertEqual(sniff("[{\"a\": 1}]"), .json)
        XCTAssertEqual(sniff("From: a@example.org\nSubject: s\n\nbody"), .email)
        XCTAssertEqual(sniff("Received: from x\nMessage-ID: <1@x>\n\nbody"), .email)
        XCTAssertEqual(sniff("# Heading\n\ntext"), .markdown)
        XCTAssertEqual(sniff("Intro with a [link](http://x) and **bold** text."), .markdown)
        XCTAssertEqual(sniff("Plain text with a [bracket] and a star * here."), .text)
        XCTAssertEqual(sniff("[Reuters] Officials said the farms would close."), .text)
        XCTAssertEqual(sniff("Subject: only one header\n\nbody"), .text, "one header is not a message")
        XCTAssertEqual(sniff("Note: this is text\nDate: today\n\nbody"), .text, "no header only mail has")
    }

    func testHintsAreKeptUnlessContradicted() {
        XCTAssertEqual(sniff("# Heading\n\ntext", hint: .text), .text, "Markdown in a .txt file stays text")
        XCTAssertEqual(sniff("<html><body>x</body></html>", hint: .text), .html)
        XCTAssertEqual(sniff("{\"title\": \"x\"}", hint: .text), .json)
        XCTAssertEqual(sniff("plain words", hint: .json), .text)
        XCTAssertEqual(sniff("plain words without tags", hint: .html), .text)
        XCTAssertEqual(sniff("Text & a <b>tag</b>", hint: .html), .html)
        XCTAssertEqual(sniff("<!DOCTYPE html><html></html>", hint: .markdown), .html)
        XCTAssertEqual(sniff("<div>inline html</div>\n\ntext", hint: .markdown), .markdown)
        XCTAssertEqual(sniff("no headers here", hint: .email), .text)
    }
}
