/// Accumulates readable text as UTF-8 and normalises it on the way in.
///
/// Extractors feed it text runs and structural breaks; it guarantees the output shape
/// the `Article` contract promises, whatever the input looked like:
/// - whitespace runs (including tabs, NBSP, U+3000 and the other Unicode spaces) become
///   one space, and no line starts or ends with a space;
/// - a line break is "\n", a paragraph break is exactly one blank line, and neither
///   appears at the start or end;
/// - NUL, other C0 and C1 controls, DEL and U+FEFF are dropped.
///
/// Separators are held back until the next visible byte arrives and only the strongest
/// pending one is written; that is what makes trimming and collapsing free.
///
/// Input must be valid UTF-8 (decoding repairs or rejects before extraction), so a
/// multi-byte sequence is never split.
struct TextBuilder {
    /// What separates the next visible text from the text before it. Ordered by strength.
    enum Separator: UInt8, Comparable {
        case none, space, line, paragraph

        static func < (a: Separator, b: Separator) -> Bool { a.rawValue < b.rawValue }
    }

    /// How newlines inside a text run are read.
    enum NewlineHandling {
        /// A newline is a line break; two or more in a row (blank lines) a paragraph break.
        /// For plain text, Markdown code blocks and HTML `<pre>`.
        case lineBreaks
        /// A newline is just whitespace, as in HTML flow content and JSON strings marked up
        /// as HTML.
        case whitespace
    }

    private(set) var bytes: [UInt8] = []
    private var pending: Separator = .none

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    var isEmpty: Bool { bytes.isEmpty }
    var count: Int { bytes.count }

    // MARK: Structure

    mutating func space() {
        if pending < .space { pending = .space }
    }

    /// A line break; a second one with nothing visible in between makes a paragraph
    /// break, which is how `<br><br>` and blank lines behave.
    mutating func lineBreak() {
        pending = pending >= .line ? .paragraph : .line
    }

    mutating func paragraphBreak() {
        pending = .paragraph
    }

    /// Starts a new paragraph and returns the current length, so that a caller can later
    /// take the text written since (e.g. an `<article>`'s). The slice may begin with the
    /// separator's newlines.
    mutating func markParagraphStart() -> Int {
        paragraphBreak()
        return bytes.count
    }

    // MARK: Text

