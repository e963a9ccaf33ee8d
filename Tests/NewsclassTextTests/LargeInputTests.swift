import XCTest
@testable import NewsclassText

/// Large hostile shapes that once cost many times their size in memory (a JSON tree of
/// millions of tiny values, a list of millions of MIME parts, megabyte titles copied
/// through every step) or re-scored a whole file per candidate charset. The behaviour is
/// checked here; the cost is measured with `fuzz-extract --measure` (see Tests/Fuzz/README.md).
final class LargeInputTests: XCTestCase {
    private func repeated(_ unit: String, bytes: Int = 1_000_000) -> [UInt8] {
        let unitBytes = Array(unit.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes + unitBytes.count)
        while result.count < bytes { result += unitBytes }
        return result
    }

    func testJSONOfManyTinyValuesIsReadInPlace() throws {
        let objects = Array("[".utf8) + repeated("{\"a\":1},") + Array("{}]".utf8)
        XCTAssertEqual(failure(objects, fileName: "a.json")?.reason, .empty, "no prose in it")
        let strings = Array("[".utf8) + repeated("\"a b\",") + Array("\"last words\"]".utf8)
        let article = try self.article(strings, fileName: "a.json")
        XCTAssertEqual(article.format, .json)
        XCTAssertTrue(article.body.hasSuffix("a b\n\nlast words"))
    }

    /// The daemon's way: the bytes are given up, and those decoded to a copy are released
    /// (their pages read as zeros afterwards) before the text is extracted from the copy.
    /// Whatever the encoding, the article is the same as from bytes kept.
    func testReleasingTheBytesGivesTheSameArticle() throws {
        let text = "Provincial officials ordered crypto miners out. Zürich: l’été — “quoted” café.\n\n"
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in String(repeating: text, count: 20_000).utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let latin: [UInt8] = String(repeating: "Zürich: l’été — “quoted” café.\n\n", count: 10_000).unicodeScalars.map { scalar -> UInt8 in
            switch scalar { case "’": 0x92; case "—": 0x97; case "“": 0x93; case "”": 0x94; default: UInt8(scalar.value) }
        }
        let html: [UInt8] = Array("<html><head><meta charset=\"gb18030\"></head><body><p>".utf8)
            + Array(repeating: [0xD6, 0xD0, 0xB9, 0xFA], count: 100_000).flatMap { $0 } + Array("</p></body></html>".utf8)
        let cases: [([UInt8], String)] = [(utf16, "a.txt"), (latin, "a.txt"), (html, "a.html"), (repeated("Plain words. "), "a.txt")]
        for (bytes, name) in cases {
            let kept = try ArticleExtractor().extract(bytes, fileName: name).get()
            var given = bytes
            let released = try ArticleExtractor().extract(releasing: &given, fileName: name).get()
            XCTAssertEqual(released, kept, name)
            XCTAssertTrue(given.isEmpty)
        }
    }

