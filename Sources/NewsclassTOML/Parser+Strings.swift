/// Basic ("…"), literal ('…') and multi-line ("""…""", '''…''') strings.
extension Parser {
    /// A single-line basic string with its escapes; the cursor is on the opening quote.
    func parseBasicString() throws(TOMLError) -> String {
        let start = i
        i += 1
        var text: [UInt8] = []
        while true {
            guard let c = peek() else { throw error("the string opened at \(position(start)) is not closed") }
            switch c {
            case ASCII.quote:
                i += 1
                return String(decoding: text, as: UTF8.self)
            case ASCII.backslash:
                try parseEscape(into: &text)
            case ASCII.newline:
                throw error("the string opened at \(position(start)) is not closed on its line (use \"\"\" for text on several lines)")
            case ASCII.carriageReturn where peek(1) == ASCII.newline:
                throw error("the string opened at \(position(start)) is not closed on its line (use \"\"\" for text on several lines)")
            default:
                if ASCII.isControl(c) { throw error("control character U+00\(hex(c)) must be written as an escape") }
                text.append(c)
                i += 1
            }
        }
    }

    /// A single-line literal string: no escapes; the cursor is on the opening apostrophe.
    func parseLiteralString() throws(TOMLError) -> String {
        let start = i
        i += 1
        while true {
            guard let c = peek() else { throw error("the string opened at \(position(start)) is not closed") }
            if c == ASCII.apostrophe {
                i += 1
                return String(decoding: bytes[(start + 1)..<(i - 1)], as: UTF8.self)
            }
            if c == ASCII.newline || (c == ASCII.carriageReturn && peek(1) == ASCII.newline) {
                throw error("the string opened at \(position(start)) is not closed on its line (use ''' for text on several lines)")
            }
            if ASCII.isControl(c) { throw error("control character U+00\(hex(c)) is not allowed in a literal string") }
            i += 1
        }
    }

    /// `"""…"""` (escapes, line-ending backslash) or `'''…'''`; a line break right after
    /// the opening delimiter is not part of the text. The cursor is on the first quote.
    func parseMultilineString(literal: Bool) throws(TOMLError) -> String {
        let start = i
        let delimiter = literal ? ASCII.apostrophe : ASCII.quote
        i += 3
        _ = try consumeNewline()
        var text: [UInt8] = []
        while true {
            guard let c = peek() else { throw error("the multi-line string opened at \(position(start)) is not closed") }
            switch c {
            case delimiter:
                var run = 0
                while peek(run) == delimiter { run += 1 }
                if run >= 3 {
                    guard run <= 5 else {
                        throw error("too many quotes: at most two may stand right before the closing delimiter")
                    }
                    text.append(contentsOf: repeatElement(delimiter, count: run - 3))
                    i += run
                    return String(decoding: text, as: UTF8.self)
                }
                text.append(contentsOf: repeatElement(delimiter, count: run))
                i += run
            case ASCII.backslash where !literal:
                if try !skipLineEndingBackslash() { try parseEscape(into: &text) }
            case ASCII.newline:
                text.append(c)
                i += 1
            case ASCII.carriageReturn:
                guard peek(1) == ASCII.newline else { throw error("a carriage return must be followed by a line feed") }
                text.append(contentsOf: [ASCII.carriageReturn, ASCII.newline])
                i += 2
            default:
                if ASCII.isControl(c) {
                    throw error("control character U+00\(hex(c)) \(literal ? "is not allowed in a literal string" : "must be written as an escape")")
                }
                text.append(c)
                i += 1
            }
        }
    }

    /// A backslash that ends its line (whitespace allowed after it) joins the next
    /// non-blank text: the line break and all whitespace and line breaks after it are dropped.
    private func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var k = 1
        while let c = peek(k), c == ASCII.space || c == ASCII.tab { k += 1 }
        guard peek(k) == ASCII.newline || (peek(k) == ASCII.carriageReturn && peek(k + 1) == ASCII.newline) else {
            return false
        }
        i += k
        while true {
            skipWhitespace()
            if try !consumeNewline() { return true }
        }
    }

    /// `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`; the cursor is on the backslash.
    func parseEscape(into text: inout [UInt8]) throws(TOMLError) {
        let start = i
        guard let c = peek(1) else { throw error("a backslash at the end of the file") }
        i += 2
        switch c {
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "r"): text.append(0x0D)
        case ASCII.quote: text.append(ASCII.quote)
        case ASCII.backslash: text.append(ASCII.backslash)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = c == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let digit = peek(), ASCII.isHexDigit(digit) else {
                    throw error("\\\(Character(Unicode.Scalar(c))) needs exactly \(count) hexadecimal digits", at: start)
                }
                value = value << 4 | UInt32(ASCII.digitValue(digit))
                i += 1
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw error("\\\(Character(Unicode.Scalar(c)))\(String(value, radix: 16, uppercase: true)) is not a Unicode scalar value (surrogates and values past 10FFFF are not)", at: start)
            }
            UTF8.encode(scalar) { text.append($0) }
        default:
            throw error("unknown escape: a backslash followed by \(describe(start + 1)) (known: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)", at: start)
        }
    }
}
