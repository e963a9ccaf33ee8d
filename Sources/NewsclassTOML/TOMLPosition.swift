/// Where something is written: line and column, both counted from 1, the column in Unicode
/// scalars (a tab or an "é" is one column, as editors count them).
public struct TOMLPosition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: TOMLPosition, rhs: TOMLPosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A document that is not TOML 1.0: where, the dotted key being defined when it is known
/// (array elements as `key[2]`), and what is wrong.
public struct TOMLError: Error, Hashable, Sendable, CustomStringConvertible {
    public var position: TOMLPosition
    public var key: String?
    public var message: String

    public init(position: TOMLPosition, key: String? = nil, message: String) {
        self.position = position
        self.key = key
        self.message = message
    }

    public var line: Int { position.line }
    public var column: Int { position.column }

    public var description: String {
        "\(position.line):\(position.column): " + (key.map { "\($0): " } ?? "") + message
    }
}
