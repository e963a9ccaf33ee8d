import Foundation
import NewsclassTestSupport
import XCTest

final class CheckConfigCommandTests: XCTestCase {
    func testDefaultConfigurationIsPrintedAndValid() throws {
        let output = try NewsclassProcess.run(["check-config"], environment: ["NEWSCLASS_CONFIG": ""])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stdout.contains("[topics.mining_ban]"))
        XCTAssertTrue(output.stdout.contains("[topics.corruption]"))
        XCTAssertTrue(output.stdout.contains("[topics.climate]"))
        XCTAssertTrue(output.stderr.contains("ok"), output.stderr)
    }

    func testPrintedConfigurationIsItselfAValidConfiguration() throws {
        let scratch = try ScratchDirectory()
        let first = try NewsclassProcess.run(["check-config"])
        let path = try scratch.write("printed.toml", first.stdout)
        let second = try NewsclassProcess.run(["check-config", "--config", path])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(first.stdout.split(separator: "\n").dropFirst(), second.stdout.split(separator: "\n").dropFirst())
    }

    func testBrokenFileNamesFileLineKeyAndExits78() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("broken.toml", "[spool]\npath = \"/srv/spool\"\nmax_bytes = \"ten\"\n")
        let output = try NewsclassProcess.run(["check-config", "--config", path])
        XCTAssertEqual(output.status, 78)
        XCTAssertTrue(output.stderr.contains("\(path):3:1: spool.max_bytes: expected an integer"), output.stderr)
        XCTAssertTrue(output.stdout.isEmpty)
    }

    /// These aborted check-config (SIGABRT, exit 134) when TOML was parsed by toml++.
    func testBrokenLinesAppendedToTheShippedFileExit78WithFileLineColumn() throws {
        let scratch = try ScratchDirectory()
        let shipped = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/newsclass.toml")
        var text = try Array(Data(contentsOf: shipped))
        if text.last != 0x0A { text.append(0x0A) }
        let lastLine = text.filter { $0 == 0x0A }.count + 1
        let cases: [(String, [UInt8], String)] = [
            ("broken-header", Array("[[[broken\n".utf8), ":\(lastLine):3: syntax error: expected a key"),
            ("deep", Array("a=".utf8) + Array(repeating: UInt8(ascii: "["), count: 100_000), ":\(lastLine):"),
            ("not-utf8", Array("x = \"".utf8) + [0xC3, 0x28, 0xFF] + Array("\"\n".utf8), ":\(lastLine):6: syntax error: the text is not valid UTF-8"),
            ("nul", Array("# a".utf8) + [0x00] + Array("\n".utf8), ":\(lastLine):4: syntax error: control character U+0000"),
        ]
        for (name, tail, expected) in cases {
            let path = try scratch.write("\(name).toml", text + tail)
            let output = try NewsclassProcess.run(["check-config", "--config", path])
            XCTAssertEqual(output.status, 78, "\(name): \(output.stderr.prefix(500))")
            XCTAssertTrue(output.stderr.contains("\(path)\(expected)"), "\(name): \(output.stderr.prefix(500))")
            XCTAssertTrue(output.stdout.isEmpty, name)
        }
    }

    func testEnvironmentVariableIsHonoured() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("env.toml", "[spool]\nunknown = 1\n")
        let output = try NewsclassProcess.run(["check-config"], environment: ["NEWSCLASS_CONFIG": path])
        XCTAssertEqual(output.status, 78)
        XCTAssertTrue(output.stderr.contains("\(path):2:1: spool.unknown: unknown key"), output.stderr)
    }

    func testClassifyWithBrokenConfigExits78() throws {
        let scratch = try ScratchDirectory()
        let config = try scratch.write("bad.toml", "[topics.x]\nthreshold = 2\n")
        let article = try scratch.write("a.txt", "text")
        let output = try NewsclassProcess.run(["classify", "--config", config, article])
        XCTAssertEqual(output.status, 78)
        XCTAssertTrue(output.stderr.contains(":2:1: topics.x.threshold"), output.stderr)
    }

    func testSummaryByDefaultAndEveryTermWithVerbose() throws {
        let summary = try NewsclassProcess.run(["check-config"], environment: ["NEWSCLASS_CONFIG": ""])
        XCTAssertEqual(summary.status, 0, summary.stderr)
        XCTAssertTrue(summary.stdout.contains("#   corruption_word"), summary.stdout)
        XCTAssertTrue(summary.stdout.contains("en 2, zh-Hans 1, zh-Hant 1, ja 2, ko 2"), summary.stdout)
        XCTAssertTrue(summary.stdout.contains("# gate: corruption_word counts if"), summary.stdout)
        XCTAssertFalse(summary.stdout.contains("\"brib*\""))
        let verbose = try NewsclassProcess.run(["check-config", "--verbose"], environment: ["NEWSCLASS_CONFIG": ""])
        XCTAssertEqual(verbose.status, 0, verbose.stderr)
        XCTAssertTrue(verbose.stdout.contains("[topics.corruption.concepts.graft]"), verbose.stdout)
        XCTAssertTrue(verbose.stdout.contains("\"brib*\""))
        XCTAssertTrue(verbose.stdout.contains("replace = true"))
        // The full print loads back to what it says.
        let scratch = try ScratchDirectory()
        let path = try scratch.write("full.toml", verbose.stdout)
        let again = try NewsclassProcess.run(["check-config", "--verbose", "--config", path])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(verbose.stdout.split(separator: "\n").dropFirst(), again.stdout.split(separator: "\n").dropFirst())
    }

    func testAnUnknownConceptInAnExtensionNamesTheUsersLine() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("gate.toml", """
            [topics.corruption]
            threshold = 0.5

            [[topics.corruption.gates]]
            concept = "corruption_word"
            intended = ["offical"]
            """)
        let output = try NewsclassProcess.run(["check-config", "--config", path])
        XCTAssertEqual(output.status, 78)
        XCTAssertTrue(output.stderr.contains("\(path):6:1: topics.corruption.gates[0].intended: unknown concept \"offical\""),
                      output.stderr)
    }

    func testDisabledAndAddedTopics() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("topics.toml", """
            [topics.climate]
            enabled = false

            [topics.floods.concepts.flood]
            en = ["flood*"]
            [[topics.floods.phrases]]
            concept = "flood"
            weight = 4
            """)
        let output = try NewsclassProcess.run(["check-config", "--config", path])
        XCTAssertEqual(output.status, 0, output.stderr)
        XCTAssertTrue(output.stderr.contains("topics: mining_ban, corruption, floods"), output.stderr)
        XCTAssertFalse(output.stdout.contains("[topics.climate]"))
    }
}
