// newsclass-eval: scores the built-in (or a given) configuration against the labelled
// corpus under Tests/Corpus and prints per-topic precision, recall and F1, macro-F1 and
// the hard-negative false-positive rate, for each split separately, then macro-F1 and the
// hard-negative false-positive rate per language (and over all non-English articles).
//
//   newsclass-eval [--config FILE] [--errors] [CORPUS_DIR]
//
// Each split is a folder (tune/, holdout/) holding labels.tsv files with the columns
// file, topics, kind, traps, lang, note. The tune split is what the lexicon may be
// adjusted on; holdout is never looked at while tuning, so its numbers say how the
// classifier does on text it was not fitted to.
import NewsclassClassifier
import NewsclassConfig
import NewsclassText

#if canImport(Glibc)
import Glibc
#endif

struct LabelledArticle {
    var path: String
    var topics: Set<String>
    var kind: String
    var traps: Set<String>
    var lang: String
}

func loadSplit(_ directory: String) -> [LabelledArticle] {
    var articles: [LabelledArticle] = []
    var labelFiles: [String] = []
    findFiles(named: "labels.tsv", below: directory, into: &labelFiles)
    for labels in labelFiles.sorted() {
        guard let bytes = readFile(labels), let text = String(validating: bytes, as: UTF8.self) else { continue }
        let folder = String(labels.dropLast("labels.tsv".count))
        for (n, line) in text.split(separator: "\n").enumerated() where n > 0 {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 5 else { continue }
            func set(_ column: String) -> Set<String> {
                column == "-" ? [] : Set(column.split(separator: ",").map { $0.trimming(" \t") })
            }
            articles.append(LabelledArticle(
                path: folder + columns[0],
                topics: set(columns[1]), kind: columns[2], traps: set(columns[3]), lang: columns[4]))
        }
    }
    return articles
}

/// The files called `name` anywhere below `directory` (symlinked folders not followed).
func findFiles(named name: String, below directory: String, into found: inout [String]) {
    guard let stream = opendir(directory) else { return }
    defer { closedir(stream) }
    while let entry = readdir(stream) {
        let entryName = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        if entryName == "." || entryName == ".." { continue }
        let path = directory + "/" + entryName
        var status = stat()
        guard lstat(path, &status) == 0 else { continue }
        if status.st_mode & S_IFMT == S_IFDIR {
            findFiles(named: name, below: path, into: &found)
        } else if entryName == name {
            found.append(path)
        }
    }
}

func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        if n == 0 { return ferror(file) == 0 ? bytes : nil }
        bytes += chunk[0..<n]
    }
}

func names(in directory: String) -> [String] {
    guard let stream = opendir(directory) else { return [] }
    defer { closedir(stream) }
    var names: [String] = []
    while let entry = readdir(stream) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { names.append(name) }
    }
    return names
}

/// printf's formatting of one number.
func format(_ pattern: String, _ value: CVarArg) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, pattern, $0) }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func f(_ x: Double) -> String { format("%.3f", x) }

func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
}

