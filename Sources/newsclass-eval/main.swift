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
import Foundation
import NewsclassClassifier
import NewsclassConfig
import NewsclassText

struct LabelledArticle {
    var path: String
    var topics: Set<String>
    var kind: String
    var traps: Set<String>
    var lang: String
}

func loadSplit(_ directory: URL) -> [LabelledArticle] {
    var articles: [LabelledArticle] = []
    let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
    var labelFiles: [URL] = []
    while let url = walker?.nextObject() as? URL {
        if url.lastPathComponent == "labels.tsv" { labelFiles.append(url) }
    }
    for labels in labelFiles.sorted(by: { $0.path < $1.path }) {
        guard let text = try? String(contentsOf: labels, encoding: .utf8) else { continue }
        for (n, line) in text.split(separator: "\n").enumerated() where n > 0 {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 5 else { continue }
            func set(_ column: String) -> Set<String> {
                column == "-" ? [] : Set(column.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            }
            articles.append(LabelledArticle(
                path: labels.deletingLastPathComponent().appendingPathComponent(columns[0]).path,
                topics: set(columns[1]), kind: columns[2], traps: set(columns[3]), lang: columns[4]))
        }
    }
    return articles
}

func f(_ x: Double) -> String { String(format: "%.3f", x) }

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
    FileHandle.standardError.write("newsclass-eval: \(error)\n".data(using: .utf8)!)
    exit(78)
}
let classifier = Classifier(model: config.model)
let extractor = ArticleExtractor(maxBytes: config.spool.maxBytes)
let topicNames = config.model.topics.map(\.name)

let root = URL(fileURLWithPath: corpus)
let splits = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted()
for split in splits {
    let articles = loadSplit(root.appendingPathComponent(split))
    guard !articles.isEmpty else { continue }
    var total = Tally()
    var nonEnglish = Tally()
    var perLanguage: [String: Tally] = [:]
    var errors: [String] = []
    for item in articles {
        guard let bytes = FileManager.default.contents(atPath: item.path).map(Array.init) else {
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
        print("\(topic.padding(toLength: 14, withPad: " ", startingAt: 0)) \(f(precision))      \(f(recall))  \(f(f1))  "
            + String(format: "%3d %3d %3d", total.tp[topic, default: 0], total.fp[topic, default: 0], total.fn[topic, default: 0]))
    }
    print("macro-F1 \(f(total.macroF1(topicNames)))   hard-negative false positives "
        + "\(total.hardNegativeHits)/\(total.hardNegatives) = \(total.hardNegativeRate.trimmingCharacters(in: .whitespaces))   "
        + "non-English macro-F1 \(f(nonEnglish.macroF1(topicNames))) (\(nonEnglish.articles) articles)")
    print("lang      articles  macro-F1  hard-neg FP")
    for (lang, tally) in perLanguage.sorted(by: { $0.key < $1.key }) {
        print("\(lang.padding(toLength: 9, withPad: " ", startingAt: 0)) \(String(format: "%8d", tally.articles))  "
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
        hardNegatives == 0 ? "     -" : String(format: "%5.1f%%", Double(hardNegativeHits) / Double(hardNegatives) * 100)
    }
}
