import XCTest
@testable import NewsclassText

final class EncodingTests: XCTestCase {
    private let chineseText = Sample.chineseTitle + "\n\n" + Sample.chineseBody

    // MARK: Unicode

    func testUTF8WithAndWithoutBOM() throws {
        let plain = try article(Array(chineseText.utf8))
        let marked = try article([0xEF, 0xBB, 0xBF] + Array(chineseText.utf8))
        XCTAssertEqual(plain.charset, "UTF-8")
        XCTAssertEqual(marked.charset, "UTF-8")
        XCTAssertEqual(marked.title, Sample.chineseTitle)
        XCTAssertEqual(marked.body, plain.body)
    }

    func testUTF16WithBOM() throws {
        let little = try article([0xFF, 0xFE] + encoded(chineseText, as: "UTF-16LE"))
        XCTAssertEqual(little.charset, "UTF-16LE")
        XCTAssertEqual(little.title, Sample.chineseTitle)
        XCTAssertEqual(little.body, Sample.chineseBody)

        let big = try article([0xFE, 0xFF] + encoded(Sample.englishTitle + "\n\n" + Sample.englishBody, as: "UTF-16BE"))
        XCTAssertEqual(big.charset, "UTF-16BE")
        XCTAssertEqual(big.title, Sample.englishTitle)
        XCTAssertEqual(big.body, Sample.englishBody)
    }

    func testUTF16HTMLWithBOMIgnoresItsMetaCharset() throws {
        let html = "<html><head><meta charset=\"gbk\"><title>T</title></head><body><p>\(Sample.chineseParagraph1)</p></body></html>"
        let article = try self.article([0xFF, 0xFE] + encoded(html, as: "UTF-16LE"), fileName: "a.html")
        XCTAssertEqual(article.format, .html)
        XCTAssertEqual(article.charset, "UTF-16LE")
        XCTAssertEqual(article.body, Sample.chineseParagraph1)
    }

    func testUTF16WithoutBOMIsRecognisedNotBinary() throws {
        let article = try self.article(encoded(Sample.englishTitle + "\n\n" + Sample.englishBody, as: "UTF-16LE"))
        XCTAssertEqual(article.charset, "UTF-16LE")
        XCTAssertEqual(article.title, Sample.englishTitle)
    }

    func testUTF32WithBOM() throws {
        let article = try self.article([0xFF, 0xFE, 0, 0] + encoded(chineseText, as: "UTF-32LE"))
        XCTAssertEqual(article.charset, "UTF-32LE")
        XCTAssertEqual(article.body, Sample.chineseBody)
    }

    func testBrokenUTF16IsBadEncoding() {
        let odd = [0xFF, 0xFE] + encoded("Odd length", as: "UTF-16LE") + [0x41]
        XCTAssertEqual(failure(odd)?.reason, .badEncoding)
        let loneSurrogate: [UInt8] = [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00]
        let failure = self.failure(loneSurrogate)
        XCTAssertEqual(failure?.reason, .badEncoding)
        XCTAssertTrue(failure?.detail.contains("UTF-16LE") ?? false, failure?.detail ?? "")
        XCTAssertTrue(failure?.detail.contains("offset 2") ?? false, failure?.detail ?? "")
    }

    // MARK: Undeclared legacy encodings

    func testKnownByteSequences() throws {
        XCTAssertEqual(encoded("中国", as: "GB2312"), [0xD6, 0xD0, 0xB9, 0xFA])
        XCTAssertEqual(encoded("中國", as: "BIG5"), [0xA4, 0xA4, 0xB0, 0xEA])
        let gb = try article([0xD6, 0xD0, 0xB9, 0xFA, 0xB5, 0xC4, 0xD5, 0xFE, 0xB8, 0xAE]) // 中国的政府
        XCTAssertEqual(gb.body, "中国的政府")
        XCTAssertEqual(gb.charset, "GB18030")
    }

