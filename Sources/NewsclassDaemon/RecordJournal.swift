import NewsclassRecords
import NewsclassSystemd
import Synchronization

/// One journal entry per record, as the contract lists them: `MESSAGE` (one human line),
/// `MESSAGE_ID` per event kind (explained by `systemd/newsclass.catalog`), `PRIORITY`
/// (6 classified, 5 duplicate, 4 rejected) and the `NEWSCLASS_*` fields, with
/// `NEWSCLASS_TOPIC` once per topic so that `journalctl NEWSCLASS_TOPIC=corruption` works.
///
/// The event log is the record of truth; the journal is a view of it. An entry the
/// journal refuses (no journald, a full socket buffer) is not retried; the first failure
/// is logged once, on stderr's path.
final class RecordJournal: Sendable {
    static let classifiedMessageID = "d03243f2a9d043db861b8dd8ffd70db3"
    static let duplicateMessageID = "1f0c0218a09945de9cca26f72a5de91f"
    static let rejectedMessageID = "a63034bbacd1474894db850bfaf72c2d"

    private static let event: JournalField = "NEWSCLASS_EVENT"
    private static let file: JournalField = "NEWSCLASS_FILE"
    private static let id: JournalField = "NEWSCLASS_ID"
    private static let seq: JournalField = "NEWSCLASS_SEQ"
    private static let bytes: JournalField = "NEWSCLASS_BYTES"
    private static let topic: JournalField = "NEWSCLASS_TOPIC"
    private static let title: JournalField = "NEWSCLASS_TITLE"
    private static let archived: JournalField = "NEWSCLASS_ARCHIVED"
    private static let reason: JournalField = "NEWSCLASS_REASON"
    private static let detail: JournalField = "NEWSCLASS_DETAIL"
    private static let duplicateOf: JournalField = "NEWSCLASS_DUPLICATE_OF"

    private let diagnostics: Diagnostics
    private let failed = Atomic<Bool>(false)
    /// Reused between records (the finisher is one thread); fields for score names are
    /// made once per topic name.
    private let scratch = Mutex<(entry: JournalEntry, scoreFields: [String: JournalField])>(
        (JournalEntry(), [:]))

    init(diagnostics: Diagnostics) {
        self.diagnostics = diagnostics
    }

    func publish(_ record: EventRecord) {
        let result = scratch.withLock { scratch -> Result<Void, SystemdError> in
            scratch.entry.removeAll()
            Self.fill(&scratch.entry, from: record, scoreFields: &scratch.scoreFields)
            return Result { () throws(SystemdError) in try Journal.send(scratch.entry) }
        }
        if case .failure(let error) = result, !failed.exchange(true, ordering: .relaxed) {
            diagnostics.warning("cannot write records to the journal (\(error)); the event log has them all")
        }
    }

    /// The entry for `record` (exposed for tests of its shape).
    static func entry(for record: EventRecord) -> JournalEntry {
        var entry = JournalEntry()
        var scoreFields: [String: JournalField] = [:]
        fill(&entry, from: record, scoreFields: &scoreFields)
        return entry
    }

    private static func fill(_ entry: inout JournalEntry, from record: EventRecord, scoreFields: inout [String: JournalField]) {
        let message: String
        switch record.payload {
        case .classified(let payload):
            let labels = payload.classification.labels
            message = "\(record.file): " + (labels.isEmpty ? "no topic" : labels.joined(separator: ", "))
            entry.append(.message, message)
            entry.append(.messageID, classifiedMessageID)
            entry.append(priority: .info)
            for label in labels { entry.append(Self.topic, label) }
            for result in payload.classification.topics {
                let field = scoreFields[result.name] ?? {
                    let made = JournalField(sanitizing: result.name, prefix: "NEWSCLASS_SCORE_") ?? "NEWSCLASS_SCORE"
                    scoreFields[result.name] = made
                    return made
                }()
                entry.append(field, EventRecord.scoreText(result.score))
            }
            if let title = payload.title { entry.append(Self.title, title) }
            if case .some(.some(let path)) = payload.archived { entry.append(Self.archived, path) }
        case .duplicate(let first):
            entry.append(.message, "\(record.file): duplicate of record \(first)")
            entry.append(.messageID, duplicateMessageID)
            entry.append(priority: .notice)
            entry.append(Self.duplicateOf, first)
        case .rejected(let why, let text):
            entry.append(.message, "\(record.file): rejected (\(why)): \(text)")
            entry.append(.messageID, rejectedMessageID)
            entry.append(priority: .warning)
            entry.append(Self.reason, why)
            entry.append(Self.detail, text)
        }
        entry.append(Self.event, record.event)
        entry.append(Self.file, record.file)
        if let id = record.id { entry.append(Self.id, id) }
        if let seq = record.seq { entry.append(Self.seq, seq) }
        entry.append(Self.bytes, record.bytes)
    }
}
