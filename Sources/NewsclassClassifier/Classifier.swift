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

    public init(model: TopicModel) {
        self.model = model
        self.lexicon = CompiledLexicon(model: model)
    }

    /// Number of distinct patterns in the compiled automaton.
    public var patternCount: Int { lexicon.spellings.count }

    /// Bytes held by the automaton's tables.
    public var matcherMemoryFootprint: Int { lexicon.matcher.memoryFootprint }

    public func classify(_ article: Article) -> Classification {
        classify(title: article.title, body: article.body)
    }

    public func classify(title: String?, body: String) -> Classification {
        run(title: title, body: body, explain: false)
    }

    /// Like `classify`, and each topic also says what held it back (`TopicResult.explanation`).
    public func explain(_ article: Article) -> Classification {
        explain(title: article.title, body: article.body)
    }

    public func explain(title: String?, body: String) -> Classification {
        run(title: title, body: body, explain: true)
    }

    // MARK: The scan

    private func run(title: String?, body: String, explain: Bool) -> Classification {
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
        var scan = Scan(
            lexicon: lexicon, text: text, titleWeight: model.titleWeight, explain: explain,
            titleEnd: titleLength == 0 ? 0 : firstByte(in: text, atOrAfterSourceOffset: titleLength))
        lexicon.matcher.forEachMatch(in: text) { scan.add($0) }
        scan.finish()

        var results: [TopicResult] = []
        results.reserveCapacity(model.topics.count)
        for (t, topic) in model.topics.enumerated() {
            var result = scan.result(topic: t, definition: topic)
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

/// One article's pass: matches in, tallies per topic out.
private struct Scan {
    let lexicon: CompiledLexicon
    let text: NormalizedText
    let titleWeight: Double
    let explain: Bool
    let titleEnd: Int
    /// Hits are final once a match ends this many bytes after them (see `TopicEvidence`).
    let delay: Int
    var topics: [TopicEvidence]

    init(lexicon: CompiledLexicon, text: NormalizedText, titleWeight: Double, explain: Bool, titleEnd: Int) {
        self.lexicon = lexicon
        self.text = text
        self.titleWeight = titleWeight
        self.explain = explain
        self.titleEnd = titleEnd
        self.delay = 2 * max(lexicon.longestPattern, 1)
        self.topics = lexicon.topics.map(TopicEvidence.init)
    }

    mutating func add(_ match: PatternMatch) {
        var sentence = -1
        let first = Int(lexicon.roleStart[match.pattern])
        let last = Int(lexicon.roleStart[match.pattern + 1])
        for r in first..<last {
            let role = lexicon.roles[r]
            let t = Int(role.topic)
            let c = Int(role.concept)
            let use = lexicon.topics[t].concepts[c]
            if use.counted { count(topic: t, concept: c, pattern: Int32(match.pattern), language: role.language) }
            for n in use.negatives {
                let negative = lexicon.topics[t].negatives[n]
                switch negative.scope {
                case .overlap:
                    pruneSpans(topic: t, now: match.end)
                    topics[t].spans.append(.init(
                        start: match.start, end: match.end, pattern: Int32(match.pattern), concept: role.concept,
                        language: role.language))
                case .sentence:
                    if sentence < 0 { sentence = text.sentenceIndex(ofByte: match.start) }
                    addDamping(topic: t, .init(
                        sentence: sentence, factor: negative.factor, pattern: Int32(match.pattern),
                        concept: role.concept, language: role.language, start: match.start))
                }
            }
            if use.phraseWeight > 0 || use.bit >= 0 {
                if sentence < 0 { sentence = text.sentenceIndex(ofByte: match.start) }
                finalize(topic: t, upTo: match.end)
                topics[t].pending.append(.init(
                    pattern: Int32(match.pattern), concept: role.concept, language: role.language,
                    start: match.start, end: match.end, sentence: sentence))
            }
        }
    }

    mutating func finish() {
        for t in topics.indices {
            finalize(topic: t, upTo: Int.max)
            flushSentence(topic: t)
        }
    }

    private mutating func count(topic t: Int, concept c: Int, pattern: Int32, language: Int32) {
        topics[t].conceptCounts[c] += 1
        guard explain else { return }
        if topics[t].conceptTerms.isEmpty {
            topics[t].conceptTerms = .init(repeating: [], count: topics[t].conceptCounts.count)
        }
        if let k = topics[t].conceptTerms[c].firstIndex(where: { $0.pattern == pattern }) {
            topics[t].conceptTerms[c][k].count += 1
        } else {
            topics[t].conceptTerms[c].append((pattern, language, 1))
        }
    }

    private mutating func addDamping(topic t: Int, _ damping: TopicEvidence.Damping) {
        var dampings = topics[t].dampings
        topics[t].dampings = []
        if let lastIndex = dampings.indices.last, dampings[lastIndex].sentence == damping.sentence {
            if damping.factor < dampings[lastIndex].factor { dampings[lastIndex] = damping }
        } else {
            // Sentences that no hit still waiting can belong to are of no use any more.
            let reach = max(0, damping.start - delay - lexicon.longestPattern)
            let oldest = min(topics[t].sentence >= 0 ? topics[t].sentence : Int.max, text.sentenceIndex(ofByte: reach))
            dampings.removeAll { $0.sentence < oldest }
            dampings.append(damping)
        }
        topics[t].dampings = dampings
    }

    /// Finalises the hits of topic `t` that end at least `delay` bytes before `end`.
    private mutating func finalize(topic t: Int, upTo end: Int) {
        var head = topics[t].pendingHead
        let count = topics[t].pending.count
        guard head < count, topics[t].pending[head].end <= end - delay || end == Int.max else { return }
        let plan = lexicon.topics[t]
        while head < count {
            let hit = topics[t].pending[head]
            guard end == Int.max || hit.end <= end - delay else { break }
            head += 1
            if let span = cancelling(topic: t, hit) {
                if explain && topics[t].cancellations.count < 64 {
                    topics[t].cancellations.append(.init(negative: span, cancelled: hit.pattern))
                }
                continue
            }
            let use = plan.concepts[Int(hit.concept)]
            if use.phraseWeight > 0 && !isCovered(topic: t, hit, from: head) {
                tallyPhrase(topic: t, hit, weight: use.phraseWeight)
            }
            if use.bit >= 0 {
                openSentence(topic: t, hit.sentence)
                let bit = use.bit
                if topics[t].sentenceMask & (1 << UInt64(bit)) == 0 {
                    topics[t].sentenceMask |= 1 << UInt64(bit)
                    topics[t].sentenceFirst[bit] = (hit.pattern, hit.language)
                }
                topics[t].sentenceFirstStart = min(topics[t].sentenceFirstStart, hit.start)
                if hit.start < titleEnd { topics[t].sentenceInTitle = true }
            }
        }
        // Drop what is done; keep the array's storage.
        if head == count {
            topics[t].pending.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64 {
            topics[t].pending.removeFirst(head)
            head = 0
        }
        topics[t].pendingHead = head
        if end == Int.max { topics[t].spans.removeAll() }
    }

    /// Forgets negative spans that no waiting hit, and no hit still to come, can overlap.
    /// Amortised: runs when the list has grown.
    private mutating func pruneSpans(topic t: Int, now: Int) {
        guard topics[t].spans.count >= 32 else { return }
        var cutoff = now - lexicon.longestPattern
        let pending = topics[t].pending
        for k in topics[t].pendingHead..<pending.count { cutoff = min(cutoff, pending[k].start) }
        topics[t].spans.removeAll { $0.end <= cutoff }
    }

    private func cancelling(topic t: Int, _ hit: TopicEvidence.Hit) -> TopicEvidence.Span? {
        for span in topics[t].spans where span.start < hit.end && hit.start < span.end {
            return span
        }
        return nil
    }

    /// Whether a longer phrase hit of the same topic, not cancelled, covers `hit` ("bitcoin
    /// mining ban" is one piece of evidence, not three). Covering hits end at or after `hit`,
    /// so they are still pending.
    private func isCovered(topic t: Int, _ hit: TopicEvidence.Hit, from next: Int) -> Bool {
        let pending = topics[t].pending
        let plan = lexicon.topics[t]
        let limit = hit.start + lexicon.longestPattern
        var j = next
        while j < pending.count, pending[j].end <= limit {
            let outer = pending[j]
            j += 1
            if outer.start <= hit.start, hit.end <= outer.end, outer.end - outer.start > hit.end - hit.start,
               plan.concepts[Int(outer.concept)].phraseWeight > 0, cancelling(topic: t, outer) == nil
            {
                return true
            }
        }
        // Earlier-finalised hits ending at the same offset were longer only if they started earlier.
        var k = next - 2
        while k >= 0, pending[k].end == hit.end {
            let outer = pending[k]
            k -= 1
            if outer.start < hit.start, plan.concepts[Int(outer.concept)].phraseWeight > 0,
               cancelling(topic: t, outer) == nil
            {
                return true
            }
        }
        return false
    }

    private mutating func tallyPhrase(topic t: Int, _ hit: TopicEvidence.Hit, weight: Double) {
        openSentence(topic: t, hit.sentence)
        if hit.start < titleEnd { topics[t].sentenceInTitle = true }
        let index: Int
        if let known = topics[t].phraseIndex[hit.pattern] {
            index = known
        } else {
            index = topics[t].phraseTallies.count
            topics[t].phraseIndex[hit.pattern] = index
            topics[t].phraseTallies.append(.init(pattern: hit.pattern, concept: hit.concept, language: hit.language))
        }
        if topics[t].phraseTallies[index].inSentence == 0 { topics[t].touchedPhrases.append(index) }
        topics[t].phraseTallies[index].inSentence += 1
        topics[t].phraseTallies[index].count += 1
        if topics[t].phraseTallies[index].offsets.count < Evidence.maxOffsets {
            topics[t].phraseTallies[index].offsets.append(text.sourceOffset(ofByte: hit.start))
        }
    }

    private mutating func openSentence(topic t: Int, _ sentence: Int) {
        if topics[t].sentence != sentence {
            flushSentence(topic: t)
            topics[t].sentence = sentence
        }
    }

    /// Folds the current sentence's hits into the tallies, with its title weight and damping.
    private mutating func flushSentence(topic t: Int) {
        let sentence = topics[t].sentence
        guard sentence >= 0 else { return }
        var factor = 1.0
        var damping: TopicEvidence.Damping?
        for d in topics[t].dampings where d.sentence == sentence && d.factor < factor {
            factor = d.factor
            damping = d
        }
        let multiplier = (topics[t].sentenceInTitle ? titleWeight : 1) * factor
        var affected: [String] = []
        for index in topics[t].touchedPhrases {
            let tally = topics[t].phraseTallies[index]
            let weight = lexicon.topics[t].concepts[Int(tally.concept)].phraseWeight * multiplier
            TopicEvidence.addWeight(weight, count: tally.inSentence, to: &topics[t].phraseTallies[index].weights)
            topics[t].phraseTallies[index].inSentence = 0
            if damping != nil && explain { affected.append(lexicon.spellings[Int(tally.pattern)]) }
        }
        topics[t].touchedPhrases.removeAll(keepingCapacity: true)

        let mask = topics[t].sentenceMask
        if mask != 0 {
            topics[t].documentMask |= mask
            let plan = lexicon.topics[t]
            for (r, rule) in plan.rules.enumerated() where mask & rule.mask == rule.mask {
                let weight = rule.weight * multiplier
                topics[t].rules[r].count += 1
                TopicEvidence.addWeight(weight, count: 1, to: &topics[t].rules[r].weights)
                if topics[t].rules[r].offsets.count < Evidence.maxOffsets {
                    topics[t].rules[r].offsets.append(text.sourceOffset(ofByte: topics[t].sentenceFirstStart))
                }
                if topics[t].rules[r].firstMeeting.isEmpty {
                    topics[t].rules[r].firstMeeting = rule.concepts.map {
                        topics[t].sentenceFirst[plan.concepts[$0].bit]
                    }
                }
                if damping != nil && explain { affected.append(ruleTerm(topic: t, rule: r)) }
            }
        }
        if let damping, explain, !affected.isEmpty,
           topics[t].dampingEffects.count < TopicExplanation.maxNegativeEffects
        {
            topics[t].dampingEffects.append((damping, affected))
        }
        topics[t].sentence = -1
        topics[t].sentenceMask = 0
        topics[t].sentenceInTitle = false
        topics[t].sentenceFirstStart = Int.max
        topics[t].dampings.removeAll { $0.sentence <= sentence }
    }

    private func ruleTerm(topic t: Int, rule r: Int) -> String {
        topics[t].rules[r].firstMeeting.map { lexicon.spellings[Int($0.pattern)] }.joined(separator: " + ")
    }

    // MARK: Results

    func result(topic t: Int, definition topic: TopicDefinition) -> TopicResult {
        let plan = lexicon.topics[t]
        let evidence = topics[t]

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
                    concept: plan.conceptNames[gate.head], headTerms: termCounts(topic: t, [gate.head]),
                    intended: gate.intended.map { plan.conceptNames[$0] }, rivals: gate.rivals.map { plan.conceptNames[$0] },
                    intendedCount: intended, rivalCount: rivals, rivalTerms: termCounts(topic: t, gate.rivals)))
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
                term: ruleTerm(topic: t, rule: r), kind: .cooccurrence, count: tally.count, weight: weight,
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
                threshold: topic.threshold, failedGates: failures, negatives: negativeEffects(topic: t),
                unmetRules: unmet)
        }
        return result
    }

    private func termCounts(topic t: Int, _ concepts: [Int]) -> [TermCount] {
        guard !topics[t].conceptTerms.isEmpty else { return [] }
        var counts: [TermCount] = []
        for c in concepts {
            for entry in topics[t].conceptTerms[c] {
                counts.append(TermCount(
                    term: lexicon.spellings[Int(entry.pattern)], language: lexicon.languages[Int(entry.language)],
                    count: entry.count))
            }
        }
        return counts.sorted { ($0.count, $1.term) > ($1.count, $0.term) }
    }

    private func negativeEffects(topic t: Int) -> [NegativeEffect] {
        let plan = lexicon.topics[t]
        var effects: [(start: Int, effect: NegativeEffect)] = []
        // One entry per cancelling occurrence, listing what it cancelled.
        var byOccurrence: [Int: Int] = [:]
        for cancellation in topics[t].cancellations {
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
        for (damping, affected) in topics[t].dampingEffects {
            effects.append((damping.start, NegativeEffect(
                concept: plan.conceptNames[Int(damping.concept)], term: lexicon.spellings[Int(damping.pattern)],
                language: lexicon.languages[Int(damping.language)], offset: text.sourceOffset(ofByte: damping.start),
                effect: .damped(factor: damping.factor), affected: affected)))
        }
        return effects.sorted { $0.start < $1.start }.prefix(TopicExplanation.maxNegativeEffects).map(\.effect)
    }
}