    func testUndeclaredGB18030IsDetected() throws {
        let article = try self.article(encoded(chineseText, as: "GB18030"), fileName: "a.txt")
        XCTAssertEqual(article.charset, "GB18030")
        XCTAssertEqual(article.title, Sample.chineseTitle)
        XCTAssertEqual(article.body, Sample.chineseBody)
        XCTAssertEqual(article.language, "zh")
    }

    func testUndeclaredGBKWithEnglishNamesIsDetected() throws {
        let text = "Bitmain与Canaan两家公司表示，海港市的整治行动对其业务影响有限。"
        let article = try self.article(encoded(text, as: "GBK"))
        XCTAssertEqual(article.charset, "GB18030")
        XCTAssertEqual(article.body, text)
        XCTAssertEqual(article.language, "zh")
    }

    func testUndeclaredBig5IsDetected() throws {
        let article = try self.article(encoded(Sample.traditionalTitle + "\n\n" + Sample.traditionalBody, as: "BIG5"))
        XCTAssertEqual(article.charset, "BIG5")
        XCTAssertEqual(article.title, Sample.traditionalTitle)
        XCTAssertEqual(article.body, Sample.traditionalBody)
    }

    func testUndeclaredWindows1252IsDetected() throws {
        let text = "Pr\u{E9}fet annonce la fermeture\n\n" + Sample.frenchBody + " \u{201C}Caf\u{E9}\u{201D} \u{2013} 5\u{20AC}."
        let article = try self.article(encoded(text, as: "WINDOWS-1252"))
        XCTAssertEqual(article.charset, "WINDOWS-1252")
        XCTAssertEqual(article.title, "Préfet annonce la fermeture")
        XCTAssertTrue(article.body.hasSuffix("\u{201C}Café\u{201D} \u{2013} 5€."), article.body)
        XCTAssertEqual(article.language, "fr")
    }

    func testDetectorScoresDirectly() {
        let gb = encoded(Sample.chineseBody, as: "GB18030")
        let latin = encoded(Sample.frenchBody, as: "WINDOWS-1252")
        gb.withUnsafeBufferPointer { bytes in
            XCTAssertLessThan(LegacyEncodingDetector.latinPlausibility(bytes), LegacyEncodingDetector.latinThreshold)
            XCTAssertEqual(LegacyEncodingDetector().detect(bytes)?.charset, .gb18030)
        }
        latin.withUnsafeBufferPointer { bytes in
            XCTAssertGreaterThan(LegacyEncodingDetector.latinPlausibility(bytes), 0.9)
            XCTAssertEqual(LegacyEncodingDetector().detect(bytes)?.charset, .windows1252)
        }
        XCTAssertGreaterThan(LegacyEncodingDetector.hanPlausibility(Array(Sample.chineseBody.utf8)), 0.6)
    }

    func testImplausibleBytesAreBadEncoding() {
        var garbage: [UInt8] = []
        var state: UInt32 = 12345
        for _ in 0..<600 {
            state = state &* 1_103_515_245 &+ 12345
            garbage.append(UInt8(0x80 + (state >> 16) % 0x7F))
        }
        let failure = self.failure(garbage)
        XCTAssertEqual(failure?.reason, .badEncoding)
        XCTAssertTrue(failure?.detail.contains("offset 0") ?? false, failure?.detail ?? "")
    }

    // MARK: Declared charsets

    func testHTMLMetaCharsetIsHonoured() throws {
        let html = "<html><head><meta charset=gbk><title>\(Sample.chineseTitle)</title></head><body><p>\(Sample.chineseParagraph1)</p></body></html>"
        let article = try self.article(encoded(html, as: "GBK"), fileName: "a.html")
        XCTAssertEqual(article.charset, "GB18030")
        XCTAssertEqual(article.title, Sample.chineseTitle)
        XCTAssertEqual(article.body, Sample.chineseParagraph1)
    }

    func testHTTPEquivContentTypeIsHonoured() throws {
        let html = "<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=big5\"></head><body><p>\(Sample.traditionalBody)</p></body></html>"
        let article = try self.article(encoded(html, as: "BIG5"), fileName: "a.htm")
        XCTAssertEqual(article.charset, "BIG5")
        XCTAssertEqual(article.body, Sample.traditionalBody)
    }

