import NewsclassClassifier
import XCTest

/// The scoring rules on small models built in code, independent of the shipped lexicon.
final class ClassifierScoringTests: XCTestCase {
    /// One sentence may label here: these tests are about scores, not the sentence rule.
    private func model(_ topic: TopicDefinition, titleWeight: Double = 2) -> Classifier {
        Classifier(model: TopicModel(topics: [topic], titleWeight: titleWeight, minSentences: 1))
    }

    func testScoreIsRawOverRawPlusSaturationAndLabelNeedsThreshold() {
        let classifier = model(makeTopic(
            name: "floods", threshold: 0.5, saturation: 4,
            phrases: [(2, ["flood"]), (2, ["levee"])]))
        let one = classifier.classify(title: nil, body: "A flood came.").topics[0]
        XCTAssertEqual(one.score, 0.333)
        XCTAssertFalse(one.isLabelled)
        let two = classifier.classify(title: nil, body: "A flood broke the levee.").topics[0]
        XCTAssertEqual(two.score, 0.5)
        XCTAssertTrue(two.isLabelled)
    }

    func testRepetitionDiminishes() {
        let classifier = model(makeTopic(name: "t", saturation: 1, phrases: [(1, ["x"])]))
        let evidence = classifier.classify(title: nil, body: "x x x x").topics[0].evidence
        XCTAssertEqual(evidence.count, 1)
        XCTAssertEqual(evidence[0].count, 4)
        XCTAssertEqual(evidence[0].weight, 1 + 1.0 / 2 + 1.0 / 3 + 1.0 / 4, accuracy: 1e-9)
        XCTAssertEqual(evidence[0].offsets, [0, 2, 4, 6])
    }

    func testTitleEvidenceIsWeighted() {
        let classifier = model(makeTopic(name: "t", phrases: [(1, ["graft"])]), titleWeight: 3)
        let inTitle = classifier.classify(title: "Graft trial opens", body: "Nothing else here.").topics[0]
        XCTAssertEqual(inTitle.evidence.first?.weight, 3)
        let inBody = classifier.classify(title: "Trial opens", body: "A graft case.").topics[0]
        XCTAssertEqual(inBody.evidence.first?.weight, 1)
        XCTAssertEqual(inBody.evidence.first?.offsets, [13 + 2], "offsets count the title and the blank line")
    }

    func testOverlapNegativeCancelsOnlyWhatItCovers() {
        let classifier = model(makeTopic(
            name: "t", phrases: [(1, ["mining"])],
            negatives: [(["coal mining"], .overlap, 0)]))
        XCTAssertTrue(classifier.classify(title: nil, body: "Coal mining stopped.").topics[0].evidence.isEmpty)
        let mixed = classifier.classify(title: nil, body: "Coal mining stopped. Mining continued.").topics[0]
        XCTAssertEqual(mixed.evidence.first?.count, 1)
        XCTAssertEqual(mixed.evidence.first?.offsets, [21])
    }

    func testSentenceNegativeDampsItsSentence() {
        let classifier = model(makeTopic(
            name: "t", phrases: [(2, ["corruption"])],
            negatives: [(["disk"], .sentence, 0.25)]))
        let damped = classifier.classify(title: nil, body: "The disk showed corruption. Fine.").topics[0]
        XCTAssertEqual(damped.evidence.first?.weight, 0.5)
        let other = classifier.classify(title: nil, body: "The disk failed. Corruption was charged.").topics[0]
        XCTAssertEqual(other.evidence.first?.weight, 2)
    }

    func testLongerPhraseSwallowsTheShorterOneInside() {
        let classifier = model(makeTopic(
            name: "t", phrases: [(4, ["mining ban"]), (1, ["ban"])]))
        let evidence = classifier.classify(title: nil, body: "The mining ban holds.").topics[0].evidence
        XCTAssertEqual(evidence.map(\.term), ["mining ban"])
    }

