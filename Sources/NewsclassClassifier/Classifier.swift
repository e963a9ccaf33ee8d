import NewsclassText

/// Labels articles with the topics of a `TopicModel` and says why.
///
/// Deterministic and free of I/O: the same model and text always give the same
/// classification. Construction compiles every term of every topic into one automaton;
/// `classify` then runs it once over the normalised text and scores each topic from the
/// matches (see `TopicDefinition` for the score, `NegativeContext` for cancelling and
/// `SenseGate` for gates). Memory per article is bounded by the lexicon, not the text: hits
/// are folded into per-term and per-rule tallies as the scan goes (see `TopicEvidence`).
public struct Classifier: Sendable {
    public let model: TopicModel
    private let lexicon: CompiledLexicon

    /// Concepts per topic that co-occurrence rules can name.
    public static let maxConceptsPerTopic = TopicPlan.maxRuleConcepts

    /// With `tables`, the matcher's tables are taken from the store when it kept them for
    /// this lexicon, or built and handed to it (see `MatcherTableStore`).
    public init(model: TopicModel, tables: (any MatcherTableStore)? = nil) {
        self.model = model
        self.lexicon = CompiledLexicon(model: model, tables: tables)
    }

    /// Number of distinct patterns in the compiled automaton.
    public var patternCount: Int { lexicon.spellings.count }

    /// Bytes held by the automaton's tables.
    public var matcherMemoryFootprint: Int { lexicon.matcher.memoryFootprint }

    /// The compiled matcher, for measurements.
    public var matcher: PatternMatcher { lexicon.matcher }

    public func classify(_ article: Article) -> Classification {
        classify(title: article.title, body: article.body)
    }

    /// A body handed over (`Article.takeBody()`) is freed as soon as the classifier has its
    /// own copy of it, which keeps a large article's peak memory at about twice its text.
    public func classify(title: String?, body: consuming String) -> Classification {
        run(title: title, body: body, explain: false)
    }

    /// Like `classify`, and each topic also says what held it back (`TopicResult.explanation`).
    public func explain(_ article: Article) -> Classification {
        explain(title: article.title, body: article.body)
    }

    public func explain(title: String?, body: consuming String) -> Classification {
        run(title: title, body: body, explain: true)
    }

    // MARK: The scan

    private func run(title: String?, body: consuming String, explain: Bool) -> Classification {
        let text: NormalizedText
        let titleLength: Int
        if let title, !title.isEmpty {
            var source = title + "\n\n"
            source.reserveCapacity(source.utf8.count + body.utf8.count)
            source.append(body)
            // The text is normalised from `source`: the body is not needed beside it.
            body = ""
            text = NormalizedText(source)
            titleLength = title.unicodeScalars.count
        } else {
            text = NormalizedText(body)
            titleLength = 0
        }
        let scan = Scan(
            lexicon: lexicon, text: text, titleWeight: model.titleWeight, explain: explain,
            titleEnd: titleLength == 0 ? 0 : firstByte(in: text, atOrAfterSourceOffset: titleLength))
        var topics = lexicon.topics.map(TopicEvidence.init)
        lexicon.matcher.forEachMatch(in: text) { scan.add($0, to: &topics) }
        for t in topics.indices { scan.finish(&topics[t], topic: t) }

        var results: [TopicResult] = []
        results.reserveCapacity(model.topics.count)
        for (t, topic) in model.topics.enumerated() {
            var result = scan.result(topics[t], topic: t, definition: topic)
            let needed = topic.minSentences ?? model.minSentences
            if result.isLabelled || result.explanation != nil {
                let sentences = evidenceSentences(result.evidence, in: text, titleLength: titleLength, needed: needed)
                if sentences < needed { result.isLabelled = false }
                result.explanation?.evidenceSentences = sentences
                result.explanation?.minSentences = needed
            }
            results.append(result)
        }
        return Classification(topics: results)
    }

