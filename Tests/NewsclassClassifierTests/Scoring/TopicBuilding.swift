import NewsclassClassifier

/// A topic written the short way for tests: inline term lists become concepts of their own
/// (named phrases_N, negative_N), as the config loader does with old-style entries.
func makeTopic(
    name: String, threshold: Double = 0.5, saturation: Double = 6,
    phrases: [(Double, [String])] = [], concepts: [Concept] = [], cooccurrences: [Cooccurrence] = [],
    negatives: [([String], NegativeContext.Scope, Double)] = [], gates: [SenseGate] = []
) -> TopicDefinition {
    var topic = TopicDefinition(
        name: name, threshold: threshold, saturation: saturation, concepts: concepts,
        cooccurrences: cooccurrences, gates: gates)
    for (index, (weight, terms)) in phrases.enumerated() {
        topic.concepts.append(Concept(name: "phrases_\(index)", terms: terms))
        topic.phrases.append(PhraseGroup(concept: "phrases_\(index)", weight: weight))
    }
    for (index, (terms, scope, factor)) in negatives.enumerated() {
        topic.concepts.append(Concept(name: "negative_\(index)", terms: terms))
        topic.negatives.append(NegativeContext(concept: "negative_\(index)", scope: scope, factor: factor))
    }
    return topic
}
