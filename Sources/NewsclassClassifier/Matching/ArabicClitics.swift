/// The clitic prefixes Arabic glues to the front of a word: a conjunction و or ف, then a
/// preposition ب ك or ل, then the article ال (ل + ال is written لل), each optional, at least
/// one present: و، ال، وال، بال، فبال، لل، ولل …
///
/// Why at the boundary check and not as generated variants: 23 variants per Arabic term
/// would multiply the automaton's Arabic states by 24 for a check that runs only when an
/// Arabic term is found glued to a preceding letter (a rare event: at most a few scalars
/// are read backwards to the word start).
enum ArabicClitics {
    private static let waw: UInt32 = 0x0648
    private static let fa: UInt32 = 0x0641
    private static let ba: UInt32 = 0x0628
    private static let kaf: UInt32 = 0x0643
    private static let lam: UInt32 = 0x0644
    private static let alif: UInt32 = 0x0627

    /// Letters of the Arabic script (Arabic, Arabic Supplement, Arabic Extended-A; marks and
    /// digits excluded).
    static func isArabicLetter(_ v: UInt32) -> Bool {
        (0x0620...0x064A).contains(v) || (0x066E...0x06D3).contains(v) || v == 0x06D5
            || (0x06EE...0x06EF).contains(v) || (0x06FA...0x06FF).contains(v)
            || (0x0750...0x077F).contains(v) || (0x08A0...0x08C9).contains(v)
    }

    /// Whether the scalars of `word` (in text order) are exactly one clitic prefix.
    static func isCliticPrefix(_ word: [UInt32]) -> Bool {
        var i = 0
        let n = word.count
        guard n > 0 else { return false }
        if word[i] == waw || word[i] == fa { i += 1 }
        if i < n, word[i] == ba || word[i] == kaf || word[i] == lam {
            // "لل": the preposition ل before the article, whose alif is dropped.
            if word[i] == lam, i + 2 == n, word[i + 1] == lam { return true }
            i += 1
        }
        if i + 2 == n, word[i] == alif, word[i + 1] == lam { i += 2 }
        return i == n
    }

    /// Whether the word scalars right before byte `start` (back to the previous non-word
    /// scalar or the start of the text) form a clitic prefix. Reads at most five scalars.
    static func isCliticPrefix(before start: Int, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        var scalars: [UInt32] = []
        var i = start
        while i > 0 {
            var j = i - 1
            while j > 0 && text[j] & 0xC0 == 0x80 { j -= 1 }
            let v = UTF8Decoding.decode(text, at: j).value
            guard WordBoundary.isWordScalar(value: v) else { break }
            guard scalars.count < 4 else { return false }
            scalars.append(v)
            i = j
        }
        return isCliticPrefix(scalars.reversed())
    }
}