    /// In how many distinct sentences the evidence lies, counted up to `needed` (from the
    /// offsets each piece of evidence keeps). A headline counts as many sentences as title
    /// evidence counts times (`titleWeight`): a headline is no passing mention.
    private func evidenceSentences(_ evidence: [Evidence], in text: NormalizedText, titleLength: Int, needed: Int) -> Int {
        var seen: [Int] = []
        var total = 0
        for item in evidence {
            for offset in item.offsets {
                let sentence = text.sentenceIndex(ofByte: firstByte(in: text, atOrAfterSourceOffset: offset))
                guard !seen.contains(sentence) else { continue }
                seen.append(sentence)
                total += offset < titleLength ? max(1, Int(model.titleWeight.rounded())) : 1
                if total >= needed { return total }
            }
        }
        return total
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
}

/// One article's pass: matches in, tallies per topic out. The tallies are passed `inout`
/// (one `TopicEvidence` per topic), so that each is changed in place.
private final class Scan {
    let lexicon: CompiledLexicon
    let text: NormalizedText
    let titleWeight: Double
    let explain: Bool
    let titleEnd: Int
    /// Hits are final once a match ends this many bytes after them (see `TopicEvidence`).
    let delay: Int

    init(lexicon: CompiledLexicon, text: NormalizedText, titleWeight: Double, explain: Bool, titleEnd: Int) {
        self.lexicon = lexicon
        self.text = text
        self.titleWeight = titleWeight
        self.explain = explain
        self.titleEnd = titleEnd
        self.delay = 2 * max(lexicon.longestPattern, 1)
    }

    func add(_ match: PatternMatch, to topics: inout [TopicEvidence]) {
        var sentence = -1
        let first = Int(lexicon.roleStart[match.pattern])
        let last = Int(lexicon.roleStart[match.pattern + 1])
        for r in first..<last {
            let role = lexicon.roles[r]
            if role.isEvidence || role.negative == .sentence, sentence < 0 {
                sentence = text.sentenceIndex(ofByte: match.start)
            }
            add(match, role, sentence: sentence, to: &topics[Int(role.topic)])
        }
    }

    private func add(_ match: PatternMatch, _ role: CompiledLexicon.Role, sentence: Int, to e: inout TopicEvidence) {
        if role.counted {
            count(&e, concept: Int(role.concept), pattern: Int32(match.pattern), language: role.language)
        }
        if let scope = role.negative {
            switch scope {
            case .overlap:
                if e.spans.count >= 32 { pruneSpans(&e, now: match.end) }
                e.spans.append(.init(
                    start: match.start, end: match.end, pattern: Int32(match.pattern), concept: role.concept,
                    language: role.language))
            case .sentence:
                addDamping(&e, .init(
                    sentence: sentence, factor: role.negativeFactor, pattern: Int32(match.pattern),
                    concept: role.concept, language: role.language, start: match.start))
            }
        }
        if role.isEvidence {
            if e.pendingHead < e.pending.count { finalize(&e, topic: Int(role.topic), upTo: match.end) }
            e.pending.append(.init(
                pattern: Int32(match.pattern), concept: role.concept, language: role.language, bit: role.bit,
                phraseWeight: role.phraseWeight, start: match.start, end: match.end, sentence: sentence))
        }
    }

    func finish(_ e: inout TopicEvidence, topic t: Int) {
        finalize(&e, topic: t, upTo: Int.max)
        flushSentence(&e, topic: t)
    }

    private func count(_ e: inout TopicEvidence, concept c: Int, pattern: Int32, language: Int32) {
        e.conceptCounts[c] += 1
        guard explain else { return }
        if e.conceptTerms.isEmpty { e.conceptTerms = .init(repeating: [], count: e.conceptCounts.count) }
        if let k = e.conceptTerms[c].firstIndex(where: { $0.pattern == pattern }) {
            e.conceptTerms[c][k].count += 1
        } else {
            e.conceptTerms[c].append((pattern, language, 1))
        }
    }

    private func addDamping(_ e: inout TopicEvidence, _ damping: TopicEvidence.Damping) {
        if let lastIndex = e.dampings.indices.last, e.dampings[lastIndex].sentence == damping.sentence {
            if damping.factor < e.dampings[lastIndex].factor { e.dampings[lastIndex] = damping }
            return
        }
        // Sentences that no hit still waiting can belong to are of no use any more.
        if !e.dampings.isEmpty {
            let reach = max(0, damping.start - delay - lexicon.longestPattern)
            let oldest = min(e.sentence >= 0 ? e.sentence : Int.max, text.sentenceIndex(ofByte: reach))
            e.dampings.removeAll { $0.sentence < oldest }
        }
        e.dampings.append(damping)
    }

