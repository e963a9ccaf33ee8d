/// The "related stories" box that text saved from a news page often ends with: a short
/// heading ("Read also:", "Läs också", "Leggi anche", "مطالب مرتبط", "ข่าวที่เกี่ยวข้อง")
/// followed by bulleted headlines of other articles, perhaps a last short line ("Comments")
/// after them. Those headlines are about other stories: a climate link under a story on
/// the business climate, a bribery link under a crypto raid. They are recognised by
/// shape, not by words, so every language is covered:
/// - the list is at the end of the text (blank lines and at most two short lines after it);
/// - each item starts with a bullet (• · ▪ ► ▸ - * – — » › → and the Japanese ・, with or
///   without a space after it) or a number ("1. ", "2) ": a "most read" ranking), is at most
///   `maxItemCharacters` long and does not end like a sentence with a full stop (a list of
///   points that belongs to the article does);
/// - right above the items stands a heading of at most `maxHeadingCharacters` and
///   `maxHeadingWords` that does not end like a sentence (a colon is fine).
/// Without such a heading nothing is cut: a bare list at the end may be the article's own.
enum RelatedStoriesList {
    static let maxItemCharacters = 200
    static let maxHeadingCharacters = 40
    static let maxHeadingWords = 6
    static let maxTrailingLines = 2
    static let maxTrailingCharacters = 40

    /// Where the related-stories box at the end of `text[start...]` begins (its heading),
    /// or nil if the text does not end with one.
    static func start(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        // Lines are read backwards from the end, so only the box itself is looked at.
        var end = text.count
        func previousLine() -> Range<Int>? {
            guard end > start else { return nil }
            var lower = end
            while lower > start, text[lower - 1] != 0x0A { lower -= 1 }
            let line = trimmed(text, lower..<end)
            end = lower > start ? lower - 1 : start
            return line
        }
        func previousNonBlankLine() -> Range<Int>? {
            while let line = previousLine() { if !line.isEmpty { return line } }
            return nil
        }

        guard var line = previousNonBlankLine() else { return nil }
        var trailing = 0
        while trailing < maxTrailingLines, !isItem(text, line),
              scalars(text, line) <= maxTrailingCharacters, !endsWithFullStop(text, line) {
            guard let above = previousNonBlankLine() else { return nil }
            line = above
            trailing += 1
        }
        var items = 0
        while isItem(text, line) {
            guard scalars(text, line) <= maxItemCharacters, !endsWithFullStop(text, line) else { return nil }
            items += 1
            guard let above = previousNonBlankLine() else { return nil }
            line = above
        }
        // The heading, with some body above it.
        guard items > 0, end > start, scalars(text, line) <= maxHeadingCharacters,
              words(text, line) <= maxHeadingWords, !endsLikeSentence(text, line) else { return nil }
        return line.lowerBound
    }

    private static let bullets: [[UInt8]] = [
        Array("•".utf8), Array("·".utf8), Array("▪".utf8), Array("►".utf8), Array("▸".utf8),
        Array("-".utf8), Array("*".utf8), Array("–".utf8), Array("—".utf8), Array("»".utf8),
        Array("›".utf8), Array("→".utf8), Array("・".utf8),
    ]

    private static func isItem(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        for bullet in bullets where line.count > bullet.count + 1 {
            var k = 0
            while k < bullet.count, text[line.lowerBound + k] == bullet[k] { k += 1 }
            guard k == bullet.count else { continue }
            // The ideographic bullet needs no space after it; the others do (a "-" or "*"
            // glued to a word is not a bullet).
            if text[line.lowerBound + k] == 0x20 || bullet.count == 3 && bullet[0] == 0xE3 { return true }
        }
        var digits = 0
        while digits < 3, line.lowerBound + digits < line.upperBound, ASCII.isDigit(text[line.lowerBound + digits]) { digits += 1 }
        let mark = line.lowerBound + digits
        return digits > 0 && mark + 1 < line.upperBound
            && (text[mark] == 0x2E || text[mark] == 0x29) && text[mark + 1] == 0x20 // "1. " "1) "
    }

    /// A full stop ends the line (an ellipsis, "..." or "…", does not: a cut headline).
    private static func endsWithFullStop(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        guard let last = line.last else { return false }
        if text[last] == 0x2E { return line.count < 2 || text[last - 1] != 0x2E }
        guard line.count >= 3 else { return false }
        return text[last - 2] == 0xE3 && text[last - 1] == 0x80 && text[last] == 0x82 // 。
    }

    private static func endsLikeSentence(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        guard let last = line.last else { return false }
        return endsWithFullStop(text, line) || text[last] == 0x2C || text[last] == 0x3B // , ;
    }

    private static func scalars(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Int {
        line.reduce(0) { $0 + (text[$1] & 0xC0 != 0x80 ? 1 : 0) }
    }

    private static func words(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Int {
        line.reduce(1) { $0 + (text[$1] == 0x20 ? 1 : 0) }
    }

    /// The line without surrounding spaces, tabs and a carriage return.
    private static func trimmed(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        while lower < upper, isSpace(text[lower]) { lower += 1 }
        while upper > lower, isSpace(text[upper - 1]) { upper -= 1 }
        return lower..<upper
    }
}
