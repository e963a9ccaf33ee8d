/// Plain text. Lines are kept as written (no unwrapping: a line break in a text file may
/// be meaningful), blank lines separate paragraphs.
///
/// The first non-blank line is the title when it reads like a headline:
/// - at most 150 characters and 25 words, with a letter in it;
/// - not starting with a lowercase ASCII letter (a wrapped sentence fragment would);
/// - not ending like a sentence or clause: . , ; : and their CJK forms 。，；：、
///   (a question or exclamation mark is fine: headlines ask and exclaim);
/// - followed by more text: directly after a blank line, or, with no blank line in
///   between, by a line that is noticeably longer (the headline is at most 70% of it) and
///   starts like a sentence (not with a lowercase letter). Hard-wrapped paragraphs have
///   lines of similar length, so their first line is not mistaken for a headline.
/// The title line is then not part of the body. Text saved from a web page often starts
/// with page chrome: navigation or a breadcrumb ("Home | World | Business", "首页 > 地方 >
/// 新闻": two or more of the separators | · › » > ｜), a cookie notice (a line that says
/// "cookie", ends with a button "[…]", or is a sentence followed by controls "… | …"), a
/// section label (fewer than 12 characters, none of them a lower-case Latin letter:
/// "REGIO", "首页"; a short headline such as "Just a note" stays one). Up to `maxChromeLines` such lines
/// are passed over, and dropped, before the headline is looked for; so is a one-word
/// section label in capitals of a cased script ("ПРОИСШЕСТВИЯ", "WIRTSCHAFT"). A
/// related-stories box at the end is dropped too (`RelatedStoriesList`).
struct PlainTextExtractor {
    static let maxChromeLines = 6
    static let maxTitleCharacters = 150
    static let maxTitleWords = 25

    func extract(_ text: UnsafeBufferPointer<UInt8>, findTitle: Bool = true) -> ExtractedText {
        var bodyStart = 0
        var title: String?
        if findTitle, let headline = Self.headline(in: text) {
            title = ExtractedText.title(from: UnsafeBufferPointer(rebasing: text[headline.range]))
            if title != nil { bodyStart = headline.bodyStart }
        }
        // A related-stories box at the end is about other articles: it is not body text.
        let bodyEnd = RelatedStoriesList.start(in: text, from: bodyStart) ?? text.count
        var builder = TextBuilder(capacity: bodyEnd - bodyStart)
        builder.append(UnsafeBufferPointer(rebasing: text[bodyStart..<bodyEnd]), newlines: .lineBreaks)
        return ExtractedText(title: title, body: builder.finish())
    }

    /// The headline's byte range and where the body starts, if the first line is one.
    static func headline(in text: UnsafeBufferPointer<UInt8>) -> (range: Range<Int>, bodyStart: Int)? {
        var start = text.skippingWhitespace(from: 0)
        guard start < text.count else { return nil }
        var (lineEnd, next) = line(in: text, from: start)
        var skipped = 0
        while skipped < maxChromeLines, isChrome(text, trimmed(text, start..<lineEnd)) {
            start = text.skippingWhitespace(from: next)
            guard start < text.count else { return nil }
            (lineEnd, next) = line(in: text, from: start)
            skipped += 1
        }
        let line = trimmed(text, start..<lineEnd)
        guard isHeadlineShaped(text, line) else { return nil }

        // What follows: a blank line, or the first line of the body.
        let (nextEnd, _) = self.line(in: text, from: next)
        let nextLine = trimmed(text, next..<nextEnd)
        if nextLine.isEmpty {
            let bodyStart = text.skippingWhitespace(from: next)
            return bodyStart < text.count ? (line, bodyStart) : nil
        }
        guard next < text.count else { return nil }
        let nextFirst = text[nextLine.lowerBound]
        let startsLikeSentence = !(nextFirst >= 0x61 && nextFirst <= 0x7A)
        if startsLikeSentence, line.count * 10 <= nextLine.count * 7 { return (line, next) }
        return isFollowedByDateline(text, headline: line, from: next) ? (line, next) : nil
    }

    /// Whether the headline is followed by one or two short lines (a date, a byline: each
    /// with a digit or at most 80% of the headline's length) and then a blank line, as on
    /// a news page. The lines of a hard-wrapped paragraph are about equally long instead.
    private static func isFollowedByDateline(
        _ text: UnsafeBufferPointer<UInt8>, headline: Range<Int>, from start: Int
    ) -> Bool {
        var position = start
        for _ in 0..<2 {
            let (end, next) = line(in: text, from: position)
            let meta = trimmed(text, position..<end)
            guard !meta.isEmpty else { return false }
            let hasDigit = meta.contains { text[$0] >= 0x30 && text[$0] <= 0x39 }
            guard meta.count <= 120, hasDigit || meta.count * 10 <= headline.count * 8 else { return false }
            guard next < text.count else { return false }
            let (afterEnd, _) = line(in: text, from: next)
            if trimmed(text, next..<afterEnd).isEmpty { return true }
            position = next
        }
        return false
    }

    static func isChrome(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        var characters = 0
        var lowercase = false
        for i in line {
            if text[i] & 0xC0 != 0x80 { characters += 1 }
            if text[i] >= 0x61 && text[i] <= 0x7A { lowercase = true }
        }
        return (characters < 12 && !lowercase) || isSectionLabel(text, line) || isNavigation(text, line) || mentionsCookies(text, line) || isConsentNotice(text, line)
    }

