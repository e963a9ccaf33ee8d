import NewsclassRecords

/// Which records `newsclass log` shows. Every condition given must hold; within topics
/// and within events any one suffices. Times are ms since the epoch: `since` inclusive,
/// `until` exclusive (so `--until 2026-11-24` ends with the last record of the 23rd).
///
/// A topic condition matches records whose `topics` list names the topic, which only
/// `classified` records have.
public struct EventLogQuery: Sendable, Equatable {
    public var topics: [String]
    public var events: [String]
    public var since: Int64?
    public var until: Int64?

    public init(topics: [String] = [], events: [String] = [], since: Int64? = nil, until: Int64? = nil) {
        self.topics = topics
        self.events = events
        self.since = since
        self.until = until
    }

    public var matchesEverything: Bool { topics.isEmpty && events.isEmpty && since == nil && until == nil }

    /// Whether one log line (without its newline) matches.
    public func matches(_ line: String) -> Bool {
        var line = line
        let matcher = LineMatcher(self)
        return line.withUTF8 { matcher.matches(UnsafeRawBufferPointer($0)) }
    }
}

/// A query turned into byte needles, built once per scan. Lines are tested by bytes:
/// the time is read in place and compared as a number, the event compared in place, and
/// each topic looked for as `"name"` between the brackets of `"topics":[…]`. No line is
/// JSON-parsed. Public for readers of other sources (journals) whose records are the
/// same lines.
public final class LineMatcher {
    private let since: Int64?
    private let until: Int64?
    /// `classified"` and the like: the event's value with its closing quote.
    private let events: [ByteNeedle]
    /// `"mining_ban"`: the topic name as a JSON string, escaped as the writer escapes it.
    private let topics: [ByteNeedle]
    private let everything: Bool

    public init(_ query: EventLogQuery) {
        since = query.since
        until = query.until
        events = query.events.map { ByteNeedle(Self.jsonString($0).utf8.dropFirst()) }
        topics = query.topics.map { ByteNeedle(Self.jsonString($0)) }
        everything = query.matchesEverything
    }

    public func matches(_ line: UnsafeRawBufferPointer) -> Bool {
        if everything { return true }
        let fields = RecordFields.locate(in: line)
        if since != nil || until != nil {
            guard let time = fields.time, let milliseconds = RecordFields.milliseconds(ofTime: time, in: line)
            else { return false }
            if let since, milliseconds < since { return false }
            if let until, milliseconds >= until { return false }
        }
        if !events.isEmpty {
            guard let event = fields.event,
                  events.contains(where: { $0.bytes.count == event.count + 1 && line.hasBytes($0.bytes, at: event.lowerBound) })
            else { return false }
        }
        if !topics.isEmpty {
            guard let span = RecordFields.topics(in: line, from: fields.resumeAt),
                  topics.contains(where: { line.firstIndex(of: $0.bytes, from: span.lowerBound, to: span.upperBound) != nil })
            else { return false }
        }
        return true
    }

    /// A name as `jsonLine()` writes a JSON string, taken from a rendered probe record so
    /// the escaping rules live in one place.
    private static func jsonString(_ name: String) -> String {
        let probe = EventRecord(
            seq: nil, timeMilliseconds: 0, file: name, id: nil, bytes: 0, payload: .rejected(reason: "", detail: ""))
        var line = probe.jsonLine()
        return line.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            guard let file = RecordFields.fileAndID(in: bytes, from: 0).file else { return "\"\(name)\"" }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(file.lowerBound - 1)...file.upperBound]),
                          as: UTF8.self)
        }
    }
}