    func testXMLDeclarationIsHonoured() throws {
        let xhtml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>Caf\u{E9} cr\u{E8}me</p></body></html>"
        let article = try self.article(encoded(xhtml, as: "ISO-8859-1"), fileName: "a.xhtml")
        XCTAssertEqual(article.charset, "WINDOWS-1252", "ISO-8859-1 is read as its superset")
        XCTAssertEqual(article.body, "Café crème")
    }

    func testOtherDeclaredCharsetsGoThroughIconv() throws {
        let html = "<html><head><meta charset=\"koi8-r\"></head><body><p>Власти закрыли майнинговые фермы в портовом городе.</p></body></html>"
        let article = try self.article(encoded(html, as: "KOI8-R"), fileName: "a.html")
        XCTAssertEqual(article.charset, "KOI8-R")
        XCTAssertEqual(article.body, "Власти закрыли майнинговые фермы в портовом городе.")
        XCTAssertEqual(article.language, "ru")
    }

    func testUnknownDeclaredCharsetFallsBackToDetection() throws {
        let html = "<html><head><meta charset=\"x-no-such-charset\"></head><body><p>\(Sample.chineseParagraph1)</p></body></html>"
        let article = try self.article(Array(html.utf8), fileName: "a.html")
        XCTAssertEqual(article.charset, "UTF-8")
        XCTAssertEqual(article.body, Sample.chineseParagraph1)
    }

    func testASCIILabelIsIgnoredForEightBitContent() throws {
        let html = "<html><head><meta charset=\"us-ascii\"></head><body><p>\(Sample.chineseParagraph1)</p></body></html>"
        let article = try self.article(Array(html.utf8), fileName: "a.html")
        XCTAssertEqual(article.charset, "UTF-8")
    }

    func testDeclaredCharsetWithInvalidBytesIsBadEncoding() {
        let html = bytes(["<html><head><meta charset=\"gb2312\"></head><body><p>", encoded("海港", as: "GB2312"), [0x81, 0x20], "</p></body></html>"])
        let failure = self.failure(html, fileName: "a.html")
        XCTAssertEqual(failure?.reason, .badEncoding)
        let offset = html.firstIndex(of: 0x81)!
        XCTAssertTrue(failure?.detail.contains("GB18030") ?? false, failure?.detail ?? "")
        XCTAssertTrue(failure?.detail.contains("offset \(offset)") ?? false, failure?.detail ?? "")
    }

    func testDeclaredUTF8ThatIsMostlyBrokenIsBadEncoding() {
        let html = bytes(["<meta charset=utf-8><p>", encoded(Sample.chineseBody, as: "GB18030"), "</p>"])
        let failure = self.failure(html, fileName: "a.html")
        XCTAssertEqual(failure?.reason, .badEncoding)
        XCTAssertTrue(failure?.detail.contains("UTF-8") ?? false, failure?.detail ?? "")
        XCTAssertTrue(failure?.detail.contains("offset 23") ?? false, failure?.detail ?? "")
    }

    // MARK: UTF-8 tolerance

    func testAFewBadBytesInALongUTF8FileAreReplaced() throws {
        var text = Array((Sample.chineseTitle + "\n\n" + String(repeating: Sample.chineseParagraph1, count: 10)).utf8)
        text.insert(0xFF, at: 200)
        let article = try self.article(text)
        XCTAssertEqual(article.charset, "UTF-8")
        XCTAssertEqual(article.body.filter { $0 == "\u{FFFD}" }.count, 1)
    }

    func testTheToleranceRuleItself() {
        XCTAssertTrue(TextDecoder.tolerates(UTF8Validation(invalid: 1, multibyte: 100), byteCount: 1000))
        XCTAssertFalse(TextDecoder.tolerates(UTF8Validation(invalid: 9, multibyte: 1000), byteCount: 100_000), "more than a handful")
        XCTAssertFalse(TextDecoder.tolerates(UTF8Validation(invalid: 2, multibyte: 100), byteCount: 300), "too dense")
        XCTAssertFalse(TextDecoder.tolerates(UTF8Validation(invalid: 1, multibyte: 3), byteCount: 5000), "no evidence of UTF-8")
    }

