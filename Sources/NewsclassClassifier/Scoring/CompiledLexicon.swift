/// All terms of all topics, deduplicated and compiled into one `PatternMatcher`, with what
/// each pattern means to each topic, and each topic's rules resolved from concept names to
/// indices. Built once per model; read-only afterwards.
struct CompiledLexicon: Sendable {
    /// One way a pattern matters: it is a term of concept `concept` of topic `topic`,
    /// listed under language `language` (index into `languages`).
    struct Role: Sendable {
        var topic: Int32
        var concept: Int32
        var language: Int32
        /// What a hit does, copied from the topic's `TopicPlan.ConceptUse` so that the scan
        /// reads one flat value per role (no arrays, no reference counting).
        var bit: Int32 = -1
        var phraseWeight: Double = 0
        /// Counted for a gate.
        var counted = false
        /// Negative context of this concept, if any (the composer keeps one per concept).
        var negative: NegativeContext.Scope?
        var negativeFactor: Double = 0

        /// The hit waits to be finalised (it is evidence).
        var isEvidence: Bool { phraseWeight > 0 || bit >= 0 }
    }

    let matcher: PatternMatcher
    /// The term as first written in the config, per pattern: what evidence shows.
    let spellings: [String]
    /// Roles of pattern `p`: `roles[roleStart[p] ..< roleStart[p + 1]]`.
    let roleStart: [Int32]
    let roles: [Role]
    let languages: [String]
    let topics: [TopicPlan]
    /// Length in normalised bytes of the longest pattern.
    let longestPattern: Int

    init(model: TopicModel, tables: (any MatcherTableStore)? = nil) {
        var index: [String: Int] = [:]
        var spellings: [String] = []
        var rolesOf: [[Role]] = []
        var languageIndex: [String: Int32] = [:]
        var languages: [String] = []

        for (t, topic) in model.topics.enumerated() {
            for (c, concept) in topic.concepts.enumerated() {
                for group in concept.terms {
                    let language: Int32
                    if let known = languageIndex[group.language] {
                        language = known
                    } else {
                        language = Int32(languages.count)
                        languageIndex[group.language] = language
                        languages.append(group.language)
                    }
                    for term in group.terms {
                        let key = TextNormalizer.normalize(term)
                        guard !key.allSatisfy({ $0 == " " || $0 == "*" }) else { continue }
                        let role = Role(topic: Int32(t), concept: Int32(c), language: language)
                        if let existing = index[key] {
                            // The same term twice in one concept counts once.
                            if !rolesOf[existing].contains(where: { $0.topic == role.topic && $0.concept == role.concept }) {
                                rolesOf[existing].append(role)
                            }
                        } else {
                            index[key] = spellings.count
                            spellings.append(term)
                            rolesOf.append([role])
                        }
                    }
                }
            }
        }
        self.matcher = PatternMatcher(patterns: spellings, representation: .automatic, tables: tables)
        self.longestPattern = matcher.normalizedPatterns.map(\.utf8.count).max() ?? 0
        self.spellings = spellings
        var start: [Int32] = [0]
        var flat: [Role] = []
        for list in rolesOf {
            flat.append(contentsOf: list)
            start.append(Int32(flat.count))
        }
        let topics = model.topics.map(TopicPlan.init)
        for k in flat.indices {
            let use = topics[Int(flat[k].topic)].concepts[Int(flat[k].concept)]
            flat[k].bit = Int32(use.bit)
            flat[k].phraseWeight = use.phraseWeight
            flat[k].counted = use.counted
            if let n = use.negatives.last {
                let negative = topics[Int(flat[k].topic)].negatives[n]
                flat[k].negative = negative.scope
                flat[k].negativeFactor = negative.factor
            }
        }
        self.roleStart = start
        self.roles = flat
        self.languages = languages
        self.topics = topics
    }
}

/// One topic's rules with concept names resolved: what a hit of each concept does.
struct TopicPlan: Sendable {
    struct ConceptUse: Sendable {
        /// Weight as a phrase (the largest, if several phrases name the concept); 0: none.
        var phraseWeight: Double = 0
        /// Bit in the sentence masks of co-occurrence rules; -1: no rule names it.
        var bit: Int = -1
        /// Negative contexts made of this concept.
        var negatives: [Int] = []
        /// Occurrences are counted (a gate names it as head, intended or rival).
        var counted = false
        /// A sense gate guards it.
        var gated = false
    }

    struct Rule: Sendable {
        var concepts: [Int]
        var requires: [Int]
        var mask: UInt64
        var requiresMask: UInt64
        var weight: Double
    }

    struct Gate: Sendable {
        var head: Int
        var intended: [Int]
        var rivals: [Int]
    }

    let concepts: [ConceptUse]
    let conceptNames: [String]
    /// Concept index of each bit.
    let bitConcepts: [Int]
    let rules: [Rule]
    let gates: [Gate]
    let negatives: [NegativeContext]
    let hasGates: Bool

    /// Co-occurrence rules track their concepts as bits of one word.
    static let maxRuleConcepts = 64

    init(_ topic: TopicDefinition) {
        var index: [String: Int] = [:]
        for (i, concept) in topic.concepts.enumerated() where index[concept.name] == nil { index[concept.name] = i }
        var uses = [ConceptUse](repeating: ConceptUse(), count: topic.concepts.count)
        for phrase in topic.phrases {
            guard let c = index[phrase.concept] else { continue }
            uses[c].phraseWeight = max(uses[c].phraseWeight, phrase.weight)
        }
        var bitConcepts: [Int] = []
        func bit(_ c: Int) -> UInt64 {
            if uses[c].bit < 0 {
                precondition(bitConcepts.count < Self.maxRuleConcepts,
                             "at most \(Self.maxRuleConcepts) concepts per topic in co-occurrence rules")
                uses[c].bit = bitConcepts.count
                bitConcepts.append(c)
            }
            return 1 << UInt64(uses[c].bit)
        }
        var rules: [Rule] = []
        for rule in topic.cooccurrences {
            let concepts = rule.concepts.compactMap { index[$0] }
            let required = rule.requires.compactMap { index[$0] }
            guard concepts.count == rule.concepts.count, required.count == rule.requires.count, !concepts.isEmpty
            else { continue }
            rules.append(Rule(
                concepts: concepts, requires: required,
                mask: concepts.reduce(0) { $0 | bit($1) }, requiresMask: required.reduce(0) { $0 | bit($1) },
                weight: rule.weight))
        }
        var gates: [Gate] = []
        for gate in topic.gates {
            guard let head = index[gate.concept] else { continue }
            let intended = gate.intended.compactMap { index[$0] }
            let rivals = gate.rivals.compactMap { index[$0] }
            uses[head].gated = true
            for c in [head] + intended + rivals { uses[c].counted = true }
            gates.append(Gate(head: head, intended: intended, rivals: rivals))
        }
        for (n, negative) in topic.negatives.enumerated() {
            guard let c = index[negative.concept] else { continue }
            uses[c].negatives.append(n)
        }
        self.concepts = uses
        self.conceptNames = topic.concepts.map(\.name)
        self.bitConcepts = bitConcepts
        self.rules = rules
        self.gates = gates
        self.negatives = topic.negatives
        self.hasGates = !gates.isEmpty
    }
}
