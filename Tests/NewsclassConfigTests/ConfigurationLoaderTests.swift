import Foundation
import NewsclassClassifier
import XCTest

@testable import NewsclassConfig

final class ConfigurationLoaderTests: XCTestCase {
    private func parseError(_ text: String, file: String = "test.toml") -> ConfigurationError? {
        do {
            _ = try ConfigurationLoader.parse(text, file: file)
            return nil
        } catch {
            return error
        }
    }

    func testEmbeddedDefaultHasTheThreeBuiltInTopicsInFileOrder() {
        let config = ConfigurationLoader.embeddedDefault()
        XCTAssertEqual(config.model.topics.map(\.name), ["mining_ban", "corruption", "climate"])
        XCTAssertEqual(config.spool, .defaults)
        XCTAssertEqual(config.log, .defaults)
        XCTAssertEqual(config.daemon, .defaults)
    }

    func testEmbeddedDefaultIsTheShippedFile() throws {
        let shipped = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/newsclass.toml")
        XCTAssertEqual(try String(contentsOf: shipped, encoding: .utf8), EmbeddedDefault.text)
    }

    func testPrintedConfigurationParsesBackToTheSame() throws {
        let config = ConfigurationLoader.embeddedDefault()
        let printed = ConfigurationPrinter.toml(config)
        XCTAssertEqual(try ConfigurationLoader.parse(printed, file: "printed.toml"), config)
    }

