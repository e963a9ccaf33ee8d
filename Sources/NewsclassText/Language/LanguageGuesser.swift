/// A cheap, deterministic guess at the language of a text, as a BCP 47 primary tag.
///
/// Looks at the first 2 KiB for scripts and the first 1 KiB (some 170 words) for stop
/// words: enough to decide, and it keeps the cost flat whatever the length of the article.
///
/// 1. Script shares. Letters are counted per script in units that make scripts
///    comparable: a word of an alphabetic script counts 2, one Han, kana or Hangul
///    character counts 1 (a Chinese word is about two characters long). So Chinese text
///    with some English names in it is still mostly Han and is "zh".
/// 2. The largest share picks the script. Han, kana and Hangul together are CJK:
///    "ko" when Hangul is 30% of it or more, "ja" when kana is at least 10% of the Han and
///    kana, else "zh". Cyrillic is "ru" ("uk" when the Ukrainian letters і ї є ґ are 1% of
///    its letters), Greek "el", Arabic "ar" ("fa" with the Persian letters پ چ ژ گ), Hebrew
///    "he", Devanagari "hi", Thai "th".
/// 3. Latin script: the stop words of en, de, fr, es, it, pt and nl are counted
///    (`StopWords`); the language with the most wins if it has at least 3 hits and 25% more
///    than the runner-up.
/// Anything less certain, including texts with fewer than 4 units, is "und".
public struct LanguageGuesser: Sendable {
    static let sampleLimit = 2 * 1024
    static let stopWordSampleLimit = 1024

    public init() {}

    public func guess(_ text: String) -> String {
        var text = text
        return text.withUTF8 { guess(utf8: $0) }
    }

    /// Guesses from UTF-8 bytes; invalid sequences are skipped.
    func guess(utf8 text: UnsafeBufferPointer<UInt8>) -> String {
        guess(title: UnsafeBufferPointer(start: nil, count: 0), body: text)
    }

    /// Guesses from a title and a body read as one text (title first), without joining
    /// them. The samples are the first 2 KiB and 1 KiB of the two together.
    func guess(title: UnsafeBufferPointer<UInt8>, body: UnsafeBufferPointer<UInt8>) -> String {
        var counts = ScriptCounts()
        counts.countScripts(UnsafeBufferPointer(rebasing: title.prefix(Self.sampleLimit)))
        counts.countScripts(UnsafeBufferPointer(rebasing: body.prefix(max(0, Self.sampleLimit - title.count - 1))))
        if counts.latinIsLeading {
            counts.countStopWords(UnsafeBufferPointer(rebasing: title.prefix(Self.stopWordSampleLimit)))
            counts.countStopWords(UnsafeBufferPointer(rebasing: body.prefix(max(0, Self.stopWordSampleLimit - title.count - 1))))
        }
        return counts.verdict()
    }
}

private struct ScriptCounts {
    enum Script: Int, CaseIterable {
        case none, latin, cyrillic, greek, arabic, hebrew, devanagari, thai, han, kana, hangul
    }

    // Plain stored counters rather than arrays: they are bumped for every letter, and an
    // array would pay a uniqueness check each time.
    var latinWords = 0, cyrillicWords = 0, greekWords = 0, arabicWords = 0, hebrewWords = 0, devanagariWords = 0
    var cyrillicLetters = 0, arabicLetters = 0, thaiCharacters = 0
    var han = 0, kana = 0, hangul = 0
    var ukrainianLetters = 0, persianLetters = 0
    var stopWordHits: (Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0)

