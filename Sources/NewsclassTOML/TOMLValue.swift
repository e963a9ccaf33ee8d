/// One TOML value and where it starts in the text (for a table made by a `[header]` or
/// `[[header]]`: the header's last key; for a table made implicitly: where it is first named).
public struct TOMLValue: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case boolean(Bool)
        case dateTime(TOMLDateTime)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    public var kind: Kind
    public var position: TOMLPosition

    public init(_ kind: Kind, at position: TOMLPosition) {
        self.kind = kind
        self.position = position
    }

    public var string: String? {
        if case .string(let value) = kind { return value }
        return nil
    }

    public var integer: Int64? {
        if case .integer(let value) = kind { return value }
        return nil
    }

    public var float: Double? {
        if case .float(let value) = kind { return value }
        return nil
    }

    public var boolean: Bool? {
        if case .boolean(let value) = kind { return value }
        return nil
    }

    public var dateTime: TOMLDateTime? {
        if case .dateTime(let value) = kind { return value }
        return nil
    }

    public var array: [TOMLValue]? {
        if case .array(let value) = kind { return value }
        return nil
    }

    public var table: TOMLTable? {
        if case .table(let value) = kind { return value }
        return nil
    }

    /// "a string", "an integer", … for messages.
    public var typeDescription: String {
        switch kind {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .boolean: return "a boolean"
        case .dateTime(let value): return value.kind.description
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

/// A table: its keys in the order they are first written, each with the position of the
/// key itself (for a dotted or header key: of that part of it).
public struct TOMLTable: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var key: String
        public var keyPosition: TOMLPosition
        public var value: TOMLValue
    }

    public private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]

    public init() {}

    public var keys: [String] { entries.map(\.key) }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    public subscript(key: String) -> TOMLValue? {
        entry(key)?.value
    }

    public func entry(_ key: String) -> Entry? {
        guard let at = index[key], entries.indices.contains(at) else { return nil }
        return entries[at]
    }

    /// Adds a key, or replaces the value of one already there (keeping its place).
    public mutating func set(_ key: String, _ value: TOMLValue, keyPosition: TOMLPosition) {
        if let at = index[key], entries.indices.contains(at) {
            entries[at] = Entry(key: key, keyPosition: keyPosition, value: value)
        } else {
            index[key] = entries.count
            entries.append(Entry(key: key, keyPosition: keyPosition, value: value))
        }
    }
}

/// An offset date-time, local date-time, local date or local time, as parsed (fields
/// checked against the calendar) with the text it was written as.
public struct TOMLDateTime: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable, CustomStringConvertible {
        case offsetDateTime, localDateTime, localDate, localTime

        public var description: String {
            switch self {
            case .offsetDateTime: return "an offset date-time"
            case .localDateTime: return "a local date-time"
            case .localDate: return "a local date"
            case .localTime: return "a local time"
            }
        }
    }

    public var kind: Kind
    /// Set for every kind but `.localTime`.
    public var year: Int?
    public var month: Int?
    public var day: Int?
    /// Set for every kind but `.localDate`.
    public var hour: Int?
    public var minute: Int?
    public var second: Int?
    /// Fractional seconds in nanoseconds (digits past the ninth are dropped).
    public var nanosecond: Int?
    /// Minutes east of UTC (`Z` is 0); `.offsetDateTime` only.
    public var offsetMinutes: Int?
    /// As written in the document.
    public var text: String

    public init(
        kind: Kind, year: Int? = nil, month: Int? = nil, day: Int? = nil, hour: Int? = nil, minute: Int? = nil,
        second: Int? = nil, nanosecond: Int? = nil, offsetMinutes: Int? = nil, text: String
    ) {
        self.kind = kind
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.nanosecond = nanosecond
        self.offsetMinutes = offsetMinutes
        self.text = text
    }

    public var description: String { text }
}
