/// Hangul syllables decompose to conjoining jamo, and jamo compose to syllables, by
/// arithmetic (The Unicode Standard, section 3.12) rather than by table.
enum Hangul {
    private static let syllableBase: UInt32 = 0xAC00
    private static let leadingBase: UInt32 = 0x1100
    private static let vowelBase: UInt32 = 0x1161
    private static let trailingBase: UInt32 = 0x11A7
    private static let leadingCount: UInt32 = 19
    private static let vowelCount: UInt32 = 21
    private static let trailingCount: UInt32 = 28
    private static let syllablesPerLeading = vowelCount * trailingCount
    private static let syllableCount = leadingCount * syllablesPerLeading

    /// The leading consonant, vowel and optional trailing consonant of a syllable.
    static func decompose(_ v: UInt32) -> (UInt32, UInt32, UInt32?)? {
        let index = v &- syllableBase
        guard index < syllableCount else { return nil }
        let leading = leadingBase + index / syllablesPerLeading
        let vowel = vowelBase + (index % syllablesPerLeading) / trailingCount
        let trailing = index % trailingCount
        return (leading, vowel, trailing == 0 ? nil : trailingBase + trailing)
    }

    /// Leading consonant + vowel, or a syllable without a trailing consonant + trailing
    /// consonant, as one syllable.
    static func compose(_ first: UInt32, _ second: UInt32) -> UInt32? {
        let leadingIndex = first &- leadingBase
        let vowelIndex = second &- vowelBase
        if leadingIndex < leadingCount && vowelIndex < vowelCount {
            return syllableBase + (leadingIndex * vowelCount + vowelIndex) * trailingCount
        }
        let syllableIndex = first &- syllableBase
        let trailingIndex = second &- trailingBase
        if syllableIndex < syllableCount && syllableIndex % trailingCount == 0
            && trailingIndex > 0 && trailingIndex < trailingCount
        {
            return first + trailingIndex
        }
        return nil
    }
}
