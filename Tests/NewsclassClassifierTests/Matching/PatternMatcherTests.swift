import NewsclassClassifier
import NewsclassTestSupport
import XCTest

final class PatternMatcherTests: XCTestCase {
    /// Matched text of each match, as "index:text", for both representations (which must agree).
    private func found(_ patterns: [String], in source: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let text = NormalizedText(source)
        let dfa = PatternMatcher(patterns: patterns, representation: .dfa)
        let nfa = PatternMatcher(patterns: patterns, representation: .nfa)
        let matches = dfa.matches(in: text)
        XCTAssertEqual(matches, nfa.matches(in: text), "DFA and NFA disagree", file: file, line: line)
        return matches.map { "\($0.pattern):" + String(decoding: text.bytes[$0.range], as: UTF8.self) }
    }

    // MARK: Word boundaries

    func testWordBoundaryAtStart() {
        XCTAssertEqual(found(["mining"], in: "examining the mining"), ["0:mining"])
        XCTAssertEqual(found(["coin"], in: "bitcoin coin"), ["0:coin"])
    }

    func testWordBoundaryAtEndUnlessPrefix() {
        XCTAssertEqual(found(["mine"], in: "mines mined mine"), ["0:mine"])
        XCTAssertEqual(found(["mine*"], in: "mines mined mine examined"), ["0:mine", "0:mine", "0:mine"])
        XCTAssertEqual(found(["brib*"], in: "Bribe, bribes and BRIBERY; scribble"), ["0:brib", "0:brib", "0:brib"])
    }

    func testApostropheAndPunctuationAreBoundaries() {
        XCTAssertEqual(found(["bitcoin"], in: "bitcoin's price, (bitcoin) bitcoin."), ["0:bitcoin", "0:bitcoin", "0:bitcoin"])
        XCTAssertEqual(found(["bitcoin"], in: "Bitcoin’s rally"), ["0:bitcoin"])
        XCTAssertEqual(found(["ban"], in: "ban_list"), ["0:ban"])
    }

    func testDigitsAreWordScalars() {
        XCTAssertEqual(found(["cop"], in: "cop26 cop 26"), ["0:cop"])
        XCTAssertEqual(found(["cop26"], in: "COP26, cop266"), ["0:cop26"])
    }

    func testLatinNextToHanNeedsNoSpace() {
        XCTAssertEqual(found(["bitcoin"], in: "比特币bitcoin挖矿"), ["0:bitcoin"])
        XCTAssertEqual(found(["挖矿"], in: "bitcoin挖矿"), ["0:挖矿"])
    }

    func testNonASCIILettersAreWordScalars() {
        XCTAssertEqual(found(["emission"], in: "éemission emission"), ["0:emission"])
        XCTAssertEqual(found(["добыча"], in: "добычам добыча"), ["0:добыча"])
    }

    func testPatternEdgesWithPunctuationNeedNoBoundary() {
        XCTAssertEqual(found(["'s"], in: "bitcoin's"), ["0:'s"])
        XCTAssertEqual(found([" ban"], in: "urban ban"), ["0: ban"])
    }

    // MARK: Scripts written without spaces

    func testCJKSubstringMatching() {
        XCTAssertEqual(found(["挖矿"], in: "比特币挖矿活动"), ["0:挖矿"])
        XCTAssertEqual(found(["挖矿", "比特币挖矿", "矿"], in: "比特币挖矿活动"), ["0:挖矿", "1:比特币挖矿", "2:矿"])
        XCTAssertEqual(found(["比特幣"], in: "比特币 比特幣"), ["0:比特幣"])  // no simplification
        XCTAssertEqual(found(["マイニング"], in: "ビットコインのマイニング禁止"), ["0:マイニング"])
        XCTAssertEqual(found(["채굴"], in: "비트코인채굴을"), ["0:채굴"])
    }

    // MARK: Overlaps, duplicates, order

    func testOverlappingMatchesAreAllReported() {
        XCTAssertEqual(found(["coal mine", "mine", "coal"], in: "a coal mine"), ["2:coal", "0:coal mine", "1:mine"])
        XCTAssertEqual(found(["aa"], in: "aaaa"), [])  // boundaries forbid the inner ones
        XCTAssertEqual(found(["aa*"], in: "aaaa"), ["0:aa"])
        XCTAssertEqual(found(["矿矿"], in: "矿矿矿"), ["0:矿矿", "0:矿矿"])
    }

