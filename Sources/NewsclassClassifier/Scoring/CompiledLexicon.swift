/// All terms of all topics, deduplicated and compiled into one `PatternMatcher`, with what
/// each pattern means to each topic. Built once per model; read-only afterwards.
struct CompiledLexicon: Sendable {
    enum Role: Sendable {
        case phrase(topic: Int, weight: Double)
        case concept(topic: Int, concept: Int)
        case negative(topic: Int, negative: Int)
    }

    let matcher: PatternMatcher
    /// The term as first written in the config, per pattern: what evidence shows.
    let spellings: [String]
    let roles: [[Role]]
    /// Length in normalised bytes of the longest pattern.
    let longestPattern: Int

    init(model: TopicModel) {
        var index: [String: Int] = [:]
        var spellings: [String] = []
        var roles: [[Role]] = []

        func add(_ term: String, _ role: Role) {
            let key = TextNormalizer.normalize(term)
            guard !key.allSatisfy({ $0 == " " || $0 == "*" }) else { return }
            if let existing = index[key] {
                roles[existing].append(role)
            } else {
                index[key] = spellings.count
                spellings.append(term)
                roles.append([role])
            }
        }

        for (t, topic) in model.topics.enumerated() {
            for group in topic.phrases {
                for term in group.terms { add(term, .phrase(topic: t, weight: group.weight)) }
            }
            for (c, concept) in topic.concepts.enumerated() {
                for term in concept.terms { add(term, .concept(topic: t, concept: c)) }
            }
            for (n, negative) in topic.negatives.enumerated() {
                for term in negative.terms { add(term, .negative(topic: t, negative: n)) }
            }
        }
        self.matcher = PatternMatcher(patterns: spellings)
        self.longestPattern = matcher.normalizedPatterns.map(\.utf8.count).max() ?? 0
        self.spellings = spellings
        self.roles = roles
    }
}
