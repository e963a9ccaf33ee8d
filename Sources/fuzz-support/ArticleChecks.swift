import NewsclassText

/// The properties every extraction must have, whatever the bytes (see `Article` and
/// `ExtractionFailure`): checked by the article fuzz targets on each input.
public enum ArticleChecks {
    /// Extracted text is at most this many UTF-8 bytes per input byte, plus a little: the
    /// largest growth is a Windows-1252 byte or a UTF-16 code unit becoming a three-byte
    /// character. More means text was duplicated, which also breaks the memory budget.
    public static let maxGrowth = 3

    /// Extracts `bytes` as a file called `fileName` and checks the result.
    @discardableResult
    public static func extract(_ bytes: [UInt8], fileName: String?, extractor: ArticleExtractor = ArticleExtractor())
        -> Result<Article, ExtractionFailure> {
        let result = extractor.extract(bytes, fileName: fileName)
        check(result, input: bytes, fileName: fileName)
        return result
    }

    public static func check(_ result: Result<Article, ExtractionFailure>, input: [UInt8], fileName: String?) {
        let name = fileName ?? "(no name)"
        switch result {
        case .failure(let failure):
            if failure.detail.isEmpty { fuzzFailure("\(name): a \(failure.reason.rawValue) rejection without a detail") }
        case .success(let article):
            if article.body.isEmpty { fuzzFailure("\(name): an article with an empty body") }
            checkBody(article.body, name: name)
            if let title = article.title { checkTitle(title, name: name) }
            let produced = article.body.utf8.count + (article.title?.utf8.count ?? 0)
            if produced > maxGrowth * input.count + 16 {
                fuzzFailure("\(name): \(input.count) bytes gave \(produced) bytes of title and body")
            }
            if article.language.isEmpty || article.charset.isEmpty {
                fuzzFailure("\(name): empty language (\(article.language)) or charset (\(article.charset))")
            }
        }
    }

    /// The body's shape (`TextBuilder`'s promise): paragraphs separated by exactly one blank
    /// line, no line starting or ending with a space, no runs of spaces, no control
    /// characters but "\n", no U+FEFF; and the UTF-8 is what it was built from, i.e. no
    /// U+FFFD appeared by repairing a sequence split in the middle.
    static func checkBody(_ body: String, name: String) {
        var previous: Unicode.Scalar = "\n"
        var newlines = 0
        for scalar in body.unicodeScalars {
            switch scalar.value {
            case 0x0A:
                if previous == " " { fuzzFailure("\(name): a line ends with a space: \(excerpt(body))") }
                newlines += 1
                if newlines > 2 { fuzzFailure("\(name): more than one blank line in a row: \(excerpt(body))") }
            case 0x20:
                if previous == " " || previous == "\n" {
                    fuzzFailure("\(name): a run of spaces or a line starting with one: \(excerpt(body))")
                }
                newlines = 0
            case 0x00...0x1F, 0x7F...0x9F, 0xFEFF:
                fuzzFailure("\(name): control character U+\(String(scalar.value, radix: 16)) in the body: \(excerpt(body))")
            default:
                newlines = 0
            }
            previous = scalar
        }
        if let first = body.unicodeScalars.first, let last = body.unicodeScalars.last, isSpace(first) || isSpace(last) {
            fuzzFailure("\(name): the body starts or ends with whitespace: \(excerpt(body))")
        }
    }

    /// The characters `TextBuilder` turns into separators.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// A title is one line, trimmed, not empty.
    static func checkTitle(_ title: String, name: String) {
        if title.isEmpty { fuzzFailure("\(name): an empty title (nil expected)") }
        if title.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            fuzzFailure("\(name): control characters or line breaks in the title: \(excerpt(title))")
        }
        if let first = title.unicodeScalars.first, let last = title.unicodeScalars.last, isSpace(first) || isSpace(last) {
            fuzzFailure("\(name): the title is not trimmed: \(excerpt(title))")
        }
    }

    static func excerpt(_ text: String) -> String {
        let escaped = text.prefix(200).unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
        return "\"\(escaped)\"" + (text.count > 200 ? "…" : "")
    }
}
