/// One topic: what counts for it, what cancels it, and how much evidence makes a label.
///
/// The score of a topic is `raw / (raw + saturation)`, where `raw` is the summed weight of
/// its evidence; so `saturation` is the evidence weight at which the score reaches 0.5.
public struct TopicDefinition: Sendable, Equatable {
    public var name: String
    public var description: String
    /// A topic is labelled when its score is at least this (0…1).
    public var threshold: Double
    public var saturation: Double
    /// Terms that count on their own, each group with one weight.
    public var phrases: [PhraseGroup]
    /// Named term lists used by co-occurrence rules; a concept alone adds nothing.
    public var concepts: [Concept]
    public var cooccurrences: [Cooccurrence]
    public var negatives: [NegativeContext]

    public init(
        name: String, description: String = "", threshold: Double = 0.5, saturation: Double = 6.0,
        phrases: [PhraseGroup] = [], concepts: [Concept] = [], cooccurrences: [Cooccurrence] = [],
        negatives: [NegativeContext] = []
    ) {
        self.name = name
        self.description = description
        self.threshold = threshold
        self.saturation = saturation
        self.phrases = phrases
        self.concepts = concepts
        self.cooccurrences = cooccurrences
        self.negatives = negatives
    }
}

public struct PhraseGroup: Sendable, Equatable {
    public var weight: Double
    public var terms: [String]

    public init(weight: Double, terms: [String]) {
        self.weight = weight
        self.terms = terms
    }
}

public struct Concept: Sendable, Equatable {
    public var name: String
    public var terms: [String]

    public init(name: String, terms: [String]) {
        self.name = name
        self.terms = terms
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
/// "business climate").
public struct NegativeContext: Sendable, Equatable {
    public enum Scope: String, Sendable, Equatable, CaseIterable {
        /// Cancels the topic's terms that overlap the negative phrase itself.
        case overlap
        /// Multiplies the weight of the topic's evidence in the same sentence by `factor`.
        case sentence
    }

    public var terms: [String]
    public var scope: Scope
    /// For `.sentence`: 0 cancels, 0.3 keeps 30 %. Ignored for `.overlap`, which always cancels.
    public var factor: Double

    public init(terms: [String], scope: Scope = .overlap, factor: Double = 0) {
        self.terms = terms
        self.scope = scope
        self.factor = factor
    }
}
