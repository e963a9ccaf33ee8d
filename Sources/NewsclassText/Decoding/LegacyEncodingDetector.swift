/// Guesses the encoding of bytes that are not UTF-8 and declare nothing.
///
/// Only the encodings newsclass expects undeclared are candidates: GB18030 (which reads
/// GB2312 and GBK too), Big5 and Windows-1252. Each candidate that decodes the bytes
/// strictly gets a plausibility score between 0 and 1:
///
/// - GB18030 and Big5: the share of non-ASCII characters that are common Han characters
///   (`CommonHanCharacters`) or CJK punctuation. Real Chinese text scores about 0.8;
///   Big5 read as GB18030 (or the reverse) lands on rare characters, private-use code
///   points and kana and scores below 0.2.
/// - Windows-1252: the share of high bytes standing in runs of at most three. Accented
///   letters and typographic quotes in European text stand alone or in pairs ("Zürich",
///   "l’été"); double-byte Chinese text is long unbroken runs of high bytes.
///
/// The best score wins if it clears its threshold (0.3 for the Chinese encodings, 0.6 for
/// Windows-1252); ties go to GB18030, then Big5, as mainland sources are the most common.
/// Nothing plausible means the bytes are rejected as `bad_encoding`.
struct LegacyEncodingDetector {
    struct Candidate {
        var charset: Charset
        var iconvName: String?
        var text: [UInt8]
        var score: Double
    }

    static let hanThreshold = 0.3
    static let latinThreshold = 0.6

    func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> Candidate? {
        var best: Candidate?
        func consider(_ charset: Charset, _ iconvNames: [String]) {
            for iconvName in iconvNames {
                guard let converter = IconvConverter(from: iconvName),
                      case .success(let text) = converter.convert(bytes) else { continue }
                let score = Self.hanPlausibility(text)
                if score >= Self.hanThreshold, score > (best?.score ?? 0) {
                    best = Candidate(charset: charset, iconvName: iconvName, text: text, score: score)
                }
                return // a superset (Big5-HKSCS) is tried only when the base set fails
            }
        }
        consider(.gb18030, ["GB18030"])
        consider(.big5, ["BIG5", "BIG5-HKSCS"])
        let latinScore = Self.latinPlausibility(bytes)
        if latinScore >= Self.latinThreshold, latinScore > (best?.score ?? 0) {
            best = Candidate(charset: .windows1252, iconvName: nil, text: Windows1252.decode(bytes), score: latinScore)
        }
        return best
    }

    /// Share of non-ASCII characters that are common Han characters or CJK punctuation.
    static func hanPlausibility(_ utf8: [UInt8]) -> Double {
        let common = CommonHanCharacters.shared
        var nonASCII = 0
        var plausible = 0
        for scalar in String(decoding: utf8, as: UTF8.self).unicodeScalars where !scalar.isASCII {
            nonASCII += 1
            let value = scalar.value
            if common.contains(value)
                || (0x3000...0x303F).contains(value) // CJK symbols and punctuation: 。、「」《》
                || (0xFF01...0xFF5E).contains(value) // full-width forms: ，！？（）：；
                || (0x2018...0x201D).contains(value) || value == 0x2026 || value == 0x2014 || value == 0x00B7 {
                plausible += 1
            }
        }
        return nonASCII == 0 ? 0 : Double(plausible) / Double(nonASCII)
    }

    /// Share of high bytes in runs of at most three.
    static func latinPlausibility(_ bytes: UnsafeBufferPointer<UInt8>) -> Double {
        var high = 0
        var inShortRuns = 0
        var run = 0
        for byte in bytes {
            if byte >= 0x80 {
                run += 1
                high += 1
            } else {
                if run > 0, run <= 3 { inShortRuns += run }
                run = 0
            }
        }
        if run > 0, run <= 3 { inShortRuns += run }
        return high == 0 ? 0 : Double(inShortRuns) / Double(high)
    }
}
