import NewsclassRecords

/// `newsclass log --summary`: records counted per period (UTC day or hour), host or
/// instance, split by event and by topic. Fed one record line at a time (after filtering
/// and, for journals, de-duplication); reads the line's bytes in place like the filter.
public struct LogSummary: Sendable {
    public enum Grouping: String, Sendable, CaseIterable {
        case day, hour, host, instance
    }

    public struct Row: Sendable, Equatable {
        /// `2026-12-06`, `2026-12-06T10`, a host name or an instance name ("" for none).
        public var key: String
        public var records = 0
        public var events: [String: Int] = [:]
        public var topics: [String: Int] = [:]
    }

    public let grouping: Grouping
    private var rowsByKey: [String: Row] = [:]
    /// The last period's key, kept with its start and end so that consecutive records of
    /// one day do not format a date each.
    private var lastPeriod: (start: Int64, end: Int64, key: String)?

    public init(by grouping: Grouping) {
        self.grouping = grouping
    }

    /// Counts one record line. A line without a readable time counts under "-" when
    /// grouped by time.
    public mutating func add(_ line: UnsafeRawBufferPointer, host: String = "", instance: String = "") {
        let fields = RecordFields.locate(in: line)
        let key: String
        switch grouping {
        case .host: key = host
        case .instance: key = instance
        case .day, .hour:
            if let time = fields.time, let milliseconds = RecordFields.milliseconds(ofTime: time, in: line) {
                key = periodKey(milliseconds)
            } else {
                key = "-"
            }
        }
        let event = fields.event.map { JSONStringDecoding.text(UnsafeRawBufferPointer(rebasing: line[$0])) } ?? "-"
        var row = rowsByKey.removeValue(forKey: key) ?? Row(key: key)
        row.records += 1
        row.events[event, default: 0] += 1
        if let span = RecordFields.topics(in: line, from: fields.resumeAt) {
            Self.forEachString(in: UnsafeRawBufferPointer(rebasing: line[span])) { row.topics[$0, default: 0] += 1 }
        }
        rowsByKey[key] = row
    }

    /// The rows in key order (periods in time order).
    public var rows: [Row] { rowsByKey.values.sorted { $0.key < $1.key } }

    /// Every topic seen, the most frequent first (then by name).
    public var topicNames: [String] {
        var totals: [String: Int] = [:]
        for row in rowsByKey.values { totals.merge(row.topics, uniquingKeysWith: +) }
        return totals.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
    }

    private mutating func periodKey(_ milliseconds: Int64) -> String {
        if let last = lastPeriod, milliseconds >= last.start, milliseconds < last.end { return last.key }
        let length: Int64 = grouping == .hour ? 3_600_000 : 86_400_000
        let start = milliseconds >= 0 ? milliseconds / length * length : (milliseconds - length + 1) / length * length
        let stamp = RecordTime.format(millisecondsSinceEpoch: start)  // 2026-12-06T10:00:00.000Z
        let key = String(stamp.prefix(grouping == .hour ? 13 : 10))
        lastPeriod = (start, start + length, key)
        return key
    }

    /// Each JSON string in the contents of an array of strings.
    private static func forEachString(in span: UnsafeRawBufferPointer, _ body: (String) -> Void) {
        var position = 0
        while let open = span.firstIndex(of: UInt8(ascii: "\""), from: position, to: span.count),
              let close = span.closingQuote(from: open + 1, to: span.count) {
            body(JSONStringDecoding.text(UnsafeRawBufferPointer(rebasing: span[(open + 1)..<close])))
            position = close + 1
        }
    }
}