    /// Appends one Unicode scalar (e.g. a decoded entity), normalised like any text.
    mutating func append(scalar: Unicode.Scalar) {
        var encoded: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        let length = withUnsafeMutableBytes(of: &encoded) { raw -> Int in
            var n = 0
            for unit in UTF8.encode(scalar)! {
                raw[n] = unit
                n += 1
            }
            return n
        }
        withUnsafeBytes(of: &encoded) { raw in
            append(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[0..<length]), newlines: .whitespace)
        }
    }

    mutating func append(_ text: String, newlines: NewlineHandling) {
        var text = text
        text.withUTF8 { append($0, newlines: newlines) }
    }

    mutating func append(_ text: [UInt8], newlines: NewlineHandling) {
        text.withUnsafeBufferPointer { append($0, newlines: newlines) }
    }

    /// Appends a run of UTF-8 text. Visible stretches are copied in bulk; only
    /// whitespace, controls and the lead bytes of the few special multi-byte characters
    /// are looked at one by one.
    mutating func append(_ text: UnsafeBufferPointer<UInt8>, newlines: NewlineHandling) {
        let count = text.count
        var i = 0
        while i < count {
            // A visible run, including single spaces between visible bytes: they need no
            // collapsing, and copying whole lines at once is what makes this fast.
            var end = i
            if !Self.needsAttention(text[i]), let base = text.baseAddress {
                end = Self.plainASCIIRun(base, from: i, count: count)
            }
            while end < count {
                let byte = text[end]
                if !Self.needsAttention(byte) {
                    end &+= 1
                } else if byte == 0x20, end > i, end + 1 < count, !Self.needsAttention(text[end &+ 1]),
                          text[end &- 1] != 0x20 {
                    end &+= 2
                } else if byte >= 0x80, !Self.isSpecial(text, at: end) {
                    end &+= 1 // a lead byte shared with ordinary characters (CJK punctuation, quotes)
                } else {
                    break
                }
            }
            if end > i, text[end - 1] == 0x20 { end -= 1 } // a space ends no run (see plainASCIIRun)
            if end > i {
                writePendingSeparator()
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[i..<end]))
                i = end
                if i == count { break }
            }
            let byte = text[i]
            switch byte {
            case 0x20, 0x09:
                space()
                i += 1
            case 0x0A:
                newline(newlines)
                i += 1
            case 0x0D:
                newline(newlines)
                i += (i + 1 < count && text[i + 1] == 0x0A) ? 2 : 1
            case 0x0B:
                if newlines == .lineBreaks { lineBreak() } else { space() }
                i += 1
            case 0x0C:
                if newlines == .lineBreaks { paragraphBreak() } else { space() }
                i += 1
            case 0xC2:
                // U+00A0 NO-BREAK SPACE is a space; U+0080–U+009F are C1 controls.
                guard i + 1 < count else { i = appendVisible(text, from: i, length: 1); continue }
                let next = text[i + 1]
                if next == 0xA0 {
                    space()
                    i += 2
                } else if next < 0xA0 {
                    i += 2
                } else {
                    i = appendVisible(text, from: i, length: 2)
                }
            case 0xE2:
                guard i + 2 < count else { i = appendVisible(text, from: i, length: count - i); continue }
                let b1 = text[i + 1], b2 = text[i + 2]
                if b1 == 0x80, b2 <= 0x8A || b2 == 0xAF {
                    space() // U+2000–U+200A en quad … hair space, U+202F narrow NBSP
                } else if b1 == 0x80, b2 == 0xA8 {
                    lineBreak() // U+2028 LINE SEPARATOR
                } else if b1 == 0x80, b2 == 0xA9 {
                    paragraphBreak() // U+2029 PARAGRAPH SEPARATOR
                } else if b1 == 0x81, b2 == 0x9F {
                    space() // U+205F medium mathematical space
                } else {
                    i = appendVisible(text, from: i, length: 3)
                    continue
                }
                i += 3
            case 0xE3:
                guard i + 2 < count else { i = appendVisible(text, from: i, length: count - i); continue }
                if text[i + 1] == 0x80, text[i + 2] == 0x80 {
                    space() // U+3000 IDEOGRAPHIC SPACE
                    i += 3
                } else {
                    i = appendVisible(text, from: i, length: 3)
                }
            case 0xEF:
                guard i + 2 < count else { i = appendVisible(text, from: i, length: count - i); continue }
                if text[i + 1] == 0xBB, text[i + 2] == 0xBF {
                    i += 3 // U+FEFF: a byte-order mark or zero-width no-break space, never text
                } else {
                    i = appendVisible(text, from: i, length: 3)
                }
            default:
                // The remaining C0 controls and DEL are dropped without a separator.
                i += 1
            }
        }
    }

    /// Takes the finished text, trimmed (pending separators are never written).
    mutating func finish() -> [UInt8] {
        pending = .none
        return bytes
    }

    // MARK: Private

    /// Skips eight bytes at a time while they are printable ASCII with no two spaces in a
    /// row; `start` must hold a visible byte. Returns where the bytes-at-a-time scan takes
    /// over. The run may end in a space, which the caller gives back.
    @inline(__always)
    private static func plainASCIIRun(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var end = start
        while end + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: end, as: UInt64.self)
            let belowSpace = (word &- ones &* 0x20) & ~word & highs
            let aboveTilde = ((word &+ ones) | word) & highs
            guard belowSpace | aboveTilde == 0 else { break }
            let x = word ^ (ones &* 0x20)
            let spaces = ~(((x & lows) &+ lows) | x | lows)
            guard spaces & (spaces << 8) == 0 else { break }
            if spaces & 0x80 != 0, end > start, base[end - 1] == 0x20 { break }
            end += 8
        }
        return end
    }

    /// Whether the multi-byte character at `i` (whose lead byte needs attention) is one
    /// the switch in `append` handles: a space, separator, control or U+FEFF.
    @inline(__always)
    private static func isSpecial(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i + 1 < text.count else { return true }
        let b1 = text[i + 1]
        switch text[i] {
        case 0xC2: return b1 <= 0xA0
        case 0xE2: return b1 == 0x80 || (b1 == 0x81 && i + 2 < text.count && text[i + 2] == 0x9F)
        case 0xE3: return b1 == 0x80 && i + 2 < text.count && text[i + 2] == 0x80
        case 0xEF: return b1 == 0xBB && i + 2 < text.count && text[i + 2] == 0xBF
        default: return true
        }
    }

    /// Whether `append` must look at a byte: whitespace and controls, DEL, and the lead
    /// bytes of the special multi-byte characters (U+0080–U+00A0, U+2000–U+205F, U+3000,
    /// U+FEFF). A 256-bit set in four constant words: no table to load or retain.
    @inline(__always)
    private static func needsAttention(_ byte: UInt8) -> Bool {
        let word: UInt64
        switch byte >> 6 {
        case 0: word = 0x1_FFFF_FFFF // 0x00–0x20
        case 1: word = 1 << 63 // 0x7F
        case 2: word = 0
        default: word = 1 << 2 | 1 << 34 | 1 << 35 | 1 << 47 // 0xC2, 0xE2, 0xE3, 0xEF
        }
        return (word >> UInt64(byte & 63)) & 1 != 0
    }

    @inline(__always)
    private mutating func newline(_ handling: NewlineHandling) {
        if handling == .lineBreaks { lineBreak() } else { space() }
    }

    private mutating func appendVisible(_ text: UnsafeBufferPointer<UInt8>, from start: Int, length: Int) -> Int {
        let end = min(text.count, start + length)
        writePendingSeparator()
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<end]))
        return end
    }

    @inline(__always)
    private mutating func writePendingSeparator() {
        guard pending != .none else { return }
        if !bytes.isEmpty {
            switch pending {
            case .none: break
            case .space: bytes.append(0x20)
            case .line: bytes.append(0x0A)
            case .paragraph: bytes.append(0x0A); bytes.append(0x0A)
            }
        }
        pending = .none
    }
}