    /// Forgets negative spans that no waiting hit, and no hit still to come, can overlap.
    private func pruneSpans(_ e: inout TopicEvidence, now: Int) {
        var cutoff = now - lexicon.longestPattern
        for k in e.pendingHead..<e.pending.count { cutoff = min(cutoff, e.pending[k].start) }
        e.spans.removeAll { $0.end <= cutoff }
    }

    /// Finalises the hits that end at least `delay` bytes before `end`.
    private func finalize(_ e: inout TopicEvidence, topic t: Int, upTo end: Int) {
        var head = e.pendingHead
        let count = e.pending.count
        let limit = end == Int.max ? Int.max : end - delay
        guard head < count, e.pending[head].end <= limit else { return }
        while head < count {
            let hit = e.pending[head]
            guard hit.end <= limit else { break }
            head += 1
            if let span = cancelling(e, hit) {
                if explain && e.cancellations.count < 64 {
                    e.cancellations.append(.init(negative: span, cancelled: hit.pattern))
                }
                continue
            }
            if hit.phraseWeight > 0 && !isCovered(e, hit, from: head) {
                tallyPhrase(&e, topic: t, hit)
            }
            if hit.bit >= 0 {
                if e.sentence != hit.sentence { flushSentence(&e, topic: t, opening: hit.sentence) }
                let bit = UInt64(1) << UInt64(hit.bit)
                if e.sentenceMask & bit == 0 {
                    e.sentenceMask |= bit
                    e.sentenceFirst[Int(hit.bit)] = (hit.pattern, hit.language)
                }
                e.sentenceFirstStart = min(e.sentenceFirstStart, hit.start)
                if hit.start < titleEnd { e.sentenceInTitle = true }
            }
        }
        // Drop what is done; keep the array's storage.
        if head == count {
            e.pending.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64 {
            e.pending.removeFirst(head)
            head = 0
        }
        e.pendingHead = head
        if end == Int.max { e.spans.removeAll() }
    }

    private func cancelling(_ e: TopicEvidence, _ hit: TopicEvidence.Hit) -> TopicEvidence.Span? {
        for span in e.spans where span.start < hit.end && hit.start < span.end {
            return span
        }
        return nil
    }

    /// Whether a longer phrase hit of the same topic, not cancelled, covers `hit` ("bitcoin
    /// mining ban" is one piece of evidence, not three). Covering hits end at or after `hit`,
    /// so they are still pending.
    private func isCovered(_ e: TopicEvidence, _ hit: TopicEvidence.Hit, from next: Int) -> Bool {
        let limit = hit.start + lexicon.longestPattern
        var j = next
        while j < e.pending.count, e.pending[j].end <= limit {
            let outer = e.pending[j]
            j += 1
            if outer.start <= hit.start, hit.end <= outer.end, outer.end - outer.start > hit.end - hit.start,
               outer.phraseWeight > 0, cancelling(e, outer) == nil
            {
                return true
            }
        }
        // Earlier-finalised hits ending at the same offset were longer only if they started earlier.
        var k = next - 2
        while k >= 0, e.pending[k].end == hit.end {
            let outer = e.pending[k]
            k -= 1
            if outer.start < hit.start, outer.phraseWeight > 0, cancelling(e, outer) == nil { return true }
        }
        return false
    }

    private func tallyPhrase(_ e: inout TopicEvidence, topic t: Int, _ hit: TopicEvidence.Hit) {
        if e.sentence != hit.sentence { flushSentence(&e, topic: t, opening: hit.sentence) }
        if hit.start < titleEnd { e.sentenceInTitle = true }
        // Few distinct terms per article: a linear search until there are many, then a table.
        var index = -1
        if e.phraseTallies.count <= 24 {
            for k in e.phraseTallies.indices where e.phraseTallies[k].pattern == hit.pattern {
                index = k
                break
            }
        } else {
            if e.phraseIndex.isEmpty {
                for (k, tally) in e.phraseTallies.enumerated() { e.phraseIndex[tally.pattern] = k }
            }
            index = e.phraseIndex[hit.pattern] ?? -1
        }
        if index < 0 {
            index = e.phraseTallies.count
            if !e.phraseIndex.isEmpty || index > 24 { e.phraseIndex[hit.pattern] = index }
            e.phraseTallies.append(.init(
                pattern: hit.pattern, concept: hit.concept, language: hit.language, weight: hit.phraseWeight))
        }
        if e.phraseTallies[index].inSentence == 0 { e.touchedPhrases.append(index) }
        e.phraseTallies[index].inSentence += 1
        e.phraseTallies[index].count += 1
        if e.phraseTallies[index].offsets.count < Evidence.maxOffsets {
            e.phraseTallies[index].offsets.append(text.sourceOffset(ofByte: hit.start))
        }
    }

    /// Folds the current sentence's hits into the tallies, with its title weight and damping,
    /// and makes `opening` the current sentence.
    private func flushSentence(_ e: inout TopicEvidence, topic t: Int, opening: Int = -1) {
        let sentence = e.sentence
        e.sentence = opening
        guard sentence >= 0 else { return }
        var factor = 1.0
        var damping: TopicEvidence.Damping?
        for d in e.dampings where d.sentence == sentence && d.factor < factor {
            factor = d.factor
            damping = d
        }
        let multiplier = (e.sentenceInTitle ? titleWeight : 1) * factor
        var affected: [String] = []
        for index in e.touchedPhrases {
            let weight = e.phraseTallies[index].weight * multiplier
            TopicEvidence.addWeight(weight, count: e.phraseTallies[index].inSentence, to: &e.phraseTallies[index].weights)
            e.phraseTallies[index].inSentence = 0
            if damping != nil && explain { affected.append(lexicon.spellings[Int(e.phraseTallies[index].pattern)]) }
        }
        e.touchedPhrases.removeAll(keepingCapacity: true)

        let mask = e.sentenceMask
        if mask != 0 {
            e.documentMask |= mask
            let plan = lexicon.topics[t]
            for (r, rule) in plan.rules.enumerated() where mask & rule.mask == rule.mask {
                let weight = rule.weight * multiplier
                e.rules[r].count += 1
                TopicEvidence.addWeight(weight, count: 1, to: &e.rules[r].weights)
                if e.rules[r].offsets.count < Evidence.maxOffsets {
                    e.rules[r].offsets.append(text.sourceOffset(ofByte: e.sentenceFirstStart))
                }
                if e.rules[r].firstMeeting.isEmpty {
                    e.rules[r].firstMeeting = rule.concepts.map { e.sentenceFirst[plan.concepts[$0].bit] }
                }
                if damping != nil && explain { affected.append(ruleTerm(e, rule: r)) }
            }
        }
        if let damping, explain, !affected.isEmpty, e.dampingEffects.count < TopicExplanation.maxNegativeEffects {
            e.dampingEffects.append((damping, affected))
        }
        e.sentenceMask = 0
        e.sentenceInTitle = false
        e.sentenceFirstStart = Int.max
        if !e.dampings.isEmpty { e.dampings.removeAll { $0.sentence <= sentence } }
    }

    private func ruleTerm(_ e: TopicEvidence, rule r: Int) -> String {
        e.rules[r].firstMeeting.map { lexicon.spellings[Int($0.pattern)] }.joined(separator: " + ")
    }

    // MARK: Results

    func result(_ evidence: TopicEvidence, topic t: Int, definition topic: TopicDefinition) -> TopicResult {
        let plan = lexicon.topics[t]

        // Sense gates: which gated concepts lose their hits.
        var dropped = Set<Int>()
        var failures: [GateFailure] = []
        for gate in plan.gates {
            let intended = gate.intended.reduce(0) { $0 + evidence.conceptCounts[$1] }
            let rivals = gate.rivals.reduce(0) { $0 + evidence.conceptCounts[$1] }
            guard intended == 0 || rivals > intended else { continue }
            dropped.insert(gate.head)
            if explain && evidence.conceptCounts[gate.head] > 0 {
                failures.append(GateFailure(
                    concept: plan.conceptNames[gate.head], headTerms: termCounts(evidence, [gate.head]),
                    intended: gate.intended.map { plan.conceptNames[$0] }, rivals: gate.rivals.map { plan.conceptNames[$0] },
                    intendedCount: intended, rivalCount: rivals, rivalTerms: termCounts(evidence, gate.rivals)))
            }
        }
        var droppedMask: UInt64 = 0
        for c in dropped where plan.concepts[c].bit >= 0 { droppedMask |= 1 << UInt64(plan.concepts[c].bit) }
        let documentMask = evidence.documentMask & ~droppedMask

        var found: [Evidence] = []
        for tally in evidence.phraseTallies where !dropped.contains(Int(tally.concept)) {
            let weight = DiminishingSum.of(tally.weights)
            guard weight > 0 else { continue }
            found.append(Evidence(
                term: lexicon.spellings[Int(tally.pattern)], kind: .phrase, count: tally.count, weight: weight,
                offsets: tally.offsets, language: lexicon.languages[Int(tally.language)]))
        }
        var unmet: [UnmetRule] = []
        for (r, rule) in plan.rules.enumerated() {
            let tally = evidence.rules[r]
            if rule.mask & droppedMask != 0 { continue }
            let names = { (list: [Int]) in list.map { plan.conceptNames[$0] } }
            if tally.count == 0 {
                if explain && documentMask & rule.mask == rule.mask && rule.concepts.count > 1 {
                    unmet.append(UnmetRule(concepts: names(rule.concepts), requires: names(rule.requires),
                                           weight: rule.weight, reason: .neverInOneSentence))
                }
                continue
            }
            guard documentMask & rule.requiresMask == rule.requiresMask else {
                if explain {
                    let missing = rule.requires.filter { documentMask & (1 << UInt64(plan.concepts[$0].bit)) == 0 }
                    unmet.append(UnmetRule(concepts: names(rule.concepts), requires: names(rule.requires),
                                           weight: rule.weight, reason: .missingRequires(names(missing))))
                }
                continue
            }
            let weight = DiminishingSum.of(tally.weights)
            guard weight > 0 else { continue }
            found.append(Evidence(
                term: ruleTerm(evidence, rule: r), kind: .cooccurrence, count: tally.count, weight: weight,
                offsets: tally.offsets,
                language: tally.firstMeeting.map { lexicon.languages[Int($0.language)] }.joined(separator: " + ")))
        }

        let raw = found.reduce(0) { $0 + $1.weight }
        let score = raw > 0 ? raw / (raw + topic.saturation) : 0
        let rounded = (score * 1000).rounded() / 1000
        found.sort { ($0.weight, $1.term) > ($1.weight, $0.term) }
        var result = TopicResult(
            name: topic.name, score: rounded, isLabelled: raw > 0 && rounded >= topic.threshold, evidence: found)
        if explain {
            result.explanation = TopicExplanation(
                threshold: topic.threshold, failedGates: failures, negatives: negativeEffects(evidence, topic: t),
                unmetRules: unmet)
        }
        return result
    }

    private func termCounts(_ evidence: TopicEvidence, _ concepts: [Int]) -> [TermCount] {
        guard !evidence.conceptTerms.isEmpty else { return [] }
        var counts: [TermCount] = []
        for c in concepts {
            for entry in evidence.conceptTerms[c] {
                counts.append(TermCount(
                    term: lexicon.spellings[Int(entry.pattern)], language: lexicon.languages[Int(entry.language)],
                    count: entry.count))
            }
        }
        return counts.sorted { ($0.count, $1.term) > ($1.count, $0.term) }
    }

    private func negativeEffects(_ evidence: TopicEvidence, topic t: Int) -> [NegativeEffect] {
        let plan = lexicon.topics[t]
        var effects: [(start: Int, effect: NegativeEffect)] = []
        // One entry per cancelling occurrence, listing what it cancelled.
        var byOccurrence: [Int: Int] = [:]
        for cancellation in evidence.cancellations {
            let span = cancellation.negative
            let term = lexicon.spellings[Int(cancellation.cancelled)]
            let key = span.start << 20 ^ Int(span.pattern)
            if let k = byOccurrence[key] {
                if !effects[k].effect.affected.contains(term) { effects[k].effect.affected.append(term) }
                continue
            }
            byOccurrence[key] = effects.count
            effects.append((span.start, NegativeEffect(
                concept: plan.conceptNames[Int(span.concept)], term: lexicon.spellings[Int(span.pattern)],
                language: lexicon.languages[Int(span.language)], offset: text.sourceOffset(ofByte: span.start),
                effect: .cancelled, affected: [term])))
        }
        for (damping, affected) in evidence.dampingEffects {
            effects.append((damping.start, NegativeEffect(
                concept: plan.conceptNames[Int(damping.concept)], term: lexicon.spellings[Int(damping.pattern)],
                language: lexicon.languages[Int(damping.language)], offset: text.sourceOffset(ofByte: damping.start),
                effect: .damped(factor: damping.factor), affected: affected)))
        }
        return effects.sorted { $0.start < $1.start }.prefix(TopicExplanation.maxNegativeEffects).map(\.effect)
    }
}