    /// Counts letters and words per script. ASCII, the bulk of most texts, is counted
    /// without branches; other characters are decoded one by one.
    mutating func countScripts(_ text: UnsafeBufferPointer<UInt8>) {
        guard let base = text.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var previous = Script.none
        var i = 0
        let n = text.count
        while i < n {
            // Eight ASCII bytes at a time: a letter mask, and the letters whose previous
            // byte is not a letter start words.
            while i + 8 <= n {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                guard word & highs == 0 else { break }
                let lower = word | ones &* 0x20
                let letters = (lower &+ ones &* 0x1F) & ~(lower &+ ones &* 0x05) & highs
                let previousLetters = letters << 8 | (previous == .latin ? 0x80 : 0)
                latinWords &+= (letters & ~previousLetters).nonzeroBitCount
                previous = letters >> 63 != 0 ? .latin : .none
                i &+= 8
            }
            guard i < n else { break }
            let byte = text[i]
            if byte < 0x80 {
                let isLetter = (byte | 0x20) &- 0x61 < 26
                latinWords &+= isLetter && previous != .latin ? 1 : 0
                previous = isLetter ? .latin : .none
                i &+= 1
                continue
            }
            // Most CJK ideographs (U+4000–U+9FFF) have lead bytes E4–E9: no need to decode.
            if byte >= 0xE4, byte <= 0xE9, i + 2 < n {
                han &+= 1
                previous = .han
                i &+= 3
                continue
            }
            guard let (value, length) = Self.scalar(in: text, at: i) else {
                previous = .none
                i &+= 1
                continue
            }
            i &+= length
            let script = Self.script(of: value)
            let startsWord = script != previous
            previous = script
            switch script {
            case .none: break
            case .latin: latinWords &+= startsWord ? 1 : 0
            case .cyrillic:
                cyrillicWords &+= startsWord ? 1 : 0
                cyrillicLetters += 1
                switch value {
                case 0x456, 0x457, 0x454, 0x491, 0x406, 0x407, 0x404, 0x490: ukrainianLetters += 1
                default: break
                }
            case .greek: greekWords &+= startsWord ? 1 : 0
            case .arabic:
                arabicWords &+= startsWord ? 1 : 0
                arabicLetters += 1
                switch value {
                case 0x67E, 0x686, 0x698, 0x6AF: persianLetters += 1
                default: break
                }
            case .hebrew: hebrewWords &+= startsWord ? 1 : 0
            case .devanagari: devanagariWords &+= startsWord ? 1 : 0
            case .thai: thaiCharacters += 1
            case .han: han += 1
            case .kana: kana += 1
            case .hangul: hangul += 1
            }
        }
    }

    /// Whether Latin script has the most units, so that stop words are worth counting.
    var latinIsLeading: Bool {
        let latin = latinWords * 2
        return latin >= han + kana + hangul && latin >= thaiCharacters / 2
            && latin >= 2 * max(cyrillicWords, greekWords, arabicWords, hebrewWords, devanagariWords)
    }

    /// Counts stop-word hits per language among the Latin words.
    mutating func countStopWords(_ text: UnsafeBufferPointer<UInt8>) {
        guard let base = text.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        let table = StopWords.table
        let n = text.count
        var i = 0
        while i < n {
            let byte = text[i]
            if byte < 0x80 {
                guard (byte | 0x20) &- 0x61 < 26 else {
                    i &+= 1
                    continue
                }
                // An ASCII word: find its end; if it fits in eight bytes, its key is the
                // bytes themselves, lowercased.
                let start = i
                repeat { i &+= 1 } while i < n && (text[i] | 0x20) &- 0x61 < 26 && text[i] < 0x80
                if i < n, text[i] >= 0x80, let (value, _) = Self.scalar(in: text, at: i), Self.script(of: value) == .latin {
                    i = start // it goes on with accented letters: take the general path
                } else {
                    let length = i &- start
                    guard length <= 8 else { continue }
                    let key: UInt64
                    if start + 8 <= n {
                        let mask: UInt64 = length == 8 ? ~0 : (1 << UInt64(length &* 8)) &- 1
                        key = (raw.loadUnaligned(fromByteOffset: start, as: UInt64.self) | 0x2020_2020_2020_2020) & mask
                    } else {
                        var packed: UInt64 = 0
                        for k in 0..<length { packed |= UInt64(text[start + k] | 0x20) << UInt64(k * 8) }
                        key = packed
                    }
                    if let mask = table[key] { countStopWord(mask) }
                    continue
                }
            } else if let (value, length) = Self.scalar(in: text, at: i) {
                if Self.script(of: value) != .latin {
                    i &+= length
                    continue
                }
            } else {
                i &+= 1
                continue
            }
            // A word with non-ASCII Latin letters, packed letter by letter.
            var key: UInt64 = 0
            var keyLength = 0
            while i < n {
                let byte = text[i]
                var letter: UInt64
                var letterLength: Int
                if byte < 0x80 {
                    let lower = byte | 0x20
                    guard lower &- 0x61 < 26 else { break }
                    letter = UInt64(lower)
                    letterLength = 1
                    i &+= 1
                } else {
                    guard let (value, length) = Self.scalar(in: text, at: i), Self.script(of: value) == .latin else { break }
                    // Lowercase Latin-1 capitals so that "État" and "état" are one word.
                    let lowered = value >= 0xC0 && value <= 0xDE && value != 0xD7 ? value + 0x20 : value
                    letter = UInt64(0xC0 | (lowered >> 6)) | UInt64(0x80 | (lowered & 0x3F)) << 8
                    letterLength = lowered < 0x800 ? 2 : 9
                    i &+= length
                }
                if keyLength + letterLength <= 8 {
                    key |= letter << UInt64(keyLength &* 8)
                    keyLength &+= letterLength
                } else {
                    keyLength = 9
                }
            }
            if keyLength <= 8, let mask = table[key] { countStopWord(mask) }
        }
    }

