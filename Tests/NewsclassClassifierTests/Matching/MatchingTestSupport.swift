@testable import NewsclassClassifier

/// The normal form computed the slow, obvious way: whole-string NFKC (`NFKC`, checked
/// against Unicode's data by NFKCTests), case folding, then punctuation/dash/whitespace
/// rules. The real normaliser must agree with it byte for byte while taking its fast paths
/// scalar by scalar.
enum ReferenceNormalizer {
    static let dashes: Set<UInt32> = [
        0x2D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x2E3A, 0x2E3B, 0xFE58, 0xFE63,
        0xFF0D,
    ]
    static let apostrophes: Set<UInt32> = [0x2018, 0x2019, 0x201B, 0x02BC]
    /// Quotation marks read as spaces, like dashes, so that none sits inside a phrase.
    static let quotes: Set<UInt32> = [0x22, 0xAB, 0xBB, 0x201C, 0x201D, 0x201E, 0x201F, 0x2039, 0x203A]
    /// CJK corner brackets (quotation marks too).
    static let cornerBrackets: Set<UInt32> = [0x300C, 0x300D, 0x300E, 0x300F]

    static func nfkc(_ s: String) -> String {
        NFKC.normalize(s)
    }

    static func normalize(_ s: String) -> [UInt8] {
        var folded = String.UnicodeScalarView()
        for u in nfkc(s).unicodeScalars {
            if u.properties.isDefaultIgnorableCodePoint { continue }
            switch u.value {
            case 0xDF, 0x1E9E: folded.append(contentsOf: "ss".unicodeScalars)
            case 0x3C2: folded.append("σ")
            default: folded.append(contentsOf: u.properties.lowercaseMapping.unicodeScalars)
            }
        }
        let composed = fold(nfkc(String(folded)))
        var out: [UInt8] = []
        let scalars = Array(composed.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let u = scalars[i]
            let isQuote = quotes.contains(u.value) || cornerBrackets.contains(u.value)
            guard u.properties.isWhitespace || dashes.contains(u.value) || isQuote else {
                out.append(contentsOf: apostrophes.contains(u.value) ? [0x27] : Array(String(u).utf8))
                i += 1
                continue
            }
            // A run of spaces, dashes and quotes; one of quotes only vanishes next to a
            // spaceless script.
            var onlyQuotes = true
            while i < scalars.count {
                let w = scalars[i]
                let quote = quotes.contains(w.value) || cornerBrackets.contains(w.value)
                guard quote || w.properties.isWhitespace || dashes.contains(w.value) else { break }
                if !quote { onlyQuotes = false }
                i += 1
            }
            let before = String(decoding: out, as: UTF8.self).unicodeScalars.last
            let after = i < scalars.count ? scalars[i] : nil
            if onlyQuotes && (before.map { WordBoundary.isSpaceless($0.value) } == true
                              || after.map { WordBoundary.isSpaceless($0.value) } == true) {
                continue
            }
            if out.last != 0x20 { out.append(0x20) }
        }
        return out
    }
}

extension ReferenceNormalizer {
    static let letterMap: [UInt32: String] = [
        0x142: "l", 0xF8: "o", 0xE6: "ae", 0x153: "oe", 0x111: "d", 0x131: "i", 0x451: "е",
        0x622: "ا", 0x623: "ا", 0x625: "ا", 0x671: "ا", 0x649: "ي", 0x6CC: "ي", 0x6A9: "ك", 0x640: "",
    ]

    static func isLatin(_ v: UInt32) -> Bool {
        (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v) || (0xC0...0x2AF).contains(v) && v != 0xD7 && v != 0xF7
            || (0x1E00...0x1EFF).contains(v) || (0x2C60...0x2C7F).contains(v) || (0xA720...0xA7FF).contains(v)
            || (0xAB30...0xAB6F).contains(v)
    }

    static func isArabicMark(_ v: UInt32) -> Bool {
        (0x610...0x61A).contains(v) || (0x64B...0x65F).contains(v) || v == 0x670 || (0x6D6...0x6DC).contains(v)
            || (0x6DF...0x6E4).contains(v) || v == 0x6E7 || v == 0x6E8 || (0x6EA...0x6ED).contains(v)
    }

