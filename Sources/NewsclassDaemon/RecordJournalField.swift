import NewsclassSystemd

/// The journal fields of a record's entry, shared by the writer (`RecordJournal`) and the
/// reader (`JournalRecords`). README's journal section lists them for users.
public enum RecordJournalField {
    public static let event: JournalField = "NEWSCLASS_EVENT"
    static let file: JournalField = "NEWSCLASS_FILE"
    static let id: JournalField = "NEWSCLASS_ID"
    static let seq: JournalField = "NEWSCLASS_SEQ"
    static let bytes: JournalField = "NEWSCLASS_BYTES"
    static let topic: JournalField = "NEWSCLASS_TOPIC"
    static let title: JournalField = "NEWSCLASS_TITLE"
    static let archived: JournalField = "NEWSCLASS_ARCHIVED"
    static let reason: JournalField = "NEWSCLASS_REASON"
    static let detail: JournalField = "NEWSCLASS_DETAIL"
    static let duplicateOf: JournalField = "NEWSCLASS_DUPLICATE_OF"
    /// The feed (`newsclass@NAME`); absent for the plain unit.
    public static let instance: JournalField = "NEWSCLASS_INSTANCE"
    /// The record's event-log line, byte for byte.
    static let record: JournalField = "NEWSCLASS_RECORD"
    /// Before the topic's name, upper-cased: `NEWSCLASS_SCORE_MINING_BAN`.
    static let scorePrefix = "NEWSCLASS_SCORE_"

    /// The events with a record, each one entry.
    public static let events = ["classified", "rejected", "duplicate"]
}
