/// A TOML 1.0.0 parser over UTF-8 bytes, in Swift only.
///
/// Every value and key comes back with its line and column; every error has a line, a
/// column, a message and, where one is being defined, the dotted key. Nothing in the input
/// can make it trap: indexing is checked, integers use overflow-reporting arithmetic, and
/// arrays, inline tables and tables may nest at most `maxDepth` levels (deeper is an error,
/// not a stack overflow).
public enum TOMLParser {
    /// How deep tables, arrays and inline tables may nest, counted together.
    public static let maxDepth = 128

    /// The root table of `bytes`, a whole TOML document.
    public static func parse(_ bytes: [UInt8]) throws(TOMLError) -> TOMLTable {
        let parser = Parser(try SourceText(bytes))
        return try parser.parseDocument()
    }

    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        try parse(Array(text.utf8))
    }
}

/// One key of a `[header]`, `[[header]]` or `key = value` line, with the offset of its
/// first byte.
struct KeyPart {
    var name: String
    var offset: Int
}

enum ASCII {
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let hash: UInt8 = 0x23
    static let apostrophe: UInt8 = 0x27
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let equals: UInt8 = 0x3D
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let underscore: UInt8 = 0x5F
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D
    static let delete: UInt8 = 0x7F

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isHexDigit(_ c: UInt8) -> Bool { isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) }
    static func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
    static func isBareKey(_ c: UInt8) -> Bool { isLetter(c) || isDigit(c) || c == underscore || c == minus }
    /// Control characters TOML does not allow unescaped (all but tab).
    static func isControl(_ c: UInt8) -> Bool { (c < 0x20 && c != tab) || c == delete }
    static func digitValue(_ c: UInt8) -> Int64 {
        switch c {
        case 0x30...0x39: return Int64(c - 0x30)
        case 0x41...0x46: return Int64(c - 0x41 + 10)
        case 0x61...0x66: return Int64(c - 0x61 + 10)
        default: return 0
        }
    }
}

final class Parser {
    var source: SourceText
    let bytes: [UInt8]
    var i: Int
    let root: TableNode
    /// The table that `key = value` lines go into: the root, then the last header's.
    var current: TableNode

    init(_ source: SourceText) {
        self.source = source
        bytes = source.bytes
        i = source.lineStarts.first ?? 0
        root = TableNode(origin: .header, path: "", position: TOMLPosition(line: 1, column: 1), depth: 0)
        current = root
    }

    // MARK: Reading bytes

    func peek(_ ahead: Int = 0) -> UInt8? {
        let at = i + ahead
        return at >= 0 && at < bytes.count ? bytes[at] : nil
    }

    func position(_ offset: Int) -> TOMLPosition {
        source.rememberingPosition(of: offset)
    }

    func error(_ message: String, at offset: Int? = nil, key: String? = nil) -> TOMLError {
        TOMLError(position: position(offset ?? i), key: key, message: message)
    }

    /// What is at `offset`, for messages: `'x'`, `U+0001`, "the end of the line"…
    func describe(_ offset: Int? = nil) -> String {
        let at = offset ?? i
        guard at < bytes.count, at >= 0 else { return "the end of the file" }
        let c = bytes[at]
        if c == ASCII.newline || (c == ASCII.carriageReturn && at + 1 < bytes.count && bytes[at + 1] == ASCII.newline) {
            return "the end of the line"
        }
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        if c == ASCII.space { return "a space" }
        if c < 0x80 { return "U+00" + hex(c) }
        var end = at + 1
        while end < bytes.count, end - at < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
        let scalar = String(decoding: bytes[at..<end], as: UTF8.self)
        return "'\(scalar)'"
    }

    func skipWhitespace() {
        while let c = peek(), c == ASCII.space || c == ASCII.tab { i += 1 }
    }

    /// A comment from `#` up to (not including) the end of its line.
    func skipComment() throws(TOMLError) {
        i += 1
        while let c = peek() {
            if c == ASCII.newline { return }
            if c == ASCII.carriageReturn {
                if peek(1) == ASCII.newline { return }
                throw error("a carriage return must be followed by a line feed")
            }
            if ASCII.isControl(c) { throw error("control character U+00\(hex(c)) is not allowed in a comment") }
            i += 1
        }
    }

