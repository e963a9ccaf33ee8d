import FuzzSupport
import NewsclassText

#if canImport(Glibc)
import Glibc
#endif

// libFuzzer target for article extraction over every format and charset: the first byte
// picks the file name's extension (.txt .md .html .json .eml or none), the rest is the
// file. Any bytes must give an article or a rejection, never a trap, hang or leak; the
// article must have the shape `Article` promises (`ArticleChecks`), and extracting the
// same bytes again must give the same result.
//
// Replay (ordinary builds): .build/debug/fuzz-extract FILE...
// Measure one real file (ordinary builds): fuzz-extract --measure FILE, which extracts
// it under its own name once and prints what came out (for /usr/bin/time -v).

let names: [String?] = ["article.txt", "article.md", "article.html", "article.json", "article.eml", nil]

func check(_ bytes: [UInt8]) {
    guard let first = bytes.first else { return }
    let name = names[Int(first) % names.count]
    let content = Array(bytes.dropFirst())
    let result = ArticleChecks.extract(content, fileName: name)
    if ArticleExtractor().extract(content, fileName: name) != result {
        fuzzFailure("\(name ?? "(no name)"): extracting the same bytes twice gave different results")
    }
}

if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "--measure" {
    let path = CommandLine.arguments[2]
    guard let bytes = FuzzDriver.readFile(path) else {
        print("\(path): cannot read")
        exit(1)
    }
    let start = ContinuousClock.now
    let result = ArticleExtractor().extract(bytes, fileName: path)
    let elapsed = ContinuousClock.now - start
    switch result {
    case .success(let article):
        print("\(path): \(article.format) \(article.charset) \(article.language), "
            + "title \(article.title?.utf8.count ?? 0) bytes, body \(article.body.utf8.count) bytes, in \(elapsed)")
    case .failure(let failure):
        print("\(path): rejected, \(failure.reason.rawValue): \(failure.detail.prefix(200)), in \(elapsed)")
    }
    exit(0)
}

FuzzDriver.main(name: "extract", check: check)