    func testJSONKeysMatchThroughEscapesAndCase() throws {
        let article = try self.article(#"{"HeadLine": "Escaped keys", "\u0062ody": "The body is found."}"#, fileName: "a.json")
        XCTAssertEqual(article.title, "Escaped keys")
        XCTAssertEqual(article.body, "The body is found.")
        let first = try self.article(#"{"body": "  ", "content": "Second key wins.", "body": "Duplicate ignored."}"#, fileName: "a.json")
        XCTAssertEqual(first.body, "Second key wins.", "the first member of a key counts; a blank body gives way")
    }

    func testJSONDepthLimitIsExact() {
        let limit = JSONParser.maxDepth
        var deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
        deepest.withUTF8 { XCTAssertNotNil(JSONParser.parse($0)) }
        var withValue = String(repeating: "[", count: limit) + "1" + String(repeating: "]", count: limit)
        withValue.withUTF8 { XCTAssertNil(JSONParser.parse($0), "a value below the deepest array is one level too deep") }
        let stack = Array(String(repeating: "[", count: 5_000_000).utf8)
        stack.withUnsafeBufferPointer { XCTAssertNil(JSONParser.parse($0)) }
    }

    func testMillionsOfMIMEPartsAreNotListed() throws {
        let header = "From: a@example.org\nSubject: parts\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
        let early = Array(header.utf8) + Array("--b\nContent-Type: text/plain\n\nEarly text.\n".utf8) + repeated("--b\n") + Array("--b--\n".utf8)
        XCTAssertEqual(try article(early, fileName: "a.eml").body, "Early text.")
        let late = Array(header.utf8) + repeated("--b\n", bytes: 4 * (EmailExtractor.maxParts + 10))
            + Array("--b\nContent-Type: text/plain\n\nToo late.\n--b--\n".utf8)
        XCTAssertEqual(failure(late, fileName: "a.eml")?.reason, .empty, "parts beyond the first 10,000 are not read")
    }

    func testHugeTitlesAreCut() throws {
        let word = "Headline "
        let long = String(repeating: word, count: 100_000)
        let page = try article("<html><head><title>\(long)</title><meta property=\"og:title\" content=\"\(long)\"></head>"
            + "<body><p>Body text.</p></body></html>", fileName: "a.html")
        XCTAssertLessThanOrEqual(page.title?.utf8.count ?? 0, ExtractedText.maxTitleSourceBytes)
        XCTAssertTrue(page.title?.hasPrefix("Headline Headline") ?? false)
        let unclosedHeading = try article("<h1>" + long + "<p>Text.</p>", fileName: "a.html")
        XCTAssertLessThanOrEqual(unclosedHeading.title?.utf8.count ?? 0, ExtractedText.maxTitleSourceBytes)
        let chinese = String(repeating: "标题", count: 3000) // a cut never splits a character
        let json = try article(#"{"title": "\#(chinese)", "body": "Text."}"#, fileName: "a.json")
        XCTAssertEqual(json.title, String(chinese.prefix(ExtractedText.maxTitleSourceBytes / 3)))
    }

    func testLegacyEncodingOfALargeFileIsScoredOnASample() throws {
        let sentence = "中国宣布禁止虚拟货币挖矿活动，相关部门加强整治。"
        let gbk = encoded(String(repeating: sentence, count: 20_000), as: "GB18030")
        XCTAssertGreaterThan(gbk.count, LegacyEncodingDetector.sampleSize)
        let article = try self.article(gbk, fileName: "a.txt")
        XCTAssertEqual(article.charset, "GB18030")
        XCTAssertTrue(article.body.hasPrefix(sentence))
        // The sample fits GB18030 but the rest does not: the file is not read as GB18030.
        let broken = gbk + [0x81, 0x20] + Array(gbk.prefix(1000))
        if case .success(let other) = ArticleExtractor().extract(broken, fileName: "a.txt") {
            XCTAssertNotEqual(other.charset, "GB18030")
        }
    }

    func testUTF16OfManyMegabytes() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in String(repeating: "中国宣布禁止虚拟货币挖矿活动。", count: 100_000).utf16 {
            bytes.append(UInt8(unit & 0xFF))
            bytes.append(UInt8(unit >> 8))
        }
        let article = try self.article(bytes, fileName: "a.txt")
        XCTAssertEqual(article.charset, "UTF-16LE")
        XCTAssertEqual(article.body.unicodeScalars.count, 1_500_000)
    }

    func testHandingOverABodyKeepsEveryByteAndSparesSharedArrays() {
        let text = String(repeating: "Zürich 中国 text, ", count: 400_000) // about 8 MB, beyond the threshold
        var bytes = Array(text.utf8)
        XCTAssertGreaterThan(bytes.count, String.handoverThreshold)
        let shared = bytes
        let string = String.handingOver(&bytes)
        XCTAssertTrue(bytes.isEmpty)
        XCTAssertEqual(string, text)
        XCTAssertTrue(shared.elementsEqual(text.utf8), "another holder of the array keeps its bytes")
        var small = Array("small".utf8)
        XCTAssertEqual(String.handingOver(&small), "small")
    }
}
