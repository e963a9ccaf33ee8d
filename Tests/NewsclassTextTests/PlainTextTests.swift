import XCTest
@testable import NewsclassText

final class PlainTextTests: XCTestCase {
    func testHeadlineFollowedByBlankLineIsTheTitle() throws {
        let article = try self.article(Sample.englishTitle + "\n\n" + Sample.englishBody, fileName: "a.txt")
        XCTAssertEqual(article.format, .text)
        XCTAssertEqual(article.title, Sample.englishTitle)
        XCTAssertEqual(article.body, Sample.englishBody)
        XCTAssertEqual(article.charset, "UTF-8")
        XCTAssertEqual(article.language, "en")
    }

    func testHeadlineDirectlyFollowedByALongerParagraphIsTheTitle() throws {
        let article = try self.article(Sample.englishTitle + "\n" + Sample.englishParagraph1)
        XCTAssertEqual(article.title, Sample.englishTitle)
        XCTAssertEqual(article.body, Sample.englishParagraph1)
    }

    func testHardWrappedParagraphHasNoTitle() throws {
        let text = """
            Officials in the harbour city said on Monday that they had ordered
            seven cryptocurrency mining farms to close by the end of the month
            and that inspections would follow.
            """
        let article = try self.article(text)
        XCTAssertNil(article.title)
        XCTAssertTrue(article.body.hasPrefix("Officials in the harbour city said on Monday that they had ordered\nseven"))
    }

    func testFirstLineEndingInAPeriodIsNotATitle() throws {
        let article = try self.article("The farms were closed on Monday.\n\n" + Sample.englishBody)
        XCTAssertNil(article.title)
        XCTAssertTrue(article.body.hasPrefix("The farms were closed on Monday.\n\n"))
    }

    func testQuestionHeadlineIsATitle() throws {
        let article = try self.article("Will the mining ban last?\n\n" + Sample.englishBody)
        XCTAssertEqual(article.title, "Will the mining ban last?")
    }

    func testLongFirstLineIsNotATitle() throws {
        let line = String(repeating: "word ", count: 40).trimmingSpaces()
        let article = try self.article(line + "\n\n" + Sample.englishBody)
        XCTAssertNil(article.title)
    }

    func testLowercaseFirstLineIsNotATitle() throws {
        let article = try self.article("and then the farms closed\n\n" + Sample.englishBody)
        XCTAssertNil(article.title)
    }

    func testSingleLineIsBodyNotTitle() throws {
        let article = try self.article("Harbour city shuts crypto mining farms")
        XCTAssertNil(article.title)
        XCTAssertEqual(article.body, "Harbour city shuts crypto mining farms")
    }

    func testChineseHeadline() throws {
        let article = try self.article("　" + Sample.chineseTitle + "\n\n" + Sample.chineseBody)
        XCTAssertEqual(article.title, Sample.chineseTitle)
        XCTAssertEqual(article.body, Sample.chineseBody)
        XCTAssertEqual(article.language, "zh")
    }

    func testChineseSentenceIsNotATitle() throws {
        let article = try self.article(Sample.chineseParagraph1 + "\n\n" + Sample.chineseParagraph2)
        XCTAssertNil(article.title, "a line ending in 。 is a sentence")
    }

    func testLineEndsAndSpacesAreNormalised() throws {
        let text = "Title line here\r\n\r\n\r\n  First   line\twith  tabs  \r\nsecond line\r\rThird paragraph\u{00A0}\u{00A0}ends here \n\n\n\n"
        let article = try self.article(text)
        XCTAssertEqual(article.title, "Title line here")
        XCTAssertEqual(article.body, "First line with tabs\nsecond line\n\nThird paragraph ends here")
    }

    func testControlCharactersAndNULFreeOutput() throws {
        let article = try self.article("Bell\u{7}ringing in the\u{1B} harbour\n\u{0C}New page after a form feed")
        XCTAssertEqual(article.body, "Bellringing in the harbour\n\nNew page after a form feed")
        XCTAssertFalse(article.body.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    func testUnicodeSpacesAndSeparators() throws {
        let article = try self.article("a\u{2003}b\u{3000}c\u{2028}d\u{2029}e\u{FEFF}f")
        XCTAssertEqual(article.body, "a b c\nd\n\nef")
    }
}
