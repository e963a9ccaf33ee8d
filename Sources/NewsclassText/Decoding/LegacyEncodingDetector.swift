/// Guesses the encoding of bytes that are not UTF-8 and declare nothing.
///
/// Only the encodings newsclass expects undeclared are candidates: GB18030 (which reads
/// GB2312 and GBK too), Big5 and Windows-1252. Each candidate that decodes the bytes
/// strictly (scored on the first 64 KiB, see `sampleSize`) gets a plausibility score between 0 and 1:
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

    /// How much of the text the candidates are scored on. Scoring reads a sample so that a
    /// large file is not converted once per candidate; the winner is then converted whole,
    /// and if the rest of the file does not fit it, the next best is.
    static let sampleSize = 64 * 1024

    func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> Candidate? {
        let sampled = bytes.count > Self.sampleSize
        let sample = sampled ? UnsafeBufferPointer(rebasing: bytes.prefix(Self.sampleSize)) : bytes
        var ranked: [Candidate] = [] // in the order GB18030, Big5, Windows-1252, which breaks ties
        func consider(_ charset: Charset, _ iconvNames: [String]) {
            for iconvName in iconvNames {
                guard let converter = IconvConverter(from: iconvName),
                      case .success(let text) = converter.convert(sample, stoppingAtTruncatedEnd: sampled) else { continue }
                let score = Self.hanPlausibility(text)
                if score >= Self.hanThreshold {
                    ranked.append(Candidate(charset: charset, iconvName: iconvName, text: sampled ? [] : text, score: score))
                }
                return // a superset (Big5-HKSCS) is tried only when the base set fails
            }
        }
        consider(.gb18030, ["GB18030"])
        consider(.big5, ["BIG5", "BIG5-HKSCS"])
        let latinScore = Self.latinPlausibility(sample)
        if latinScore >= Self.latinThreshold {
            ranked.append(Candidate(charset: .windows1252, iconvName: nil, text: [], score: latinScore))
        }
        let order = ranked.indices.sorted { ranked[$0].score > ranked[$1].score || (ranked[$0].score == ranked[$1].score && $0 < $1) }
        for index in order {
            var candidate = ranked[index]
            if candidate.charset == .windows1252 {
                candidate.text = Windows1252.decode(bytes) // every byte decodes
                return candidate
            }
            guard sampled, let sampleName = candidate.iconvName else { return candidate }
            let names = sampleName == "BIG5" ? ["BIG5", "BIG5-HKSCS"] : [sampleName]
            for name in names {
                guard let converter = IconvConverter(from: name), case .success(let text) = converter.convert(bytes) else { continue }
                candidate.iconvName = name
                candidate.text = text
                return candidate
            }
        }
        return nil
    }

    /// Share of non-ASCII characters that are common Han characters or CJK punctuation.
    static func hanPlausibility(_ utf8: [UInt8]) -> Double {
        let common = CommonHanCharacters.shared
        var nonASCII = 0
        var plausible = 0
        // Decoded in place: a copy as a String would double the memory of a large text.
        var iterator = utf8.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            guard !scalar.isASCII else { continue }
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
