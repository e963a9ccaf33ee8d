import NewsclassClassifier
import NewsclassTestSupport
import XCTest

final class TextNormalizerTests: XCTestCase {
    private func norm(_ s: String) -> String { TextNormalizer.normalize(s) }

    // MARK: Normal form

    func testASCIIIsLowercasedAndKept() {
        XCTAssertEqual(norm("Bitcoin Mining BAN, 2021!"), "bitcoin mining ban, 2021!")
        XCTAssertEqual(norm(""), "")
    }

    func testFullWidthAndCompatibilityForms() {
        XCTAssertEqual(norm("ＢＩＴＣＯＩＮ"), "bitcoin")
        XCTAssertEqual(norm("ｂｉｔｃｏｉｎ１２３！"), "bitcoin123!")
        XCTAssertEqual(norm("ﬁnance"), "finance")
        XCTAssertEqual(norm("①㎏"), "1kg")
        XCTAssertEqual(norm("ｶﾞｿﾘﾝ"), "ガソリン")
        XCTAssertEqual(norm("\u{2126}\u{212A}"), "ωk")  // Ohm and Kelvin signs
    }

    func testCaseFoldingBeyondASCII() {
        XCTAssertEqual(norm("ÉMISSIONS"), "emissions")
        XCTAssertEqual(norm("ДОБЫЧА"), "добыча")
        XCTAssertEqual(norm("ΟΔΟΣ"), "οδοσ")
        XCTAssertEqual(norm("οδος"), "οδοσ")
        XCTAssertEqual(norm("Straße STRASSE"), "strasse strasse")
        XCTAssertEqual(norm("İ"), "i")
    }

    func testCombiningSequencesCompose() {
        XCTAssertEqual(Array(norm("e\u{301}te\u{301}").unicodeScalars), Array("ete".unicodeScalars))
        XCTAssertEqual(Array(norm("E\u{301}").unicodeScalars), ["e"])
        XCTAssertEqual(Array(norm("\u{304B}\u{3099}").unicodeScalars), ["が"])
        XCTAssertEqual(Array(norm("\u{AC00}\u{11A8}").unicodeScalars), ["각"])
        XCTAssertEqual(Array(norm("\u{1100}\u{1161}").unicodeScalars), ["가"])
        // A soft hyphen disappears, and what follows may then compose.
        XCTAssertEqual(Array(norm("e\u{AD}\u{301}").unicodeScalars), ["e"])
    }

    func testDefaultIgnorablesAreRemoved() {
        XCTAssertEqual(norm("bit\u{AD}coin"), "bitcoin")
        XCTAssertEqual(norm("bit\u{200B}coin\u{FEFF}"), "bitcoin")
    }

    func testChineseIsCopiedAndNotConverted() {
        XCTAssertEqual(norm("比特币挖矿活动"), "比特币挖矿活动")
        XCTAssertEqual(norm("比特幣挖礦"), "比特幣挖礦")  // traditional stays traditional
        XCTAssertEqual(norm("整治虚拟货币“挖矿”活动。"), "整治虚拟货币挖矿活动。")
    }

    func testQuotesAndApostrophes() {
        XCTAssertEqual(norm("bitcoin’s ‘mining’ “ban”"), "bitcoin's 'mining' ban ")
        XCTAssertEqual(norm("l’État"), "l'etat")
    }

    func testQuotationMarksNeverSitInsidePhrases() {
        XCTAssertEqual(norm("zakaz „kopania” bitcoinów"), "zakaz kopania bitcoinow")
        XCTAssertEqual(norm("a \"crypto\"mining ban"), "a crypto mining ban")
        XCTAssertEqual(norm("«майнинг» ‹криптовалют›"), " майнинг криптовалют ")
        XCTAssertEqual(norm("« minage » de ＂bitcoins＂"), " minage de bitcoins ")
        // Next to a script written without spaces they vanish.
        XCTAssertEqual(norm("「挖矿」禁令、『比特幣』挖礦"), "挖矿禁令、比特幣挖礦")
        XCTAssertEqual(norm("“채굴”을 금지"), "채굴을 금지")
        XCTAssertEqual(norm("｢マイニング｣禁止"), "マイニング禁止")
    }

