import Glibc
import XCTest
@testable import NewsclassText

/// Invented news sentences for fixtures (not from real articles).
enum Sample {
    static let englishTitle = "Harbour city shuts crypto mining farms"
    static let englishParagraph1 = "Officials in the harbour city said on Monday that they had ordered seven cryptocurrency mining farms to close by the end of the month."
    static let englishParagraph2 = "The operators will have to remove their machines, and those who keep running them face higher electricity prices, the notice said."
    static let englishBody = englishParagraph1 + "\n\n" + englishParagraph2

    static let chineseTitle = "海港市关闭虚拟货币挖矿场"
    static let chineseParagraph1 = "海港市有关部门周一表示，已责令七家虚拟货币挖矿企业在月底前停止运营。"
    static let chineseParagraph2 = "通知称，继续运行设备的企业将被执行更高的电价，相关部门将开展专项检查。"
    static let chineseBody = chineseParagraph1 + "\n\n" + chineseParagraph2

    static let traditionalTitle = "海港市關閉虛擬貨幣挖礦場"
    static let traditionalBody = "海港市有關部門週一表示，已責令七家虛擬貨幣挖礦企業在月底前停止運營。通知稱，繼續運行設備的企業將被執行更高的電價。"

    static let frenchBody = "Les autorités de la ville ont annoncé lundi la fermeture de sept fermes de minage. Selon le préfet, les opérateurs qui continuent leur activité paieront l’électricité plus cher et seront contrôlés « très régulièrement »."
}

extension XCTestCase {
    func extract(_ text: String, fileName: String? = nil, maxBytes: Int = 10 * 1024 * 1024) -> Result<Article, ExtractionFailure> {
        ArticleExtractor(maxBytes: maxBytes).extract(Array(text.utf8), fileName: fileName)
    }

    /// The article, or a test failure naming the rejection.
    func article(_ bytes: [UInt8], fileName: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> Article {
        switch ArticleExtractor().extract(bytes, fileName: fileName) {
        case .success(let article):
            return article
        case .failure(let failure):
            XCTFail("rejected as \(failure.reason): \(failure.detail)", file: file, line: line)
            throw failure
        }
    }

    func article(_ text: String, fileName: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> Article {
        try article(Array(text.utf8), fileName: fileName, file: file, line: line)
    }

    /// The rejection, or a test failure if the input was accepted.
    func failure(_ bytes: [UInt8], fileName: String? = nil, maxBytes: Int = 10 * 1024 * 1024,
                 file: StaticString = #filePath, line: UInt = #line) -> ExtractionFailure? {
        switch ArticleExtractor(maxBytes: maxBytes).extract(bytes, fileName: fileName) {
        case .success(let article):
            XCTFail("accepted as \(article.format): \(article.body.prefix(80))", file: file, line: line)
            return nil
        case .failure(let failure):
            return failure
        }
    }

    func failure(_ text: String, fileName: String? = nil, file: StaticString = #filePath, line: UInt = #line) -> ExtractionFailure? {
        failure(Array(text.utf8), fileName: fileName, file: file, line: line)
    }
}

/// Encodes text with glibc's iconv directly (not through the code under test), to build
/// fixtures in legacy encodings.
func encoded(_ text: String, as charset: String) -> [UInt8] {
    let descriptor = iconv_open(charset, "UTF-8")
    precondition(Int(bitPattern: descriptor) != -1, "iconv cannot encode \(charset)")
    defer { iconv_close(descriptor) }
    var input = Array(text.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
    let produced = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer -> Int in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var inLeft = inBuffer.count
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            var outLeft = outBuffer.count
            let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
            precondition(result != -1, "iconv failed to encode into \(charset)")
            return outBuffer.count - outLeft
        }
    }
    return Array(output[..<produced])
}

/// A byte string from pieces of text and raw bytes, for fixtures that mix ASCII
/// structure with bytes in other encodings.
func bytes(_ parts: [Any]) -> [UInt8] {
    var result: [UInt8] = []
    for part in parts {
        switch part {
        case let text as String: result += Array(text.utf8)
        case let raw as [UInt8]: result += raw
        case let raw as [Int]: result += raw.map { UInt8($0) }
        default: preconditionFailure("unsupported fixture part \(part)")
        }
    }
    return result
}

extension String {
    /// Without leading and trailing spaces (Foundation-free).
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
