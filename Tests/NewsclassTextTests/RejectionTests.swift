import XCTest
@testable import NewsclassText

final class RejectionTests: XCTestCase {
    func testTooLargeIsCheckedFirst() {
        let pdf = Array("%PDF-1.7\n".utf8) + [UInt8](repeating: 0, count: 200)
        let failure = self.failure(pdf, maxBytes: 100)
        XCTAssertEqual(failure?.reason, .tooLarge, "size is checked before the content")
        XCTAssertTrue(failure?.detail.contains("209") ?? false, failure?.detail ?? "")
        XCTAssertTrue(failure?.detail.contains("100") ?? false, failure?.detail ?? "")
    }

    func testExactlyMaxBytesIsAccepted() {
        let text = Array("Exactly at the limit.".utf8)
        XCTAssertNoThrow(try ArticleExtractor(maxBytes: text.count).extract(text).get())
        XCTAssertEqual(failure(text + [0x20], maxBytes: text.count)?.reason, .tooLarge)
    }

    func testEmptyInputs() {
        XCTAssertEqual(failure([UInt8]())?.detail, "zero bytes")
        XCTAssertEqual(failure([UInt8]())?.reason, .empty)
        XCTAssertEqual(failure(" \n\t\r\n  ")?.reason, .empty)
        XCTAssertEqual(failure(" \n\t\r\n  ")?.detail, "only whitespace")
        XCTAssertEqual(failure([0xEF, 0xBB, 0xBF, 0x20, 0x0A])?.reason, .empty, "a BOM and whitespace")
        XCTAssertEqual(failure([0xFF, 0xFE, 0x20, 0x00])?.reason, .empty, "UTF-16 whitespace")
    }

    func testMarkupWithoutTextIsEmpty() {
        let scriptsOnly = "<html><head><title>Loading</title><script>app.start()</script></head><body><noscript>Enable JS</noscript><div id=\"root\"></div></body></html>"
        let failure = self.failure(scriptsOnly, fileName: "a.html")
        XCTAssertEqual(failure?.reason, .empty)
        XCTAssertTrue(failure?.detail.contains("HTML") ?? false)
        XCTAssertTrue(failure?.detail.contains("only a title") ?? false, "the title alone is not an article")

        XCTAssertEqual(self.failure("![only an image](a.png)\n\n<!-- and a comment -->", fileName: "a.md")?.reason, .empty)
        XCTAssertEqual(self.failure("{}", fileName: "a.json")?.reason, .empty)
    }

    func testKnownSignaturesAreBinaryWithTheirName() {
        let cases: [([UInt8], String)] = [
            (Array("%PDF-1.4\n%âãÏÓ\n1 0 obj".utf8), "PDF"),
            ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], "PNG"),
            ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46], "JPEG"),
            (Array("GIF89a".utf8) + [1, 0, 1, 0], "GIF"),
            ([0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0], "ZIP"),
            ([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0], "gzip"),
            ([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01], "ELF"),
            (Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8 ".utf8), "WebP"),
            ([0, 0, 0, 0x18] + Array("ftypmp42".utf8), "MP4"),
        ]
        for (bytes, name) in cases {
            let failure = self.failure(bytes)
            XCTAssertEqual(failure?.reason, .binary, name)
            XCTAssertTrue(failure?.detail.contains(name) ?? false, "\(name): \(failure?.detail ?? "")")
        }
    }

    func testTextThatMerelyStartsLikeASignatureIsText() throws {
        XCTAssertEqual(try article("BZh, the agency said, is not an archive.").format, .text)
        XCTAssertEqual(try article("MZ Holdings announced results on Monday.").format, .text)
    }

    func testNULBytesAreBinaryWithTheirOffset() {
        let data = Array("Looks like text".utf8) + [0x00, 0x01, 0x02, 0xFF, 0x00]
        let failure = self.failure(data)
        XCTAssertEqual(failure?.reason, .binary)
        XCTAssertEqual(failure?.detail, "NUL bytes at offset 15: not a text file")
    }

    func testControlBytesAreBinary() {
        var data: [UInt8] = []
        for i in 0..<300 { data.append(i % 3 == 0 ? UInt8(1 + i % 8) : 0x41) }
        let failure = self.failure(data)
        XCTAssertEqual(failure?.reason, .binary)
        XCTAssertTrue(failure?.detail.contains("control bytes are 33%") ?? false, failure?.detail ?? "")
    }

    func testControlBytesAreCountedExactly() {
        var bytes: [UInt8] = []
        var expected = 0
        for value in 0...255 {
            bytes.append(UInt8(value))
            if (value < 0x20 && !(0x09...0x0D).contains(value)) || value == 0x7F { expected += 1 }
        }
        for offset in 0..<8 {
            let shifted = Array(bytes[offset...] + bytes[..<offset]) + Array("tail".utf8)
            shifted.withUnsafeBufferPointer { XCTAssertEqual(BinarySniffer.controlCount($0), expected) }
        }
    }

    func testAFewControlBytesAreNotBinary() throws {
        let article = try self.article("Text with an escape \u{1B}[1mbold\u{1B}[0m sequence in it and a bell \u{7}.")
        XCTAssertFalse(article.body.contains("\u{1B}"))
    }

    func testFailuresAreValues() {
        let failure = ExtractionFailure(reason: .badEncoding, detail: "x")
        XCTAssertEqual(failure, ExtractionFailure(reason: .badEncoding, detail: "x"))
        XCTAssertEqual(RejectionReason.badEncoding.rawValue, "bad_encoding")
        XCTAssertEqual(RejectionReason.tooLarge.rawValue, "too_large")
        XCTAssertEqual(RejectionReason.binary.rawValue, "binary")
        XCTAssertEqual(RejectionReason.empty.rawValue, "empty")
    }

    func testArbitraryBytesNeverCrash() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let alphabet = Array("<>&;#x/!-[]()*_`{}\":,\\=?\n \tabc<p><script>&amp;\u{FF}".utf8) + [0xC3, 0xE4, 0xB8, 0x80, 0xA1]
        let prefixes = ["", "<html>", "{\"title\":", "From: a\nSubject: b\nContent-Type: multipart/mixed; boundary=x\n\n--x\n", "# T\n\n", "---\n"]
        var outcomes = 0
        for round in 0..<300 {
            var bytes = Array(prefixes[round % prefixes.count].utf8)
            for _ in 0..<Int(next() % 300) { bytes.append(alphabet[Int(next() % UInt64(alphabet.count))]) }
            for name in [nil, "a.html", "a.json", "a.md", "a.eml", "a.txt"] {
                switch ArticleExtractor().extract(bytes, fileName: name) {
                case .success(let article):
                    XCTAssertFalse(article.body.isEmpty)
                    XCTAssertFalse(article.body.contains("\u{0}"))
                    XCTAssertFalse(article.body.hasPrefix(" ") || article.body.hasSuffix("\n"))
                    XCTAssertFalse(article.body.contains("\n\n\n"))
                    outcomes += 1
                case .failure(let failure):
                    XCTAssertFalse(failure.detail.isEmpty)
                    outcomes += 1
                }
            }
        }
        XCTAssertEqual(outcomes, 300 * 6)
    }
}
