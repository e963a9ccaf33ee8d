import Foundation
import NewsclassTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// The daemon keeps the matcher's tables in `$CACHE_DIRECTORY` (the unit's CacheDirectory=)
/// and maps them: one file per lexicon, written once, taken again by a later start.
final class MatcherCacheTests: XCTestCase {
    private func config(_ topic: String, _ term: String) -> String {
        """
        [topics.\(topic)]
        description = "\(topic)"
        threshold = 0.3
        [[topics.\(topic).phrases]]
        weight = 5
        terms = ["\(term)"]

        """
    }

    private func tableFiles(_ folder: URL) -> [String: Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var result: [String: Int] = [:]
        for name in names where name.hasSuffix(".tables") {
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            result[name] = attributes?[.systemFileNumber] as? Int
        }
        return result
    }

    private func topics(of file: String, _ records: [[String: Any]]) -> [String]? {
        records.first { $0["file"] as? String == file }?["topics"] as? [String]
    }

    private func maps(_ pid: pid_t) -> String {
        processMappings(String(pid))
    }

    func testTablesAreMappedFromTheCacheAndReusedForTheSameLexicon() throws {
        let spool = try TestSpool()
        let cache = spool.root.appendingPathComponent("cache")
        let environment: [String: String?] = ["CACHE_DIRECTORY": cache.path]

        let first = try spool.startDaemon(config: config("tea", "oolong"), environment: environment)
        let teaFiles = tableFiles(cache)
        XCTAssertEqual(teaFiles.count, 1, "one file for the lexicon: \(teaFiles)")
        let teaFile = try XCTUnwrap(teaFiles.keys.first)
        XCTAssertTrue(maps(first.pid).contains(cache.appendingPathComponent(teaFile).path), "the daemon maps its tables")
        try spool.dropByRename("tea.txt", Array("Oolong prices rose. The oolong harvest was good.\n".utf8))
        XCTAssertEqual(topics(of: "tea.txt", spool.waitForFiles(["tea.txt"], daemon: first)), ["tea"])

        // A reload with another lexicon: its own file, and the new topic classifies.
        let configFile = spool.root.appendingPathComponent("newsclass-0.toml")
        try config("coffee", "arabica").write(to: configFile, atomically: true, encoding: .utf8)
        first.signal(SIGHUP)
        let deadline = Date(timeIntervalSinceNow: 60)
        while !first.stderr.contains("configuration reloaded") && Date() < deadline { usleep(20_000) }
        XCTAssertEqual(tableFiles(cache).count, 2, "\(tableFiles(cache))\n\(first.stderr.suffix(1500))")
        try spool.dropByRename("coffee.txt", Array("Arabica beans. The arabica crop was small.\n".utf8))
        XCTAssertEqual(topics(of: "coffee.txt", spool.waitForFiles(["coffee.txt"], daemon: first)), ["coffee"])
        XCTAssertEqual(first.terminate(), 0, first.stderr)

        // The first lexicon again: its file is taken as it is, not written again.
        let second = try spool.startDaemon(config: config("tea", "oolong"), environment: environment)
        XCTAssertEqual(tableFiles(cache)[teaFile], teaFiles[teaFile], "same file, same inode")
        XCTAssertTrue(maps(second.pid).contains(cache.appendingPathComponent(teaFile).path))
        try spool.dropByRename("tea2.txt", Array("Oolong again. More oolong for everyone.\n".utf8))
        XCTAssertEqual(topics(of: "tea2.txt", spool.waitForFiles(["tea2.txt"], daemon: second)), ["tea"])
        XCTAssertFalse(second.stderr.contains("matcher cache:"), second.stderr)
        XCTAssertEqual(second.terminate(), 0, second.stderr)
    }

    func testWithoutACacheFolderTheTablesStayInMemory() throws {
        let spool = try TestSpool()
        let daemon = try spool.startDaemon(config: config("tea", "oolong"), environment: ["CACHE_DIRECTORY": nil])
        XCTAssertFalse(maps(daemon.pid).contains(".tables"))
        try spool.dropByRename("tea.txt", Array("Oolong prices rose. The oolong harvest was good.\n".utf8))
        XCTAssertEqual(topics(of: "tea.txt", spool.waitForFiles(["tea.txt"], daemon: daemon)), ["tea"])
        XCTAssertEqual(daemon.terminate(), 0, daemon.stderr)
    }
}
