/// A parsed JSON value (RFC 8259), for reading back the records of the event log: a
/// small tree, built by `JSONValue.parse`.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members by key; of a key given twice, the last value (as most readers do).
    case object([String: JSONValue])

    /// The member `key` of an object; nil for a missing key or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    public var string: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// A number with no fractional part that fits an `Int`.
    public var int: Int? {
        guard case .number(let value) = self, value.rounded(.towardZero) == value,
              value >= -9.223_372_036_854_775_808e18, value < 9.223_372_036_854_775_808e18
        else { return nil }
        return Int(value)
    }

    public var array: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    public var object: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    public var isNull: Bool { self == .null }

    /// The value of a JSON text, or nil when `bytes` are not exactly one JSON value
    /// (whitespace around it aside), are not UTF-8, or nest deeper than `maxDepth`.
    public static func parse(_ bytes: some Collection<UInt8>) -> JSONValue? {
        let parsed = bytes.withContiguousStorageIfAvailable { JSONValueParser.parse($0) }
        return parsed ?? Array(bytes).withUnsafeBufferPointer { JSONValueParser.parse($0) }
    }

    /// Arrays and objects nested deeper than this are refused (the parser recurses once
    /// per level).
    public static let maxDepth = 128
}
