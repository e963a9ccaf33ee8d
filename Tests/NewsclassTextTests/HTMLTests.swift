import XCTest
@testable import NewsclassText

final class HTMLTests: XCTestCase {
    private func page(head: String = "", body: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\(head)</head>\n<body>\(body)</body></html>"
    }

    func testBoilerplateScriptsAndCommentsAreRemoved() throws {
        let html = page(
            head: "<title>T</title><style>p { color: red }</style><script>var tracking = 'x < y';</script>",
            body: """
                <header><a href="/">Home</a> <a href="/world">World</a></header>
                <nav><ul><li>Menu item</li></ul></nav>
                <!-- an ad slot -->
                <div><p>\(Sample.englishParagraph1)</p>
                <noscript>Enable JavaScript</noscript><template><p>Hidden template</p></template>
                <svg viewBox="0 0 10 10"><text>Logo</text></svg>
                <form><label>Subscribe</label><button>Go</button></form>
                <p>\(Sample.englishParagraph2)</p></div>
                <aside>Most read: other stories</aside>
                <footer>Copyright notice</footer>
                <script>document.write("late script")</script>
                """)
        let article = try self.article(html, fileName: "a.html")
        XCTAssertEqual(article.format, .html)
        XCTAssertEqual(article.body, Sample.englishBody)
    }

    func testHiddenAndFurnitureClassesAreRemoved() throws {
        let html = page(body: """
            <div id="price-ticker" aria-hidden="true">BTC 1 ETH 2</div>
            <div class="topnav"><a href="/">Home</a> &gt; <a href="/news">News</a></div>
            <div class="article-body">
              <p>\(Sample.englishParagraph1)</p>
              <div class="share-bar"><div><a>Share on X</a></div><span>Copy link</span></div>
              <p hidden>Hidden paragraph</p>
              <ul class="related-posts"><li>Other story</li></ul>
              <p class="canvas unavailable">\(Sample.englishParagraph2)</p>
            </div>
            <section id="comments"><div><p>First!</p></div></section>
            """)
        let article = try self.article(html, fileName: "a.html")
        XCTAssertEqual(article.body, Sample.englishBody)
    }

    func testBodyClassDoesNotHideThePage() throws {
        let html = "<html><body class=\"nav-open menu\"><p>Body text.</p></body></html>"
        XCTAssertEqual(try article(html, fileName: "a.html").body, "Body text.")
    }

    func testNamedAndNumericEntitiesAreDecoded() throws {
        let html = page(body: "<p>Fish&nbsp;&amp;&nbsp;chips &ldquo;quoted&rdquo; it&rsquo;s &mdash; done&hellip; &eacute;t&eacute; &euro;5 &copy; &lt;b&gt; &#8220;dec&#8221; &#x4E2D;&#x56FD; &#128512; &#150; &amp &unknownentity; AT&T</p>")
        let article = try self.article(html, fileName: "a.html")
        XCTAssertEqual(article.body, "Fish & chips \u{201C}quoted\u{201D} it\u{2019}s \u{2014} done\u{2026} été €5 © <b> \u{201C}dec\u{201D} 中国 😀 \u{2013} & &unknownentity; AT&T")
    }

    func testBlockElementsBecomeParagraphsAndInlineElementsFlow() throws {
        let html = page(body: "<div>First <b>bold</b> <a href=\"x\">link</a>text</div><section><h2>Sub heading</h2><p>Line one<br>line two<br><br>new paragraph</p><ul><li>one</li><li>two</li></ul><table><tr><td>cell a</td><td>cell b</td></tr></table></section>")
        let article = try self.article(html, fileName: "a.html")
        XCTAssertEqual(article.body, "First bold linktext\n\nSub heading\n\nLine one\nline two\n\nnew paragraph\n\none\n\ntwo\n\ncell a cell b")
    }

    func testWhitespaceCollapsesExceptInPre() throws {
        let html = page(body: "<p>  spread\n   over\tlines  </p><pre>kept\n  indented\nlines</pre>")
        let article = try self.article(html, fileName: "a.html")
        XCTAssertEqual(article.body, "spread over lines\n\nkept\nindented\nlines")
    }

    func testTitlePrefersOpenGraphThenTitleThenH1() throws {
        let all = page(head: "<title>Page title | Site</title><meta property=\"og:title\" content=\"Open &amp; Graph title\">",
                       body: "<h1>Heading title</h1><p>Body text.</p>")
        XCTAssertEqual(try article(all, fileName: "a.html").title, "Open & Graph title")

        let noOG = page(head: "<title>Page title | Site</title>", body: "<h1>Heading title</h1><p>Body text.</p>")
        XCTAssertEqual(try article(noOG, fileName: "a.html").title, "Page title | Site")

        let onlyH1 = page(body: "<header><h1>Heading <em>title</em></h1></header><p>Body text.</p>")
        let article = try self.article(onlyH1, fileName: "a.html")
        XCTAssertEqual(article.title, "Heading title")
        XCTAssertEqual(article.body, "Body text.")
    }

    func testHeadlineRepeatedAtTheStartOfTheBodyIsDropped() throws {
        let html = page(head: "<title>Farms closed</title>", body: "<article><h1>Farms closed</h1><p>Body text.</p></article>")
        let article = try self.article(html, fileName: "a.html")
        XCTAssertEqual(article.title, "Farms closed")
        XCTAssertEqual(article.body, "Body text.")
    }

