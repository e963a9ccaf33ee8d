import XCTest
@testable import NewsclassText

final class MarkdownTests: XCTestCase {
    func testATXHeadingIsTheTitleAndLeavesTheBody() throws {
        let article = try self.article("# \(Sample.englishTitle)\n\n\(Sample.englishBody)\n", fileName: "story.md")
        XCTAssertEqual(article.format, .markdown)
        XCTAssertEqual(article.title, Sample.englishTitle)
        XCTAssertEqual(article.body, Sample.englishBody)
    }

    func testClosingHashesAreNotPartOfTheTitle() throws {
        let article = try self.article("# Mining ban ##\n\nBody text here.", fileName: "a.md")
        XCTAssertEqual(article.title, "Mining ban")
    }

    func testSetextHeadingIsTheTitle() throws {
        let article = try self.article("Mining *ban* widens\n===================\n\nBody text here.", fileName: "a.markdown")
        XCTAssertEqual(article.title, "Mining ban widens")
        XCTAssertEqual(article.body, "Body text here.")
    }

    func testYAMLFrontMatterTitleWins() throws {
        let text = """
            ---
            title: "Farms closed: the full story"
            date: 2026-03-02
            tags: [mining, energy]
            ---
            # A different heading

            Body text here.
            """
        let article = try self.article(text, fileName: "a.md")
        XCTAssertEqual(article.title, "Farms closed: the full story")
        XCTAssertEqual(article.body, "A different heading\n\nBody text here.")
        XCTAssertFalse(article.body.contains("2026-03-02"), "front matter is not body text")
    }

    func testFrontMatterTitleEqualToHeadingIsNotRepeated() throws {
        let text = "---\ntitle: Mining ban widens\n---\n\n# Mining ban widens\n\nBody text here."
        let article = try self.article(text, fileName: "a.md")
        XCTAssertEqual(article.title, "Mining ban widens")
        XCTAssertEqual(article.body, "Body text here.")
    }

    func testTOMLFrontMatter() throws {
        let article = try self.article("+++\ntitle = \"Coal plant closes\"\n+++\n\nBody text here.", fileName: "a.md")
        XCTAssertEqual(article.title, "Coal plant closes")
        XCTAssertEqual(article.body, "Body text here.")
    }

    func testLeadingSubheadingIsTitleWhenThereIsNoH1() throws {
        let article = try self.article("## Farms closed\n\nBody text here.\n\n## Reactions\n\nMore text.", fileName: "a.md")
        XCTAssertEqual(article.title, "Farms closed")
        XCTAssertEqual(article.body, "Body text here.\n\nReactions\n\nMore text.")
    }

    func testH1AfterIntroductionIsTheTitleAndLeavesTheBody() throws {
        let article = try self.article("Published by the desk.\n\n# Farms closed\n\nBody text here.", fileName: "a.md")
        XCTAssertEqual(article.title, "Farms closed")
        XCTAssertEqual(article.body, "Published by the desk.\n\nBody text here.")
    }

    func testEmphasisIsStrippedButIntrawordUnderscoresStay() throws {
        let article = try self.article("Title\n=====\n\nThe **ban** is *final*, said the __office__ in _snake_case_file_ ~~not~~ today; 2 * 3 = 6.", fileName: "a.md")
        XCTAssertEqual(article.body, "The ban is final, said the office in snake_case_file not today; 2 * 3 = 6.")
    }

    func testLinksImagesAndAutolinks() throws {
        let text = """
            # T

            Read the [official notice](https://example.org/notice "Notice") and the [report][r].
            ![A mining farm](farm.jpg) Contact <press@example.org> or <https://example.org>.
            A footnote[^1] and [brackets] stay.

            [r]: https://example.org/report
            [^1]: The footnote text.
            """
        let article = try self.article(text, fileName: "a.md")
        XCTAssertEqual(article.body, "Read the official notice and the report. Contact press@example.org or https://example.org. A footnote and [brackets] stay.\n\nThe footnote text.")
    }

    func testCodeKeepsItsText() throws {
        let text = "# T\n\nRun `mine --stop *` now.\n\n```sh\nsystemctl stop **miner**\n  indented line\n```\n\nAfter."
        let article = try self.article(text, fileName: "a.md")
        XCTAssertEqual(article.body, "Run mine --stop * now.\n\nsystemctl stop **miner**\nindented line\n\nAfter.")
    }

    func testHTMLBlocksAreStrippedToText() throws {
        let text = "# T\n\n<div class=\"note\">\n<p>Boxed <b>note</b> text</p>\n<script>track()</script>\n</div>\n\n<!-- hidden\ncomment -->\n\nPlain paragraph with <em>inline</em> tag<br>and a break."
        let article = try self.article(text, fileName: "a.md")
        XCTAssertEqual(article.body, "Boxed note text\n\nPlain paragraph with inline tag\nand a break.")
    }

    func testListsQuotesTablesAndRules() throws {
        let text = """
            # T

            - first item
            * [x] second item
            1. third item

            > quoted line
            > continues here

            ---

            | Province | Farms |
            |----------|------:|
            | North    | 12    |
            """
        let article = try self.article(text, fileName: "a.md")
        XCTAssertEqual(article.body, "first item\n\nsecond item\n\nthird item\n\nquoted line continues here\n\nProvince Farms\nNorth 12")
        XCTAssertFalse(article.body.contains("|"))
        XCTAssertFalse(article.body.contains("---"))
    }

    func testSoftLineBreaksJoinWithSpacesAndEscapesResolve() throws {
        let article = try self.article("# T\n\nFirst line\nsecond line with \\*stars\\* &amp; entities.", fileName: "a.md")
        XCTAssertEqual(article.body, "First line second line with *stars* & entities.")
    }

    func testMarkdownIsSniffedWithoutAHint() throws {
        let article = try self.article("# Farms closed\n\nThe **office** said so.")
        XCTAssertEqual(article.format, .markdown)
        XCTAssertEqual(article.title, "Farms closed")
        XCTAssertEqual(article.body, "The office said so.")
    }

    func testChineseMarkdown() throws {
        let article = try self.article("# \(Sample.chineseTitle)\n\n**\(Sample.chineseParagraph1)**\n\n\(Sample.chineseParagraph2)", fileName: "a.md")
        XCTAssertEqual(article.title, Sample.chineseTitle)
        XCTAssertEqual(article.body, Sample.chineseBody)
        XCTAssertEqual(article.language, "zh")
    }
}