    /// One word of at most 24 characters, all in capitals of a cased script (Latin,
    /// Cyrillic, Greek): a section label, whatever its length, not a headline.
    private static func isSectionLabel(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        var characters = 0
        var capitals = 0
        var i = line.lowerBound
        while i < line.upperBound {
            let byte = text[i]
            if byte & 0xC0 != 0x80 { characters += 1 }
            if byte == 0x20 || (byte >= 0x61 && byte <= 0x7A) { return false }
            if byte >= 0x41 && byte <= 0x5A { capitals += 1 }
            if i + 1 < line.upperBound {
                let pair = (byte, text[i + 1])
                switch pair {
                case (0xC3, 0x80...0x9E), (0xD0, 0x80...0xAF), (0xCE, 0x86...0xAB): capitals += 1
                case (0xC3, 0x9F...0xBF), (0xD0, 0xB0...0xBF), (0xD1, 0x80...0x9F), (0xCE, 0xAC...0xBF), (0xCF, _):
                    return false
                default: break
                }
            }
            i += 1
        }
        return characters <= 24 && capitals > 0 && capitals * 2 >= characters
    }

    /// A consent notice in any language: it ends with a button ("… [Accept]"), or it is a
    /// sentence followed by controls ("… a better experience. Accept all | Settings").
    private static func isConsentNotice(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        if text[line.upperBound - 1] == 0x5D { return true } // ]
        var sentenceEnd = false
        for i in line.lowerBound..<(line.upperBound - 1) {
            let byte = text[i]
            if byte == 0x2E && text[i + 1] == 0x20 { sentenceEnd = true }
            if sentenceEnd && (byte == 0x7C || byte == 0x5B) { return true } // | [
        }
        return false
    }

    private static func mentionsCookies(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        let word: [UInt8] = Array("cookie".utf8)
        guard line.count >= word.count else { return false }
        for i in line.lowerBound...(line.upperBound - word.count) {
            var k = 0
            while k < word.count, text[i + k] | 0x20 == word[k] { k += 1 }
            if k == word.count { return true }
        }
        return false
    }

    /// A menu or breadcrumb line: two or more separators | · › » > ｜ standing between words.
    static func isNavigation(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        var separators = 0
        var i = line.lowerBound
        while i < line.upperBound {
            let byte = text[i]
            if byte == 0x7C || byte == 0x3E {
                separators += 1 // | >
            } else if byte == 0xC2, i + 1 < line.upperBound, text[i + 1] == 0xB7 || text[i + 1] == 0xBB {
                separators += 1 // · »
            } else if byte == 0xE2, i + 2 < line.upperBound, text[i + 1] == 0x80, text[i + 2] == 0xBA {
                separators += 1 // ›
            } else if byte == 0xEF, i + 2 < line.upperBound, text[i + 1] == 0xBD, text[i + 2] == 0x9C {
                separators += 1 // ｜
            }
            if separators >= 2 { return true }
            i += 1
        }
        return false
    }

    private static func isHeadlineShaped(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        guard !line.isEmpty else { return false }
        let first = text[line.lowerBound]
        if first >= 0x61 && first <= 0x7A { return false }
        var characters = 0
        var words = 1
        var hasLetter = false
        for i in line {
            let byte = text[i]
            if byte & 0xC0 != 0x80 { characters += 1 } // count scalars, not bytes
            if byte == 0x20 { words += 1 }
            if ASCII.isLetter(byte) || byte >= 0xC0 { hasLetter = true }
        }
        guard hasLetter, characters <= maxTitleCharacters, words <= maxTitleWords else { return false }
        return !endsLikeSentence(text, line)
    }

    private static func endsLikeSentence(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        let last = text[line.upperBound - 1]
        switch last {
        case 0x2E, 0x2C, 0x3B, 0x3A: return true // . , ; :
        default: break
        }
        guard line.count >= 3 else { return false }
        let tail = (text[line.upperBound - 3], text[line.upperBound - 2], last)
        switch tail {
        case (0xE3, 0x80, 0x82), (0xE3, 0x80, 0x81): return true // 。、
        case (0xEF, 0xBC, 0x8C), (0xEF, 0xBC, 0x9B), (0xEF, 0xBC, 0x9A): return true // ，；：
        default: return false
        }
    }

    /// The end of the line at `start` (before any "\r\n") and the start of the next.
    private static func line(in text: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, next: Int) {
        guard start < text.count else { return (text.count, text.count) }
        var end = start
        while end < text.count, text[end] != 0x0A, text[end] != 0x0D { end += 1 }
        var next = end
        if next < text.count, text[next] == 0x0D { next += 1 }
        if next < text.count, text[next] == 0x0A { next += 1 }
        return (end, next)
    }

    /// The range without surrounding spaces, tabs, NBSPs and ideographic spaces.
    private static func trimmed(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        func spaceLength(at i: Int, forward: Bool) -> Int {
            let byte = text[i]
            if byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C { return 1 }
            if forward {
                if byte == 0xC2, i + 1 < upper, text[i + 1] == 0xA0 { return 2 }
                if byte == 0xE3, i + 2 < upper, text[i + 1] == 0x80, text[i + 2] == 0x80 { return 3 }
            } else {
                if byte == 0xA0, i >= lower + 1, text[i - 1] == 0xC2 { return 2 }
                if byte == 0x80, i >= lower + 2, text[i - 1] == 0x80, text[i - 2] == 0xE3 { return 3 }
            }
            return 0
        }
        while lower < upper {
            let n = spaceLength(at: lower, forward: true)
            if n == 0 { break }
            lower += n
        }
        while upper > lower {
            let n = spaceLength(at: upper - 1, forward: false)
            if n == 0 { break }
            upper -= n
        }
        return lower..<upper
    }
}
