/// A recursive-descent JSON parser over UTF-8 bytes. Strict about structure (one value,
/// nothing but whitespace after it), lenient where producers are sloppy (raw control
/// characters inside strings, lone surrogate escapes become U+FFFD). Nesting is limited
/// so that hostile input cannot exhaust the stack.
struct JSONParser {
    static let maxDepth = 200

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private struct Invalid: Error {}

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The value, or nil when `bytes` are not one JSON text.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        var parser = JSONParser(bytes)
        do {
            let value = try parser.value(depth: 0)
            parser.skipWhitespace()
            return parser.position == bytes.count ? value : nil
        } catch {
            return nil
        }
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x0A
            || bytes[position] == 0x0D || bytes[position] == 0x09 {
            position += 1
        }
    }

    private mutating func value(depth: Int) throws(Invalid) -> JSONValue {
        guard depth < Self.maxDepth else { throw Invalid() }
        skipWhitespace()
        guard position < bytes.count else { throw Invalid() }
        switch bytes[position] {
        case 0x7B: return try object(depth: depth)
        case 0x5B: return try array(depth: depth)
        case 0x22: return .string(try string())
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        case 0x2D, 0x30...0x39: try number(); return .number
        default: throw Invalid()
        }
    }

    private mutating func object(depth: Int) throws(Invalid) -> JSONValue {
        position += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == 0x7D {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == 0x22 else { throw Invalid() }
            let key = try string().lowercased()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == 0x3A else { throw Invalid() }
            position += 1
            members.append((key, try value(depth: depth + 1)))
            skipWhitespace()
            guard position < bytes.count else { throw Invalid() }
            if bytes[position] == 0x2C {
                position += 1
            } else if bytes[position] == 0x7D {
                position += 1
                return .object(members)
            } else {
                throw Invalid()
            }
        }
    }

    private mutating func array(depth: Int) throws(Invalid) -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == 0x5D {
            position += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            guard position < bytes.count else { throw Invalid() }
            if bytes[position] == 0x2C {
                position += 1
            } else if bytes[position] == 0x5D {
                position += 1
                return .array(elements)
            } else {
                throw Invalid()
            }
        }
    }

    private mutating func string() throws(Invalid) -> String {
        position += 1 // the opening quote
        var output: [UInt8] = []
        while position < bytes.count {
            // Copy the run up to the next quote or backslash in one go.
            var end = position
            while end < bytes.count, bytes[end] != 0x22, bytes[end] != 0x5C { end += 1 }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position..<end]))
            position = end
            guard position < bytes.count else { break }
            if bytes[position] == 0x22 {
                position += 1
                return String(decoding: output, as: UTF8.self)
            }
            position += 1 // the backslash
            guard position < bytes.count else { break }
            let escape = bytes[position]
            position += 1
            switch escape {
            case 0x22, 0x5C, 0x2F: output.append(escape)
            case 0x62: output.append(0x08)
            case 0x66: output.append(0x0C)
            case 0x6E: output.append(0x0A)
            case 0x72: output.append(0x0D)
            case 0x74: output.append(0x09)
            case 0x75:
                var value = try hex4()
                if (0xD800...0xDBFF).contains(value), position + 1 < bytes.count,
                   bytes[position] == 0x5C, bytes[position + 1] == 0x75 {
                    let saved = position
                    position += 2
                    let low = try hex4()
                    if (0xDC00...0xDFFF).contains(low) {
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        position = saved
                    }
                }
                output.append(contentsOf: UTF8.encode(Unicode.Scalar(value) ?? "\u{FFFD}")!)
            default:
                throw Invalid()
            }
        }
        throw Invalid()
    }

    private mutating func hex4() throws(Invalid) -> UInt32 {
        guard position + 4 <= bytes.count else { throw Invalid() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = ASCII.hexValue(bytes[position]) else { throw Invalid() }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    private mutating func literal(_ word: StaticString) throws(Invalid) {
        guard bytes.hasPrefix(word, at: position, ignoringCase: false) else { throw Invalid() }
        position += word.utf8CodeUnitCount
    }

    private mutating func number() throws(Invalid) {
        if bytes[position] == 0x2D { position += 1 }
        let digitsStart = position
        while position < bytes.count, ASCII.isDigit(bytes[position]) { position += 1 }
        guard position > digitsStart else { throw Invalid() }
        if position < bytes.count, bytes[position] == 0x2E {
            position += 1
            let fractionStart = position
            while position < bytes.count, ASCII.isDigit(bytes[position]) { position += 1 }
            guard position > fractionStart else { throw Invalid() }
        }
        if position < bytes.count, bytes[position] | 0x20 == 0x65 {
            position += 1
            if position < bytes.count, bytes[position] == 0x2B || bytes[position] == 0x2D { position += 1 }
            let exponentStart = position
            while position < bytes.count, ASCII.isDigit(bytes[position]) { position += 1 }
            guard position > exponentStart else { throw Invalid() }
        }
    }
}