    func testOrderIsByEndThenPatternIndex() {
        let text = NormalizedText("the coal mine ban")
        let matcher = PatternMatcher(patterns: ["mine", "ban", "coal mine", "the"])
        XCTAssertEqual(matcher.matches(in: text), [
            PatternMatch(pattern: 3, start: 0, end: 3),
            PatternMatch(pattern: 0, start: 9, end: 13),
            PatternMatch(pattern: 2, start: 4, end: 13),
            PatternMatch(pattern: 1, start: 14, end: 17),
        ])
    }

    func testDuplicatePatternsReportEachIndex() {
        XCTAssertEqual(found(["mine", "Mine", "MINE*"], in: "mine"), ["0:mine", "1:mine", "2:mine"])
    }

    // MARK: Normalisation of patterns and text

    func testFullWidthAndCompatibilityForms() {
        XCTAssertEqual(found(["bitcoin"], in: "ＢＩＴＣＯＩＮ mining"), ["0:bitcoin"])
        XCTAssertEqual(found(["ＢＩＴＣＯＩＮ"], in: "Bitcoin"), ["0:bitcoin"])
        XCTAssertEqual(found(["financial"], in: "the ﬁnancial press"), ["0:financial"])
    }

    func testCaseFolding() {
        XCTAssertEqual(found(["émissions"], in: "ÉMISSIONS rose"), ["0:emissions"])
        XCTAssertEqual(found(["ÉMISSIONS"], in: "e\u{301}missions"), ["0:emissions"])
        XCTAssertEqual(found(["Carbon Neutrality"], in: "CARBON NEUTRALITY"), ["0:carbon neutrality"])
    }

    func testHyphensAndWhitespaceRuns() {
        XCTAssertEqual(found(["crypto mining"], in: "crypto-mining, crypto – mining, crypto\n   mining"),
                       ["0:crypto mining", "0:crypto mining", "0:crypto mining"])
        XCTAssertEqual(found(["crypto-mining"], in: "crypto mining"), ["0:crypto mining"])
        XCTAssertEqual(found(["coal phase out"], in: "coal phase-\nout"), ["0:coal phase out"])
    }

    // MARK: Odd patterns

    func testEmptyPatternsAreIgnored() {
        let matcher = PatternMatcher(patterns: ["", "*", "  ", "-", "ban", "\u{200B}", "**", "* *"])
        XCTAssertEqual(matcher.patternCount, 8)
        XCTAssertEqual(matcher.ignoredPatterns, [0, 1, 2, 3, 5, 6, 7])
        XCTAssertEqual(matcher.matches(in: NormalizedText("a ban - b")), [PatternMatch(pattern: 4, start: 2, end: 5)])
    }

    func testPrefixMarkerAndNormalizedForms() {
        let matcher = PatternMatcher(patterns: ["Brib*", "a*b", "Crypto-Mining"])
        XCTAssertEqual(matcher.normalizedPatterns, ["brib", "a*b", "crypto mining"])
        XCTAssertEqual(matcher.prefixPatterns, [true, false, false])
        XCTAssertEqual(found(["a*b"], in: "a*b ab"), ["0:a*b"])
    }

    func testLeadingStarAllowsAnyWordBeginning() {
        let matcher = PatternMatcher(patterns: ["*verbot", "*korruption*"])
        XCTAssertEqual(matcher.normalizedPatterns, ["verbot", "korruption"])
        XCTAssertEqual(matcher.suffixPatterns, [true, true])
        XCTAssertEqual(matcher.prefixPatterns, [false, true])
        XCTAssertEqual(found(["*verbot"], in: "Mining-Verbot, Schürfverbot, Verbot; Verbote"),
                       ["0:verbot", "0:verbot", "0:verbot"])
        XCTAssertEqual(found(["*korruption*"], in: "Antikorruptionsgesetz und Korruption"),
                       ["0:korruption", "0:korruption"])
    }

    func testArabicTermsMatchAfterCliticPrefixes() {
        let text = "الفساد والفساد بالفساد للفساد وبالفساد فساد إفساد مفسدة"
        XCTAssertEqual(found(["فساد"], in: text).count, 6, "after ال و ب ل and combinations, and alone")
        XCTAssertEqual(found(["فساد"], in: "إفساد الإفساد"), [], "a letter that is not a clitic still blocks")
        XCTAssertEqual(found(["رشوة"], in: "الرِّشْوَة"), ["0:رشوة"], "tashkeel is folded away first")
        XCTAssertEqual(found(["رشو*"], in: "ورشاوى بالرشوة"), ["0:رشو"])
        // Only Arabic-script terms get clitics: a Latin term after Arabic letters stays blocked.
        XCTAssertEqual(found(["ban"], in: "الban"), [])
    }

