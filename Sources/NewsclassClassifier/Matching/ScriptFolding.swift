/// The folding `TextNormalizer` applies after NFKC and case folding, so that a term written
/// with or without its diacritics, or with a regional letter variant, finds the same text:
///
/// - **Latin**: combining diacritical marks (U+0300–036F and the other blocks of such marks)
///   after a Latin letter are removed (after canonical
///   decomposition: "é" → "e", Vietnamese "ũ"/"ệ" → "u"/"e", Turkish "İ" → "i̇" → "i"), and
///   letters without a decomposition are mapped: ł → l, ø → o, æ → ae, œ → oe, đ → d,
///   ı → i (ß → ss is already case folding).
/// - **Arabic script**: tashkeel (harakat, tanwin, shadda, sukun, superscript alef, Quranic
///   marks) and tatweel are removed; أ إ آ ٱ → ا, ى → ي, Persian ی → ي, Persian ک → ك.
///   ة stays.
/// - **Cyrillic**: ё → е.
///
/// Marks after letters of other scripts stay: Devanagari matras and viramas, Thai vowels
/// and tone marks carry meaning. The folding is idempotent.
enum ScriptFolding {
    /// Whether folding can change scalar `v` (a cheap pre-check for the normaliser's
    /// copy path; combining marks reach the folding through their segment anyway).
    @inline(__always)
    static func mayChange(_ v: UInt32) -> Bool {
        if (v &- 0xC0) < 0x190 { return true }  // Latin-1 letters, Latin Extended-A and -B
        if (v &- 0x1E00) < 0x100 { return true }  // Latin Extended Additional (Vietnamese)
        switch v {
        case 0x0451, 0x0622, 0x0623, 0x0625, 0x0671, 0x0649, 0x06CC, 0x06A9, 0x0640: return true
        default: return false
        }
    }

    static func isLatinLetter(_ v: UInt32) -> Bool {
        ((v | 0x20) &- 0x61) < 26 || (0xC0...0x2AF).contains(v) && v != 0xD7 && v != 0xF7
            || (0x1E00...0x1EFF).contains(v) || (0x2C60...0x2C7F).contains(v)
            || (0xA720...0xA7FF).contains(v) || (0xAB30...0xAB6F).contains(v)
    }

    static func isArabicMark(_ v: UInt32) -> Bool {
        (0x0610...0x061A).contains(v) || (0x064B...0x065F).contains(v) || v == 0x0670
            || (0x06D6...0x06DC).contains(v) || (0x06DF...0x06E4).contains(v) || v == 0x06E7
            || v == 0x06E8 || (0x06EA...0x06ED).contains(v)
    }

    private static func letterMap(_ v: UInt32) -> String? {
        switch v {
        case 0x0142: return "l"  // ł
        case 0x00F8: return "o"  // ø
        case 0x00E6: return "ae"  // æ
        case 0x0153: return "oe"  // œ
        case 0x0111: return "d"  // đ
        case 0x0131: return "i"  // ı
        case 0x0451: return "\u{0435}"  // ё → е
        case 0x0622, 0x0623, 0x0625, 0x0671: return "\u{0627}"  // آ أ إ ٱ → ا
        case 0x0649, 0x06CC: return "\u{064A}"  // ى ی → ي
        case 0x06A9: return "\u{0643}"  // ک → ك
        case 0x0640: return ""  // tatweel
        default: return nil
        }
    }

    /// The folded form of already NFKC-case-folded `scalars`, or nil when nothing changes.
    static func fold(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var changed = false
        var afterLatin = false
        for u in scalars {
            let v = u.value
            if v < 0x80 {
                out.append(u)
                afterLatin = ((v | 0x20) &- 0x61) < 26
                continue
            }
            if let mapped = letterMap(v) {
                out.append(contentsOf: mapped.unicodeScalars)
                changed = true
                afterLatin = v < 0x0400
                continue
            }
            if isArabicMark(v) {
                changed = true
                continue
            }
            if isLatinLetter(v) {
                let decomposed = NFKC.decomposeCanonically(CollectionOfOne(u))
                if decomposed.count > 1 {
                    for d in decomposed where !isDiacritic(d.value) { out.append(d) }
                    changed = true
                } else {
                    out.append(u)
                }
                afterLatin = true
                continue
            }
            if afterLatin && isDiacritic(v) {
                changed = true
                continue
            }
            out.append(u)
            if !isDiacritic(v) { afterLatin = false }
        }
        return changed ? out : nil
    }

    /// The combining diacritical mark blocks: the marks Latin letters take (other scripts'
    /// marks, and ideographic tone marks, live elsewhere).
    static func isDiacritic(_ v: UInt32) -> Bool {
        guard (0x0300...0x036F).contains(v) || (0x1AB0...0x1AFF).contains(v) || (0x1DC0...0x1DFF).contains(v)
            || (0x20D0...0x20FF).contains(v) || (0xFE20...0xFE2F).contains(v)
        else { return false }
        return Unicode.Scalar(v)?.properties.generalCategory == .nonspacingMark
    }
}
