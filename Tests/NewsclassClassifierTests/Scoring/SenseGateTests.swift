import NewsclassClassifier
import XCTest

/// Sense gates on a small model: "corruption" counts only beside office holders, and only
/// while technical words do not outnumber them.
final class SenseGateTests: XCTestCase {
    private static let topic = TopicDefinition(
        name: "corruption", saturation: 1,
        concepts: [
            Concept(name: "word", terms: [LanguageTerms(language: "en", terms: ["corruption"]),
                                          LanguageTerms(language: "es", terms: ["corrupción"])]),
            Concept(name: "office", terms: ["official*", "mayor", "alcalde"]),
            Concept(name: "data", terms: ["file*", "jpeg", "disk*", "archivo*"]),
            Concept(name: "gain", terms: ["cash"]),
        ],
        phrases: [PhraseGroup(concept: "word", weight: 2)],
        cooccurrences: [Cooccurrence(concepts: ["word", "gain"], weight: 3)],
        gates: [SenseGate(concept: "word", intended: ["office"], rivals: ["data"])])
    private static let classifier = Classifier(model: TopicModel(topics: [topic]))

    private func result(_ body: String) -> TopicResult {
        Self.classifier.explain(title: nil, body: body).topics[0]
    }

    func testGatePassesWithTheIntendedSense() {
        let topic = result("The mayor denied corruption. Officials said the cash was a gift for corruption.")
        XCTAssertEqual(Set(topic.evidence.map(\.term)), ["corruption", "corruption + cash"])
        XCTAssertEqual(topic.evidence.first { $0.term == "corruption" }?.language, "en")
        XCTAssertEqual(topic.explanation?.failedGates, [])
    }

    func testGateFailsWithoutTheIntendedConcept() {
        let topic = result("Corruption spread through the archive; cash registers were fine.")
        XCTAssertEqual(topic.evidence, [])
        XCTAssertEqual(topic.score, 0)
        let failure = try? XCTUnwrap(topic.explanation?.failedGates.first)
        XCTAssertEqual(failure?.concept, "word")
        XCTAssertEqual(failure?.intendedCount, 0)
        XCTAssertEqual(failure?.headTerms, [TermCount(term: "corruption", language: "en", count: 1)])
    }

    func testGateFailsWhenRivalsOutnumberTheIntendedSense() {
        let topic = result("""
            An official reported corruption in the JPEG files: the file headers and the disk \
            were damaged.
            """)
        XCTAssertEqual(topic.evidence, [])
        let failure = topic.explanation?.failedGates.first
        XCTAssertEqual(failure?.intendedCount, 1)
        XCTAssertEqual(failure?.rivalCount, 4)
        XCTAssertEqual(failure?.rivalTerms.first, TermCount(term: "file*", language: "any", count: 2))
    }

    func testATieKeepsTheIntendedSense() {
        let topic = result("The official blamed corruption, not the disk.")
        XCTAssertEqual(topic.evidence.map(\.term), ["corruption"])
    }

    func testGateAppliesToEveryLanguageOfTheConcept() {
        XCTAssertEqual(result("La corrupción del archivo.").evidence, [])
        XCTAssertEqual(result("El alcalde y la corrupción.").evidence.map(\.language), ["es"])
    }

    func testUngatedTopicsAreUnaffected() {
        var topic = Self.topic
        topic.gates = []
        let classifier = Classifier(model: TopicModel(topics: [topic]))
        XCTAssertEqual(classifier.classify(title: nil, body: "Corruption in the JPEG file.").topics[0].evidence.map(\.term),
                       ["corruption"])
    }
}