extension StringProtocol {
    func trimming(_ characters: String) -> String {
        let set = Set(characters)
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}

var arguments = Array(CommandLine.arguments.dropFirst())
var configPath: String?
var showErrors = false
var corpus = "Tests/Corpus"
while let argument = arguments.first {
    arguments.removeFirst()
    switch argument {
    case "--config": configPath = arguments.isEmpty ? nil : arguments.removeFirst()
    case "--errors": showErrors = true
    default: corpus = argument
    }
}

let config: Configuration
do {
    config = try (configPath.map(ConfigurationSource.file) ?? .embedded).load()
} catch {
    let message = "newsclass-eval: \(error)\n"
    _ = message.withCString { write(2, $0, strlen($0)) }
    exit(78)
}
let classifier = Classifier(model: config.model)
let extractor = ArticleExtractor(maxBytes: config.spool.maxBytes)
let topicNames = config.model.topics.map(\.name)

// Paths are reported absolute.
if !corpus.hasPrefix("/"), let cwd = getcwd(nil, 0) {
    corpus = String(cString: cwd) + "/" + corpus
    free(cwd)
}
let splits = names(in: corpus).sorted()
for split in splits {
    let articles = loadSplit(corpus + "/" + split)
    guard !articles.isEmpty else { continue }
    var total = Tally()
    var nonEnglish = Tally()
    var perLanguage: [String: Tally] = [:]
    var errors: [String] = []
    for item in articles {
        guard let bytes = readFile(item.path) else {
            errors.append("  \(item.path): cannot read")
            continue
        }
        var predicted: Set<String> = []
        var scores = ""
        switch extractor.extract(bytes, fileName: item.path) {
        case .success(let article):
            let result = classifier.classify(article)
            predicted = Set(result.labels)
            scores = result.topics.map { "\($0.name)=\(f($0.score))" }.joined(separator: " ")
        case .failure(let failure):
            errors.append("  \(item.path): rejected \(failure.reason.rawValue): \(failure.detail)")
        }
        total.add(truth: item.topics, predicted: predicted, kind: item.kind, traps: item.traps, topics: topicNames)
        perLanguage[item.lang, default: Tally()].add(
            truth: item.topics, predicted: predicted, kind: item.kind, traps: item.traps, topics: topicNames)
        if item.lang != "en" {
            nonEnglish.add(truth: item.topics, predicted: predicted, kind: item.kind, traps: item.traps, topics: topicNames)
        }
        if predicted != item.topics {
            let want = item.topics.sorted().joined(separator: ",")
            let got = predicted.sorted().joined(separator: ",")
            errors.append("  \(item.path) [\(item.kind)] want {\(want)} got {\(got)}  \(scores)")
        }
    }
    print("== \(split): \(articles.count) articles in \(perLanguage.count) languages, \(total.hardNegatives) hard negatives")
    print("topic          precision  recall     F1     tp  fp  fn")
    for topic in topicNames {
        let (precision, recall, f1) = total.f1(topic) ?? (1, 1, 1)
        print("\(padded(topic, 14)) \(f(precision))      \(f(recall))  \(f(f1))  "
            + [total.tp, total.fp, total.fn].map { format("%3ld", $0[topic, default: 0]) }.joined(separator: " "))
    }
    print("macro-F1 \(f(total.macroF1(topicNames)))   hard-negative false positives "
        + "\(total.hardNegativeHits)/\(total.hardNegatives) = \(total.hardNegativeRate.trimming(" "))   "
        + "non-English macro-F1 \(f(nonEnglish.macroF1(topicNames))) (\(nonEnglish.articles) articles)")
    print("lang      articles  macro-F1  hard-neg FP")
    for (lang, tally) in perLanguage.sorted(by: { $0.key < $1.key }) {
        print("\(padded(lang, 9)) \(format("%8ld", tally.articles))  "
            + "\(f(tally.macroF1(topicNames)))     \(tally.hardNegativeRate) (\(tally.hardNegativeHits)/\(tally.hardNegatives))")
    }
    if showErrors || split != "holdout", !errors.isEmpty {
        print("disagreements:")
        errors.forEach { print($0) }
    } else if !errors.isEmpty {
        print("(\(errors.count) disagreements; --errors lists them)")
    }
    print()
}

/// Counts of one group of articles (a split, or one language in it).
struct Tally {
    var tp: [String: Int] = [:], fp: [String: Int] = [:], fn: [String: Int] = [:]
    var articles = 0, hardNegatives = 0, hardNegativeHits = 0

    mutating func add(truth: Set<String>, predicted: Set<String>, kind: String, traps: Set<String>, topics: [String]) {
        articles += 1
        for topic in topics {
            switch (truth.contains(topic), predicted.contains(topic)) {
            case (true, true): tp[topic, default: 0] += 1
            case (false, true): fp[topic, default: 0] += 1
            case (true, false): fn[topic, default: 0] += 1
            default: break
            }
        }
        if kind == "hard_negative" {
            hardNegatives += 1
            if !traps.isDisjoint(with: predicted) { hardNegativeHits += 1 }
        }
    }

    func f1(_ topic: String) -> (precision: Double, recall: Double, f1: Double)? {
        let t = Double(tp[topic, default: 0]), p = Double(fp[topic, default: 0]), n = Double(fn[topic, default: 0])
        guard t + p + n > 0 else { return nil }
        let precision = t + p > 0 ? t / (t + p) : 1
        let recall = t + n > 0 ? t / (t + n) : 1
        return (precision, recall, precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0)
    }

    /// The mean F1 over the topics that occur in this group (as truth or as prediction); a
    /// group where no topic occurs and none was predicted scores 1.
    func macroF1(_ topics: [String]) -> Double {
        let scores = topics.compactMap { f1($0)?.f1 }
        return scores.isEmpty ? 1 : scores.reduce(0, +) / Double(scores.count)
    }

    var hardNegativeRate: String {
        hardNegatives == 0 ? "     -" : format("%5.1f%%", Double(hardNegativeHits) / Double(hardNegatives) * 100)
    }
}
