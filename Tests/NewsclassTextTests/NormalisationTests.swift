import XCTest
@testable import NewsclassText

final class NormalisationTests: XCTestCase {
    private func normalised(_ text: String, _ newlines: TextBuilder.NewlineHandling = .lineBreaks) -> String {
        var builder = TextBuilder()
        builder.append(text, newlines: newlines)
        return String(decoding: builder.finish(), as: UTF8.self)
    }

    func testLineBreaksAndParagraphs() {
        XCTAssertEqual(normalised("a\r\nb\rc\nd"), "a\nb\nc\nd")
        XCTAssertEqual(normalised("\n\n a \n \n\n  b  \n\n"), "a\n\nb")
        XCTAssertEqual(normalised("a\u{0B}b\u{0C}c"), "a\nb\n\nc")
    }

    func testWhitespaceCollapses() {
        XCTAssertEqual(normalised("a  b\t\tc \u{A0} d\u{3000}e\u{2009}f\u{202F}g"), "a b c d e f g")
        XCTAssertEqual(normalised("one two  three   four    five", .whitespace), "one two three four five")
        XCTAssertEqual(normalised("line one\nline two", .whitespace), "line one line two")
    }

    func testLongRunsTakeTheFastPathCorrectly() {
        let words = "The quick brown fox jumps over the lazy dog again and again "
        let text = String(repeating: words, count: 20) + "  end\t \n\nnext"
        XCTAssertEqual(normalised(text), String(repeating: words, count: 20).trimmingSpaces() + " end\n\nnext")
        XCTAssertEqual(normalised("abcdefgh        ijklmnop"), "abcdefgh ijklmnop")
        XCTAssertEqual(normalised("abcdefg  hijklmnop"), "abcdefg hijklmnop")
        XCTAssertEqual(normalised("abcdefg \nhijklmnop"), "abcdefg\nhijklmnop")
        XCTAssertEqual(normalised("abcdefgh \u{7F}ijklmnop"), "abcdefgh ijklmnop")
    }

    func testInvisibleAndControlCharactersAreDropped() {
        XCTAssertEqual(normalised("a\u{0}b\u{1}c\u{7F}d\u{85}e\u{9F}f\u{FEFF}g"), "abcdefg")
        XCTAssertEqual(normalised("keep\u{200B}zero\u{00AD}width"), "keep\u{200B}zero\u{00AD}width", "only whitespace and controls are touched")
    }

    func testSeparatorsAreNeverLeadingOrTrailing() {
        var builder = TextBuilder()
        builder.paragraphBreak()
        builder.lineBreak()
        builder.append("text", newlines: .whitespace)
        builder.lineBreak()
        builder.lineBreak()
        builder.append("more", newlines: .whitespace)
        builder.space()
        builder.paragraphBreak()
        XCTAssertEqual(String(decoding: builder.finish(), as: UTF8.self), "text\n\nmore")
    }

    func testNothingIsCaseFoldedOrNormalised() {
        XCTAssertEqual(normalised("ＡＢＣ Ǆ ﬁ Straße"), "ＡＢＣ Ǆ ﬁ Straße")
    }
}
