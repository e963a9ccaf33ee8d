import Foundation
import NewsclassTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// SIGHUP with a configuration that is not TOML: the daemon refuses it, says where the file
/// is wrong, and goes on with the configuration it has. (With toml++ these inputs aborted
/// the daemon with an assertion.)
final class BadConfigReloadTests: XCTestCase {
    private let good = """
        [spool]
        max_bytes = 1048576

        [topics.tea]
        description = "tea"
        threshold = 0.3
        [[topics.tea.phrases]]
        weight = 5
        terms = ["oolong"]

        """

    func testNastyConfigurationsAreRefusedAndTheOldOneStays() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon(config: good)
        let configFile = spool.root.appendingPathComponent("newsclass-0.toml")
        let badLine = good.split(separator: "\n", omittingEmptySubsequences: false).count

        let nasty: [(String, [UInt8], String)] = [
            ("a broken header", Array("[[[broken\n".utf8), ":\(badLine):3: syntax error"),
            ("arrays 100 000 deep", Array("a=".utf8) + Array(repeating: UInt8(ascii: "["), count: 100_000), ":\(badLine):"),
            ("bytes that are not UTF-8", Array("x = \"".utf8) + [0xC3, 0x28, 0xFE, 0xFF] + Array("\"\n".utf8), ":\(badLine):6: syntax error: the text is not valid UTF-8"),
            ("a NUL byte", Array("# a".utf8) + [0x00] + Array("\n".utf8), ":\(badLine):4: syntax error: control character U+0000"),
        ]
        for (number, (name, tail, expected)) in nasty.enumerated() {
            try Data(Array(good.utf8) + tail).write(to: configFile, options: .atomic)
            daemon.signal(SIGHUP)
            waitForRefusals(number + 1, daemon, name)
            XCTAssertTrue(daemon.process.isRunning, "\(name): the daemon is gone:\n\(daemon.stderr.suffix(2000))")
            let refusal = "reload refused: \(configFile.path)\(expected)"
            XCTAssertTrue(daemon.stderr.contains(refusal), "\(name): no \"\(refusal)\" in:\n\(daemon.stderr.suffix(2000))")
        }

        // Still the old configuration: only the tea topic, classifying what comes next.
        try spool.dropByRename("tea.txt", Array("Oolong prices. The oolong harvest was good.\n".utf8))
        let records = spool.waitForFiles(["tea.txt"], daemon: daemon)
        XCTAssertEqual(records.first?["event"] as? String, "classified")
        XCTAssertEqual(records.first?["topics"] as? [String], ["tea"])
        XCTAssertEqual(daemon.terminate(), 0, daemon.stderr)
        XCTAssertFalse(daemon.wasKilled)
    }

    private func waitForRefusals(_ count: Int, _ daemon: BackgroundProcess, _ name: String, line: UInt = #line) {
        let deadline = Date(timeIntervalSinceNow: 60)
        while daemon.stderr.components(separatedBy: "reload refused: ").count - 1 < count {
            if !daemon.process.isRunning || Date() > deadline {
                XCTFail("\(name): no refusal (running: \(daemon.process.isRunning)):\n\(daemon.stderr.suffix(2000))", line: line)
                return
            }
            usleep(20_000)
        }
    }
}
