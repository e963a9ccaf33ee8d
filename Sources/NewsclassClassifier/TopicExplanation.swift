/// Why a topic scored what it did beyond its evidence: what held it back. Filled by
/// `Classifier.explain`; a user who disagrees with a label reads it in
/// `newsclass classify --explain`.
public struct TopicExplanation: Sendable, Equatable {
    public var threshold: Double
    /// Sense gates whose head concept occurred but failed; its hits were dropped.
    public var failedGates: [GateFailure]
    /// Negative contexts that cancelled or damped some of the topic's evidence, in text
    /// order (at most `maxNegativeEffects`).
    public var negatives: [NegativeEffect]
    /// Co-occurrence rules that came close: all their concepts occur but never in one
    /// sentence, or they met but a `requires` concept is missing.
    public var unmetRules: [UnmetRule]
    /// In how many sentences the evidence lies (counted up to `minSentences`); fewer than
    /// `minSentences` holds the topic back as a passing mention.
    public var evidenceSentences = 0
    public var minSentences = 0

    public static let maxNegativeEffects = 12

    public init(threshold: Double, failedGates: [GateFailure] = [], negatives: [NegativeEffect] = [],
                unmetRules: [UnmetRule] = []) {
        self.threshold = threshold
        self.failedGates = failedGates
        self.negatives = negatives
        self.unmetRules = unmetRules
    }
}

/// A term with the language key it is listed under and how often it occurred.
public struct TermCount: Sendable, Equatable {
    public var term: String
    public var language: String
    public var count: Int

    public init(term: String, language: String, count: Int) {
        self.term = term
        self.language = language
        self.count = count
    }
}

public struct GateFailure: Sendable, Equatable {
    /// The gated (ambiguous) concept and its terms that occurred.
    public var concept: String
    public var headTerms: [TermCount]
    public var intended: [String]
    public var rivals: [String]
    /// Occurrences of terms of the intended concepts, and of the rival concepts.
    public var intendedCount: Int
    public var rivalCount: Int
    /// The rival terms seen, most frequent first.
    public var rivalTerms: [TermCount]

    public init(concept: String, headTerms: [TermCount], intended: [String], rivals: [String],
                intendedCount: Int, rivalCount: Int, rivalTerms: [TermCount]) {
        self.concept = concept
        self.headTerms = headTerms
        self.intended = intended
        self.rivals = rivals
        self.intendedCount = intendedCount
        self.rivalCount = rivalCount
        self.rivalTerms = rivalTerms
    }
}

public struct NegativeEffect: Sendable, Equatable {
    public enum Effect: Sendable, Equatable {
        /// The topic's terms overlapping the negative phrase were cancelled.
        case cancelled
        /// The topic's evidence in the negative's sentence was multiplied by the factor.
        case damped(factor: Double)
    }

    public var concept: String
    public var term: String
    public var language: String
    /// Unicode-scalar offset of the negative term in the classified text.
    public var offset: Int
    public var effect: Effect
    /// The terms (or "term + term" co-occurrences) it cancelled or damped.
    public var affected: [String]

    public init(concept: String, term: String, language: String, offset: Int, effect: Effect, affected: [String]) {
        self.concept = concept
        self.term = term
        self.language = language
        self.offset = offset
        self.effect = effect
        self.affected = affected
    }
}

public struct UnmetRule: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// Every concept occurs, but never all in one sentence.
        case neverInOneSentence
        /// They met, but these `requires` concepts occur nowhere in the article.
        case missingRequires([String])
    }

    public var concepts: [String]
    public var requires: [String]
    public var weight: Double
    public var reason: Reason

    public init(concepts: [String], requires: [String], weight: Double, reason: Reason) {
        self.concepts = concepts
        self.requires = requires
        self.weight = weight
        self.reason = reason
    }
}
