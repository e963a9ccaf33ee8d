@testable import NewsclassClassifier
import XCTest

/// The header check that stands between a stored image and the scan: anything that is not
/// an image of this format for this many patterns is refused without reading the tables.
final class AutomatonImageTests: XCTestCase {
    private let patterns = [
        CompiledPattern(bytes: TextNormalizer.normalizedBytes("mining ban"), isPrefix: false),
        CompiledPattern(bytes: TextNormalizer.normalizedBytes("挖矿"), isPrefix: false),
        CompiledPattern(bytes: TextNormalizer.normalizedBytes("corrupt"), isPrefix: true),
        CompiledPattern(bytes: TextNormalizer.normalizedBytes("verbot"), isPrefix: false, isSuffix: true),
    ]

    /// A copy of `image` in fresh page-aligned memory, changed by `edit`.
    private func copy(of image: MatcherImage, _ edit: (UnsafeMutableRawPointer) -> Void = { _ in }) -> MatcherImage {
        let (copy, base) = MatcherImage.allocate(byteCount: image.bytes.count)
        base.copyMemory(from: image.bytes.baseAddress!, byteCount: image.bytes.count)
        edit(base)
        return copy
    }

    func testAnImageReadsBackAsTheSameAutomaton() throws {
        let built = Automaton.build(patterns: patterns, representation: .rows(3))
        let automaton = try XCTUnwrap(Automaton(image: copy(of: built), patternCount: patterns.count))
        let original = try XCTUnwrap(Automaton(image: built, patternCount: patterns.count))
        XCTAssertEqual(automaton.stateCount, original.stateCount)
        XCTAssertEqual(automaton.denseCount, 3)
        let text = Array(TextNormalizer.normalizedBytes("A mining ban; corruption, 挖矿 and Schürfverbot."))
        var got: [PatternMatch] = []
        var want: [PatternMatch] = []
        text.withUnsafeBufferPointer { buffer in
            automaton.search(buffer) { got.append($0) }
            original.search(buffer) { want.append($0) }
        }
        XCTAssertEqual(got.count, 4)
        XCTAssertEqual(got, want)
    }

    /// Stored tables are trusted by their format byte: a change to what the build writes must
    /// come with a new `formatVersion`, or a daemon would map an older build's file and read
    /// it the new way. This pins the bytes of one image; when it fails, bump the version and
    /// take the new value.
    func testTheFormatVersionChangesWithTheImage() {
        let built = Automaton.build(patterns: patterns, representation: .rows(3))
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in built.bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        XCTAssertEqual("\(AutomatonImage.formatVersion) \(String(hash, radix: 16))", "1 247a6272ec9ba0c2",
                       "the image changed: bump AutomatonImage.formatVersion and pin the new value")
    }

    func testBuiltTablesPassTheCheck() {
        for representation in [PatternMatcher.Representation.automatic, .dfa, .nfa, .rows(3)] {
            let automaton = Automaton(image: Automaton.build(patterns: patterns, representation: representation),
                                      patternCount: patterns.count)
            XCTAssertEqual(automaton?.tablesAreSound(), true, "\(representation)")
        }
    }

    /// Tables altered at random (one to eight 32-bit words past the header, any section):
    /// whatever the check lets through scans any text without trapping or hanging.
    func testAlteredTablesAreRefusedOrScanSafely() {
        let built = Automaton.build(patterns: patterns, representation: .rows(5))
        let words = (built.bytes.count - AutomatonImage.headerSize) / 4
        let texts = ["A mining ban; corruption, 挖矿 and Schürfverbot.", String(repeating: "corrupt 挖矿 verbot ", count: 60)]
            .map { Array(TextNormalizer.normalizedBytes($0)) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        var refused = 0
        var scanned = 0
        for _ in 0..<3000 {
            let image = copy(of: built) { base in
                for _ in 0...next(8) {
                    let word = AutomatonImage.headerSize / 4 + next(words)
                    let value: UInt32 = [0, 1, 0xFFFF_FFFF, UInt32(next(1 << 20)), UInt32(next(64))][next(5)]
                    base.storeBytes(of: value, toByteOffset: word * 4, as: UInt32.self)
                }
            }
            guard let automaton = Automaton(image: image, patternCount: patterns.count), automaton.tablesAreSound() else {
                refused += 1
                continue
            }
            for text in texts {
                text.withUnsafeBufferPointer { buffer in
                    automaton.search(buffer) { match in
                        XCTAssertTrue(match.start >= 0 && match.start <= match.end && match.end <= buffer.count)
                        XCTAssertTrue(match.pattern < self.patterns.count)
                    }
                }
            }
            scanned += 1
        }
        XCTAssertGreaterThan(refused, 100, "the check refuses tables that point outside")
        XCTAssertGreaterThan(scanned, 100, "and lets through changes that are harmless")
    }

    func testForeignOrInconsistentImagesAreRefused() {
        let built = Automaton.build(patterns: patterns, representation: .automatic)
        XCTAssertNil(Automaton(image: built, patternCount: patterns.count + 1), "another lexicon's")
        XCTAssertNil(Automaton(image: copy(of: built) { $0.storeBytes(of: 2, toByteOffset: 7, as: UInt8.self) }, patternCount: 4),
                     "another format")
        XCTAssertNil(Automaton(image: copy(of: built) { $0.storeBytes(of: 0x0403_0201, toByteOffset: 8, as: UInt32.self) },
                               patternCount: 4), "the other byte order")
        // A section that would reach past the end of the bytes.
        let transitionsCount = 80 + AutomatonImage.Section.transitions.rawValue * 16 + 8
        XCTAssertNil(Automaton(image: copy(of: built) { $0.storeBytes(of: UInt64(1 << 40), toByteOffset: transitionsCount, as: UInt64.self) },
                               patternCount: 4))
        // A state count that disagrees with the tables' sizes.
        XCTAssertNil(Automaton(image: copy(of: built) { $0.storeBytes(of: UInt64(3), toByteOffset: 16, as: UInt64.self) },
                               patternCount: 4))
        let (short, _) = MatcherImage.allocate(byteCount: 100)
        XCTAssertNil(Automaton(image: short, patternCount: 4), "shorter than a header")
    }
}
