import NewsclassEventLog
import NewsclassRecords
import NewsclassSystemd

/// The records in journals, as event-log lines again: what `RecordJournal` wrote, read
/// back from the local journal, a folder (systemd-journal-remote's output) or files, for
/// `newsclass log --journal/--directory/--file`.
///
/// An entry's line is its `NEWSCLASS_RECORD` field, the very line of the event log;
/// entries of earlier versions, without it, are rebuilt from their other fields
/// (`JournalFieldRecord`). Each record is known by its origin (`_MACHINE_ID`,
/// `NEWSCLASS_INSTANCE` or "") and seq; the caller's `RecordLedger` decides whether it is
/// new, before the line is even fetched, so the repeats that at-least-once delivery
/// leaves in a collector's journal cost little.
public final class JournalRecords {
    /// Where a record came from: its origin, and the host name it reported.
    public struct Sender {
        public var origin: RecordLedger.Origin
        public var host: String
    }

    public let source: JournalReader.Source
    private let reader: JournalReader
    // Most entries repeat the last entry's machine, host and instance: their text is made
    // once per change, not once per entry.
    private var machineID = RepeatedValue()
    private var host = RepeatedValue()
    private var instance = RepeatedValue()

    /// How long before `since` reading starts: an entry is received after its record was
    /// stamped, on the same clock, so only a clock stepped back in between could put a
    /// record of `since` or later into an earlier entry.
    static let clockSlack: Int64 = 60_000

    /// Opens `source` for the entries of records (`NEWSCLASS_EVENT` is one of the
    /// events), of instance `instance` only when given. With `since` (ms since the epoch)
    /// entries received well before it are skipped without being read; the records' own
    /// times are still for the caller to filter.
    public init(_ source: JournalReader.Source, instance: String? = nil, since: Int64? = nil) throws(SystemdError) {
        self.source = source
        reader = try JournalReader(source)
        for event in RecordJournalField.events { try reader.addMatch(RecordJournalField.event, event) }
        if let instance { try reader.addMatch(RecordJournalField.instance, instance) }
        if let since, since - Self.clockSlack > 0 {
            try reader.seek(realtimeMicroseconds: UInt64(since - Self.clockSlack) * 1000)
        } else {
            try reader.seekToStart()
        }
    }

    /// Reads the entries from where the last call stopped to the end of what the files
    /// hold now, entering every record in `ledger` (for `--check`, or to skip what is
    /// already there).
    public func read(into ledger: inout RecordLedger) throws {
        try read(into: &ledger, wantsLines: false) { _, _ in }
    }

    /// Reads as `read(into:)` does, and passes on each first arrival: its line (valid
    /// during the call) and sender.
    public func read(into ledger: inout RecordLedger, _ body: (UnsafeRawBufferPointer, Sender) throws -> Void) throws {
        try read(into: &ledger, wantsLines: true, body)
    }

    private func read(
        into ledger: inout RecordLedger, wantsLines: Bool, _ body: (UnsafeRawBufferPointer, Sender) throws -> Void
    ) throws {
        while try reader.next() {
            let sender = Sender(
                origin: RecordLedger.Origin(
                    machineID: reader.withValue(of: .machineID) { machineID.text($0) } ?? "",
                    instance: reader.withValue(of: RecordJournalField.instance) { instance.text($0) } ?? ""),
                host: reader.withValue(of: .hostname) { host.text($0) } ?? "")
            let seq = reader.withValue(of: RecordJournalField.seq) { Self.decimal($0) } ?? nil
            guard ledger.admit(sender.origin, host: sender.host, seq: seq), wantsLines else { continue }
            let whole = try reader.withValue(of: RecordJournalField.record) { line -> Bool in
                try body(line, sender)
                return true
            } ?? false
            if !whole {
                var line = rebuild(seq: seq).jsonLine()
                try line.withUTF8 { try body(UnsafeRawBufferPointer($0), sender) }
            }
        }
    }

    /// Takes in what was appended to the files since (see `JournalReader.refresh`).
    public func refresh() {
        reader.refresh()
    }

    /// The record of an entry without `NEWSCLASS_RECORD`, from its other fields.
    private func rebuild(seq: Int?) -> JournalFieldRecord {
        let microseconds = reader.realtimeMicroseconds ?? 0
        var record = JournalFieldRecord(
            seq: seq, timeMilliseconds: Int64(microseconds / 1000),
            event: reader.value(of: RecordJournalField.event) ?? "", file: reader.value(of: RecordJournalField.file) ?? "")
        record.id = reader.value(of: RecordJournalField.id)
        record.bytes = reader.withValue(of: RecordJournalField.bytes) { Self.decimal($0) } ?? nil
        record.title = reader.value(of: RecordJournalField.title)
        record.archived = reader.value(of: RecordJournalField.archived)
        record.reason = reader.value(of: RecordJournalField.reason)
        record.detail = reader.value(of: RecordJournalField.detail)
        record.duplicateOf = reader.withValue(of: RecordJournalField.duplicateOf) { Self.decimal($0) } ?? nil
        let topicName = Array(RecordJournalField.topic.name.utf8)
        let scorePrefix = Array(RecordJournalField.scorePrefix.utf8)
        reader.forEachField { name, value in
            if name.elementsEqual(topicName) {
                record.topics.append(String(decoding: value, as: UTF8.self))
            } else if name.starts(with: scorePrefix) {
                record.scores.append((String(decoding: name.dropFirst(scorePrefix.count), as: UTF8.self),
                                      String(decoding: value, as: UTF8.self)))
            }
        }
        return record
    }

    private static func decimal(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
}

/// A field's text, made anew only when its bytes differ from the last ones.
private struct RepeatedValue {
    private var bytes: [UInt8] = []
    private var cached = ""

    mutating func text(_ value: UnsafeRawBufferPointer) -> String {
        if !value.elementsEqual(bytes) {
            bytes = Array(value)
            cached = String(decoding: value, as: UTF8.self)
        }
        return cached
    }
}
