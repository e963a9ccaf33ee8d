import Foundation
import NewsclassClassifier
import NewsclassText

/// `newsclass classify --explain`: per topic, the score against the threshold, every piece
/// of evidence, and what held the topic back — one screen for a reader who disagrees with
/// a label. Also as JSON (`--json --explain`), added to the record line as "explain".
enum ExplanationReport {
    static let evidenceShown = 8

    static func text(file: String, article: Article, classification: Classification) -> String {
        var out = ClassificationReport.header(file: file, article: article, classification: classification)
        for topic in classification.topics {
            let threshold = topic.explanation?.threshold ?? 0
            let mark = topic.isLabelled ? "+" : "-"
            let comparison = topic.score >= threshold ? "≥" : "<"
            out += "  \(mark) \(topic.name)  \(fixed(topic.score, 3)) \(comparison) \(fixed(threshold, 2))"
            out += topic.isLabelled ? "  labelled\n" : "  not labelled\n"
            if topic.evidence.isEmpty { out += "      no evidence\n" }
            for evidence in topic.evidence.prefix(evidenceShown) {
                let kind = evidence.kind == .cooccurrence ? " (in one sentence)" : ""
                out += "      \(fixed(evidence.weight, 2))  \"\(evidence.term)\" [\(evidence.language)]\(kind)"
                out += " ×\(evidence.count) @" + evidence.offsets.map(String.init).joined(separator: ",")
                if evidence.count > evidence.offsets.count { out += ",…" }
                out += "\n"
            }
            if topic.evidence.count > evidenceShown {
                out += "      … \(topic.evidence.count - evidenceShown) more\n"
            }
            guard let explanation = topic.explanation else { continue }
            if !topic.evidence.isEmpty, explanation.evidenceSentences < explanation.minSentences {
                out += "      held back: all evidence in \(explanation.evidenceSentences) sentence"
                out += " (a label needs \(explanation.minSentences)): a passing mention\n"
            }
            for gate in explanation.failedGates {
                out += "      gate failed: \(gate.concept) " + terms(gate.headTerms) + " dropped: "
                out += "intended (\(gate.intended.joined(separator: ", "))) \(gate.intendedCount)"
                out += " vs rivals (\(gate.rivals.joined(separator: ", "))) \(gate.rivalCount)"
                if !gate.rivalTerms.isEmpty { out += ": " + terms(Array(gate.rivalTerms.prefix(5))) }
                out += "\n"
            }
            for negative in explanation.negatives {
                let what: String
                switch negative.effect {
                case .cancelled: what = "cancelled"
                case .damped(let factor): what = "damped ×\(fixed(factor, 2))"
                }
                out += "      negative \"\(negative.term)\" [\(negative.language)] @\(negative.offset) \(what): "
                out += negative.affected.map { "\"\($0)\"" }.joined(separator: ", ") + "\n"
            }
            for rule in explanation.unmetRules {
                out += "      rule " + rule.concepts.joined(separator: " + ") + " (\(fixed(rule.weight, 1))): "
                switch rule.reason {
                case .neverInOneSentence:
                    out += "all occur, never in one sentence\n"
                case .missingRequires(let missing):
                    out += "met, but requires \(missing.joined(separator: ", ")): not in the article\n"
                }
            }
        }
        return out
    }

    private static func terms(_ counts: [TermCount]) -> String {
        counts.map { "\"\($0.term)\" [\($0.language)] ×\($0.count)" }.joined(separator: ", ")
    }

    private static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    // MARK: JSON

    /// `line` (a record's JSON object) with an "explain" member added.
    static func appendingJSON(to line: String, _ classification: Classification) -> String {
        guard line.hasSuffix("}") else { return line }
        var topics: [String: Any] = [:]
        for topic in classification.topics {
            var object: [String: Any] = [
                "score": topic.score,
                "labelled": topic.isLabelled,
                "evidence": topic.evidence.map { evidence -> [String: Any] in
                    ["term": evidence.term, "lang": evidence.language, "kind": evidence.kind.rawValue,
                     "count": evidence.count, "weight": (evidence.weight * 100).rounded() / 100,
                     "offsets": evidence.offsets]
                },
            ]
            if let explanation = topic.explanation {
                object["threshold"] = explanation.threshold
                object["evidence_sentences"] = explanation.evidenceSentences
                object["min_sentences"] = explanation.minSentences
                object["failed_gates"] = explanation.failedGates.map { gate -> [String: Any] in
                    ["concept": gate.concept, "head_terms": gate.headTerms.map(json),
                     "intended": gate.intended, "rivals": gate.rivals,
                     "intended_count": gate.intendedCount, "rival_count": gate.rivalCount,
                     "rival_terms": gate.rivalTerms.map(json)]
                }
                object["negatives"] = explanation.negatives.map { negative -> [String: Any] in
                    var item: [String: Any] = [
                        "concept": negative.concept, "term": negative.term, "lang": negative.language,
                        "offset": negative.offset, "affected": negative.affected,
                    ]
                    switch negative.effect {
                    case .cancelled: item["effect"] = "cancelled"
                    case .damped(let factor):
                        item["effect"] = "damped"
                        item["factor"] = factor
                    }
                    return item
                }
                object["unmet_rules"] = explanation.unmetRules.map { rule -> [String: Any] in
                    var item: [String: Any] = ["concepts": rule.concepts, "requires": rule.requires, "weight": rule.weight]
                    switch rule.reason {
                    case .neverInOneSentence: item["reason"] = "never_in_one_sentence"
                    case .missingRequires(let missing):
                        item["reason"] = "missing_requires"
                        item["missing"] = missing
                    }
                    return item
                }
            }
            topics[topic.name] = object
        }
        guard let data = try? JSONSerialization.data(withJSONObject: topics, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return line }
        return String(line.dropLast()) + ",\"explain\":" + String(decoding: data, as: UTF8.self) + "}"
    }

    private static func json(_ count: TermCount) -> [String: Any] {
        ["term": count.term, "lang": count.language, "count": count.count]
    }
}
