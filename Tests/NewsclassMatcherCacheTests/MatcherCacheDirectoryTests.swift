import Foundation
import NewsclassClassifier
import NewsclassDigest
import NewsclassMatcherCache
import NewsclassTestSupport
import Synchronization
import XCTest

final class MatcherCacheDirectoryTests: XCTestCase {
    /// Terms in several scripts, prefix and suffix patterns, enough for sparse states with
    /// `.rows(40)`.
    static let patterns = [
        "bitcoin mining", "mining ban", "crypto*", "*verbot", "corruption", "bribe*", "climate change",
        "挖矿", "比特币", "腐败", "气候变化", "майнинг", "коррупция", "فساد", "खनन", "암호화폐", "carbon tax",
        "mineração", "corrupción", "klimat*", "mining", "ban",
    ]
    static let texts = [
        "Officials announced a mining ban on bitcoin mining farms; cryptocurrency traders shrugged.",
        "中国再次打击比特币挖矿，腐败官员被调查。气候变化议题也在会上讨论。",
        "Власти запретили майнинг; дело о коррупции передано в суд. والفساد منتشر",
        "Das Schürfverbot gilt ab Mai. Klimaschutz und carbon tax, mineração, corrupción, 암호화폐 खनन",
        "examining urban bans: no match here, nor in bitcoinmining",
    ]

    private func matches(_ matcher: PatternMatcher) -> [[PatternMatch]] {
        Self.texts.map { matcher.matches(in: NormalizedText($0)) }
    }

