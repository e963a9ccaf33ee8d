import XCTest
@testable import NewsclassText

final class EmailTests: XCTestCase {
    private func crlf(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
    }

    func testSimpleMessageWithFoldedSubject() throws {
        let message = crlf("""
            From: News Desk <desk@example.org>
            To: readers@example.org
            Subject: Harbour city shuts
             crypto mining farms
            Date: Mon, 2 Mar 2026 09:00:00 +0800
            Message-ID: <1@example.org>

            \(Sample.englishParagraph1)

            \(Sample.englishParagraph2)
            """)
        let article = try self.article(message, fileName: "a.eml")
        XCTAssertEqual(article.format, .email)
        XCTAssertEqual(article.title, "Harbour city shuts crypto mining farms")
        XCTAssertEqual(article.body, Sample.englishBody)
        XCTAssertEqual(article.language, "en")
    }

    func testEncodedWordSubjects() throws {
        // A UTF-8 character split across two B-encoded words, and a GB2312 Q-encoded word.
        let message = """
            From: desk@example.org
            Subject: =?UTF-8?B?5rW35riv5biC5Q==?=
              =?utf-8?b?hbPpl63mjJbnn7/lnLo=?= (=?GB2312?Q?=BA=A3=B8=DB_news?=) plain tail
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            \(Sample.chineseBody)
            """
        let article = try self.article(message, fileName: "a.eml")
        XCTAssertEqual(article.title, "海港市关闭挖矿场 (海港 news) plain tail")
        XCTAssertEqual(article.language, "zh")
    }

    func testEncodedWordsDirectly() {
        let decoder = EncodedWords(fallback: nil)
        XCTAssertEqual(decoder.decode(Array("=?ISO-8859-1?Q?Caf=E9?= au lait".utf8)), "Café au lait")
        XCTAssertEqual(decoder.decode(Array("=?utf-8?q?a?=   =?utf-8?q?b?=".utf8)), "ab", "whitespace between encoded words goes")
        XCTAssertEqual(decoder.decode(Array("=?utf-8*en?Q?lang_tag?=".utf8)), "lang tag")
        XCTAssertEqual(decoder.decode(Array("not =?encoded".utf8)), "not =?encoded")
        XCTAssertEqual(decoder.decode(Array("=?x-unknown-charset?Q?abc?=".utf8)), "abc")
    }

    func testMultipartAlternativePrefersPlainText() throws {
        let message = crlf("""
            From: desk@example.org
            Subject: Alternative
            MIME-Version: 1.0
            Content-Type: multipart/alternative; boundary="b1=_x"

            This is the preamble.
            --b1=_x
            Content-Type: text/plain; charset="iso-8859-1"
            Content-Transfer-Encoding: quoted-printable

            Caf=E9 owners say the price is =3D 5 euros and this line is so=
             long it was wrapped softly.=20
            Next line.
            --b1=_x
            Content-Type: text/html; charset=utf-8

            <p>HTML version</p>
            --b1=_x--
            This is the epilogue.
            """)
        let article = try self.article(message, fileName: "a.eml")
        XCTAssertEqual(article.body, "Café owners say the price is = 5 euros and this line is so long it was wrapped softly.\nNext line.")
        XCTAssertEqual(article.charset, "WINDOWS-1252")
    }

    func testEmptyPlainPartGivesWayToHTML() throws {
        let message = "From: a@example.org\nSubject: S\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=q\n\n--q\nContent-Type: text/plain\n\n \n--q\nContent-Type: text/html\n\n<p>Only here.</p>\n--q--\n"
        XCTAssertEqual(try article(message, fileName: "a.eml").body, "Only here.")
    }

    func testHTMLOnlyBase64BodyIsStripped() throws {
        let message = """
            From: desk@example.org
            MIME-Version: 1.0
            Content-Type: text/html; charset=utf-8
            Content-Transfer-Encoding: base64

            PGh0bWw+PGhlYWQ+PHRpdGxlPkhUTUwgb25seTwvdGl0bGU+PC9oZWFkPjxib2R5PjxwPkZpcnN0
            ICZhbXA7IG9ubHkuPC9wPjxzY3JpcHQ+eCgpPC9zY3JpcHQ+PC9ib2R5PjwvaHRtbD4=
            """
        let article = try self.article(message, fileName: "a.eml")
        XCTAssertEqual(article.title, "HTML only", "no Subject: the HTML title")
        XCTAssertEqual(article.body, "First & only.")
    }

    func testNestedMultipartSkipsAttachments() throws {
        let message = """
            From: desk@example.org
            Subject: Nested
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=outer

            --outer
            Content-Type: text/plain; name="notes.txt"
            Content-Disposition: attachment; filename="notes.txt"

            Attached notes, not the body.
            --outer
            Content-Type: multipart/alternative; boundary="inner"

            --inner
            Content-Type: text/html; charset=utf-8

            <p>HTML body</p>
            --inner
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: base64

            QmFzZTY0IHBsYWluIGJvZHkuCgpTZWNvbmQgbGluZS4=
            --inner--
            --outer
            Content-Type: application/pdf
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --outer--
            """
        let article = try self.article(message, fileName: "a.eml")
        XCTAssertEqual(article.title, "Nested")
        XCTAssertEqual(article.body, "Base64 plain body.\n\nSecond line.")
    }

