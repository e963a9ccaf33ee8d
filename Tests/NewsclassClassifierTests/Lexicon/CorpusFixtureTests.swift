import Foundation
import NewsclassClassifier
import NewsclassConfig
import NewsclassText
import XCTest

/// The tuning split of our labelled corpus (Tests/Corpus/tune) as fixtures: every hard
/// negative stays free of the topics it traps, and every Chinese article gets exactly its
/// topics. The holdout split is deliberately not asserted here; `make eval` reports it.
final class CorpusFixtureTests: XCTestCase {
    struct Entry {
        var path: String
        var topics: Set<String>
        var kind: String
        var traps: Set<String>
        var lang: String
    }

    private static let tuneSplit = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus/tune")

    private func entries() throws -> [Entry] {
        var result: [Entry] = []
        let groups = try FileManager.default.contentsOfDirectory(atPath: Self.tuneSplit.path).sorted()
        for group in groups {
            let folder = Self.tuneSplit.appendingPathComponent(group)
            guard let text = try? String(contentsOf: folder.appendingPathComponent("labels.tsv"), encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let c = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard c.count >= 5 else { continue }
                let set = { (s: String) in s == "-" ? Set<String>() : Set(s.split(separator: ",").map(String.init)) }
                result.append(Entry(path: folder.appendingPathComponent(c[0]).path, topics: set(c[1]), kind: c[2], traps: set(c[3]), lang: c[4]))
            }
        }
        XCTAssertGreaterThan(result.count, 50, "the tune split should be found")
        return result
    }

    private static let classifier = Classifier(model: ConfigurationLoader.embeddedDefault().model)

    private func classify(_ entry: Entry) throws -> Set<String> {
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: entry.path), entry.path)
        let article = try ArticleExtractor().extract(Array(bytes), fileName: entry.path).get()
        return Set(Self.classifier.classify(article).labels)
    }

    func testHardNegativesAreFreeOfTheirTraps() throws {
        let hardNegatives = try entries().filter { $0.kind == "hard_negative" }
        XCTAssertGreaterThanOrEqual(hardNegatives.count, 20)
        for entry in hardNegatives {
            let labels = try classify(entry)
            XCTAssertTrue(labels.isDisjoint(with: entry.traps), "\(entry.path): labelled \(labels.sorted()), traps \(entry.traps.sorted())")
        }
    }

    func testChineseArticlesGetTheirTopics() throws {
        let chinese = try entries().filter { $0.lang.hasPrefix("zh") }
        XCTAssertGreaterThanOrEqual(chinese.count, 15)
        for entry in chinese {
            XCTAssertEqual(try classify(entry), entry.topics, entry.path)
        }
    }
}
