import NewsclassClassifier
import NewsclassText

/// The human-readable form of one classification: the file and its labels on the first
/// line, then one line per topic with its score and strongest evidence.
enum ClassificationReport {
    static let evidenceShown = 4

    /// The file and its labels, then the article's format, language and title: the first
    /// two lines of this report and of `ExplanationReport`.
    static func header(file: String, article: Article, classification: Classification) -> String {
        let labels = classification.labels
        let out = "\(file): \(labels.isEmpty ? "(no topic)" : labels.joined(separator: ", "))\n"
        var about = "  \(article.format.rawValue), \(article.language)"
        if let title = article.title { about += ", title: \(title)" }
        return out + about + "\n"
    }

    static func text(file: String, article: Article, classification: Classification) -> String {
        var out = header(file: file, article: article, classification: classification)
        let width = classification.topics.map(\.name.count).max() ?? 0
        for topic in classification.topics {
            let mark = topic.isLabelled ? "+" : "-"
            let name = topic.name + String(repeating: " ", count: max(0, width - topic.name.count))
            var line = "  \(mark) \(name)  \(scoreText(topic.score))"
            if !topic.evidence.isEmpty {
                line += "  " + topic.evidence.prefix(evidenceShown).map(describe).joined(separator: ", ")
                if topic.evidence.count > evidenceShown { line += ", …" }
            }
            out += line + "\n"
        }
        return out
    }

    private static func describe(_ evidence: Evidence) -> String {
        let count = evidence.count > 1 ? " ×\(evidence.count)" : ""
        let at = evidence.offsets.first.map { " @\($0)" } ?? ""
        return "\"\(evidence.term)\"\(count)\(at)"
    }

    private static func scoreText(_ score: Double) -> String {
        let thousandths = Int((score * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