    /// Script folding the slow way, on the whole string: Latin letters decomposed without
    /// their nonspacing marks, marks after a Latin letter and Arabic marks dropped, the
    /// listed letters mapped, NFKC again; until nothing changes.
    static func fold(_ s: String) -> String {
        var current = s
        for _ in 0..<4 {
            var out = String.UnicodeScalarView()
            var afterLatin = false
            let scalars = current.unicodeScalars.flatMap { u in
                isLatin(u.value) ? NFKC.decomposeCanonically(CollectionOfOne(u)) : [u]
            }
            for u in scalars {
                // Marks of the combining diacritical blocks only (not Thai, not ideographic tones).
                let v = u.value
                let isMark = ((0x300...0x36F).contains(v) || (0x1AB0...0x1AFF).contains(v) || (0x1DC0...0x1DFF).contains(v)
                    || (0x20D0...0x20FF).contains(v) || (0xFE20...0xFE2F).contains(v))
                    && u.properties.generalCategory == .nonspacingMark
                if isArabicMark(u.value) { continue }
                if isMark && afterLatin { continue }
                if let mapped = letterMap[u.value] {
                    out.append(contentsOf: mapped.unicodeScalars)
                    afterLatin = u.value < 0x400
                    continue
                }
                out.append(u)
                if !isMark { afterLatin = isLatin(u.value) }
            }
            let next = nfkc(String(out))
            if next == current { break }
            current = next
        }
        return current
    }
}

/// Matching done the obvious way: every pattern at every start offset, with boundaries
/// decided from general categories and a fixed list of spaceless blocks.
enum ReferenceMatcher {
    static func isSpaceless(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x3040...0x30FF).contains(v)
            || (0xAC00...0xD7AF).contains(v) || (0x1100...0x11FF).contains(v) || (0x0E00...0x0E7F).contains(v)
    }

    static func isWord(_ u: Unicode.Scalar) -> Bool {
        if isSpaceless(u.value) { return false }
        switch u.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    static func isArabicLetter(_ v: UInt32) -> Bool {
        (0x620...0x64A).contains(v) || (0x66E...0x6D3).contains(v) || v == 0x6D5 || (0x6EE...0x6EF).contains(v)
            || (0x6FA...0x6FF).contains(v) || (0x750...0x77F).contains(v) || (0x8A0...0x8C9).contains(v)
    }

    /// The word scalars right before `offset`, in text order.
    static func wordBefore(_ offset: Int, scalarBefore: [Int: Unicode.Scalar]) -> String {
        var scalars: [Unicode.Scalar] = []
        var i = offset
        while let u = scalarBefore[i], isWord(u) {
            scalars.insert(u, at: 0)
            i -= String(u).utf8.count
        }
        return String(String.UnicodeScalarView(scalars))
    }

    /// و/ف, then ب/ك/ل, then ال (ل + ال written لل), at least one.
    static func isCliticPrefix(_ word: String) -> Bool {
        var prefixes: Set<String> = []
        for conjunction in ["", "و", "ف"] {
            for preposition in ["", "ب", "ك", "ل"] {
                for article in ["", "ال"] {
                    prefixes.insert(conjunction + preposition + article)
                    if preposition == "ل" && article == "ال" { prefixes.insert(conjunction + "لل") }
                }
            }
        }
        prefixes.remove("")
        return prefixes.contains(word)
    }

    static func matches(patterns: [String], in text: NormalizedText) -> [PatternMatch] {
        let bytes = text.bytes
        // Scalar at each scalar-start byte offset, and the scalar ending at each offset.
        var scalarAt: [Int: Unicode.Scalar] = [:]
        var scalarBefore: [Int: Unicode.Scalar] = [:]
        var offset = 0
        for u in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            scalarAt[offset] = u
            offset += String(u).utf8.count
            scalarBefore[offset] = u
        }
        var result: [PatternMatch] = []
        for (index, raw) in patterns.enumerated() {
            var p = Array(TextNormalizer.normalize(raw).utf8)
            var isPrefix = false
            var isSuffix = false
            if p.last == UInt8(ascii: "*") { p.removeLast(); isPrefix = true }
            if p.first == UInt8(ascii: "*") { p.removeFirst(); isSuffix = true }
            if p.allSatisfy({ $0 == 0x20 }) { continue }
            let pScalars = Array(String(decoding: p, as: UTF8.self).unicodeScalars)
            let needStart = !isSuffix && isWord(pScalars.first!)
            let needEnd = !isPrefix && isWord(pScalars.last!)
            let clitics = needStart && isArabicLetter(pScalars.first!.value)
            guard p.count <= bytes.count else { continue }
            for start in 0...(bytes.count - p.count) where scalarAt[start] != nil {
                guard Array(bytes[start..<start + p.count]) == p else { continue }
                let end = start + p.count
                if needStart, let before = scalarBefore[start], isWord(before),
                   !(clitics && isCliticPrefix(wordBefore(start, scalarBefore: scalarBefore))) { continue }
                if needEnd, let after = scalarAt[end], isWord(after) { continue }
                result.append(PatternMatch(pattern: index, start: start, end: end))
            }
        }
        return result.sorted { ($0.end, $0.pattern) < ($1.end, $1.pattern) }
    }
}
