/// One topic: its concepts (language-neutral ideas, each with terms per language) and the
/// rules that turn concepts into evidence: phrases, co-occurrences, negative contexts and
/// sense gates. Every rule names concepts; no rule holds terms of its own.
///
/// The score of a topic is `raw / (raw + saturation)`, where `raw` is the summed weight of
/// its evidence; so `saturation` is the evidence weight at which the score reaches 0.5.
public struct TopicDefinition: Sendable, Equatable {
    public var name: String
    public var description: String
    /// A topic is labelled when its score is at least this (0…1).
    public var threshold: Double
    public var saturation: Double
    /// Overrides the model's `minSentences` for this topic (nil: the model's).
    public var minSentences: Int?
    /// Named term lists, per language. A concept alone adds nothing; rules give it weight.
    public var concepts: [Concept]
    /// Concepts whose terms count on their own, each with one weight.
    public var phrases: [PhraseGroup]
    public var cooccurrences: [Cooccurrence]
    public var negatives: [NegativeContext]
    public var gates: [SenseGate]

    public init(
        name: String, description: String = "", threshold: Double = 0.5, saturation: Double = 6.0,
        concepts: [Concept] = [], phrases: [PhraseGroup] = [], cooccurrences: [Cooccurrence] = [],
        negatives: [NegativeContext] = [], gates: [SenseGate] = []
    ) {
        self.name = name
        self.description = description
        self.threshold = threshold
        self.saturation = saturation
        self.concepts = concepts
        self.phrases = phrases
        self.cooccurrences = cooccurrences
        self.negatives = negatives
        self.gates = gates
    }

    public func concept(named name: String) -> Concept? {
        concepts.first { $0.name == name }
    }
}

/// A language-neutral idea and its terms, per language key ("en", "zh-Hans", "any", …).
/// The engine treats every key alike; the key only tells a reader (and `--explain`) which
/// language a term belongs to.
public struct Concept: Sendable, Equatable {
    public var name: String
    /// In the order written; a language appears at most once.
    public var terms: [LanguageTerms]

    public init(name: String, terms: [LanguageTerms]) {
        self.name = name
        self.terms = terms
    }

    /// A concept whose terms are all filed under `language` (default "any").
    public init(name: String, terms: [String], language: String = LanguageTerms.anyLanguage) {
        self.init(name: name, terms: [LanguageTerms(language: language, terms: terms)])
    }

    /// Every term with its language key, in order.
    public var allTerms: [(language: String, term: String)] {
        terms.flatMap { group in group.terms.map { (group.language, $0) } }
    }

    public var termCount: Int { terms.reduce(0) { $0 + $1.terms.count } }
}

public struct LanguageTerms: Sendable, Equatable {
    /// The key for terms that are the same in every language (BTC, COP28, IPCC).
    public static let anyLanguage = "any"

    public var language: String
    public var terms: [String]

    public init(language: String, terms: [String]) {
        self.language = language
        self.terms = terms
    }
}

/// Every term of `concept` counts on its own with `weight` (the 2nd, 3rd occurrence of the
/// same term add 1/2, 1/3 … of it, see `DiminishingSum`).
public struct PhraseGroup: Sendable, Equatable {
    public var concept: String
    public var weight: Double

    public init(concept: String, weight: Double) {
        self.concept = concept
        self.weight = weight
    }
}

/// Evidence that exists only when several concepts meet: all of `concepts` in one sentence,
/// and each of `requires` anywhere in the article. One sentence where they meet is worth
/// `weight`; further sentences add less and less (see `DiminishingSum`).
public struct Cooccurrence: Sendable, Equatable {
    public var concepts: [String]
    public var requires: [String]
    public var weight: Double

    public init(concepts: [String], requires: [String] = [], weight: Double) {
        self.concepts = concepts
        self.requires = requires
        self.weight = weight
    }
}

/// Context that says a match does not mean what it seems to ("coal mine", "data corruption",
/// "business climate"): the terms of `concept`.
public struct NegativeContext: Sendable, Equatable {
    public enum Scope: String, Sendable, Equatable, CaseIterable {
        /// Cancels the topic's terms that overlap the negative phrase itself.
        case overlap
        /// Multiplies the weight of the topic's evidence in the same sentence by `factor`.
        case sentence
    }

    public var concept: String
    public var scope: Scope
    /// For `.sentence`: 0 cancels, 0.3 keeps 30 %. Ignored for `.overlap`, which always cancels.
    public var factor: Double

    public init(concept: String, scope: Scope = .overlap, factor: Double = 0) {
        self.concept = concept
        self.scope = scope
        self.factor = factor
    }
}

/// A guard on an ambiguous concept ("corruption" of officials or of files, "mining" of
/// bitcoin or of gold): the terms of `concept` count for the topic — in phrases,
/// co-occurrences and `requires` — only if the article holds at least one occurrence of a
/// term of the `intended` concepts and the occurrences of `rivals` terms do not outnumber
/// them. Otherwise the article is taken to use the word in another sense and the concept's
/// hits are dropped for this topic. A term also listed in another concept still counts
/// there, so an ambiguous word belongs in the gated concept only.
public struct SenseGate: Sendable, Equatable {
    public var concept: String
    public var intended: [String]
    public var rivals: [String]

    public init(concept: String, intended: [String], rivals: [String] = []) {
        self.concept = concept
        self.intended = intended
        self.rivals = rivals
    }
}
