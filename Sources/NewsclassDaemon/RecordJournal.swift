import NewsclassRecords
import NewsclassSystemd
import Synchronization

/// One journal entry per record, as the contract lists them: `MESSAGE` (one human line),
/// `MESSAGE_ID` per event kind (explained by `systemd/newsclass.catalog`), `PRIORITY`
/// (6 classified, 5 duplicate, 4 rejected) and the `NEWSCLASS_*` fields, with
/// `NEWSCLASS_TOPIC` once per topic so that `journalctl NEWSCLASS_TOPIC=corruption` works.
///
/// Two fields let a reader far away (`newsclass log --directory`, over journals shipped by
/// systemd-journal-upload) rebuild the very same record: `NEWSCLASS_RECORD`, the record's
/// event-log line itself, and `NEWSCLASS_INSTANCE`, the feed it came from, which with
/// `_MACHINE_ID` and `NEWSCLASS_SEQ` names the record across a fleet. The plain unit has no
/// instance and its entries no `NEWSCLASS_INSTANCE` field (absent, not empty, so that
/// `journalctl NEWSCLASS_INSTANCE=…` never matches it by accident).
///
/// The event log is the record of truth; the journal is a view of it. An entry the
/// journal refuses (no journald, a full socket buffer) is not retried; the first failure
/// is logged once, on stderr's path.
final class RecordJournal: Sendable {
    static let classifiedMessageID = "d03243f2a9d043db861b8dd8ffd70db3"
    static let duplicateMessageID = "1f0c0218a09945de9cca26f72a5de91f"
    static let rejectedMessageID = "a63034bbacd1474894db850bfaf72c2d"

    private let diagnostics: Diagnostics
    private let instance: String?
    private let failed = Atomic<Bool>(false)
    /// Reused between records (the finisher is one thread); fields for score names are
    /// made once per topic name.
    private let scratch = Mutex<(entry: JournalEntry, scoreFields: [String: JournalField])>(
        (JournalEntry(), [:]))

    init(diagnostics: Diagnostics, instance: String?) {
        self.diagnostics = diagnostics
        self.instance = instance
    }

    func publish(_ record: EventRecord) {
        let result = scratch.withLock { scratch -> Result<Void, SystemdError> in
            scratch.entry.removeAll()
            Self.fill(&scratch.entry, from: record, instance: instance, scoreFields: &scratch.scoreFields)
            return Result { () throws(SystemdError) in try Journal.send(scratch.entry) }
        }
        if case .failure(let error) = result, !failed.exchange(true, ordering: .relaxed) {
            diagnostics.warning("cannot write records to the journal (\(error)); the event log has them all")
        }
    }

    /// The entry for `record` (exposed for tests of its shape).
    static func entry(for record: EventRecord, instance: String? = nil) -> JournalEntry {
        var entry = JournalEntry()
        var scoreFields: [String: JournalField] = [:]
        fill(&entry, from: record, instance: instance, scoreFields: &scoreFields)
        return entry
    }

    private static func fill(
        _ entry: inout JournalEntry, from record: EventRecord, instance: String?, scoreFields: inout [String: JournalField]
    ) {
        let message: String
        switch record.payload {
        case .classified(let payload):
            let labels = payload.classification.labels
            message = "\(record.file): " + (labels.isEmpty ? "no topic" : labels.joined(separator: ", "))
            entry.append(.message, message)
            entry.append(.messageID, classifiedMessageID)
            entry.append(priority: .info)
            for label in labels { entry.append(RecordJournalField.topic, label) }
            for result in payload.classification.topics {
                let field = scoreFields[result.name] ?? {
                    let made = JournalField(sanitizing: result.name, prefix: RecordJournalField.scorePrefix) ?? "NEWSCLASS_SCORE"
                    scoreFields[result.name] = made
                    return made
                }()
                entry.append(field, EventRecord.scoreText(result.score))
            }
            if let title = payload.title { entry.append(RecordJournalField.title, title) }
            if case .some(.some(let path)) = payload.archived { entry.append(RecordJournalField.archived, path) }
        case .duplicate(let first):
            entry.append(.message, "\(record.file): duplicate of record \(first)")
            entry.append(.messageID, duplicateMessageID)
            entry.append(priority: .notice)
            entry.append(RecordJournalField.duplicateOf, first)
        case .rejected(let why, let text):
            entry.append(.message, "\(record.file): rejected (\(why)): \(text)")
            entry.append(.messageID, rejectedMessageID)
            entry.append(priority: .warning)
            entry.append(RecordJournalField.reason, why)
            entry.append(RecordJournalField.detail, text)
        }
        entry.append(RecordJournalField.event, record.event)
        entry.append(RecordJournalField.file, record.file)
        if let id = record.id { entry.append(RecordJournalField.id, id) }
        if let seq = record.seq { entry.append(RecordJournalField.seq, seq) }
        entry.append(RecordJournalField.bytes, record.bytes)
        if let instance { entry.append(RecordJournalField.instance, instance) }
        // The same rendering as the committer's (a test holds the two equal), so the
        // journal carries the log's line byte for byte.
        entry.append(RecordJournalField.record, record.jsonLine())
    }
}
