import NewsclassClassifier
import NewsclassTestSupport
import XCTest

/// `PatternMatcher` against a brute-force reference on random pattern sets and texts.
final class PatternMatcherPropertyTests: XCTestCase {
    /// Small alphabets make collisions, overlaps and boundary cases frequent.
    private static let textAlphabet: [String] = [
        "a", "b", "c", "A", "B", " ", " ", "  ", "\n", "-", "'", ".", "1",
        "挖", "矿", "币", "ａ", "Ｂ", "é", "É", "ß", "s",
        // Script folding and Arabic clitics.
        "e\u{301}", "ệ", "ı", "İ", "ł", "æ", "ё", "و", "ا", "ل", "ف", "س", "ب", "أ", "ى", "\u{64E}", "ـ",
        "क", "\u{93F}",
    ]

    private func randomString(_ length: ClosedRange<Int>, _ rng: inout SeededGenerator) -> String {
        let n = Int.random(in: length, using: &rng)
        return (0..<n).map { _ in Self.textAlphabet.randomElement(using: &rng)! }.joined()
    }

    private func randomPatterns(for text: String, _ rng: inout SeededGenerator) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return (0..<Int.random(in: 1...8, using: &rng)).map { _ in
            var pattern: String
            if !scalars.isEmpty && Bool.random(using: &rng) {
                // A slice of the text, so that matches are likely.
                let a = Int.random(in: 0..<scalars.count, using: &rng)
                let b = Int.random(in: a...min(scalars.count, a + 5), using: &rng)
                pattern = String(String.UnicodeScalarView(scalars[a..<b]))
            } else {
                pattern = randomString(0...4, &rng)
            }
            if Int.random(in: 0..<4, using: &rng) == 0 { pattern = pattern.uppercased() }
            if Int.random(in: 0..<3, using: &rng) == 0 { pattern += "*" }
            return pattern
        }
    }

    private func check(seed: UInt64, iterations: Int, representation: PatternMatcher.Representation) {
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<iterations {
            let text = randomString(0...40, &rng)
            let patterns = randomPatterns(for: text, &rng)
            let normalized = NormalizedText(text)
            let matcher = PatternMatcher(patterns: patterns, representation: representation)
            let got = matcher.matches(in: normalized)
            let want = ReferenceMatcher.matches(patterns: patterns, in: normalized)
            if got != want {
                XCTFail("""
                    seed \(seed) iteration \(iteration) (\(representation)):
                    patterns \(patterns.map(\.debugDescription)) text \(text.debugDescription)
                    normalised \(normalized.string.debugDescription)
                    got  \(got)
                    want \(want)
                    """)
                return
            }
        }
    }

    func testDFAMatchesBruteForce() {
        check(seed: 0xC0FFEE, iterations: 600, representation: .dfa)
    }

    func testNFAMatchesBruteForce() {
        check(seed: 0xBADC0DE, iterations: 600, representation: .nfa)
    }

    /// Rows for the states nearest the root, sparse edges beyond: the scan moves between
    /// both layouts.
    func testMixedLayoutMatchesBruteForce() {
        check(seed: 0x5A55, iterations: 400, representation: .rows(6))
    }

    /// Texts of a few KB: the DFA scans them as two streams that meet in the middle, so
    /// matches across the seam must be reported once and in order.
    func testLongTextsMatchBruteForce() {
        let seed: UInt64 = 0x5EA4
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<30 {
            let text = randomString(800...2500, &rng)
            let normalized = NormalizedText(text)
            let scalars = Array(normalized.string.unicodeScalars)
            // Patterns taken around the middle of the text and elsewhere.
            var patterns = randomPatterns(for: text, &rng)
            for _ in 0..<6 {
                let a = Int.random(in: max(0, scalars.count / 2 - 8)..<max(1, scalars.count / 2 + 2), using: &rng)
                let b = min(scalars.count, a + Int.random(in: 1...8, using: &rng))
                if a < b { patterns.append(String(String.UnicodeScalarView(scalars[a..<b]))) }
            }
            let want = ReferenceMatcher.matches(patterns: patterns, in: normalized)
            for representation in [PatternMatcher.Representation.dfa, .nfa, .rows(4), .rows(40)] {
                let got = PatternMatcher(patterns: patterns, representation: representation).matches(in: normalized)
                guard got == want else {
                    let firstDifference = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
                    let names = patterns.map(\.debugDescription)
                    XCTFail("seed \(seed) iteration \(iteration) (\(representation)): patterns \(names), "
                        + "text of \(normalized.bytes.count) bytes: got \(got.count) matches, "
                        + "want \(want.count); first difference at \(firstDifference)")
                    return
                }
            }
        }
    }

    /// Larger pattern sets over a longer text: many shared prefixes and suffix outputs.
    func testManyPatternsMatchBruteForce() {
        let seed: UInt64 = 0xFEED
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<40 {
            let text = randomString(100...300, &rng)
            var patterns: [String] = []
            for _ in 0..<10 { patterns += randomPatterns(for: text, &rng) }
            let normalized = NormalizedText(text)
            let want = ReferenceMatcher.matches(patterns: patterns, in: normalized)
            for representation in [PatternMatcher.Representation.dfa, .nfa, .rows(4), .rows(40)] {
                let got = PatternMatcher(patterns: patterns, representation: representation).matches(in: normalized)
                guard got == want else {
                    XCTFail("seed \(seed) iteration \(iteration) (\(representation)): patterns "
                        + "\(patterns.map(\.debugDescription)) text \(text.debugDescription)\ngot  \(got)\nwant \(want)")
                    return
                }
            }
        }
    }
}
