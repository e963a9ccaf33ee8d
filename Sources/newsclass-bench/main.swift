// newsclass-bench: the classifier alone, one thread, on generated articles.
//
//   newsclass-bench [--articles N] [--seed S] [--synthetic-terms N]
//
// --synthetic-terms N adds N made-up terms in 24 languages to the built-in topics (see
// SyntheticLexicon) to measure the matcher at the size the lexicon is growing to.
//
// Generates N (default 6,000) deterministic news-like articles of 2–8 KB from sentences
// written for this benchmark, as plain text and as HTML pages with boilerplate, then
// times extraction + classification of each set in CPU time of the one thread (best of
// 3 passes after a warm-up, so other load on the machine does not count) and
// prints MB/s and µs per article, also scaled to a 5 KB article.
import NewsclassClassifier
import NewsclassConfig
import NewsclassText

#if canImport(Glibc)
import Glibc
#endif

var articleCount = 6000
var seed: UInt64 = 1
var syntheticTerms = 0
var arguments = Array(CommandLine.arguments.dropFirst())
while let argument = arguments.first {
    arguments.removeFirst()
    switch argument {
    case "--articles": articleCount = Int(arguments.removeFirst()) ?? articleCount
    case "--seed": seed = UInt64(arguments.removeFirst()) ?? seed
    case "--synthetic-terms": syntheticTerms = Int(arguments.removeFirst()) ?? 0
    default:
        print("usage: newsclass-bench [--articles N] [--seed S] [--synthetic-terms N]")
        exit(64)
    }
}

let generator = ArticleGenerator(seed: seed)
let texts = (0..<articleCount).map { generator.text(index: $0) }
let pages = texts.map(ArticleGenerator.htmlPage)

let config = ConfigurationLoader.embeddedDefault()
let model = syntheticTerms > 0
    ? SyntheticLexicon(perLanguage: max(1, syntheticTerms / 24), seed: seed).extend(config.model) : config.model
let buildStart = cpuSeconds()
let classifier = Classifier(model: model)
let buildSeconds = cpuSeconds() - buildStart
let extractor = ArticleExtractor(maxBytes: config.spool.maxBytes)

func cpuSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

struct Measurement {
    var seconds: Double
    var labelled: Int
}

func measure(_ inputs: [[UInt8]], name: String) -> Measurement {
    var best = Measurement(seconds: .infinity, labelled: 0)
    for pass in 0..<4 {
        var labelled = 0
        let start = cpuSeconds()
        for bytes in inputs {
            if case .success(let article) = extractor.extract(bytes, fileName: name) {
                labelled += classifier.classify(article).labels.count
            }
        }
        let elapsed = cpuSeconds() - start
        if pass > 0, elapsed < best.seconds { best = Measurement(seconds: elapsed, labelled: labelled) }
    }
    return best
}

func measureClassifyOnly(_ inputs: [[UInt8]], name: String) -> Double {
    let articles = inputs.compactMap { try? extractor.extract($0, fileName: name).get() }
    var best = Double.infinity
    for pass in 0..<4 {
        let start = cpuSeconds()
        var labels = 0
        for article in articles { labels += classifier.classify(article).labels.count }
        let elapsed = cpuSeconds() - start
        if pass > 0 { best = min(best, elapsed) }
        precondition(labels >= 0)
    }
    return best
}

func report(_ label: String, _ inputs: [[UInt8]], name: String) {
    let bytes = inputs.reduce(0) { $0 + $1.count }
    let result = measure(inputs, name: name)
    let classifyOnly = measureClassifyOnly(inputs, name: name)
    let mbPerSecond = Double(bytes) / result.seconds / 1_000_000
    let microsPerArticle = result.seconds / Double(inputs.count) * 1e6
    let meanBytes = Double(bytes) / Double(inputs.count)
    let per5KB = microsPerArticle * 5120 / meanBytes
    func fmt(_ x: Double, _ digits: Int = 1) -> String {
        let scale = pow(10, Double(digits))
        return String((x * scale).rounded() / scale)
    }
    print("\(label + String(repeating: " ", count: max(0, 6 - label.count))) \(inputs.count) articles, mean \(Int(meanBytes)) B: "
        + "\(fmt(mbPerSecond)) MB/s, \(fmt(microsPerArticle)) µs/article, \(fmt(per5KB)) µs per 5 KB "
        + "(classification alone \(fmt(classifyOnly / Double(inputs.count) * 1e6)) µs/article); "
        + "\(result.labelled) labels")
}

let tableMB = Double(classifier.matcherMemoryFootprint) / 1_048_576
print("newsclass-bench: \(classifier.patternCount) patterns, matcher tables \((tableMB * 10).rounded() / 10) MB "
    + "(built in \(Int(buildSeconds * 1000)) ms; \(classifier.matcher.stateCount) states, "
    + "\(classifier.matcher.columnCount) columns, \(classifier.matcher.isDFA ? "all rows" : "\(classifier.matcher.denseStateCount) rows, rest sparse")), one thread, release build expected")
report("text", texts, name: "article.txt")
report("html", pages, name: "article.html")
