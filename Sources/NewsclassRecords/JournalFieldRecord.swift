/// A record as far as the `NEWSCLASS_*` fields of its journal entry tell it, for entries
/// written before they carried the whole line (`NEWSCLASS_RECORD`). Rendered as an
/// event-log line of schema v1 with what is known: `v`, `seq`, `time` (the entry's
/// `__REALTIME_TIMESTAMP`, a few ms after the record's own), `event`, `file`, `id`,
/// `bytes`, and per event `topics` and `scores`, `title`, `archived`; `reason`, `detail`;
/// `duplicate_of`. The evidence, format and language were never in the journal.
///
/// Score fields name their topic in upper case (`NEWSCLASS_SCORE_MINING_BAN`), so a score
/// whose topic is also a label gets the label's spelling, and the others are lower-cased.
public struct JournalFieldRecord: Sendable {
    public var seq: Int?
    public var timeMilliseconds: Int64
    public var event: String
    public var file: String
    public var id: String?
    public var bytes: Int?
    public var topics: [String] = []
    /// (field name after `NEWSCLASS_SCORE_`, the score's text).
    public var scores: [(field: String, score: String)] = []
    public var title: String?
    public var archived: String?
    public var reason: String?
    public var detail: String?
    public var duplicateOf: Int?

    public init(seq: Int?, timeMilliseconds: Int64, event: String, file: String) {
        self.seq = seq
        self.timeMilliseconds = timeMilliseconds
        self.event = event
        self.file = file
    }

    public func jsonLine() -> String {
        var capacity = 256 + file.utf8.count + (title?.utf8.count ?? 0) + (detail?.utf8.count ?? 0)
        capacity += (archived?.utf8.count ?? 0) + 48 * (topics.count + scores.count)
        return JSONObjectWriter.render(capacity: capacity) { json in
            json.beginObject()
            json.field("v", EventRecord.schemaVersion)
            if let seq { json.field("seq", seq) }
            json.key("time")
            json.time(millisecondsSinceEpoch: timeMilliseconds)
            json.field("event", event)
            json.field("file", file)
            if let id { json.field("id", id) }
            if let bytes { json.field("bytes", bytes) }
            switch event {
            case "classified":
                json.key("topics")
                json.beginArray()
                for topic in topics { json.string(topic) }
                json.endArray()
                json.key("scores")
                json.beginObject()
                for (field, score) in scores {
                    json.key(topics.first { Self.fieldName($0) == field } ?? field.lowercased())
                    json.number(Double(score) ?? .nan)
                }
                json.endObject()
                if let title { json.field("title", title) }
                if let archived { json.field("archived", archived) }
            case "rejected":
                json.field("reason", reason ?? "")
                json.field("detail", detail ?? "")
            case "duplicate":
                if let duplicateOf { json.field("duplicate_of", duplicateOf) }
            default:
                break
            }
            json.endObject()
        }
    }

    /// A topic's name as the journal field after `NEWSCLASS_SCORE_` spells it (the same
    /// rule as `JournalField(sanitizing:)`: letters upper-cased, other runs one `_`).
    static func fieldName(_ topic: String) -> String {
        var out = ""
        var lastWasReplaced = false
        for scalar in topic.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_":
                out.unicodeScalars.append(scalar.properties.uppercaseMapping.unicodeScalars.first!)
                lastWasReplaced = false
            default:
                if !lastWasReplaced { out += "_" }
                lastWasReplaced = true
            }
        }
        if lastWasReplaced, !out.isEmpty { out.removeLast() }
        return out
    }
}