    /// The scalar whose UTF-8 starts at `i`, or nil for a stray byte.
    @inline(__always)
    private static func scalar(in text: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        let byte = text[i]
        var value: UInt32
        let length: Int
        switch byte {
        case 0xC2...0xDF: value = UInt32(byte & 0x1F); length = 2
        case 0xE0...0xEF: value = UInt32(byte & 0x0F); length = 3
        case 0xF0...0xF4: value = UInt32(byte & 0x07); length = 4
        default: return nil
        }
        guard i + length <= text.count else { return nil }
        for k in 1..<length { value = value << 6 | UInt32(text[i + k] & 0x3F) }
        return (value, length)
    }

    private mutating func countStopWord(_ mask: UInt8) {
        if mask & 1 != 0 { stopWordHits.0 += 1 }
        if mask & 2 != 0 { stopWordHits.1 += 1 }
        if mask & 4 != 0 { stopWordHits.2 += 1 }
        if mask & 8 != 0 { stopWordHits.3 += 1 }
        if mask & 16 != 0 { stopWordHits.4 += 1 }
        if mask & 32 != 0 { stopWordHits.5 += 1 }
        if mask & 64 != 0 { stopWordHits.6 += 1 }
    }

    @inline(__always)
    private static func script(of value: UInt32) -> Script {
        switch value {
        case 0xC0...0x24F where value != 0xD7 && value != 0xF7: .latin
        case 0x1E00...0x1EFF: .latin
        case 0x370...0x3FF, 0x1F00...0x1FFF: .greek
        case 0x400...0x52F: .cyrillic
        case 0x590...0x5FF: .hebrew
        case 0x600...0x6FF, 0x750...0x77F: .arabic
        case 0x900...0x97F: .devanagari
        case 0xE00...0xE7F: .thai
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: .kana
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: .han
        case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F: .hangul
        default: .none
        }
    }

    func verdict() -> String {
        let cjk = han + kana + hangul
        let units: [(Script, Int)] = [
            (.han, cjk), (.thai, thaiCharacters / 2),
            (.latin, latinWords * 2), (.cyrillic, cyrillicWords * 2), (.greek, greekWords * 2),
            (.arabic, arabicWords * 2), (.hebrew, hebrewWords * 2), (.devanagari, devanagariWords * 2),
        ]
        let total = units.reduce(0) { $0 + $1.1 }
        guard total >= 4, let (script, _) = units.max(by: { $0.1 < $1.1 }) else { return "und" }
        switch script {
        case .han:
            if hangul * 10 >= cjk * 3 { return "ko" }
            if kana * 10 >= han + kana { return "ja" }
            return "zh"
        case .cyrillic: return ukrainianLetters > 0 && ukrainianLetters * 100 >= cyrillicLetters ? "uk" : "ru"
        case .greek: return "el"
        case .arabic: return persianLetters > 0 && persianLetters * 50 >= arabicLetters ? "fa" : "ar"
        case .hebrew: return "he"
        case .devanagari: return "hi"
        case .thai: return "th"
        case .latin: return latinVerdict()
        default: return "und"
        }
    }

    private func latinVerdict() -> String {
        let hits = [stopWordHits.0, stopWordHits.1, stopWordHits.2, stopWordHits.3,
                    stopWordHits.4, stopWordHits.5, stopWordHits.6]
        var best = -1, bestHits = 0, runnerUp = 0
        for (language, count) in hits.enumerated() {
            if count > bestHits {
                runnerUp = bestHits
                best = language
                bestHits = count
            } else if count > runnerUp {
                runnerUp = count
            }
        }
        guard best >= 0, bestHits >= 3, bestHits * 4 >= runnerUp * 5, bestHits > runnerUp else { return "und" }
        return StopWords.languages[best]
    }
}
