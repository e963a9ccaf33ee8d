import NewsclassClassifier
import NewsclassRecords
import NewsclassText

#if canImport(Glibc)
import Glibc
#endif

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
        var buffer = [CChar](repeating: 0, count: 64)
        _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.\(digits)f", $0) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: JSON

    /// `line` (a record's JSON object) with an "explain" member added.
    static func appendingJSON(to line: String, _ classification: Classification) -> String {
        guard line.hasSuffix("}") else { return line }
        var topics: [String: JSONValue] = [:]
        for topic in classification.topics {
            var object: [String: JSONValue] = [
                "score": .number(topic.score),
                "labelled": .bool(topic.isLabelled),
                "evidence": .array(topic.evidence.map { evidence in
                    .object([
                        "term": .string(evidence.term), "lang": .string(evidence.language),
                        "kind": .string(evidence.kind.rawValue), "count": number(evidence.count),
                        "weight": .number((evidence.weight * 100).rounded() / 100),
                        "offsets": .array(evidence.offsets.map(number)),
                    ])
                }),
            ]
            if let explanation = topic.explanation {
                object["threshold"] = .number(explanation.threshold)
                object["evidence_sentences"] = number(explanation.evidenceSentences)
                object["min_sentences"] = number(explanation.minSentences)
                object["failed_gates"] = .array(explanation.failedGates.map { gate in
                    .object([
                        "concept": .string(gate.concept), "head_terms": .array(gate.headTerms.map(json)),
                        "intended": strings(gate.intended), "rivals": strings(gate.rivals),
                        "intended_count": number(gate.intendedCount), "rival_count": number(gate.rivalCount),
                        "rival_terms": .array(gate.rivalTerms.map(json)),
                    ])
                })
                object["negatives"] = .array(explanation.negatives.map { negative in
                    var item: [String: JSONValue] = [
                        "concept": .string(negative.concept), "term": .string(negative.term),
                        "lang": .string(negative.language), "offset": number(negative.offset),
                        "affected": strings(negative.affected),
                    ]
                    switch negative.effect {
                    case .cancelled: item["effect"] = .string("cancelled")
                    case .damped(let factor):
                        item["effect"] = .string("damped")
                        item["factor"] = .number(factor)
                    }
                    return .object(item)
                })
                object["unmet_rules"] = .array(explanation.unmetRules.map { rule in
                    var item: [String: JSONValue] = [
                        "concepts": strings(rule.concepts), "requires": strings(rule.requires),
                        "weight": .number(rule.weight),
                    ]
                    switch rule.reason {
                    case .neverInOneSentence: item["reason"] = .string("never_in_one_sentence")
                    case .missingRequires(let missing):
                        item["reason"] = .string("missing_requires")
                        item["missing"] = strings(missing)
                    }
                    return .object(item)
                })
            }
            topics[topic.name] = .object(object)
        }
        return String(line.dropLast()) + ",\"explain\":" + JSONValue.object(topics).text + "}"
    }

    private static func number(_ value: Int) -> JSONValue { .number(Double(value)) }

    private static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    private static func json(_ count: TermCount) -> JSONValue {
        .object(["term": .string(count.term), "lang": .string(count.language), "count": number(count.count)])
    }
}