    /// Consumes a line feed or CR LF if one is next; false if something else is.
    func consumeNewline() throws(TOMLError) -> Bool {
        if peek() == ASCII.newline {
            i += 1
            return true
        }
        if peek() == ASCII.carriageReturn {
            guard peek(1) == ASCII.newline else { throw error("a carriage return must be followed by a line feed") }
            i += 2
            return true
        }
        return false
    }

    /// Whitespace, comments and line breaks (between array elements).
    func skipWhitespaceCommentsAndNewlines() throws(TOMLError) {
        while true {
            skipWhitespace()
            if peek() == ASCII.hash { try skipComment() }
            if try !consumeNewline() { return }
        }
    }

    // MARK: The document

    func parseDocument() throws(TOMLError) -> TOMLTable {
        while i < bytes.count {
            skipWhitespace()
            guard let c = peek() else { break }
            var key: String?
            switch c {
            case ASCII.hash, ASCII.newline, ASCII.carriageReturn:
                break
            case ASCII.openBracket:
                try parseHeader()
            default:
                key = try parseKeyValue(into: current)
            }
            try endOfLine(after: key)
        }
        return root.frozen()
    }

    /// After an expression: optional whitespace and comment, then a line break or the end.
    func endOfLine(after key: String?) throws(TOMLError) {
        skipWhitespace()
        if peek() == ASCII.hash { try skipComment() }
        if peek() == nil { return }
        if try consumeNewline() { return }
        let what = key == nil ? "the table header" : "the value"
        throw error("expected the end of the line after \(what), found \(describe())", key: key)
    }