    func testEnglishTextWithOneLatin1ByteIsWindows1252NotReplaced() throws {
        var text = Array((Sample.englishTitle + "\n\n" + String(repeating: Sample.englishParagraph1 + " ", count: 20)).utf8)
        text.insert(0xE9, at: 300) // é in Latin-1; no other non-ASCII, so no evidence of UTF-8
        let article = try self.article(text)
        XCTAssertEqual(article.charset, "WINDOWS-1252")
        XCTAssertFalse(article.body.contains("\u{FFFD}"))
        XCTAssertTrue(article.body.contains("é"))
    }

    func testUTF8ValidationRejectsOverlongsAndSurrogates() {
        for bad: [UInt8] in [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8], [0x80], [0xE4, 0xB8]] {
            bad.withUnsafeBufferPointer { XCTAssertFalse(UTF8Validation($0).isValid, "\(bad)") }
        }
        Array("ok 中文 😀 é".utf8).withUnsafeBufferPointer {
            let report = UTF8Validation($0)
            XCTAssertTrue(report.isValid)
            XCTAssertEqual(report.multibyteScalars, 4)
        }
    }

    // MARK: Labels and the iconv wrapper

    func testCharsetLabels() {
        XCTAssertEqual(Charset(label: "GB2312"), .gb18030)
        XCTAssertEqual(Charset(label: " \"gbk\" "), .gb18030)
        XCTAssertEqual(Charset(label: "x-gbk"), .gb18030)
        XCTAssertEqual(Charset(label: "Big5-HKSCS"), .big5)
        XCTAssertEqual(Charset(label: "latin1"), .windows1252)
        XCTAssertEqual(Charset(label: "UTF8"), .utf8)
        XCTAssertEqual(Charset(label: "shift_jis"), .other("SHIFT_JIS"))
        XCTAssertNil(Charset(label: "US-ASCII"))
        XCTAssertNil(Charset(label: "utf-8//TRANSLIT"), "no iconv suffixes")
        XCTAssertNil(Charset(label: "../../x"))
        XCTAssertNil(Charset(label: ""))
    }

    func testIconvConverter() {
        func opens(_ name: String) -> Bool {
            guard IconvConverter(from: name) != nil else { return false }
            return true
        }
        XCTAssertFalse(opens("NO-SUCH-ENCODING"))
        XCTAssertTrue(opens("BIG5"))
        guard let converter = IconvConverter(from: "GB18030") else { return XCTFail("no GB18030 in glibc") }
        let valid: [UInt8] = [0xD6, 0xD0, 0xB9, 0xFA]
        valid.withUnsafeBufferPointer { input in
            XCTAssertEqual(try? converter.convert(input).get(), Array("中国".utf8))
        }
        let invalid: [UInt8] = [0x41, 0x81, 0x20, 0x42]
        invalid.withUnsafeBufferPointer { input in
            XCTAssertEqual(converter.convert(input), .failure(IconvFailure(kind: .invalidSequence, offset: 1)))
            XCTAssertEqual(try? converter.convert(input, replacement: [0x3F]).get(), Array("A? B".utf8))
        }
        let truncated: [UInt8] = [0x41, 0xD6]
        truncated.withUnsafeBufferPointer { input in
            XCTAssertEqual(converter.convert(input), .failure(IconvFailure(kind: .truncatedSequence, offset: 1)))
        }
        let large = encoded(String(repeating: Sample.chineseParagraph1, count: 2000), as: "GB18030")
        large.withUnsafeBufferPointer { input in
            XCTAssertEqual(try? converter.convert(input).get().count, String(repeating: Sample.chineseParagraph1, count: 2000).utf8.count,
                           "output larger than one conversion chunk")
        }
    }
}

extension UTF8Validation {
    init(invalid: Int, multibyte: Int) {
        self.init(UnsafeBufferPointer(start: nil, count: 0))
        invalidSequences = invalid
        multibyteScalars = multibyte
        firstInvalidOffset = invalid > 0 ? 0 : nil
    }
}