    func testCooccurrenceNeedsAllConceptsInOneSentenceAndItsRequirements() {
        let classifier = model(makeTopic(
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
            makeTopic(name: "a", saturation: 1, phrases: [(1, ["alpha"])]),
            makeTopic(name: "b", saturation: 1, phrases: [(5, ["beta"]), (1, ["gamma"])]),
        ], minSentences: 1))
        let result = classifier.classify(title: nil, body: "alpha gamma beta")
        XCTAssertEqual(result.labels, ["b", "a"])
        XCTAssertEqual(result.result(for: "b")?.evidence.map(\.term), ["beta", "gamma"])
    }

    func testALabelNeedsEvidenceInMinSentencesSentences() {
        let topic = makeTopic(name: "t", saturation: 1, phrases: [(2, ["bribe"]), (2, ["kickback*"])])
        let classifier = Classifier(model: TopicModel(topics: [topic]))
        XCTAssertEqual(classifier.model.minSentences, 2, "the default")

        let one = classifier.explain(title: nil, body: "A bribe and a kickback were paid. Nothing else.").topics[0]
        XCTAssertGreaterThanOrEqual(one.score, topic.threshold)
        XCTAssertFalse(one.isLabelled, "all evidence in one sentence is a passing mention")
        XCTAssertEqual(one.explanation?.evidenceSentences, 1)
        XCTAssertEqual(one.explanation?.minSentences, 2)
        XCTAssertEqual(classifier.classify(title: nil, body: "A bribe and a kickback were paid.").labels, [])

        XCTAssertEqual(classifier.classify(title: nil, body: "A bribe was paid. A kickback too.").labels, ["t"])
        XCTAssertEqual(classifier.classify(title: nil, body: "A bribe was paid. A bribe again.").labels, ["t"],
                       "one term in two sentences")
        XCTAssertEqual(classifier.classify(title: "Bribe paid", body: "Nothing else here.").labels, ["t"],
                       "a title counts title_weight sentences")
        let lightTitle = Classifier(model: TopicModel(topics: [topic], titleWeight: 1))
        XCTAssertEqual(lightTitle.classify(title: "Bribe paid", body: "Nothing else here.").labels, [],
                       "with title_weight 1 a title is one sentence")

        var lenient = topic
        lenient.minSentences = 1
        var strict = makeTopic(name: "s", saturation: 1, phrases: [(2, ["bribe"])])
        strict.minSentences = 3
        let mixed = Classifier(model: TopicModel(topics: [lenient, strict]))
        XCTAssertEqual(mixed.classify(title: nil, body: "A bribe was paid.").labels, ["t"], "per topic: 1")
        XCTAssertEqual(mixed.classify(title: nil, body: "A bribe. A bribe.").labels, ["t"], "per topic: 3")
        XCTAssertEqual(Set(mixed.classify(title: nil, body: "A bribe. A bribe. A bribe.").labels), ["t", "s"])
    }

    func testSameTermInTwoTopicsCountsForBoth() {
        let classifier = Classifier(model: TopicModel(topics: [
            makeTopic(name: "a", phrases: [(1, ["coal"])]),
            makeTopic(name: "b", phrases: [(2, ["Coal"])]),
        ]))
        XCTAssertEqual(classifier.patternCount, 1)
        let result = classifier.classify(title: nil, body: "coal")
        XCTAssertEqual(result.topics.map { $0.evidence.first?.weight }, [1, 2])
    }

    func testDeterministic() {
        let classifier = model(makeTopic(name: "t", phrases: [(1, ["x", "y"])]))
        let text = String(repeating: "x y z. ", count: 50)
        XCTAssertEqual(classifier.classify(title: "x", body: text), classifier.classify(title: "x", body: text))
    }
}

/// The tallies that replace per-hit storage give what per-hit scoring gives, on long and
/// repetitive texts.
final class BoundedEvidenceTests: XCTestCase {
    func testCountsStayExactAndOffsetsAreTheFirstEight() {
        let classifier = Classifier(model: TopicModel(topics: [makeTopic(name: "t", phrases: [(1, ["bribe"])])]))
        let body = String(repeating: "a bribe. ", count: 5000)
        let evidence = classifier.classify(title: nil, body: body).topics[0].evidence
        XCTAssertEqual(evidence.first?.count, 5000)
        XCTAssertEqual(evidence.first?.offsets, (0..<8).map { 2 + 9 * $0 })
        let harmonic = (1...5000).reduce(0.0) { $0 + 1 / Double($1) }
        XCTAssertEqual(evidence.first?.weight ?? 0, harmonic, accuracy: 1e-6)
    }

    func testNegativesAndDampingFarIntoALongText() {
        let classifier = Classifier(model: TopicModel(topics: [makeTopic(
            name: "t", phrases: [(1, ["mining"])],
            negatives: [(["coal mining"], .overlap, 0), (["kernel"], .sentence, 0.5)])]))
        let filler = String(repeating: "Nothing to see here at all. ", count: 400)
        let body = filler + "Coal mining stopped. " + filler + "The kernel of mining. " + filler + "Mining grew."
        let topic = classifier.explain(title: nil, body: body).topics[0]
        XCTAssertEqual(topic.evidence.first?.count, 2)
        XCTAssertEqual(topic.evidence.first?.weight ?? 0, 1 + 0.5 / 2, accuracy: 1e-9)
        let effects = topic.explanation?.negatives ?? []
        XCTAssertEqual(effects.map(\.term), ["coal mining", "kernel"])
        XCTAssertEqual(effects.first?.affected, ["mining"])
        XCTAssertEqual(effects.last?.effect, .damped(factor: 0.5))
    }

    func testCooccurrenceRulesThatDidNotMeetAreExplained() {
        let classifier = Classifier(model: TopicModel(topics: [makeTopic(
            name: "t", saturation: 1,
            concepts: [Concept(name: "what", terms: ["mining"]), Concept(name: "act", terms: ["ban*"]),
                       Concept(name: "context", terms: ["bitcoin"])],
            cooccurrences: [Cooccurrence(concepts: ["what", "act"], requires: ["context"], weight: 3)])]))
        let apart = classifier.explain(title: nil, body: "Mining grew. A ban followed.").topics[0]
        XCTAssertEqual(apart.explanation?.unmetRules.first?.reason, .neverInOneSentence)
        let missing = classifier.explain(title: nil, body: "Mining was banned.").topics[0]
        XCTAssertEqual(missing.explanation?.unmetRules.first?.reason, .missingRequires(["context"]))
        XCTAssertNil(classifier.classify(title: nil, body: "Mining was banned.").topics[0].explanation)
    }
}
