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