    func testAQuotedPhraseMatchesAndMapsBackToTheSource() throws {
        for (source, pattern, quoted) in [
            ("Rząd zakazał „kopania” bitcoinów w kraju.", "kopania bitcoin*", "kopania” bitcoin"),
            ("政府宣布「挖矿」禁令。", "挖矿禁令", "挖矿」禁令"),
        ] {
            let text = NormalizedText(source)
            let matcher = PatternMatcher(patterns: [pattern])
            let match = try XCTUnwrap(matcher.matches(in: text).first, source)
            let range = text.sourceScalarRange(ofBytes: match.range)
            let scalars = Array(source.unicodeScalars)
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[range])), quoted)
        }
    }

    func testHyphensAndDashesBecomeSpaces() {
        XCTAssertEqual(norm("crypto-mining"), "crypto mining")
        XCTAssertEqual(norm("crypto\u{2010}mining crypto\u{2011}mining"), "crypto mining crypto mining")
        XCTAssertEqual(norm("2019–2021 — a ban − b"), "2019 2021 a ban b")
        XCTAssertEqual(norm("挖矿——禁令"), "挖矿 禁令")
        XCTAssertEqual(norm("coal－fired"), "coal fired")
    }

    func testWhitespaceRunsCollapse() {
        XCTAssertEqual(norm("coal\n  mine"), "coal mine")
        XCTAssertEqual(norm("coal \r\n\t mine"), "coal mine")
        XCTAssertEqual(norm("coal\u{3000}mine\u{00A0}ban"), "coal mine ban")
        XCTAssertEqual(norm("  lead and trail \n"), " lead and trail ")
        XCTAssertEqual(norm("crypto -\nmining"), "crypto mining")
    }

    func testIdempotent() {
        let samples = [
            "ＢＩＴＣＯＩＮ ﬁnance ÉMISSIONS e\u{301} crypto-mining “quote” it’s",
            "他说。「好」下一句……然后", "a \u{301} ¨ \u{FDFA}", "  x  \n\n y ",
        ]
        for s in samples {
            XCTAssertEqual(norm(norm(s)), norm(s), s.debugDescription)
        }
    }

    /// Every scalar of the BMP and the assigned supplementary planes, alone, normalises exactly
    /// as the whole-string reference does: checks every fast path's assumptions.
    func testEveryScalarAgreesWithReference() {
        var failures: [String] = []
        for v in Array(UInt32(0)...0x3FFFF) + Array(UInt32(0xE0000)...0xE01EF) {
            guard let u = Unicode.Scalar(v) else { continue }
            let s = String(u)
            let got = TextNormalizer.normalizedBytes(s)
            let want = ReferenceNormalizer.normalize(s)
            if got != want { failures.append(String(v, radix: 16)) }
        }
        XCTAssertEqual(failures, [], "scalars normalised differently from the reference")
    }

    func testScalarsAfterStartersAgreeWithReference() {
        // The CJK and Hangul syllable blocks are left out (copied, never composing as second).
        let starters = ["e", "E", "か", "\u{AC00}", "\u{1100}", "Ａ", "é", "=", "ｶ"]
        var failures: [String] = []
        for v in UInt32(0x80)...0xFFFF {
            if (0x3400...0x9FFF).contains(v) || (0xAC00...0xD7A3).contains(v) { continue }
            guard let u = Unicode.Scalar(v) else { continue }
            for starter in starters {
                let s = starter + String(u)
                if TextNormalizer.normalizedBytes(s) != ReferenceNormalizer.normalize(s) {
                    failures.append("\(starter)+\(String(v, radix: 16))")
                }
            }
        }
        XCTAssertEqual(failures, [])
    }

    func testRandomStringsAgreeWithReference() {
        let alphabet: [String] = [
            "a", "B", "z", "Q", "0", "7", " ", "  ", "\n", "\n\n", "\r\n", "\t", "-", ".", "!", "?", "'",
            "\"", "é", "É", "e", "\u{301}", "\u{308}", "\u{323}", "ß", "ς", "Σ", "İ", "ﬁ", "Ａ", "ｂ",
            "１", "！", "\u{3000}", "\u{A0}", "—", "–", "’", "‘", "“", "”", "…", "。", "，", "」", "比",
            "特", "币", "挖", "矿", "か", "\u{3099}", "ｶ", "ﾞ", "가", "\u{11A8}", "\u{1100}", "\u{1161}",
            "\u{AD}", "\u{200B}", "①", "㎏", "\u{2126}", "\u{FDFA}", "Ä", "ö", "д", "Д", "α", "Ά", "¨",
            "\u{2029}", "\u{85}",
        ]
        let seed: UInt64 = 0x5EED_0001
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<2000 {
            let length = Int.random(in: 0...24, using: &rng)
            let s = (0..<length).map { _ in alphabet.randomElement(using: &rng)! }.joined()
            let text = NormalizedText(s)
            let want = ReferenceNormalizer.normalize(s)
            guard text.bytes == want else {
                XCTFail("seed \(seed) iteration \(iteration): \(s.debugDescription) → "
                    + "\(text.string.debugDescription), want \(String(decoding: want, as: UTF8.self).debugDescription)")
                return
            }
            // The offset map is monotonic and stays inside the source.
            let scalars = s.unicodeScalars.count
            XCTAssertEqual(text.sourceScalarCount, scalars)
            var previous = 0
            for i in 0...text.bytes.count {
                let o = text.sourceOffset(ofByte: i)
                XCTAssert(o >= previous && o <= scalars, "seed \(seed) iteration \(iteration) byte \(i)")
                previous = o
            }
            // Sentence indices are monotonic and cover the text.
            var lastSentence = 0
            for i in 0..<text.bytes.count {
                let k = text.sentenceIndex(ofByte: i)
                XCTAssert(k == lastSentence || k == lastSentence + 1, "seed \(seed) iteration \(iteration)")
                XCTAssert(text.byteRange(ofSentence: k).contains(i))
                lastSentence = k
            }
        }
    }

    /// Short strings of arbitrary BMP scalars, mixed with ASCII letters and spaces.
    func testRandomBMPStringsAgreeWithReference() {
        let seed: UInt64 = 0x5EED_0003
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<3000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 1...10, using: &rng) {
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: scalars.append(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &rng)))
                case 1: scalars.append(Unicode.Scalar(UInt32.random(in: 0x300...0x36F, using: &rng))!)
                default:
                    var v = UInt32.random(in: 0x80...0xFFFD, using: &rng)
                    if (0xD800...0xDFFF).contains(v) { v = 0x41 }
                    scalars.append(Unicode.Scalar(v)!)
                }
            }
            let s = String(scalars)
            let got = TextNormalizer.normalizedBytes(s)
            let want = ReferenceNormalizer.normalize(s)
            guard got == want else {
                XCTFail("seed \(seed) iteration \(iteration): \(s.unicodeScalars.map { String($0.value, radix: 16) }) → "
                    + "\(String(decoding: got, as: UTF8.self).debugDescription), want "
                    + "\(String(decoding: want, as: UTF8.self).debugDescription)")
                return
            }
        }
    }

    /// Long, mostly-ASCII prose: exercises the 8-byte fast path, its stops (sentence ends,
    /// double spaces, hyphens, line breaks) and the byte-exact offset map.
    func testRandomProseAgreesWithReferenceAndMapsBack() {
        let words = ["Bitcoin", "mining", "ban", "the", "of", "U.S.", "Mr.", "3.5", "crypto-mining", "A", "x"]
        let separators = [" ", " ", " ", " ", ", ", ". ", "! ", "? ", "  ", "\n", "\n\n", " - ", "-", "\t",
                          "\r\n", ".\" ", ") ", "; ", " \u{A0}", "’s ", "\u{3000}", "。", " 挖矿 "]
        let seed: UInt64 = 0x5EED_0002
        var rng = SeededGenerator(seed: seed)
        for iteration in 0..<400 {
            var s = ""
            for _ in 0..<Int.random(in: 1...60, using: &rng) {
                s += words.randomElement(using: &rng)! + separators.randomElement(using: &rng)!
            }
            let text = NormalizedText(s)
            let want = ReferenceNormalizer.normalize(s)
            guard text.bytes == want else {
                XCTFail("seed \(seed) iteration \(iteration): \(s.debugDescription) → \(text.string.debugDescription)")
                return
            }
            let source = Array(s.unicodeScalars)
            for (i, byte) in text.bytes.enumerated() where byte < 0x80 {
                let scalar = source[text.sourceOffset(ofByte: i)]
                let expected: Set<UInt8>
                switch byte {
                case 0x20: expected = []  // any whitespace or dash; checked below
                case 0x27: expected = [0x27]
                default: expected = [byte]
                }
                if byte == 0x20 {
                    XCTAssert(scalar.properties.isWhitespace || ReferenceNormalizer.dashes.contains(scalar.value)
                              || ReferenceNormalizer.quotes.contains(scalar.value),
                              "seed \(seed) iteration \(iteration) byte \(i): space from \(scalar.debugDescription)")
                } else if scalar.value < 0x80 {
                    let lowered = Array(String(scalar).lowercased().utf8)
                    XCTAssert(lowered.count == 1 && expected.contains(lowered[0]),
                              "seed \(seed) iteration \(iteration) byte \(i): \(byte) from \(scalar.debugDescription)")
                }
            }
            for k in 0..<text.sentenceCount {
                XCTAssertFalse(text.byteRange(ofSentence: k).isEmpty, "seed \(seed) iteration \(iteration)")
            }
        }
    }

    // MARK: Offsets back to the source

    func testSourceOffsetsForASCII() {
        let t = NormalizedText("Coal  mine")
        XCTAssertEqual(t.string, "coal mine")
        XCTAssertEqual((0...t.bytes.count).map { t.sourceOffset(ofByte: $0) }, [0, 1, 2, 3, 4, 6, 7, 8, 9, 10])
    }

    func testSourceOffsetsForMultibyteAndChangedLengthScalars() {
        // source scalars: 0 比 1 特 2 币 3 Ｂ 4 ﬁ 5 e 6 ◌́ 7 ' ' 8 ’ 9 s 10 — 11 x 12 ß
        let t = NormalizedText("比特币Ｂﬁe\u{301} ’s—xß")
        XCTAssertEqual(t.string, "比特币bfie 's xss")
        let offsets = (0..<t.bytes.count).map { t.sourceOffset(ofByte: $0) }
        XCTAssertEqual(offsets, [
            0, 0, 0, 1, 1, 1, 2, 2, 2,  // 比特币
            3,                          // b from Ｂ
            4, 4,                       // fi from ﬁ
            5,                          // e from e + U+0301 (composed, then folded)
            7,                          // space
            8,                          // ' from ’
            9,                          // s
            10,                         // space from —
            11,                         // x
            12, 12,                     // ss from ß
        ])
        XCTAssertEqual(t.sourceOffset(ofByte: t.bytes.count), 13)
        XCTAssertEqual(t.sourceScalarCount, 13)
        // "e" covers both source scalars, "ss" the one ß.
        XCTAssertEqual(t.sourceScalarRange(ofBytes: 12..<13), 5..<7)
        XCTAssertEqual(t.sourceScalarRange(ofBytes: 18..<20), 12..<13)
        XCTAssertEqual(t.sourceScalarRange(ofBytes: 0..<6), 0..<2)
    }

    func testSourceRangeOfAMatchSlicesTheSource() throws {
        let source = "Officials said ＢＩＴＣＯＩＮ\u{3000}mining was banned."
        let text = NormalizedText(source)
        let matcher = PatternMatcher(patterns: ["bitcoin mining"])
        let match = try XCTUnwrap(matcher.matches(in: text).first)
        let range = text.sourceScalarRange(ofBytes: match.range)
        let scalars = Array(source.unicodeScalars)
        XCTAssertEqual(String(String.UnicodeScalarView(scalars[range])), "ＢＩＴＣＯＩＮ\u{3000}mining")
    }

    // MARK: Sentences

    private func sentences(_ s: String) -> [String] {
        let t = NormalizedText(s)
        return (0..<t.sentenceCount).map {
            String(decoding: t.bytes[t.byteRange(ofSentence: $0)], as: UTF8.self)
        }
    }

    func testSentenceSplitAtTerminatorFollowedBySpace() {
        XCTAssertEqual(sentences("Miners left. The ban worked! Why? Nobody knows"),
                       ["miners left. ", "the ban worked! ", "why? ", "nobody knows"])
        XCTAssertEqual(sentences("He said \"stop.\" Then left."), ["he said stop. ", "then left."])
        XCTAssertEqual(sentences("He said “stop.” Then left."), ["he said stop. ", "then left."])
    }

    func testNoSplitInsideNumbersAndAbbreviations() {
        XCTAssertEqual(sentences("Prices rose 3.5 percent."), ["prices rose 3.5 percent."])
        XCTAssertEqual(sentences("U.S. officials met Mr. Li and J. Smith on Jan. 5."),
                       ["u.s. officials met mr. li and j. smith on jan. 5."])
        XCTAssertEqual(sentences("Output rose 3.5. Then it fell... Later"),
                       ["output rose 3.5. ", "then it fell... ", "later"])
    }

    func testChineseTerminatorsSplitWithoutSpace() {
        XCTAssertEqual(sentences("他说。「好。」下一句！然后？再；最后……结束"),
                       ["他说。", "好。", "下一句!", "然后?", "再;", "最后......", "结束"])
    }

    func testParagraphBreakSplits() {
        XCTAssertEqual(sentences("Headline without stop\n\nBody text"), ["headline without stop ", "body text"])
        XCTAssertEqual(sentences("one line\r\n  \r\nnext"), ["one line ", "next"])
        XCTAssertEqual(sentences("wrapped\nline"), ["wrapped line"])
        XCTAssertEqual(sentences("标题\u{2029}正文"), ["标题 ", "正文"])
    }

    func testSentenceIndexLookup() {
        let t = NormalizedText("We go. It is. Ok")
        XCTAssertEqual(t.sentenceCount, 3)
        XCTAssertEqual((0..<t.bytes.count).map { t.sentenceIndex(ofByte: $0) },
                       [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2])
        XCTAssertEqual(t.sentenceIndex(ofByte: t.bytes.count), 2)
        XCTAssertEqual(NormalizedText("").sentenceCount, 1)
        XCTAssertEqual(NormalizedText("Ends here. ").sentenceCount, 1)
    }

    // MARK: Script folding

    func testLatinDiacriticsAreFolded() {
        XCTAssertEqual(norm("Émissions réduites à zéro"), "emissions reduites a zero")
        XCTAssertEqual(norm("Łapówka, Øresund, Æther, Œuvre, Đà Nẵng"), "lapowka, oresund, aether, oeuvre, da nang")
        XCTAssertEqual(norm("rüşvetçi ÇAĞRI"), "rusvetci cagri")
        XCTAssertEqual(norm("Straße"), "strasse")
    }

    func testTurkishDottedAndDotlessI() {
        XCTAssertEqual(norm("İSTANBUL ılık İzmir"), "istanbul ilik izmir")
        XCTAssertEqual(norm("yolsuzluk YOLSUZLUK"), "yolsuzluk yolsuzluk")
    }

    func testVietnameseToneMarksAreFolded() {
        XCTAssertEqual(norm("Tham nhũng và hối lộ"), "tham nhung va hoi lo")
        XCTAssertEqual(norm("khai thác tiền ảo"), "khai thac tien ao")
        // Decomposed input folds the same way.
        XCTAssertEqual(norm("nhu\u{303}ng e\u{323}\u{302}"), "nhung e")
    }

    func testArabicLettersAndTashkeelAreFolded() {
        XCTAssertEqual(norm("الفَسَاد"), "الفساد")
        XCTAssertEqual(norm("أإآٱ"), "اااا")
        XCTAssertEqual(norm("مستشفى"), "مستشفي")
        XCTAssertEqual(norm("فسـاد"), "فساد")  // tatweel
        XCTAssertEqual(norm("کمیته"), "كميته")  // Persian kaf and yeh
        XCTAssertEqual(norm("ة ؤ ئ"), "ة ؤ ئ")  // kept
    }

    func testCyrillicYoAndOtherScriptsMarks() {
        XCTAssertEqual(norm("Ёлка, её"), "елка, ее")
        // Devanagari matras and Thai vowels carry meaning: kept.
        XCTAssertEqual(norm("भ्रष्टाचार"), "भ्रष्टाचार")
        XCTAssertEqual(norm("การทุจริต"), "การทุจริต")
    }

    func testFoldingIsIdempotentAndMapsBackExactly() {
        let source = "Hối lộ: İzmir’de rüşvet — الفَسَاد ÉTÉ ёж æ"
        let once = NormalizedText(source)
        XCTAssertEqual(norm(once.string), once.string)
        XCTAssertEqual(once.string, "hoi lo: izmir'de rusvet الفساد ete еж ae")
        let scalars = Array(source.unicodeScalars)
        // Every byte maps to the source scalar that produced it.
        let e = once.string.utf8.count - 2  // the "a" of "ae"
        XCTAssertEqual(scalars[once.sourceOffset(ofByte: e)], "æ")
        XCTAssertEqual(once.sourceScalarRange(ofBytes: e..<(e + 2)), (scalars.count - 1)..<scalars.count)
        let rusvet = try? XCTUnwrap(once.string.range(of: "rusvet"))
        let start = once.string.utf8.distance(from: once.string.startIndex, to: rusvet!.lowerBound)
        let range = once.sourceScalarRange(ofBytes: start..<(start + 6))
        XCTAssertEqual(String(String.UnicodeScalarView(scalars[range])), "rüşvet")
    }
}
