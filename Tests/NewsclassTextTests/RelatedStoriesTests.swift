import XCTest
@testable import NewsclassText

/// Page chrome at the end and the top of text saved from a news page: the related-stories
/// box and a section label in capitals.
final class RelatedStoriesTests: XCTestCase {
    let headline = "Council approves the new harbour plan"
    let paragraph = "The city council approved the harbour plan on Tuesday after a long debate about costs."

    func testBulletedBoxWithHeadingIsDropped() throws {
        let text = headline + "\n\n" + paragraph + "\n\nLäs också:\n• Klimatpolitiken behöver nytt fokus\n• Mutbrott i kommunen\n\n"
        let article = try self.article(text)
        XCTAssertEqual(article.title, headline)
        XCTAssertEqual(article.body, paragraph)
    }

    func testBoxFollowedByAShortLastLineIsDropped() throws {
        let text = headline + "\n\n" + paragraph + "\n\nمطالب مرتبط\n- خبر اول درباره بازار\n- خبر دوم درباره بندر\n\nنظر شما\n"
        XCTAssertEqual(try article(text).body, paragraph)
    }

    func testJapaneseBulletsAndNumberedRankingsAreItems() throws {
        let japanese = headline + "\n\n" + paragraph + "\n\n関連記事\n・石炭火力の段階的削減\n・企業の景況感が改善\n"
        XCTAssertEqual(try article(japanese).body, paragraph)
        let ranking = headline + "\n\n" + paragraph + "\n\nMost read\n1. Heat wave: what air conditioning costs\n2. Officials charged over tender\n"
        XCTAssertEqual(try article(ranking).body, paragraph)
    }

    func testCutOffLastItemStillCounts() throws {
        let text = headline + "\n\n" + paragraph + "\n\nRead also:\n• Bitcoin falls below forty thou"
        XCTAssertEqual(try article(text).body, paragraph)
    }

    func testTheArticlesOwnListIsKept() throws {
        // Items that end like sentences belong to the article.
        let points = headline + "\n\n" + paragraph + "\n\nWhat changes:\n- Ships pay a higher fee.\n- The quay opens at night.\n"
        XCTAssertTrue(try article(points).body.contains("The quay opens at night."))
        // A list with no heading above it may be the article's own.
        let bare = headline + "\n\n" + paragraph + "\n- Ships pay a higher fee\n- The quay opens at night\n"
        XCTAssertTrue(try article(bare).body.contains("The quay opens at night"))
    }

    func testSectionLabelInCyrillicCapitalsIsNotTheTitle() throws {
        let russianHeadline = "Совет одобрил новый план порта"
        let body = "Городской совет одобрил план порта во вторник после долгого спора о расходах."
        let text = "ПРОИСШЕСТВИЯ\n" + russianHeadline + "\n\n" + body
        let article = try self.article(text)
        XCTAssertEqual(article.title, russianHeadline)
        XCTAssertEqual(article.body, body)
    }
}
