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
    /// Per topic, its co-occurrence rules with concept names resolved to bit masks.
    private let rules: [[CompiledRule]]

    struct CompiledRule: Sendable {
        var concepts: [Int]
        var mask: UInt64
        var requiresMask: UInt64
        var weight: Double
    }

    /// Concepts per topic are tracked as bits of one word.
    public static let maxConceptsPerTopic = 64

    public init(model: TopicModel) {
        precondition(model.topics.allSatisfy { $0.concepts.count <= Self.maxConceptsPerTopic },
                     "at most \(Self.maxConceptsPerTopic) concepts per topic")
        self.model = model
        self.lexicon = CompiledLexicon(model: model)
        self.rules = model.topics.map { topic in
            var index: [String: Int] = [:]
            for (i, concept) in topic.concepts.enumerated() where index[concept.name] == nil { index[concept.name] = i }
            return topic.cooccurrences.compactMap { rule in
                let concepts = rule.concepts.compactMap { index[$0] }
                let required = rule.requires.compactMap { index[$0] }
                guard concepts.count == rule.concepts.count, required.count == rule.requires.count, !concepts.isEmpty
                else { return nil }
                return CompiledRule(
                    concepts: concepts,
                    mask: concepts.reduce(0) { $0 | (1 << UInt64($1)) },
                    requiresMask: required.reduce(0) { $0 | (1 << UInt64($1)) },
                    weight: rule.weight)
            }
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
        let titleEnd = titleLength == 0 ? 0 : firstByte(in: text, atOrAfterSourceOffset: titleLength)
        var perTopic = [TopicEvidence](repeating: TopicEvidence(), count: model.topics.count)

        lexicon.matcher.forEachMatch(in: text) { match in
            let sentence = text.sentenceIndex(ofByte: match.start)
            let inTitle = match.start < titleEnd
            for role in lexicon.roles[match.pattern] {
                switch role {
                case .phrase(let topic, let weight):
                    perTopic[topic].phraseHits.append(.init(
                        pattern: match.pattern, start: match.start, end: match.end,
                        sentence: sentence, inTitle: inTitle, weight: weight, concept: -1))
                case .concept(let topic, let concept):
                    perTopic[topic].conceptHits.append(.init(
                        pattern: match.pattern, start: match.start, end: match.end,
                        sentence: sentence, inTitle: inTitle, weight: 0, concept: concept))
                case .negative(let topic, let negative):
                    let context = model.topics[topic].negatives[negative]
                    switch context.scope {
                    case .overlap: perTopic[topic].cancelledSpans.append(match.start..<match.end)
                    case .sentence: perTopic[topic].dampedSentences.append((sentence, context.factor))
                    }
                }
            }
        }

        var results: [TopicResult] = []
        results.reserveCapacity(model.topics.count)
        for (t, topic) in model.topics.enumerated() {
            var evidence = perTopic[t]
            evidence.resolveOverlaps(longestPattern: lexicon.longestPattern)
            var found: [Evidence] = []
            if !evidence.isEmpty {
                scorePhrases(evidence, text: text, into: &found)
                scoreCooccurrences(evidence, rules: rules[t], text: text, into: &found)
            }
            let raw = found.reduce(0) { $0 + $1.weight }
            let score = raw > 0 ? raw / (raw + topic.saturation) : 0
            let rounded = (score * 1000).rounded() / 1000
            found.sort { ($0.weight, $1.term) > ($1.weight, $0.term) }
            results.append(TopicResult(
                name: topic.name, score: rounded, isLabelled: raw > 0 && rounded >= topic.threshold, evidence: found))
        }
        return Classification(topics: results)
    }

    /// The first normalised byte produced by source scalar `offset` or later (binary search;
    /// the byte → source mapping never decreases).
    private func firstByte(in text: NormalizedText, atOrAfterSourceOffset offset: Int) -> Int {
        var low = 0, high = text.bytes.count
        while low < high {
            let mid = (low + high) / 2
            if text.sourceOffset(ofByte: mid) < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// One piece of evidence per distinct term, repeated occurrences diminishing.
    private func scorePhrases(_ evidence: TopicEvidence, text: NormalizedText, into found: inout [Evidence]) {
        guard !evidence.phraseHits.isEmpty else { return }
        let titleWeight = model.titleWeight
        let hits = evidence.phraseHits.sorted { ($0.pattern, $0.start) < ($1.pattern, $1.start) }
        var weights: [Double] = []
        var groupStart = 0
        while groupStart < hits.count {
            var groupEnd = groupStart + 1
            while groupEnd < hits.count, hits[groupEnd].pattern == hits[groupStart].pattern { groupEnd += 1 }
            weights.removeAll(keepingCapacity: true)
            for hit in hits[groupStart..<groupEnd] {
                var weight = hit.weight * (hit.inTitle ? titleWeight : 1)
                if !evidence.dampedSentences.isEmpty { weight *= evidence.factor(forSentence: hit.sentence) }
                weights.append(weight)
            }
            let weight = DiminishingSum.of(weights)
            if weight > 0 {
                found.append(Evidence(
                    term: lexicon.spellings[hits[groupStart].pattern], kind: .phrase, count: groupEnd - groupStart,
                    weight: weight,
                    offsets: hits[groupStart..<min(groupEnd, groupStart + Evidence.maxOffsets)].map {
                        text.sourceOffset(ofByte: $0.start)
                    }))
            }
            groupStart = groupEnd
        }
    }

    /// One piece of evidence per rule, counted in sentences where all its concepts meet.
    private func scoreCooccurrences(
        _ evidence: TopicEvidence, rules: [CompiledRule], text: NormalizedText, into found: inout [Evidence]
    ) {
        guard !rules.isEmpty, !evidence.conceptHits.isEmpty else { return }
        let hits = evidence.conceptHits.sorted { ($0.sentence, $0.start) < ($1.sentence, $1.start) }
        var documentMask: UInt64 = 0
        for hit in hits { documentMask |= 1 << UInt64(hit.concept) }

        for rule in rules {
            guard documentMask & rule.requiresMask == rule.requiresMask,
                  documentMask & rule.mask == rule.mask
            else { continue }
            var weights: [Double] = []
            var firstMeeting: ArraySlice<TopicEvidence.Hit>?
            var offsets: [Int] = []
            var sentenceStart = 0
            while sentenceStart < hits.count {
                var sentenceEnd = sentenceStart + 1
                while sentenceEnd < hits.count, hits[sentenceEnd].sentence == hits[sentenceStart].sentence { sentenceEnd += 1 }
                let sentenceHits = hits[sentenceStart..<sentenceEnd]
                var mask: UInt64 = 0
                var inTitle = false
                for hit in sentenceHits {
                    mask |= 1 << UInt64(hit.concept)
                    inTitle = inTitle || hit.inTitle
                }
                if mask & rule.mask == rule.mask {
                    let sentence = hits[sentenceStart].sentence
                    var weight = rule.weight * (inTitle ? model.titleWeight : 1)
                    if !evidence.dampedSentences.isEmpty { weight *= evidence.factor(forSentence: sentence) }
                    if weight > 0 {
                        weights.append(weight)
                        if firstMeeting == nil { firstMeeting = sentenceHits }
                        if offsets.count < Evidence.maxOffsets {
                            offsets.append(text.sourceOffset(ofByte: sentenceHits.first!.start))
                        }
                    }
                }
                sentenceStart = sentenceEnd
            }
            guard let meeting = firstMeeting else { continue }
            let term = rule.concepts.map { concept in
                lexicon.spellings[meeting.first { $0.concept == concept }!.pattern]
            }.joined(separator: " + ")
            found.append(Evidence(
                term: term, kind: .cooccurrence, count: weights.count, weight: DiminishingSum.of(weights), offsets: offsets))
        }
    }
}