    func parseHeader() throws(TOMLError) {
        let isArray = peek(1) == ASCII.openBracket
        i += isArray ? 2 : 1
        skipWhitespace()
        let key = try parseKey()
        let name = key.map(\.name).joined(separator: ".")
        guard peek() == ASCII.closeBracket else {
            throw error("expected '\(isArray ? "]]" : "]")' to close the header [\(isArray ? "[" : "")\(name), found \(describe())")
        }
        if isArray {
            guard peek(1) == ASCII.closeBracket else {
                throw error("expected ']]' to close the header [[\(name), found \(describe(i + 1))", at: i + 1)
            }
            i += 2
            current = try appendArrayTable(key)
        } else {
            i += 1
            current = try defineTable(key)
        }
    }

    /// `key = value` into `table`; returns the key's full path.
    func parseKeyValue(into table: TableNode) throws(TOMLError) -> String {
        let key = try parseKey()
        guard peek() == ASCII.equals else {
            let name = key.map(\.name).joined(separator: ".")
            throw error("expected '=' after the key \(name), found \(describe())", key: table.childPath(name))
        }
        i += 1
        skipWhitespace()
        let (target, last) = try tableForKeyValue(key, in: table)
        let path = target.childPath(last.name)
        let value = try parseValue(depth: target.depth + 1, path: path)
        target.insert(last.name, at: position(last.offset), .value(value))
        return path
    }

    // MARK: Keys

    /// A bare, quoted or dotted key, and the whitespace after it.
    func parseKey() throws(TOMLError) -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            guard parts.count < TOMLParser.maxDepth else {
                throw error("a key may have at most \(TOMLParser.maxDepth) dotted parts")
            }
            parts.append(try parseSimpleKey())
            skipWhitespace()
            guard peek() == ASCII.dot else { return parts }
            i += 1
            skipWhitespace()
        }
    }

    func parseSimpleKey() throws(TOMLError) -> KeyPart {
        let start = i
        switch peek() {
        case ASCII.quote?:
            if peek(1) == ASCII.quote, peek(2) == ASCII.quote {
                throw error("a key cannot be a multi-line string")
            }
            return KeyPart(name: try parseBasicString(), offset: start)
        case ASCII.apostrophe?:
            if peek(1) == ASCII.apostrophe, peek(2) == ASCII.apostrophe {
                throw error("a key cannot be a multi-line string")
            }
            return KeyPart(name: try parseLiteralString(), offset: start)
        case let c? where ASCII.isBareKey(c):
            while let c = peek(), ASCII.isBareKey(c) { i += 1 }
            return KeyPart(name: String(decoding: bytes[start..<i], as: UTF8.self), offset: start)
        default:
            throw error("expected a key (letters, digits, '_', '-' or a quoted string), found \(describe())")
        }
    }

    // MARK: Values

    func parseValue(depth: Int, path: String) throws(TOMLError) -> TOMLValue {
        guard depth <= TOMLParser.maxDepth else {
            throw error("nested too deeply (at most \(TOMLParser.maxDepth) levels of tables and arrays)", key: path)
        }
        let start = i
        let at = position(start)
        guard let c = peek() else { throw error("expected a value, found the end of the file", key: path) }
        do throws(TOMLError) {
            switch c {
            case ASCII.quote:
                if peek(1) == ASCII.quote, peek(2) == ASCII.quote {
                    return TOMLValue(.string(try parseMultilineString(literal: false)), at: at)
                }
                return TOMLValue(.string(try parseBasicString()), at: at)
            case ASCII.apostrophe:
                if peek(1) == ASCII.apostrophe, peek(2) == ASCII.apostrophe {
                    return TOMLValue(.string(try parseMultilineString(literal: true)), at: at)
                }
                return TOMLValue(.string(try parseLiteralString()), at: at)
            case ASCII.openBracket:
                return try parseArray(depth: depth, path: path)
            case ASCII.openBrace:
                return try parseInlineTable(depth: depth, path: path)
            default:
                if matches("true") {
                    i += 4
                    return TOMLValue(.boolean(true), at: at)
                }
                if matches("false") {
                    i += 5
                    return TOMLValue(.boolean(false), at: at)
                }
                return TOMLValue(try parseNumberOrDate(), at: at)
            }
        } catch {
            var error = error
            if error.key == nil { error.key = path }
            throw error
        }
    }

    /// Whether the bytes at the cursor are `word` followed by something that cannot
    /// continue a bare word.
    func matches(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { return false }
        let same = word.withUTF8Buffer { buffer in
            buffer.indices.allSatisfy { bytes[i + $0] == buffer[$0] }
        }
        guard same else { return false }
        guard let next = peek(count) else { return true }
        return !ASCII.isBareKey(next) && next != ASCII.dot && next != ASCII.colon && next != ASCII.plus
    }

    func parseArray(depth: Int, path: String) throws(TOMLError) -> TOMLValue {
        let start = i
        let at = position(start)
        i += 1
        var elements: [TOMLValue] = []
        while true {
            try skipWhitespaceCommentsAndNewlines()
            if peek() == ASCII.closeBracket {
                i += 1
                break
            }
            if peek() == nil {
                throw error("the array opened at \(at) is not closed", key: path)
            }
            // Deep arrays are named by their outer levels only, to keep the message short.
            let elementPath = path.utf8.count < 120 ? "\(path)[\(elements.count)]" : path
            elements.append(try parseValue(depth: depth + 1, path: elementPath))
            try skipWhitespaceCommentsAndNewlines()
            switch peek() {
            case ASCII.comma?:
                i += 1
            case ASCII.closeBracket?:
                i += 1
                return TOMLValue(.array(elements), at: at)
            case nil:
                throw error("the array opened at \(at) is not closed", key: path)
            default:
                throw error("expected ',' or ']' after an array element, found \(describe())", key: path)
            }
        }
        return TOMLValue(.array(elements), at: at)
    }

    func parseInlineTable(depth: Int, path: String) throws(TOMLError) -> TOMLValue {
        let at = position(i)
        i += 1
        let table = TableNode(origin: .inline, path: path, position: at, depth: depth)
        skipWhitespace()
        if peek() == ASCII.closeBrace {
            i += 1
            return TOMLValue(.table(table.frozen()), at: at)
        }
        while true {
            skipWhitespace()
            try checkInsideInlineTable(opened: at, path: path)
            _ = try parseKeyValue(into: table)
            skipWhitespace()
            try checkInsideInlineTable(opened: at, path: path)
            switch peek() {
            case ASCII.comma?:
                i += 1
                skipWhitespace()
                if peek() == ASCII.closeBrace {
                    throw error("an inline table may not end with a comma", key: path)
                }
            case ASCII.closeBrace?:
                i += 1
                return TOMLValue(.table(table.frozen()), at: at)
            default:
                throw error("expected ',' or '}' in the inline table, found \(describe())", key: path)
            }
        }
    }

    private func checkInsideInlineTable(opened at: TOMLPosition, path: String) throws(TOMLError) {
        switch peek() {
        case nil:
            throw error("the inline table opened at \(at) is not closed", key: path)
        case ASCII.newline?, ASCII.carriageReturn?, ASCII.hash?:
            throw error("an inline table must be on one line (opened at \(at))", key: path)
        default:
            return
        }
    }
}
