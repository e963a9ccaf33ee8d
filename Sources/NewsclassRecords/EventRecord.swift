import NewsclassClassifier
import NewsclassText

/// One line of the event log (schema version 1, see the contract): what happened to one
/// dropped file. `seq` is nil for one-off output (`newsclass classify --json`), which
/// carries the same object without the daemon's bookkeeping.
public struct EventRecord: Sendable {
    public enum Payload: Sendable {
        case classified(ClassifiedPayload)
        case rejected(reason: String, detail: String)
        case duplicate(of: Int)
    }

    public var seq: Int?
    public var timeMilliseconds: Int64
    public var file: String
    /// `sha256:` + hex, nil when the bytes could not be read.
    public var id: String?
    public var bytes: Int
    public var payload: Payload

    public static let schemaVersion = 1

    public init(seq: Int?, timeMilliseconds: Int64, file: String, id: String?, bytes: Int, payload: Payload) {
        self.seq = seq
        self.timeMilliseconds = timeMilliseconds
        self.file = file
        self.id = id
        self.bytes = bytes
        self.payload = payload
    }

    public var event: String {
        switch payload {
        case .classified: return "classified"
        case .rejected: return "rejected"
        case .duplicate: return "duplicate"
        }
    }

    /// A score as the record's `scores` object writes it (shortest round-trip form).
    public static func scoreText(_ score: Double) -> String {
        JSONObjectWriter.number(score)
    }

    /// The record as one line of JSON, without the newline.
    public func jsonLine() -> String {
        var json = JSONObjectWriter()
        json.field("v", Self.schemaVersion)
        if let seq { json.field("seq", seq) }
        json.field("time", RecordTime.format(millisecondsSinceEpoch: timeMilliseconds))
        json.field("event", event)
        json.field("file", file)
        if let id { json.field("id", id) }
        json.field("bytes", bytes)
        switch payload {
        case .classified(let classified):
            classified.write(to: &json)
        case .rejected(let reason, let detail):
            json.field("reason", reason)
            json.field("detail", detail)
        case .duplicate(let first):
            json.field("duplicate_of", first)
        }
        return json.finished()
    }
}

/// What a `classified` record adds: labels, every topic's score, the evidence, and what
/// was learnt about the article itself.
public struct ClassifiedPayload: Sendable {
    public var classification: Classification
    public var title: String?
    public var format: ArticleFormat
    public var language: String
    /// Where the article went, relative to the spool; `.some(nil)` when deleted, nil when
    /// not applicable (one-off classification).
    public var archived: String??

    /// Evidence items per topic kept in a record; the rest are weaker by construction.
    public static let evidenceLimit = 5

    public init(classification: Classification, article: Article, archived: String?? = nil) {
        self.classification = classification
        self.title = article.title
        self.format = article.format
        self.language = article.language
        self.archived = archived
    }

    func write(to json: inout JSONObjectWriter) {
        json.field("topics", json: JSONObjectWriter.array(classification.labels.map(JSONObjectWriter.string)))
        var scores = JSONObjectWriter()
        for topic in classification.topics { scores.field(topic.name, topic.score) }
        json.field("scores", json: scores.finished())
        var evidence = JSONObjectWriter()
        for topic in classification.topics where !topic.evidence.isEmpty {
            let items = topic.evidence.prefix(Self.evidenceLimit).map { item in
                var entry = JSONObjectWriter()
                entry.field("term", item.term)
                entry.field("count", item.count)
                entry.field("weight", (item.weight * 100).rounded() / 100)
                entry.field("offsets", json: JSONObjectWriter.array(item.offsets.map(String.init)))
                return entry.finished()
            }
            evidence.field(topic.name, json: JSONObjectWriter.array(items))
        }
        json.field("evidence", json: evidence.finished())
        if let title { json.field("title", title) }
        json.field("format", format.rawValue)
        json.field("lang", language)
        if let archived { json.field("archived", archived) }
    }
}
