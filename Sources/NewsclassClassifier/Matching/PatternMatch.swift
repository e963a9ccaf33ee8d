/// One occurrence of one pattern in a `NormalizedText`.
public struct PatternMatch: Sendable, Equatable, Hashable {
    /// Index into the `patterns` array given to `PatternMatcher.init(patterns:)`.
    public var pattern: Int
    /// Normalised byte offset of the first byte, inclusive.
    public var start: Int
    /// Normalised byte offset after the last byte, exclusive.
    public var end: Int

    public init(pattern: Int, start: Int, end: Int) {
        self.pattern = pattern
        self.start = start
        self.end = end
    }

    /// `start..<end`.
    public var range: Range<Int> { start..<end }
}

extension PatternMatch: CustomStringConvertible {
    public var description: String { "#\(pattern)@\(start)..<\(end)" }
}