    func testDescriptionsAndTermsThatNeedEscapingArePrintedSoTheyLoadBack() throws {
        // Found by the fuzz target: check-config printed a concept name that was not a bare
        // key, which did not load. Concept names are now lower-case letters, digits and _
        // and language keys letters, digits and -, so no key needs quoting any more; the
        // strings that still can need it are descriptions and terms.
        let config = try ConfigurationLoader.parse(#"""
            [topics.floods]
            description = "Floods: \"flash\" floods,\tlevees\nand C:\\dams \u0001 'quoted'"
            [topics.floods.concepts.damage_done]
            en = ["damage \"done\"", "back\\slash", "it's"]
            zh-Hans = ["洪水"]
            pt-BR = ["enchente*"]
            [[topics.floods.phrases]]
            concept = "damage_done"
            weight = 1
            """#, file: "t.toml")
        let floods = try XCTUnwrap(config.model.topics.first { $0.name == "floods" })
        XCTAssertEqual(floods.description, "Floods: \"flash\" floods,\tlevees\nand C:\\dams \u{01} 'quoted'")
        let printed = ConfigurationPrinter.toml(config)
        XCTAssertTrue(printed.contains(#"description = "Floods: \"flash\" floods,\tlevees\nand C:\\dams \u0001 'quoted'""#),
                      printed)
        XCTAssertTrue(printed.contains(#"\#nen = ["damage \"done\"", "back\\slash", "it's"]\#n"#), printed)
        XCTAssertTrue(printed.contains("\nzh-Hans = [\"洪水\"]\npt-BR = [\"enchente*\"]\n"), printed)
        XCTAssertEqual(try ConfigurationLoader.parse(printed, file: "printed.toml"), config)
    }

    func testAFileWithoutTopicsKeepsTheBuiltInTopics() throws {
        let config = try ConfigurationLoader.parse("[spool]\npath = \"/srv/spool\"\nafter = \"delete\"\n", file: "t.toml")
        XCTAssertEqual(config.spool.path, "/srv/spool")
        XCTAssertEqual(config.spool.after, .delete)
        XCTAssertEqual(config.model.topics.map(\.name), ["mining_ban", "corruption", "climate"])
    }

    func testANewTopicIsAddedAfterTheBuiltInOnes() throws {
        let config = try ConfigurationLoader.parse("""
            [topics.floods]
            threshold = 0.4
            [[topics.floods.phrases]]
            weight = 3
            terms = ["flood*", "洪水"]
            """, file: "t.toml")
        XCTAssertEqual(config.model.topics.map(\.name), ["mining_ban", "corruption", "climate", "floods"])
        let floods = config.model.topics[3]
        XCTAssertEqual(floods.phrases, [PhraseGroup(concept: "phrases_0", weight: 3)])
        XCTAssertEqual(floods.concepts, [Concept(name: "phrases_0", terms: ["flood*", "洪水"])])
        XCTAssertEqual(floods.threshold, 0.4)
    }

    func testABuiltInTopicIsExtendedNotReplaced() throws {
        let builtIn = try XCTUnwrap(ConfigurationLoader.embeddedDefault().model.topics.first { $0.name == "corruption" })
        let config = try ConfigurationLoader.parse("""
            [topics.corruption]
            threshold = 0.45

            [topics.corruption.concepts.office_holder]
            nl = ["schepen", "raadslid"]
            en = ["official", "alderman"]

            [topics.corruption.concepts.bribery_nl]
            nl = ["omkoping", "steekpenning*"]

            [[topics.corruption.phrases]]
            concept = "bribery_nl"
            weight = 4.0

            [[topics.corruption.cooccur]]
            concepts = ["office_holder", "sanction"]
            requires = ["graft"]
            weight = 3.0

            [[topics.corruption.gates]]
            concept = "corruption_word"
            intended = ["office_holder", "bribery_nl"]
            """, file: "t.toml")
        let topic = try XCTUnwrap(config.model.topics.first { $0.name == "corruption" })
        XCTAssertEqual(config.model.topics.map(\.name), ["mining_ban", "corruption", "climate"])
        XCTAssertEqual(topic.threshold, 0.45)
        XCTAssertEqual(topic.description, builtIn.description)
        let official = try XCTUnwrap(topic.concept(named: "office_holder"))
        let builtInOfficial = try XCTUnwrap(builtIn.concept(named: "office_holder"))
        XCTAssertEqual(official.terms.first { $0.language == "nl" }?.terms,
                       (builtInOfficial.terms.first { $0.language == "nl" }?.terms ?? []) + ["schepen", "raadslid"])
        XCTAssertEqual(official.terms.first { $0.language == "en" }?.terms,
                       (builtInOfficial.terms.first { $0.language == "en" }?.terms ?? []) + ["alderman"],
                       "terms are unioned per language; \"official\" is there already")
        XCTAssertEqual(topic.concepts.count, builtIn.concepts.count + 1)
        XCTAssertEqual(topic.phrases.last, PhraseGroup(concept: "bribery_nl", weight: 4))
        XCTAssertEqual(topic.cooccurrences, builtIn.cooccurrences, "an identical rule is merged")
        XCTAssertEqual(topic.gates.count, builtIn.gates.count, "a gate on the same concept is extended")
        XCTAssertTrue(topic.gates.first { $0.concept == "corruption_word" }?.intended.contains("bribery_nl") ?? false)
        XCTAssertEqual(topic.negatives, builtIn.negatives)
    }

    func testReplaceDefinesABuiltInTopicWholeAndEnabledFalseDropsIt() throws {
        let config = try ConfigurationLoader.parse("""
            [topics.climate]
            enabled = false

            [topics.corruption]
            replace = true
            [topics.corruption.concepts.bribe]
            en = ["brib*"]
            [[topics.corruption.phrases]]
            concept = "bribe"
            weight = 4
            """, file: "t.toml")
        XCTAssertEqual(config.model.topics.map(\.name), ["mining_ban", "corruption"])
        let corruption = config.model.topics[1]
        XCTAssertEqual(corruption.concepts, [Concept(name: "bribe", terms: [LanguageTerms(language: "en", terms: ["brib*"])])])
        XCTAssertEqual(corruption.description, "")
        XCTAssertEqual(corruption.gates, [])
    }

    func testDisablingEveryTopicIsAnError() {
        let error = parseError("""
            [topics.mining_ban]
            enabled = false
            [topics.corruption]
            enabled = false
            [topics.climate]
            enabled = false
            """)
        XCTAssertEqual(error?.key, "topics")
        XCTAssertTrue(error?.message.contains("at least one topic") ?? false)
    }

    func testReferenceToAnUnknownConceptNamesTheUserFileLine() {
        let error = parseError("""
            [topics.corruption]
            threshold = 0.5

            [[topics.corruption.gates]]
            concept = "corruption_word"
            intended = ["offical"]
            """)
        XCTAssertEqual(error?.description, "test.toml:6:1: topics.corruption.gates[0].intended: unknown concept \"offical\"")
    }

    func testLanguageKeysAndConceptNamesAreChecked() {
        let language = parseError("[topics.a.concepts.x]\nEnglish = [\"y\"]\n")
        XCTAssertEqual(language?.key, "topics.a.concepts.x.English")
        XCTAssertEqual(language?.line, 2)
        let name = parseError("[topics.a.concepts]\nBad-Name = [\"y\"]\n")
        XCTAssertEqual(name?.key, "topics.a.concepts.Bad-Name")
        let both = parseError("[topics.a.concepts]\nx = [\"y\"]\n[[topics.a.phrases]]\nconcept = \"x\"\nterms = [\"z\"]\nweight = 1\n")
        XCTAssertEqual(both?.key, "topics.a.phrases[0].terms")
    }

    func testALeadingStarNeedsFourLetters() {
        let error = parseError("[topics.a.concepts.x]\nde = [\"*verbot\", \"*bot\"]\n")
        XCTAssertEqual(error?.key, "topics.a.concepts.x.de")
        XCTAssertTrue(error?.message.contains("term 1") ?? false, "\(String(describing: error))")
        XCTAssertNil(parseError("[topics.a.concepts.x]\nde = [\"*verbot\", \"*korruption*\"]\n"))
    }

    func testBuiltInTopicFilesAreEmbeddedAndEachHoldsItsTopic() throws {
        let folder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/topics")
        XCTAssertEqual(BuiltInTopics.names, ["mining_ban", "corruption", "climate"])
        for file in BuiltInTopics.files {
            let shipped = try String(contentsOf: folder.appendingPathComponent("\(file.topic).toml"), encoding: .utf8)
            XCTAssertEqual(shipped, file.text, file.name)
            XCTAssertNoThrow(try BuiltInTopics.layer(file))
        }
        XCTAssertFalse(EmbeddedDefault.text.contains("\n[topics."), "newsclass.toml holds settings only")
    }

    func testTheSummaryStillLoadsToTheSameTopics() throws {
        let config = ConfigurationLoader.embeddedDefault()
        let summary = ConfigurationPrinter.toml(config, topics: .summary)
        XCTAssertLessThan(summary.split(separator: "\n").count, 120, "a summary fits a few screens")
        XCTAssertTrue(summary.contains("corruption_word"), summary)
        XCTAssertEqual(try ConfigurationLoader.parse(summary, file: "summary.toml"), config)
    }

    func testUnknownTopLevelKeyNamesLineColumnAndKey() {
        let error = parseError("[spool]\npath = \"/x\"\n\n[logs]\npath = \"/y\"\n")
        XCTAssertEqual(error?.line, 4)
        XCTAssertEqual(error?.column, 2)
        XCTAssertEqual(error?.key, "logs")
        XCTAssertTrue(error?.description.hasPrefix("test.toml:4:2: logs: unknown key") ?? false, "\(String(describing: error))")
    }

    func testUnknownKeyInsideATopicIsFoundOnItsLine() {
        let error = parseError("""
            [topics.floods]
            threshold = 0.5
              treshold = 0.5
            [[topics.floods.phrases]]
            weight = 1
            terms = ["flood"]
            """)
        XCTAssertEqual(error?.key, "topics.floods.treshold")
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.column, 3)
    }

    func testWrongTypeNamesTheKeyAndItsLine() {
        let error = parseError("[daemon]\nworkers = \"four\"\n")
        XCTAssertEqual(error?.key, "daemon.workers")
        XCTAssertEqual(error?.line, 2)
        XCTAssertTrue(error?.message.contains("expected an integer, found a string") ?? false)
    }

    func testValueOutOfRangeInTheSecondPhraseGroup() {
        let error = parseError("""
            [topics.floods]
            [[topics.floods.phrases]]
            weight = 1
            terms = ["flood"]

            [[topics.floods.phrases]]
            terms = [
              "deluge",
            ]
            weight = -2
            """)
        XCTAssertEqual(error?.key, "topics.floods.phrases[1].weight")
        XCTAssertEqual(error?.line, 10)
        XCTAssertTrue(error?.message.contains("more than 0") ?? false)
    }

    func testMissingKeyPointsAtItsTable() {
        let error = parseError("""
            [topics.floods]
            [[topics.floods.phrases]]
            terms = ["flood"]
            """)
        XCTAssertEqual(error?.key, "topics.floods.phrases[0].weight")
        XCTAssertEqual(error?.line, 2)
        XCTAssertEqual(error?.message, "missing")
    }

    func testSyntaxErrorNamesLineAndKey() {
        let error = parseError("[spool]\npath = \"/x\"\nmax_bytes = 10 MiB\n")
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.key, "spool.max_bytes")
        XCTAssertTrue(error?.message.hasPrefix("syntax error") ?? false)
    }

    func testBrokenLinesAppendedToTheShippedFileAreErrorsNotCrashes() throws {
        let text = EmbeddedDefault.text
        let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).count
        let cases: [(String, Int, String?)] = [
            ("[[[broken\n", 3, nil),
            // The file's tables are defined once; the topics live in their own files, so an
            // appended [topics.climate] is an empty extension, not a second definition.
            ("[classifier]\n", 2, "classifier"),
            // In the file's last table, [classifier], one level deep.
            ("x = " + String(repeating: "[", count: 100_000) + "\n", 5 + 128 - 1, nil),
            ("[spool\n", 7, nil),
        ]
        for (tail, column, key) in cases {
            let error = parseError(text + tail, file: "shipped.toml")
            let name = String(tail.prefix(20))
            XCTAssertEqual(error?.line, lastLine, name)
            XCTAssertEqual(error?.column, column, name)
            if let key { XCTAssertEqual(error?.key, key) }
            XCTAssertTrue(error?.description.hasPrefix("shipped.toml:\(lastLine):\(column): ") ?? false, name)
        }
    }

    func testInvalidUTF8AndNULBytesNameLineAndColumn() throws {
        let bytes = Array("[spool]\npath = \"/srv/".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
        XCTAssertThrowsError(try ConfigurationLoader.parse(bytes: bytes, file: "bad.toml")) { error in
            XCTAssertEqual((error as? ConfigurationError)?.description.hasPrefix("bad.toml:2:14: syntax error: the text is not valid UTF-8"), true, "\(error)")
        }
        let nul = parseError("[spool]\npath = \"/srv\u{0}\"\n")
        XCTAssertEqual(nul?.description.hasPrefix("test.toml:2:13: spool.path: syntax error: control character U+0000"), true, "\(String(describing: nul))")
        // From a file on disk too: the bytes reach the parser as they are.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("newsclass-utf8-\(UUID().uuidString).toml")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try ConfigurationSource.file(url.path).load()) { error in
            XCTAssertEqual((error as? ConfigurationError)?.line, 2)
            XCTAssertEqual((error as? ConfigurationError)?.column, 14)
        }
    }

    func testErrorsPointAtTheExactPartOfADottedKey() {
        let error = parseError("[topics.floods]\nconcepts.water = [\"flood\"]\nconcepts.Fire = 1\n")
        XCTAssertEqual(error?.key, "topics.floods.concepts.Fire")
        XCTAssertEqual(error?.line, 3)
        XCTAssertEqual(error?.column, 10)
        let name = parseError("[topics.Mining-Ban]\n")
        XCTAssertEqual(name?.column, 9)
    }

    func testCooccurrenceMustNameDefinedConcepts() {
        let error = parseError("""
            [topics.floods]
            [topics.floods.concepts]
            water = ["flood"]
            [[topics.floods.cooccur]]
            concepts = ["water", "damage"]
            weight = 2
            """)
        XCTAssertEqual(error?.key, "topics.floods.cooccur[0].concepts")
        XCTAssertEqual(error?.line, 5)
        XCTAssertEqual(error?.message, "unknown concept \"damage\"")
    }

    func testTopicNamesMustSuitJournalFields() {
        let error = parseError("[topics.Mining-Ban]\n[[topics.Mining-Ban.phrases]]\nweight = 1\nterms = [\"x\"]\n")
        XCTAssertEqual(error?.key, "topics.Mining-Ban")
        XCTAssertEqual(error?.line, 1)
    }

    func testThresholdAndScopeAreValidated() {
        XCTAssertEqual(parseError("[topics.a]\nthreshold = 1.5\n")?.key, "topics.a.threshold")
        let scope = parseError("[topics.a]\n[[topics.a.negative]]\nterms = [\"x\"]\nscope = \"paragraph\"\n")
        XCTAssertEqual(scope?.key, "topics.a.negative[0].scope")
        XCTAssertEqual(scope?.line, 4)
    }

    func testEmptyTermIsRejected() {
        let error = parseError("[topics.a]\n[[topics.a.phrases]]\nweight = 1\nterms = [\"ok\", \"  \"]\n")
        XCTAssertEqual(error?.key, "topics.a.phrases[0].terms")
        XCTAssertTrue(error?.message.contains("term 1") ?? false)
    }

    func testMissingFileIsAnErrorNamingTheFile() {
        XCTAssertThrowsError(try ConfigurationSource.file("/nonexistent/newsclass.toml").load()) { error in
            let error = error as? ConfigurationError
            XCTAssertEqual(error?.file, "/nonexistent/newsclass.toml")
            XCTAssertTrue(error?.message.contains("cannot read") ?? false)
        }
    }

    func testSourcePrecedence() {
        XCTAssertEqual(ConfigurationSource.resolve(explicit: "/a.toml", environment: ["NEWSCLASS_CONFIG": "/b.toml"]), .file("/a.toml"))
        XCTAssertEqual(ConfigurationSource.resolve(explicit: nil, environment: ["NEWSCLASS_CONFIG": "/b.toml"]), .file("/b.toml"))
        XCTAssertEqual(ConfigurationSource.resolve(explicit: nil, environment: [:], systemPath: "/nonexistent.toml"), .embedded)
    }

    /// An instance of newsclass@.service reads /etc/newsclass/NAME.toml when there is one,
    /// else what the plain unit reads; --config and $NEWSCLASS_CONFIG still come first.
    func testInstanceConfigurationFallsBackToTheSystemOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("newsclass-instance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let system = folder.appendingPathComponent("newsclass.toml").path
        let feed = folder.appendingPathComponent("feed.toml").path
        XCTAssertEqual(ConfigurationSource.instancePath("feed", systemPath: system), feed)
        XCTAssertEqual(ConfigurationSource.resolve(explicit: nil, instance: "feed", environment: [:], systemPath: system), .embedded)
        XCTAssertTrue(FileManager.default.createFile(atPath: system, contents: Data()))
        XCTAssertEqual(ConfigurationSource.resolve(explicit: nil, instance: "feed", environment: [:], systemPath: system), .file(system))
        XCTAssertTrue(FileManager.default.createFile(atPath: feed, contents: Data()))
        XCTAssertEqual(ConfigurationSource.resolve(explicit: nil, instance: "feed", environment: [:], systemPath: system), .file(feed))
        XCTAssertEqual(ConfigurationSource.resolve(explicit: nil, instance: "other", environment: [:], systemPath: system), .file(system))
        XCTAssertEqual(ConfigurationSource.resolve(explicit: nil, instance: nil, environment: [:], systemPath: system), .file(system))
        XCTAssertEqual(
            ConfigurationSource.resolve(explicit: nil, instance: "feed", environment: ["NEWSCLASS_CONFIG": "/b.toml"], systemPath: system),
            .file("/b.toml"))
        XCTAssertEqual(ConfigurationSource.resolve(explicit: "/a.toml", instance: "feed", environment: [:], systemPath: system), .file("/a.toml"))
    }

    func testNoTermIsListedTwiceInOneTopic() {
        for topic in ConfigurationLoader.embeddedDefault().model.topics {
            for concept in topic.concepts {
                var seen: Set<String> = []
                for (_, term) in concept.allTerms {
                    let key = TextNormalizer.normalize(term)
                    XCTAssertTrue(seen.insert(key).inserted, "\(topic.name).\(concept.name) lists \"\(term)\" twice")
                }
            }
            var phraseTerms: Set<String> = []
            for phrase in topic.phrases {
                for (_, term) in topic.concept(named: phrase.concept)?.allTerms ?? [] {
                    XCTAssertTrue(phraseTerms.insert(TextNormalizer.normalize(term)).inserted,
                                  "\(topic.name) has \"\(term)\" in two phrase concepts")
                }
            }
        }
    }
}