    func testSiteNameSuffixGivesWayToTheHeadline() throws {
        let html = page(head: "<title>Mine flooded, three dead - Local News</title>",
                        body: "<div class=\"crumbs\">Home &gt; Local</div><h1>Mine flooded, three dead</h1><p>Body text.</p>")
        let article = try self.article(html, fileName: "a.html")
        XCTAssertEqual(article.title, "Mine flooded, three dead")
        XCTAssertEqual(article.body, "Home > Local\n\nBody text.", "the headline is dropped from the body's first paragraphs")
        XCTAssertTrue(HTMLExtractor.isHeadline("断电之后", withSiteSuffix: "断电之后_深度_财经频道"))
        XCTAssertFalse(HTMLExtractor.isHeadline("Mine flooded", withSiteSuffix: "Mine flooded, three dead"))
    }

    func testArticleElementIsPreferred() throws {
        let html = page(body: """
            <div class="promo">Subscribe to our newsletter today</div>
            <article><p>Short teaser</p></article>
            <article><h1>Main</h1><p>\(Sample.englishParagraph1)</p><p>\(Sample.englishParagraph2)</p></article>
            <div>Related links and more promotion</div>
            """)
        let article = try self.article(html, fileName: "a.html")
        XCTAssertEqual(article.title, "Main")
        XCTAssertEqual(article.body, Sample.englishBody)
    }

    func testMainElementIsUsedWithoutArticle() throws {
        let html = page(body: "<div>Outside text</div><main><p>Inside main.</p></main><div>More outside</div>")
        XCTAssertEqual(try article(html, fileName: "a.html").body, "Inside main.")
    }

    func testASmallArticleElementIsPassedOver() throws {
        let html = page(body: "<div><p>\(Sample.englishParagraph1)</p><p>\(Sample.englishParagraph2)</p></div><article><p>A reader comment.</p></article>")
        XCTAssertEqual(try article(html, fileName: "a.html").body, Sample.englishBody + "\n\nA reader comment.")
    }

    func testArticlesInsideBoilerplateDoNotCount() throws {
        let html = page(body: "<aside><article><p>Related story teaser</p></article></aside><div><p>Real body text.</p></div>")
        XCTAssertEqual(try article(html, fileName: "a.html").body, "Real body text.")
    }

    func testUnclosedBoilerplateFallsBackToAllText() throws {
        let html = "<html><body><header><p>Everything is in an unclosed header.</p></body></html>"
        let article = try self.article(html, fileName: "a.html")
        XCTAssertEqual(article.body, "Everything is in an unclosed header.")
    }

    func testPageOfOnlyFurnitureIsEmpty() {
        let html = page(head: "<script>x()</script>", body: "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><footer>Contact us</footer>")
        XCTAssertEqual(failure(html, fileName: "a.html")?.reason, .empty)
    }

    func testMessyMarkupIsTolerated() throws {
        let html = "<P CLASS=x data-x=\"a > b\">Upper <B>case</B> tags &amp; 3 < 5 and 7 > 2</p><img src='a.png' alt=\"x>y\"/><![CDATA[ cdata text ]]><p>unclosed <i>inline"
        let article = try self.article(html, fileName: "a.htm")
        XCTAssertEqual(article.body, "Upper case tags & 3 < 5 and 7 > 2\n\ncdata text\n\nunclosed inline")
    }

    func testScriptEndTagIsFoundCaseInsensitivelyAndNotEarly() throws {
        let html = page(body: "<script type=\"text/javascript\">if (a</b) { x = '</div>'; }</SCRIPT ><p>After script.</p>")
        XCTAssertEqual(try article(html, fileName: "a.html").body, "After script.")
    }

    func testHTMLIsSniffedWithoutAHintAndFromWrongHint() throws {
        let html = page(head: "<title>Sniffed</title>", body: "<p>Body text.</p>")
        XCTAssertEqual(try article(html).format, .html)
        XCTAssertEqual(try article(html, fileName: "notes.txt").format, .html)
        XCTAssertEqual(try article("<p>Fragment only</p>").format, .html)
    }

    func testChinesePage() throws {
        let html = page(head: "<title>\(Sample.chineseTitle)</title>", body: "<div id=\"content\"><p>\(Sample.chineseParagraph1)</p><p>\(Sample.chineseParagraph2)</p></div>")
        let article = try self.article(html, fileName: "a.html")
        XCTAssertEqual(article.title, Sample.chineseTitle)
        XCTAssertEqual(article.body, Sample.chineseBody)
        XCTAssertEqual(article.language, "zh")
    }

    func testEntitiesHandledDirectly() {
        func decode(_ text: String) -> String? {
            var text = text
            return text.withUTF8 { utf8 in HTMLEntities.decode(utf8, at: 0).map { String($0.scalar) } }
        }
        XCTAssertEqual(decode("&nbsp;"), "\u{A0}")
        XCTAssertEqual(decode("&Eacute;"), "É")
        XCTAssertEqual(decode("&eacute;"), "é")
        XCTAssertEqual(decode("&#0;"), "\u{FFFD}")
        XCTAssertEqual(decode("&#xD800;"), "\u{FFFD}")
        XCTAssertEqual(decode("&#x110000;"), "\u{FFFD}")
        XCTAssertEqual(decode("&#153;"), "\u{2122}", "0x80–0x9F are read as Windows-1252")
        XCTAssertNil(decode("&nosuch;"))
        XCTAssertNil(decode("&amp=1"), "a URL query, not a reference")
        XCTAssertNil(decode("& "))
    }
}