    func testDiacriticsDoNotMatter() {
        XCTAssertEqual(found(["rüşvet*"], in: "Rusvetci RÜŞVETLE"), ["0:rusvet", "0:rusvet"])
        XCTAssertEqual(found(["tham nhũng"], in: "Tham nhung và THAM NHŨNG"), ["0:tham nhung", "0:tham nhung"])
        XCTAssertEqual(found(["коррупция"], in: "Коррупцiя коррупция"), ["0:коррупция"])
        XCTAssertEqual(found(["ёлка"], in: "ЕЛКА"), ["0:елка"])
    }

    func testNoPatterns() {
        let matcher = PatternMatcher(patterns: [])
        XCTAssertEqual(matcher.patternCount, 0)
        XCTAssertEqual(matcher.matches(in: NormalizedText("anything")), [])
    }

    func testForEachMatchAndHasMatchAgreeWithMatches() {
        let matcher = PatternMatcher(patterns: ["ban", "mining", "挖矿"])
        let text = NormalizedText("Mining ban: 挖矿 banned, ban.")
        var seen: [PatternMatch] = []
        matcher.forEachMatch(in: text) { seen.append($0) }
        XCTAssertEqual(seen, matcher.matches(in: text))
        XCTAssertEqual(seen.count, 4)
        XCTAssertTrue(matcher.hasMatch(in: text))
        XCTAssertFalse(matcher.hasMatch(in: NormalizedText("banned miners")))
    }

    func testAutomaticRepresentationIsDFAForNewsSizedLexicons() {
        let patterns = (0..<1000).map { "term number \($0)" } + (0..<200).map { "挖矿第\($0)" }
        let matcher = PatternMatcher(patterns: patterns)
        XCTAssertTrue(matcher.isDFA)
        XCTAssertGreaterThan(matcher.memoryFootprint, 0)
        XCTAssertEqual(matcher.matches(in: NormalizedText("Term Number 999 and 挖矿第12")).map(\.pattern), [999, 1012])
    }

    /// Thousands of terms in many scripts: rows only near the root, the tables stay small,
    /// and the matches are those of the root-only layout.
    func testLargeMultiScriptLexiconStaysSmallAndAgrees() {
        var rng = SeededGenerator(seed: 0x1E41C0)
        let alphabets: [[String]] = [
            "eeaaiioonnrrsstlcdumphgbfywk".map(String.init), "оеаинтсрвлкмдпуяыьгзб".map(String.init),
            "اليمونهرتبكعفقسدحجشصطز".map(String.init), ["क", "ग", "त", "न", "प", "म", "र", "स", "ा", "ि", "े", "्"],
            "矿币禁止整治腐败贪污受贿官员气候碳排放能源".map(String.init), "채굴금지부패뇌물기후탄소".map(String.init),
        ]
        var patterns: [String] = []
        for alphabet in alphabets {
            for _ in 0..<1000 {
                let length = Int.random(in: 3...10, using: &rng)
                var term = (0..<length).map { _ in alphabet.randomElement(using: &rng)! }.joined()
                if Bool.random(using: &rng) { term += "*" }
                patterns.append(term)
            }
        }
        let automatic = PatternMatcher(patterns: patterns)
        XCTAssertFalse(automatic.isDFA, "\(automatic.stateCount) states should not all get rows")
        XCTAssertLessThanOrEqual(automatic.memoryFootprint, 12 << 20)
        let text = NormalizedText((0..<3000).map { _ in
            let alphabet = alphabets.randomElement(using: &rng)!
            return (0..<Int.random(in: 2...9, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
        }.joined(separator: " "))
        let rootOnly = PatternMatcher(patterns: patterns, representation: .nfa)
        let found = automatic.matches(in: text)
        XCTAssertGreaterThan(found.count, 100)
        XCTAssertEqual(found, rootOnly.matches(in: text))
    }

    /// More matches than the second stream keeps waiting: all still come, once, in order.
    func testManyMatchesInALongTextComeOnceInOrder() {
        let text = NormalizedText(String(repeating: "ab ", count: 20_000))
        for representation in [PatternMatcher.Representation.dfa, .nfa] {
            let matches = PatternMatcher(patterns: ["ab", "zz"], representation: representation).matches(in: text)
            XCTAssertEqual(matches.count, 20_000, "\(representation)")
            XCTAssertEqual(matches.map(\.end), (0..<20_000).map { 3 * $0 + 2 }, "\(representation)")
        }
    }
}
