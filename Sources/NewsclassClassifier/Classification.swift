/// What the classifier says about one article: every topic of the model, in model order,
/// each with its score, its label decision and the evidence behind it.
public struct Classification: Sendable, Equatable {
    public var topics: [TopicResult]

    public init(topics: [TopicResult]) {
        self.topics = topics
    }

    /// Names of the labelled topics, strongest first (ties in model order).
    public var labels: [String] {
        topics.enumerated()
            .filter { $0.element.isLabelled }
            .sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }
            .map(\.element.name)
    }

    public func result(for topic: String) -> TopicResult? {
        topics.first { $0.name == topic }
    }
}

public struct TopicResult: Sendable, Equatable {
    public var name: String
    /// 0…1, rounded to three decimals so that records are stable across platforms.
    public var score: Double
    public var isLabelled: Bool
    /// Strongest first.
    public var evidence: [Evidence]
    /// What held the topic back; only from `Classifier.explain`.
    public var explanation: TopicExplanation?

    public init(
        name: String, score: Double, isLabelled: Bool, evidence: [Evidence], explanation: TopicExplanation? = nil
    ) {
        self.name = name
        self.score = score
        self.isLabelled = isLabelled
        self.evidence = evidence
        self.explanation = explanation
    }
}

/// One reason for a score: a term (or, for a co-occurrence, "term + term") found `count`
/// times, contributing `weight` to the topic's raw evidence.
public struct Evidence: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case phrase
        case cooccurrence
    }

    public var term: String
    public var kind: Kind
    public var count: Int
    public var weight: Double
    /// Unicode-scalar offsets in the classified text (title, blank line, body) of the first
    /// occurrences; at most `Evidence.maxOffsets` of them.
    public var offsets: [Int]
    /// The language key the term is listed under ("en", "zh-Hans", "any"); for a
    /// co-occurrence, the keys of its terms joined like the terms ("en + en").
    public var language: String

    public static let maxOffsets = 8

    public init(term: String, kind: Kind, count: Int, weight: Double, offsets: [Int], language: String = "") {
        self.term = term
        self.kind = kind
        self.count = count
        self.weight = weight
        self.offsets = offsets
        self.language = language
    }
}
