import NewsclassClassifier
import XCTest

/// The scoring rules on small models built in code, independent of the shipped lexicon.
final class ClassifierScoringTests: XCTestCase {
    private func model(_ topic: TopicDefinition, titleWeight: Double = 2) -> Classifier {
        Classifier(model: TopicModel(topics: [topic], titleWeight: titleWeight))
    }

    func testScoreIsRawOverRawPlusSaturationAndLabelNeedsThreshold() {
        let classifier = model(TopicDefinition(
            name: "floods", threshold: 0.5, saturation: 4,
            phrases: [PhraseGroup(weight: 2, terms: ["flood"]), PhraseGroup(weight: 2, terms: ["levee"])]))
        let one = classifier.classify(title: nil, body: "A flood came.").topics[0]
        XCTAssertEqual(one.score, 0.333)
        XCTAssertFalse(one.isLabelled)
        let two = classifier.classify(title: nil, body: "A flood broke the levee.").topics[0]
        XCTAssertEqual(two.score, 0.5)
        XCTAssertTrue(two.isLabelled)
    }

    func testRepetitionDiminishes() {
        let classifier = model(TopicDefinition(name: "t", saturation: 1, phrases: [PhraseGroup(weight: 1, terms: ["x"])]))
        let evidence = classifier.classify(title: nil, body: "x x x x").topics[0].evidence
        XCTAssertEqual(evidence.count, 1)
        XCTAssertEqual(evidence[0].count, 4)
        XCTAssertEqual(evidence[0].weight, 1 + 1.0 / 2 + 1.0 / 3 + 1.0 / 4, accuracy: 1e-9)
        XCTAssertEqual(evidence[0].offsets, [0, 2, 4, 6])
    }

    func testTitleEvidenceIsWeighted() {
        let classifier = model(TopicDefinition(name: "t", phrases: [PhraseGroup(weight: 1, terms: ["graft"])]), titleWeight: 3)
        let inTitle = classifier.classify(title: "Graft trial opens", body: "Nothing else here.").topics[0]
        XCTAssertEqual(inTitle.evidence.first?.weight, 3)
        let inBody = classifier.classify(title: "Trial opens", body: "A graft case.").topics[0]
        XCTAssertEqual(inBody.evidence.first?.weight, 1)
        XCTAssertEqual(inBody.evidence.first?.offsets, [13 + 2], "offsets count the title and the blank line")
    }

    func testOverlapNegativeCancelsOnlyWhatItCovers() {
        let classifier = model(TopicDefinition(
            name: "t", phrases: [PhraseGroup(weight: 1, terms: ["mining"])],
            negatives: [NegativeContext(terms: ["coal mining"], scope: .overlap)]))
        XCTAssertTrue(classifier.classify(title: nil, body: "Coal mining stopped.").topics[0].evidence.isEmpty)
        let mixed = classifier.classify(title: nil, body: "Coal mining stopped. Mining continued.").topics[0]
        XCTAssertEqual(mixed.evidence.first?.count, 1)
        XCTAssertEqual(mixed.evidence.first?.offsets, [21])
    }

    func testSentenceNegativeDampsItsSentence() {
        let classifier = model(TopicDefinition(
            name: "t", phrases: [PhraseGroup(weight: 2, terms: ["corruption"])],
            negatives: [NegativeContext(terms: ["disk"], scope: .sentence, factor: 0.25)]))
        let damped = classifier.classify(title: nil, body: "The disk showed corruption. Fine.").topics[0]
        XCTAssertEqual(damped.evidence.first?.weight, 0.5)
        let other = classifier.classify(title: nil, body: "The disk failed. Corruption was charged.").topics[0]
        XCTAssertEqual(other.evidence.first?.weight, 2)
    }

    func testLongerPhraseSwallowsTheShorterOneInside() {
        let classifier = model(TopicDefinition(
            name: "t", phrases: [PhraseGroup(weight: 4, terms: ["mining ban"]), PhraseGroup(weight: 1, terms: ["ban"])]))
        let evidence = classifier.classify(title: nil, body: "The mining ban holds.").topics[0].evidence
        XCTAssertEqual(evidence.map(\.term), ["mining ban"])
    }

    func testCooccurrenceNeedsAllConceptsInOneSentenceAndItsRequirements() {
        let classifier = model(TopicDefinition(
            name: "t", saturation: 1,
            concepts: [Concept(name: "what", terms: ["mining"]), Concept(name: "act", terms: ["ban*"]),
                       Concept(name: "context", terms: ["bitcoin"])],
            cooccurrences: [Cooccurrence(concepts: ["what", "act"], requires: ["context"], weight: 3)]))
        XCTAssertTrue(classifier.classify(title: nil, body: "Mining grew. A ban followed. Bitcoin fell.").topics[0].evidence.isEmpty,
                      "different sentences")
        XCTAssertTrue(classifier.classify(title: nil, body: "Mining was banned.").topics[0].evidence.isEmpty,
                      "required concept absent")
        let met = classifier.classify(title: nil, body: "Bitcoin rose. Mining was banned. Mining bans spread.").topics[0]
        XCTAssertEqual(met.evidence.count, 1)
        XCTAssertEqual(met.evidence[0].kind, .cooccurrence)
        XCTAssertEqual(met.evidence[0].term, "mining + ban*")
        XCTAssertEqual(met.evidence[0].count, 2)
        XCTAssertEqual(met.evidence[0].weight, 3 + 1.5, accuracy: 1e-9)
    }

    func testEvidenceIsStrongestFirstAndLabelsStrongestFirst() {
        let classifier = Classifier(model: TopicModel(topics: [
            TopicDefinition(name: "a", saturation: 1, phrases: [PhraseGroup(weight: 1, terms: ["alpha"])]),
            TopicDefinition(name: "b", saturation: 1, phrases: [PhraseGroup(weight: 5, terms: ["beta"]), PhraseGroup(weight: 1, terms: ["gamma"])]),
        ]))
        let result = classifier.classify(title: nil, body: "alpha gamma beta")
        XCTAssertEqual(result.labels, ["b", "a"])
        XCTAssertEqual(result.result(for: "b")?.evidence.map(\.term), ["beta", "gamma"])
    }

    func testSameTermInTwoTopicsCountsForBoth() {
        let classifier = Classifier(model: TopicModel(topics: [
            TopicDefinition(name: "a", phrases: [PhraseGroup(weight: 1, terms: ["coal"])]),
            TopicDefinition(name: "b", phrases: [PhraseGroup(weight: 2, terms: ["Coal"])]),
        ]))
        XCTAssertEqual(classifier.patternCount, 1)
        let result = classifier.classify(title: nil, body: "coal")
        XCTAssertEqual(result.topics.map { $0.evidence.first?.weight }, [1, 2])
    }

    func testDeterministic() {
        let classifier = model(TopicDefinition(name: "t", phrases: [PhraseGroup(weight: 1, terms: ["x", "y"])]))
        let text = String(repeating: "x y z. ", count: 50)
        XCTAssertEqual(classifier.classify(title: "x", body: text), classifier.classify(title: "x", body: text))
    }
}