    private final class Warnings: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func add(_ line: String) { lines.withLock { $0.append(line) } }
    }

    private func tableFiles(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tables") }.sorted()
    }

    private func inode(_ path: String) throws -> Int {
        try XCTUnwrap((try FileManager.default.attributesOfItem(atPath: path))[.systemFileNumber] as? Int)
    }

    func testTablesAreWrittenOnceThenMappedFromTheFileWithTheSameMatches() throws {
        let scratch = try ScratchDirectory()
        let folder = scratch.url.appendingPathComponent("cache")
        let warnings = Warnings()
        let store = MatcherCacheDirectory(path: folder.path, warn: warnings.add)
        for representation in [PatternMatcher.Representation.automatic, .rows(40), .nfa] {
            let reference = matches(PatternMatcher(patterns: Self.patterns, representation: representation))
            XCTAssertFalse(reference.joined().isEmpty)
            let first = PatternMatcher(patterns: Self.patterns, representation: representation, tables: store)
            XCTAssertEqual(matches(first), reference, "built and handed to the store")
            let second = PatternMatcher(patterns: Self.patterns, representation: representation, tables: store)
            XCTAssertEqual(matches(second), reference, "mapped from the file")
        }
        let files = try tableFiles(folder)
        XCTAssertEqual(files.count, 3, "one file per representation: \(files)")
        let path = folder.appendingPathComponent(files[0]).path
        let before = try inode(path)
        let mapped = PatternMatcher(patterns: Self.patterns, representation: .automatic, tables: store)
        XCTAssertTrue(processMappings().contains(folder.path), "the tables are mapped from the folder")
        XCTAssertTrue(mapped.hasMatch(in: NormalizedText(Self.texts[0])))
        XCTAssertEqual(try tableFiles(folder), files)
        XCTAssertEqual(try inode(path), before, "an unchanged lexicon is read, not written again")
        let mode = try XCTUnwrap((try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o077, 0, "only the daemon's user reads its tables")
        XCTAssertEqual(warnings.all, [])
    }

    /// A cache folder in which the built-in-like lexicon's tables file was just written.
    private struct WrittenCache {
        let scratch: ScratchDirectory
        let folder: URL
        let warnings: Warnings
        let store: MatcherCacheDirectory
        /// The one tables file.
        let path: String
    }

    private func writtenCache() throws -> WrittenCache {
        let scratch = try ScratchDirectory()
        let folder = scratch.url.appendingPathComponent("cache")
        let warnings = Warnings()
        let store = MatcherCacheDirectory(path: folder.path, warn: warnings.add)
        _ = PatternMatcher(patterns: Self.patterns, representation: .automatic, tables: store)
        let path = folder.appendingPathComponent(try XCTUnwrap(try tableFiles(folder).first)).path
        return WrittenCache(scratch: scratch, folder: folder, warnings: warnings, store: store, path: path)
    }

    func testADamagedFileIsRebuiltAndReplaced() throws {
        let cache = try writtenCache()
        let (folder, warnings, store, path) = (cache.folder, cache.warnings, cache.store, cache.path)
        let reference = matches(PatternMatcher(patterns: Self.patterns, representation: .automatic))
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        bytes[bytes.count / 2] ^= 0xFF  // one row entry: a state that does not exist
        try bytes.write(to: URL(fileURLWithPath: path))
        let damagedInode = try inode(path)
        let matcher = PatternMatcher(patterns: Self.patterns, representation: .automatic, tables: store)
        XCTAssertEqual(matches(matcher), reference)
        XCTAssertTrue(warnings.all.contains { $0.contains("damaged") }, "\(warnings.all)")
        XCTAssertNotEqual(try inode(path), damagedInode, "replaced by a sound file")
        XCTAssertEqual(try tableFiles(folder).count, 1)
    }

    func testTablesThatFailTheCheckAreRebuiltEvenWithRightDigests() throws {
        let cache = try writtenCache()
        let (warnings, store, path) = (cache.warnings, cache.store, cache.path)
        let reference = matches(PatternMatcher(patterns: Self.patterns, representation: .automatic))
        var bytes = [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: path)))
        // Every row entry of the first DFA row (page-aligned at 4096) made 0xFFFFFFFF, a
        // state past the end; then the image's digest made right again, as a writer who
        // knows the format would.
        for i in 4096..<(4096 + 64) { bytes[i] = 0xFF }
        let imageEnd = bytes.count - 64
        let digest = SHA256.hash(Array(bytes[0..<imageEnd]))
        bytes.replaceSubrange((imageEnd + 32)..<bytes.count, with: digest)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let altered = try inode(path)
        let matcher = PatternMatcher(patterns: Self.patterns, representation: .automatic, tables: store)
        XCTAssertEqual(matches(matcher), reference)
        XCTAssertTrue(warnings.all.contains { $0.contains("fail the matcher's check") }, "\(warnings.all)")
        XCTAssertNotEqual(try inode(path), altered, "replaced by a sound file")
    }

    func testAFileOthersCanWriteIsNotTrusted() throws {
        let cache = try writtenCache()
        let (warnings, store, path) = (cache.warnings, cache.store, cache.path)
        XCTAssertEqual(chmod(path, 0o666), 0)
        let matcher = PatternMatcher(patterns: Self.patterns, representation: .automatic, tables: store)
        XCTAssertEqual(matches(matcher), matches(PatternMatcher(patterns: Self.patterns, representation: .automatic)))
        XCTAssertTrue(warnings.all.contains { $0.contains("writable by others") }, "\(warnings.all)")
    }

    func testAnUnusableFolderKeepsTheTablesInMemory() throws {
        let scratch = try ScratchDirectory()
        let blocker = try scratch.write("not-a-folder", Array("x".utf8))
        let warnings = Warnings()
        let store = MatcherCacheDirectory(path: blocker + "/cache", warn: warnings.add)
        let matcher = PatternMatcher(patterns: Self.patterns, representation: .automatic, tables: store)
        XCTAssertEqual(matches(matcher), matches(PatternMatcher(patterns: Self.patterns, representation: .automatic)))
        XCTAssertEqual(warnings.all.count, 1, "\(warnings.all)")
        XCTAssertTrue(warnings.all.first?.contains("stay in memory") == true, "\(warnings.all)")
    }

    func testOnlyTheMostRecentlyUsedFilesStay() throws {
        let scratch = try ScratchDirectory()
        let folder = scratch.url.appendingPathComponent("cache")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Tables of older lexicons, used an hour ago and more; a temporary file a crash left.
        for n in 0..<10 {
            let old = folder.appendingPathComponent("matcher-old\(n).tables")
            try Data([UInt8(n)]).write(to: old)
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -3600 - Double(n) * 60), .posixPermissions: 0o600],
                ofItemAtPath: old.path)
        }
        let stale = folder.appendingPathComponent(".matcher-AbC123")
        try Data([1]).write(to: stale)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: stale.path)
        let store = MatcherCacheDirectory(path: folder.path, warn: { _ in })
        _ = PatternMatcher(patterns: Self.patterns, representation: .automatic, tables: store)
        let files = try tableFiles(folder)
        XCTAssertEqual(files.count, MatcherCacheDirectory.keepFiles)
        XCTAssertEqual(files.filter { $0.hasPrefix("matcher-old") },
                       (0..<MatcherCacheDirectory.keepFiles - 1).map { "matcher-old\($0).tables" }, "the oldest go first")
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path))
    }
}
