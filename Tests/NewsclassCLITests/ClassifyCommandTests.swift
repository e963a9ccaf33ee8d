import Foundation
import NewsclassTestSupport
import XCTest

final class ClassifyCommandTests: XCTestCase {
    private static let referenceArticles = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/articles")

    private func jsonObjects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    func testReferenceArticlesGetAllThreeTopicsWithNamedEvidence() throws {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Self.referenceArticles.path))?
            .filter { !$0.hasPrefix(".") }.sorted() ?? []
        guard !files.isEmpty else {
            throw XCTSkip("reference articles not found at \(Self.referenceArticles.path)")
        }
        let paths = files.map { Self.referenceArticles.appendingPathComponent($0).path }
        let output = try NewsclassProcess.run(["classify", "--json"] + paths)
        XCTAssertEqual(output.status, 0, output.stderr)
        let records = try jsonObjects(output.stdout)
        XCTAssertEqual(records.count, paths.count)
        for record in records {
            let topics = Set(record["topics"] as? [String] ?? [])
            XCTAssertEqual(topics, ["mining_ban", "corruption", "climate"], "\(record["file"] ?? "?")")
            let evidence = record["evidence"] as? [String: [[String: Any]]] ?? [:]
            for topic in topics {
                let first = evidence[topic]?.first
                XCTAssertNotNil(first?["term"] as? String, "\(topic) has no named evidence")
                XCTAssertGreaterThan(first?["count"] as? Int ?? 0, 0)
            }
        }
    }

    func testJSONOutputCarriesTheRecordFields() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("brief.txt", """
            Province orders bitcoin mining farms shut

            The provincial government ordered all bitcoin mining farms to shut down by June, \
            and announced a crackdown on crypto mining in state-owned data centres.
            """)
        let output = try NewsclassProcess.run(["classify", "--json", path])
        XCTAssertEqual(output.status, 0, output.stderr)
        let record = try XCTUnwrap(try jsonObjects(output.stdout).first)
        XCTAssertEqual(record["v"] as? Int, 1)
        XCTAssertEqual(record["event"] as? String, "classified")
        XCTAssertEqual(record["file"] as? String, path)
        XCTAssertTrue((record["id"] as? String)?.hasPrefix("sha256:") ?? false)
        XCTAssertEqual((record["id"] as? String)?.count, 7 + 64)
        XCTAssertEqual(record["title"] as? String, "Province orders bitcoin mining farms shut")
        XCTAssertEqual(record["format"] as? String, "text")
        XCTAssertEqual(record["lang"] as? String, "en")
        XCTAssertEqual(record["topics"] as? [String], ["mining_ban"])
        XCTAssertEqual(Set((record["scores"] as? [String: Double] ?? [:]).keys), ["mining_ban", "corruption", "climate"])
        XCTAssertNotNil(record["time"] as? String)
        XCTAssertNil(record["seq"])
    }

    func testHumanOutputNamesTopicsScoresAndEvidence() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("graft.md", """
            # Former mayor jailed for bribery

            The former mayor was convicted of **bribery** and abuse of power after accepting \
            kickbacks from developers, the court said.
            """)
        let output = try NewsclassProcess.run(["classify", path])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.hasPrefix("\(path): corruption\n"), output.stdout)
        XCTAssertTrue(output.stdout.contains("markdown, en, title: Former mayor jailed for bribery"), output.stdout)
        XCTAssertTrue(output.stdout.contains("+ corruption"), output.stdout)
        XCTAssertTrue(output.stdout.contains("\"brib*\""), output.stdout)
        XCTAssertTrue(output.stdout.contains("- climate"), output.stdout)
    }

    func testStandardInput() throws {
        let output = try NewsclassProcess.run(
            ["classify", "--json", "-"], stdin: Data("全国碳排放权交易市场扩围，推动实现碳达峰碳中和目标。".utf8))
        XCTAssertEqual(output.status, 0, output.stderr)
        let record = try XCTUnwrap(try jsonObjects(output.stdout).first)
        XCTAssertEqual(record["file"] as? String, "(stdin)")
        XCTAssertEqual(record["topics"] as? [String], ["climate"])
        XCTAssertEqual(record["lang"] as? String, "zh")
    }

    func testRejectedInputExits65WithAReason() throws {
        let scratch = try ScratchDirectory()
        let binary = try scratch.write("image.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        let empty = try scratch.write("empty.txt", [])
        let output = try NewsclassProcess.run(["classify", "--json", binary, empty])
        XCTAssertEqual(output.status, 65)
        let records = try jsonObjects(output.stdout)
        XCTAssertEqual(records.map { $0["event"] as? String }, ["rejected", "rejected"])
        XCTAssertEqual(records.map { $0["reason"] as? String }, ["binary", "empty"])
        XCTAssertFalse((records[0]["detail"] as? String ?? "").isEmpty)
    }

    func testMissingInputExits66AndOthersStillClassified() throws {
        let scratch = try ScratchDirectory()
        let good = try scratch.write("ok.txt", "Nothing to see here, just a recipe for soup.")
        let output = try NewsclassProcess.run(["classify", "--json", scratch.url.path + "/missing.txt", good])
        XCTAssertEqual(output.status, 66)
        XCTAssertTrue(output.stderr.contains("missing.txt"), output.stderr)
        XCTAssertEqual(try jsonObjects(output.stdout).count, 1)
    }

    func testNoFileIsAUsageError() throws {
        let output = try NewsclassProcess.run(["classify"])
        XCTAssertEqual(output.status, 64)
    }

    func testVersion() throws {
        let output = try NewsclassProcess.run(["--version"])
        XCTAssertEqual(output.status, 0)
        XCTAssertTrue(output.stdout.hasPrefix("newsclass "), output.stdout)
    }

    // MARK: --explain

    private static let corruptedJPEG = """
        Recovering photos after JPEG corruption

        When a camera's memory card fails, corruption of JPEG files is common. The corruption \
        usually hits the file header: the viewer refuses the file, or shows grey blocks. A \
        county official who runs the photo archive said the corruption affected 300 images, \
        and that a checksum tool found bad sectors on the card. File corruption in the card's \
        file system can make whole folders vanish; restore from a backup when you can.
        """

    func testExplainNamesTheFailedGateAndTheNegativesOnAHardNegative() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("jpeg.txt", Self.corruptedJPEG)
        let output = try NewsclassProcess.run(["classify", "--explain", path])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.hasPrefix("\(path): (no topic)\n"), output.stdout)
        XCTAssertTrue(output.stdout.contains("- corruption  0.000 < 0.50  not labelled"), output.stdout)
        XCTAssertTrue(output.stdout.contains("gate failed: corruption_word \"corruption\" [en] ×5 dropped"), output.stdout)
        XCTAssertTrue(output.stdout.contains("1 vs rivals (data_sense, tech_context, decay_sense, decay_context, other_sense) 8"),
                      output.stdout)
        XCTAssertTrue(output.stdout.contains("\"bad sectors\" [en] ×1"), output.stdout)
        XCTAssertTrue(output.stdout.contains("negative \"checksum*\" [en] @"), output.stdout)
        XCTAssertTrue(output.stdout.contains("damped ×0.20: \"corruption\""), output.stdout)
        XCTAssertTrue(output.stdout.contains("negative \"file corruption\" [en] @"), output.stdout)
        XCTAssertTrue(output.stdout.contains("cancelled: \"corruption\""), output.stdout)
        XCTAssertLessThan(output.stdout.split(separator: "\n").count, 25, "one screen")
    }

    func testExplainNamesAMissingRequiredConceptAndShowsLanguages() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("trial.txt", """
            Two officials were sentenced on Monday. The court said the officials had been \
            arrested in May.
            """)
        let output = try NewsclassProcess.run(["classify", "--explain", path])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("rule office_holder + sanction (3.0): met, but requires graft: not in the article"),
                      output.stdout)
        let chinese = try scratch.write("zh.txt", "该局原局长严重违纪违法，非法收受他人财物。")
        let zh = try NewsclassProcess.run(["classify", "--explain", chinese])
        XCTAssertTrue(zh.stdout.contains("\"严重违纪违法\" [zh-Hans] ×1 @"), zh.stdout)
    }

    func testEvidenceInOneSentenceIsHeldBackAndExplained() throws {
        let scratch = try ScratchDirectory()
        let one = try scratch.write("one.txt", """
            The former mayor was convicted of bribery and took kickbacks from developers, the \
            court said, as the city council passed its budget.
            """)
        let two = try scratch.write("two.txt", """
            The former mayor was convicted of bribery on Monday. He took kickbacks from \
            developers, the court said.
            """)
        let titled = try scratch.write("titled.txt", """
            Former mayor jailed for bribery

            He will appeal, his lawyer said. The hearing is set for May.
            """)
        let output = try NewsclassProcess.run(["classify", "--explain", one, two, titled])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.hasPrefix("\(one): (no topic)\n"), output.stdout)
        XCTAssertTrue(output.stdout.contains("- corruption  0.647 ≥ 0.50  not labelled"), output.stdout)
        XCTAssertTrue(output.stdout.contains(
            "held back: all evidence in 1 sentence (a label needs 2): a passing mention"), output.stdout)
        XCTAssertTrue(output.stdout.contains("\n\(two): corruption\n"), "two sentences: " + output.stdout)
        XCTAssertTrue(output.stdout.contains("\n\(titled): corruption\n"), "a title counts twice: " + output.stdout)
        XCTAssertEqual(output.stdout.components(separatedBy: "held back:").count, 2, output.stdout)

        let json = try jsonObjects(try NewsclassProcess.run(["classify", "--json", "--explain", one]).stdout)[0]
        XCTAssertEqual(json["topics"] as? [String], [])
        let corruption = try XCTUnwrap((json["explain"] as? [String: [String: Any]])?["corruption"])
        XCTAssertEqual(corruption["evidence_sentences"] as? Int, 1)
        XCTAssertEqual(corruption["min_sentences"] as? Int, 2)

        let config = try scratch.write("one-sentence.toml", """
            [topics.corruption]
            min_sentences = 1
            """)
        let overridden = try NewsclassProcess.run(["classify", "--config", config, one])
        XCTAssertEqual(overridden.status, 0, overridden.stderr)
        XCTAssertTrue(overridden.stdout.hasPrefix("\(one): corruption\n"), overridden.stdout)
    }

    func testJSONExplainAddsAnExplainObjectAndKeepsTheRecord() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("jpeg.txt", Self.corruptedJPEG)
        let plain = try jsonObjects(try NewsclassProcess.run(["classify", "--json", path]).stdout)[0]
        let output = try NewsclassProcess.run(["classify", "--json", "--explain", path])
        XCTAssertEqual(output.status, 0, output.stderr)
        let record = try XCTUnwrap(try jsonObjects(output.stdout).first)
        XCTAssertNil(plain["explain"])
        XCTAssertEqual(Set(record.keys).subtracting(plain.keys), ["explain"])
        XCTAssertEqual(record["topics"] as? [String], [])
        let explain = try XCTUnwrap(record["explain"] as? [String: [String: Any]])
        XCTAssertEqual(Set(explain.keys), ["mining_ban", "corruption", "climate"])
        let corruption = try XCTUnwrap(explain["corruption"])
        XCTAssertEqual(corruption["threshold"] as? Double, 0.5)
        XCTAssertEqual(corruption["labelled"] as? Bool, false)
        let gate = try XCTUnwrap((corruption["failed_gates"] as? [[String: Any]])?.first)
        XCTAssertEqual(gate["concept"] as? String, "corruption_word")
        XCTAssertEqual(gate["intended_count"] as? Int, 1)
        XCTAssertEqual(gate["rival_count"] as? Int, 8)
        let negatives = try XCTUnwrap(corruption["negatives"] as? [[String: Any]])
        XCTAssertEqual(negatives.map { $0["effect"] as? String }, ["damped", "damped", "damped", "damped", "cancelled"])
    }

    func testAUserConfigExtendsABuiltInTopic() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("nl.toml", """
            [topics.corruption.concepts.bribery_nl]
            nl = ["omkoping", "steekpenning*"]

            [[topics.corruption.phrases]]
            concept = "bribery_nl"
            weight = 4.0
            """)
        let article = try scratch.write("nl.txt", """
            Wethouder verdacht van omkoping

            De wethouder zou steekpenningen hebben aangenomen van een bouwbedrijf, zegt het OM.
            """)
        let output = try NewsclassProcess.run(["classify", "--json", "--config", config, article])
        XCTAssertEqual(output.status, 0, output.stderr)
        let record = try XCTUnwrap(try jsonObjects(output.stdout).first)
        XCTAssertEqual(record["topics"] as? [String], ["corruption"])
        XCTAssertEqual(Set((record["scores"] as? [String: Double] ?? [:]).keys), ["mining_ban", "corruption", "climate"])
    }
}
