/// A JSON text (RFC 8259, plus a trailing comma before a closing bracket, as Foundation
/// accepts too) checked once and then read in place: no tree is built, so a
/// file of millions of tiny values costs no more memory than its own bytes.
///
/// Strict about structure (one value, nothing but whitespace after it), lenient where
/// producers are sloppy (raw control characters inside strings, lone surrogate escapes
/// become U+FFFD). Nesting deeper than `maxDepth` is refused, and nothing here recurses
/// on the input's nesting, so hostile input cannot exhaust the stack.
///
/// Positions are indices into `bytes` of a value's first byte. Walking a value's members
/// or elements skips the values in between; a reader that looks up a few keys per object
/// does it in one pass over the object (`firstValues`).
struct JSONParser {
    static let maxDepth = 200

    let bytes: UnsafeBufferPointer<UInt8>
    /// Where the top-level value starts.
    let root: Int

    enum Kind { case object, array, string, other }

    /// The text, or nil when `bytes` are not one JSON text within the depth limit.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONParser? {
        guard let root = validate(bytes) else { return nil }
        return JSONParser(bytes: bytes, root: root)
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, root: Int) {
        self.bytes = bytes
        self.root = root
    }

    func kind(at i: Int) -> Kind {
        switch bytes[i] {
        case 0x7B: .object
        case 0x5B: .array
        case 0x22: .string
        default: .other
        }
    }

    // MARK: Walking

    /// Calls `body` with each member's key (the raw bytes between its quotes) and the
    /// position of its value, in order, until `body` returns false.
    func forEachMember(ofObjectAt start: Int, _ body: (_ key: Range<Int>, _ value: Int) -> Bool) {
        var i = skipWhitespace(start + 1)
        guard bytes[i] != 0x7D else { return }
        while true {
            let keyEnd = stringEnd(i)
            let value = skipWhitespace(skipWhitespace(keyEnd) + 1) // past the colon
            guard body((i + 1)..<(keyEnd - 1), value) else { return }
            i = skipWhitespace(valueEnd(value))
            guard bytes[i] == 0x2C else { return } // "}"
            i = skipWhitespace(i + 1)
            if bytes[i] == 0x7D { return } // a trailing comma
        }
    }

    /// Calls `body` with the position of each element, in order, until it returns false.
    func forEachElement(ofArrayAt start: Int, _ body: (_ value: Int) -> Bool) {
        var i = skipWhitespace(start + 1)
        guard bytes[i] != 0x5D else { return }
        while true {
            guard body(i) else { return }
            i = skipWhitespace(valueEnd(i))
            guard bytes[i] == 0x2C else { return } // "]"
            i = skipWhitespace(i + 1)
            if bytes[i] == 0x5D { return } // a trailing comma
        }
    }

    /// For each of `keys` (lowercase ASCII), the value of the first member whose key is
    /// it ignoring ASCII case, found in one pass over the object.
    func firstValues(ofObjectAt start: Int, keys: [StaticString], _ body: (_ values: UnsafeBufferPointer<Int>) -> Void) {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: keys.count) { values in
            values.initialize(repeating: -1)
            var missing = keys.count
            forEachMember(ofObjectAt: start) { key, value in
                for k in keys.indices where values[k] < 0 && keyEquals(key, keys[k]) {
                    values[k] = value
                    missing -= 1
                }
                return missing > 0
            }
            body(UnsafeBufferPointer(values))
        }
    }

    /// The value of the first member called `key` (lowercase ASCII, compared ignoring
    /// ASCII case), or nil.
    func value(ofObjectAt start: Int, key: StaticString) -> Int? {
        var found: Int?
        forEachMember(ofObjectAt: start) { name, value in
            if keyEquals(name, key) { found = value }
            return found == nil
        }
        return found
    }

    /// Whether a raw key, escapes decoded, is `expected` (lowercase ASCII) ignoring ASCII case.
    func keyEquals(_ key: Range<Int>, _ expected: StaticString) -> Bool {
        let length = expected.utf8CodeUnitCount
        let target = expected.utf8Start
        if key.count == length { // as long as the target: equal only if no escape (none matches a target byte)
            for k in 0..<length where ASCII.lowercased(bytes[key.lowerBound + k]) != target[k] { return false }
            return true
        }
        // Longer: only escapes can make it equal (each character at most one \uXXXX).
        guard key.count > length, key.count <= 6 * length,
              bytes.firstIndex(of: 0x5C, from: key.lowerBound, to: key.upperBound) < key.upperBound else { return false }
        let decoded = decodeString(key)
        guard decoded.count == length else { return false }
        for k in 0..<length where ASCII.lowercased(decoded[k]) != target[k] { return false }
        return true
    }

    /// The string value at `start` as UTF-8, escapes decoded: the bytes in place when it
    /// has no escapes, else a decoded copy.
    func withString<Result>(at start: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let content = (start + 1)..<(stringEnd(start) - 1)
        if bytes.firstIndex(of: 0x5C, from: content.lowerBound, to: content.upperBound) == content.upperBound {
            return body(UnsafeBufferPointer(rebasing: bytes[content]))
        }
        return decodeString(content).withUnsafeBufferPointer(body)
    }

    func string(at start: Int) -> String {
        withString(at: start) { String(decoding: $0, as: UTF8.self) }
    }

    /// Where the value starting at `start` ends (the index after its last byte).
    func valueEnd(_ start: Int) -> Int {
        switch bytes[start] {
        case 0x22:
            return stringEnd(start)
        case 0x7B, 0x5B:
            var depth = 0
            var i = start
            while true {
                switch bytes[i] {
                case 0x22:
                    i = stringEnd(i)
                    continue
                case 0x7B, 0x5B:
                    depth += 1
                case 0x7D, 0x5D:
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default:
                    break
                }
                i += 1
            }
        default:
            var i = start
            while i < bytes.count {
                switch bytes[i] {
                case 0x2C, 0x7D, 0x5D, 0x20, 0x0A, 0x0D, 0x09: return i
                default: i += 1
                }
            }
            return i
        }
    }

    /// The index after the closing quote of the string whose opening quote is at `start`.
    private func stringEnd(_ start: Int) -> Int {
        var i = start + 1
        while true {
            let quote = bytes.firstIndex(of: 0x22, from: i)
            var backslashes = 0
            while quote - backslashes - 1 > start, bytes[quote - backslashes - 1] == 0x5C { backslashes += 1 }
            if backslashes % 2 == 0 { return quote + 1 }
            i = quote + 1
        }
    }

    private func skipWhitespace(_ start: Int) -> Int {
        Self.skipWhitespace(bytes, start)
    }

    private static func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        return i
    }

    /// The content of a (validated) string, escapes decoded.
    private func decodeString(_ content: Range<Int>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(content.count)
        var i = content.lowerBound
        while i < content.upperBound {
            let backslash = bytes.firstIndex(of: 0x5C, from: i, to: content.upperBound)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<backslash]))
            guard backslash < content.upperBound else { break }
            let escape = bytes[backslash + 1]
            i = backslash + 2
            switch escape {
            case 0x62: output.append(0x08)
            case 0x66: output.append(0x0C)
            case 0x6E: output.append(0x0A)
            case 0x72: output.append(0x0D)
            case 0x74: output.append(0x09)
            case 0x75:
                var value = Self.hex4(bytes, at: i)!
                i += 4
                if (0xD800...0xDBFF).contains(value), i + 5 < content.upperBound, bytes[i] == 0x5C, bytes[i + 1] == 0x75,
                   let low = Self.hex4(bytes, at: i + 2), (0xDC00...0xDFFF).contains(low) {
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                output.append(contentsOf: UTF8.encode(Unicode.Scalar(value) ?? "\u{FFFD}")!)
            default: // " \ /
                output.append(escape)
            }
        }
        return output
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> UInt32? {
        guard start + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for k in 0..<4 {
            guard let digit = ASCII.hexValue(bytes[start + k]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    // MARK: Validation

    /// Checks the whole text without recursion; returns where the top-level value starts.
    private static func validate(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        var open: [Bool] = [] // the containers open around the position: true for an object
        open.reserveCapacity(16)
        var i = skipWhitespace(bytes, 0)
        let root = i

        /// A key, then a colon; false if not there.
        func key() -> Bool {
            i = skipWhitespace(bytes, i)
            guard i < n, bytes[i] == 0x22, string() else { return false }
            i = skipWhitespace(bytes, i)
            guard i < n, bytes[i] == 0x3A else { return false }
            i += 1
            return true
        }
        func string() -> Bool {
            i += 1
            while i < n {
                switch bytes[i] {
                case 0x22:
                    i += 1
                    return true
                case 0x5C:
                    guard i + 1 < n else { return false }
                    switch bytes[i + 1] {
                    case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: i += 2
                    case 0x75:
                        guard hex4(bytes, at: i + 2) != nil else { return false }
                        i += 6
                    default: return false
                    }
                default:
                    i += 1
                }
            }
            return false
        }
        func literal(_ word: StaticString) -> Bool {
            guard bytes.hasPrefix(word, at: i, ignoringCase: false) else { return false }
            i += word.utf8CodeUnitCount
            return true
        }
        func digits() -> Bool {
            let start = i
            while i < n, ASCII.isDigit(bytes[i]) { i += 1 }
            return i > start
        }
        func number() -> Bool {
            if bytes[i] == 0x2D { i += 1 }
            guard digits() else { return false }
            if i < n, bytes[i] == 0x2E {
                i += 1
                guard digits() else { return false }
            }
            if i < n, bytes[i] | 0x20 == 0x65 {
                i += 1
                if i < n, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
                guard digits() else { return false }
            }
            return true
        }

        while true {
            // A value is expected at i.
            guard open.count < maxDepth else { return nil }
            i = skipWhitespace(bytes, i)
            guard i < n else { return nil }
            var isScalar = true
            switch bytes[i] {
            case 0x7B:
                i = skipWhitespace(bytes, i + 1)
                if i < n, bytes[i] == 0x7D {
                    i += 1
                } else {
                    open.append(true)
                    guard key() else { return nil }
                    isScalar = false
                }
            case 0x5B:
                i = skipWhitespace(bytes, i + 1)
                if i < n, bytes[i] == 0x5D {
                    // An empty array still counts as a value at this depth, like any other.
                    i += 1
                } else {
                    open.append(false)
                    isScalar = false
                }
            case 0x22: guard string() else { return nil }
            case 0x74: guard literal("true") else { return nil }
            case 0x66: guard literal("false") else { return nil }
            case 0x6E: guard literal("null") else { return nil }
            case 0x2D, 0x30...0x39: guard number() else { return nil }
            default: return nil
            }
            if !isScalar { continue }
            // After a value: a comma and the next, or the end of containers.
            while true {
                i = skipWhitespace(bytes, i)
                guard let isObject = open.last else { return i == n ? root : nil }
                guard i < n else { return nil }
                if bytes[i] == 0x2C {
                    i = skipWhitespace(bytes, i + 1)
                    // A trailing comma before the closer is accepted, as Foundation's reader
                    // (and many a hand-written feed) does.
                    if i < n, bytes[i] == (isObject ? 0x7D : 0x5D) {
                        open.removeLast()
                        i += 1
                        continue
                    }
                    if isObject { guard key() else { return nil } }
                    break
                }
                guard bytes[i] == (isObject ? 0x7D : 0x5D) else { return nil }
                open.removeLast()
                i += 1
            }
        }
    }
}
