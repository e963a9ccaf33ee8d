import NewsclassText

/// Labels articles with the topics of a `TopicModel` and says why.
///
/// Deterministic and free of I/O: the same model and text always give the same
/// classification. Construction compiles every term of every topic into one automaton;
/// `classify` then runs it once over the normalised text and scores each topic from
/// the matches (see `TopicDefinition` for the score and `NegativeContext` for cancelling).
public struct Classifier: Sendable {
    public let model: TopicModel
    private let lexicon: CompiledLexicon
    private let conceptIndex: [[String: Int]]

    public init(model: TopicModel) {
        self.model = model
        self.lexicon = CompiledLexicon(model: model)
        self.conceptIndex = model.topics.map { topic in
            Dictionary(topic.concepts.enumerated().map { ($0.element.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Number of distinct patterns in the compiled automaton.
    public var patternCount: Int { lexicon.spellings.count }

    public func classify(_ article: Article) -> Classification {
        classify(title: article.title, body: article.body)
    }

    public func classify(title: String?, body: String) -> Classification {
        let source: String
        let titleLength: Int
        if let title, !title.isEmpty {
            source = title + "\n\n" + body
            titleLength = title.unicodeScalars.count
        } else {
            source = body
            titleLength = 0
        }
        let text = NormalizedText(source)
        var perTopic = [TopicEvidence](repeating: TopicEvidence(), count: model.topics.count)

        lexicon.matcher.forEachMatch(in: text) { match in
            let sentence = text.sentenceIndex(ofByte: match.start)
            var inTitle: Bool?
            for role in lexicon.roles[match.pattern] {
                switch role {
                case .phrase(let topic, let weight):
                    if inTitle == nil { inTitle = text.sourceOffset(ofByte: match.start) < titleLength }
                    perTopic[topic].phraseHits.append(.init(
                        pattern: match.pattern, start: match.start, end: match.end,
                        sentence: sentence, inTitle: inTitle!, weight: weight, concept: -1))
                case .concept(let topic, let concept):
                    if inTitle == nil { inTitle = text.sourceOffset(ofByte: match.start) < titleLength }
                    perTopic[topic].conceptHits.append(.init(
                        pattern: match.pattern, start: match.start, end: match.end,
                        sentence: sentence, inTitle: inTitle!, weight: 0, concept: concept))
                case .negative(let topic, let negative):
                    let context = model.topics[topic].negatives[negative]
                    switch context.scope {
                    case .overlap:
                        perTopic[topic].cancelledSpans.append(match.start..<match.end)
                    case .sentence:
                        let current = perTopic[topic].sentenceFactors[sentence] ?? 1
                        perTopic[topic].sentenceFactors[sentence] = min(current, context.factor)
                    }
                }
            }
        }

        var results: [TopicResult] = []
        results.reserveCapacity(model.topics.count)
        for (t, topic) in model.topics.enumerated() {
            var evidence = perTopic[t]
            evidence.resolveOverlaps()
            let found = evidence.isEmpty ? [] : score(evidence, topic: t, text: text)
            let raw = found.reduce(0) { $0 + $1.weight }
            let score = raw > 0 ? raw / (raw + topic.saturation) : 0
            let rounded = (score * 1000).rounded() / 1000
            results.append(TopicResult(
                name: topic.name, score: rounded,
                isLabelled: raw > 0 && rounded >= topic.threshold,
                evidence: found.sorted { ($0.weight, $1.term) > ($1.weight, $0.term) }))
        }
        return Classification(topics: results)
    }

    private func score(_ evidence: TopicEvidence, topic t: Int, text: NormalizedText) -> [Evidence] {
        var found: [Evidence] = []
        let titleWeight = model.titleWeight

        // Phrases: one piece of evidence per distinct term.
        var byPattern: [Int: [TopicEvidence.Hit]] = [:]
        for hit in evidence.phraseHits { byPattern[hit.pattern, default: []].append(hit) }
        for (pattern, hits) in byPattern {
            let weights = hits.map { hit in
                hit.weight * (hit.inTitle ? titleWeight : 1) * evidence.factor(forSentence: hit.sentence)
            }
            let weight = DiminishingSum.of(weights)
            guard weight > 0 else { continue }
            found.append(Evidence(
                term: lexicon.spellings[pattern], kind: .phrase, count: hits.count, weight: weight,
                offsets: hits.prefix(Evidence.maxOffsets).map { text.sourceOffset(ofByte: $0.start) }))
        }

        // Co-occurrences: one piece of evidence per rule, counted in sentences.
        guard !evidence.conceptHits.isEmpty else { return found }
        let topic = model.topics[t]
        for rule in topic.cooccurrences {
            let concepts = rule.concepts.compactMap { conceptIndex[t][$0] }
            let required = rule.requires.compactMap { conceptIndex[t][$0] }
            guard concepts.count == rule.concepts.count, required.count == rule.requires.count,
                  !concepts.isEmpty
            else { continue }
            if !required.allSatisfy({ c in evidence.conceptHits.contains { $0.concept == c } }) { continue }

            var bySentence: [Int: [TopicEvidence.Hit]] = [:]
            for hit in evidence.conceptHits where concepts.contains(hit.concept) {
                bySentence[hit.sentence, default: []].append(hit)
            }
            var weights: [Double] = []
            var meetings: [[TopicEvidence.Hit]] = []
            for (sentence, hits) in bySentence.sorted(by: { $0.key < $1.key }) {
                guard concepts.allSatisfy({ c in hits.contains { $0.concept == c } }) else { continue }
                let inTitle = hits.contains { $0.inTitle }
                let weight = rule.weight * (inTitle ? titleWeight : 1) * evidence.factor(forSentence: sentence)
                guard weight > 0 else { continue }
                weights.append(weight)
                meetings.append(hits)
            }
            guard let first = meetings.first else { continue }
            let term = concepts.map { c in
                lexicon.spellings[first.first { $0.concept == c }!.pattern]
            }.joined(separator: " + ")
            found.append(Evidence(
                term: term, kind: .cooccurrence, count: weights.count, weight: DiminishingSum.of(weights),
                offsets: meetings.prefix(Evidence.maxOffsets).map { hits in
                    text.sourceOffset(ofByte: hits.map(\.start).min()!)
                }))
        }
        return found
    }
}