    func testPartCharsetIsHonoured() throws {
        let big5 = encoded(Sample.traditionalBody, as: "BIG5")
        let message = bytes([
            "From: desk@example.org\nSubject: Big5 part\nMIME-Version: 1.0\n",
            "Content-Type: multipart/mixed; boundary=\"xyz\"\n\n--xyz\n",
            "Content-Type: text/plain; charset=big5\nContent-Transfer-Encoding: 8bit\n\n",
            big5, "\n--xyz--\n",
        ])
        let article = try self.article(message, fileName: "a.eml")
        XCTAssertEqual(article.body, Sample.traditionalBody)
        XCTAssertEqual(article.charset, "BIG5")
        XCTAssertEqual(article.language, "zh")
    }

    func testQuotedPrintableGB2312Body() throws {
        let gb = encoded(Sample.chineseParagraph1, as: "GB2312")
        let qp = gb.map { byte in "=" + String(byte, radix: 16, uppercase: true) }.joined()
        var wrapped = ""
        var line = ""
        for chunk in stride(from: 0, to: qp.count, by: 3).map({ Array(qp)[$0..<$0 + 3] }) {
            if line.count + 3 > 72 {
                wrapped += line + "=\n"
                line = ""
            }
            line += String(chunk)
        }
        wrapped += line
        let message = "From: a@example.org\nSubject: =?GB2312?B?uqO428rQ?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=GB2312\nContent-Transfer-Encoding: quoted-printable\n\n" + wrapped
        let article = try self.article(message, fileName: "a.eml")
        XCTAssertEqual(article.title, "海港市")
        XCTAssertEqual(article.body, Sample.chineseParagraph1)
        XCTAssertEqual(article.charset, "GB18030")
    }

    func testDeclaredCharsetThatDoesNotFitIsBadEncoding() {
        let message = bytes(["From: a@example.org\nSubject: Bad\nContent-Type: text/plain; charset=utf-8\n\nBroken ", [0xC3, 0x28, 0xFF, 0xFE], " text"])
        let failure = self.failure(message, fileName: "a.eml")
        XCTAssertEqual(failure?.reason, .badEncoding)
        XCTAssertTrue(failure?.detail.contains("text/plain part") ?? false, failure?.detail ?? "")
        XCTAssertTrue(failure?.detail.contains("offset 7") ?? false, failure?.detail ?? "")
    }

    func testForwardedMessageAndMboxLine() throws {
        let message = """
            From desk@example.org Mon Mar  2 09:00:00 2026
            From: desk@example.org
            Subject: Fwd: Farms closed
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary=fw

            --fw
            Content-Type: message/rfc822

            From: original@example.org
            Subject: Farms closed

            Forwarded body text.
            --fw--
            """
        let article = try self.article(message)
        XCTAssertEqual(article.format, .email, "sniffed without a file name")
        XCTAssertEqual(article.title, "Fwd: Farms closed")
        XCTAssertEqual(article.body, "Forwarded body text.")
    }

    func testMessageWithoutTextIsEmpty() {
        let message = "From: a@example.org\nSubject: Only an attachment\nMIME-Version: 1.0\nContent-Type: application/zip\nContent-Transfer-Encoding: base64\n\nUEsDBA==\n"
        let failure = self.failure(message, fileName: "a.eml")
        XCTAssertEqual(failure?.reason, .empty)
        XCTAssertTrue(failure?.detail.contains("Only an attachment") ?? false)
    }

    func testEmlHintWithoutHeadersIsSniffedAgain() throws {
        let article = try self.article("Just a note\n\nWith a body that has no headers at all.", fileName: "note.eml")
        XCTAssertEqual(article.format, .text)
        XCTAssertEqual(article.title, "Just a note")
    }

    func testQuotedPrintableAndBase64Directly() {
        func qp(_ text: String) -> String {
            var text = text
            return text.withUTF8 { String(decoding: QuotedPrintable.decode($0), as: UTF8.self) }
        }
        XCTAssertEqual(qp("soft=\r\nbreak"), "softbreak")
        XCTAssertEqual(qp("soft=  \nbreak"), "softbreak", "spaces after a soft break are padding")
        XCTAssertEqual(qp("=41=62c=3d"), "Abc=")
        XCTAssertEqual(qp("keep = and =ZZ"), "keep = and =ZZ")
        XCTAssertEqual(qp("end="), "end")

        func b64(_ text: String) -> String {
            var text = text
            return text.withUTF8 { String(decoding: Base64.decode($0), as: UTF8.self) }
        }
        XCTAssertEqual(b64("aGVs\r\nbG8="), "hello")
        XCTAssertEqual(b64("aGVsbG8"), "hello", "missing padding")
        XCTAssertEqual(b64("aGk=ignored"), "hi")
    }
}
