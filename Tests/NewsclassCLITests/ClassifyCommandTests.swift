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
}
