/// What counts as a "word scalar" when the matcher checks word boundaries.
///
/// A word scalar is a letter, mark or number (general category L*, M*, N*) of a script that
/// is written with spaces between words: Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari,
/// the ASCII digits and so on. Scalars of scripts written without spaces between words — Han,
/// Hiragana, Katakana, Bopomofo, Hangul, Thai, Lao, Khmer, Myanmar, Yi — are *not* word
/// scalars: a Latin term may touch them ("比特币bitcoin挖矿" contains "bitcoin") and terms
/// written in them need no boundary at all ("挖矿" matches inside "比特币挖矿活动").
/// Punctuation, symbols, spaces and the apostrophe are not word scalars, so "bitcoin" matches
/// in "bitcoin's", and the underscore is punctuation too.
///
/// Hangul is in the spaceless group although Korean puts spaces between phrases: particles
/// are glued to nouns ("비트코인을"), so substring matching is what a Korean term needs.
public enum WordBoundary {
    /// `true` for a letter, mark or number of a script written with spaces.
    public static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        isWordScalar(value: scalar.value)
    }

    static func isWordScalar(value v: UInt32) -> Bool {
        if v < 0x80 {
            // 0-9, A-Z, a-z
            return (v &- 0x30) < 10 || ((v | 0x20) &- 0x61) < 26
        }
        if isSpaceless(v) { return false }
        guard let scalar = Unicode.Scalar(v) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// Blocks of scripts written without spaces between words (sorted, disjoint, inclusive).
    private static let spacelessRanges: [ClosedRange<UInt32>] = [
        0x0E00...0x0EFF,   // Thai, Lao
        0x1000...0x109F,   // Myanmar
        0x1100...0x11FF,   // Hangul Jamo
        0x1780...0x17FF,   // Khmer
        0x19E0...0x19FF,   // Khmer symbols
        0x2E80...0x2FDF,   // CJK radicals, Kangxi radicals
        0x3005...0x3007,   // 々 〆 〇
        0x3021...0x3029,   // Hangzhou numerals
        0x3031...0x3035,   // kana repeat marks
        0x3038...0x303C,
        0x3040...0x31FF,   // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, ...
        0x3400...0x4DBF,   // CJK extension A
        0x4E00...0x9FFF,   // CJK unified ideographs
        0xA000...0xA4CF,   // Yi
        0xA960...0xA97F,   // Hangul Jamo extended A
        0xAC00...0xD7FF,   // Hangul syllables, Jamo extended B
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFF66...0xFFDC,   // half-width Katakana and Hangul
        0x16FE0...0x16FFF, // ideographic symbols
        0x1B000...0x1B2FF, // Kana supplement and extensions, Nushu
        0x20000...0x3FFFF, // CJK extensions B-H, compatibility supplement
    ]

    static func isSpaceless(_ v: UInt32) -> Bool {
        // Common case first: the CJK unified ideographs.
        if (v &- 0x4E00) < 0x5200 { return true }
        if v < 0x0E00 { return false }
        var lo = 0
        var hi = spacelessRanges.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let r = spacelessRanges[mid]
            if v < r.lowerBound {
                hi = mid
            } else if v > r.upperBound {
                lo = mid + 1
            } else {
                return true
            }
        }
        return false
    }

    /// Whether the scalar that ends just before byte `i` of well-formed UTF-8 is a word scalar
    /// (`false` at the start of the text).
    @inline(__always)
    static func isWordScalar(before i: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard i > 0 else { return false }
        let last = text[i - 1]
        if last < 0x80 { return isWordScalar(value: UInt32(last)) }
        var j = i - 1
        while j > 0 && text[j] & 0xC0 == 0x80 { j -= 1 }
        return isWordScalar(value: UTF8Decoding.decode(text, at: j).value)
    }

    /// Whether the scalar that starts at byte `i` of well-formed UTF-8 is a word scalar
    /// (`false` at the end of the text).
    @inline(__always)
    static func isWordScalar(at i: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard i < text.count else { return false }
        let first = text[i]
        if first < 0x80 { return isWordScalar(value: UInt32(first)) }
        return isWordScalar(value: UTF8Decoding.decode(text, at: i).value)
    }
}

/// Decoding of well-formed UTF-8 (Swift strings and the normaliser's output always are).
enum UTF8Decoding {
    /// The scalar starting at lead byte `i` and its length in bytes. `text[i]` must be a lead byte.
    @inline(__always)
    static func decode(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(text[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 {
            return (((b0 & 0x1F) << 6) | (UInt32(text[i + 1]) & 0x3F), 2)
        }
        if b0 < 0xF0 {
            return (((b0 & 0x0F) << 12) | ((UInt32(text[i + 1]) & 0x3F) << 6)
                | (UInt32(text[i + 2]) & 0x3F), 3)
        }
        return (((b0 & 0x07) << 18) | ((UInt32(text[i + 1]) & 0x3F) << 12)
            | ((UInt32(text[i + 2]) & 0x3F) << 6) | (UInt32(text[i + 3]) & 0x3F), 4)
    }
}
