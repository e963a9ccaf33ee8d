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
    /// The file's identity, on a record about a file that stays in `incoming/` (reason
    /// `unclaimable`); nil on every other record. See `InodeStamp`.
    public var inode: InodeStamp?

    public static let schemaVersion = 1

    public init(
        seq: Int?, timeMilliseconds: Int64, file: String, id: String?, bytes: Int, payload: Payload,
        inode: InodeStamp? = nil
    ) {
        self.seq = seq
        self.timeMilliseconds = timeMilliseconds
        self.file = file
        self.id = id
        self.bytes = bytes
        self.payload = payload
        self.inode = inode
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
        JSONObjectWriter.render(capacity: estimatedLength) { json in
            json.beginObject()
            json.field("v", Self.schemaVersion)
            if let seq { json.field("seq", seq) }
            json.key("time")
            json.time(millisecondsSinceEpoch: timeMilliseconds)
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
            inode?.write(to: &json)
            json.endObject()
        }
    }

    /// Room for the line, generous enough that it is rarely rendered twice.
    private var estimatedLength: Int {
        var length = 128 + file.utf8.count + (id?.utf8.count ?? 0)
        switch payload {
        case .classified(let classified): length += classified.estimatedLength
        case .rejected(let reason, let detail): length += 32 + reason.utf8.count + detail.utf8.count
        case .duplicate: length += 40
        }
        if inode != nil { length += 112 }
        return length + length / 16
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
        let topics = classification.topics
        json.key("topics")
        json.beginArray()
        writeLabels(to: &json)
        json.endArray()
        json.key("scores")
        json.beginObject()
        for topic in topics {
            json.key(topic.name)
            json.number(topic.score)
        }
        json.endObject()
        json.key("evidence")
        json.beginObject()
        for topic in topics where !topic.evidence.isEmpty {
            json.key(topic.name)
            json.beginArray()
            for item in topic.evidence.prefix(Self.evidenceLimit) {
                json.beginObject()
                json.field("term", item.term)
                json.field("count", item.count)
                json.field("weight", (item.weight * 100).rounded() / 100)
                json.key("offsets")
                json.beginArray()
                for offset in item.offsets { json.int(offset) }
                json.endArray()
                json.endObject()
            }
            json.endArray()
        }
        json.endObject()
        if let title { json.field("title", title) }
        json.field("format", format.rawValue)
        json.field("lang", language)
        if let archived { json.field("archived", archived) }
    }

    /// `classification.labels` (labelled topics, strongest first, ties in model order),
    /// written without building the sorted array: each step picks the strongest topic that
    /// comes after the previous one in that order. With a NaN score the order is whatever
    /// `labels` makes of it, and with many labels the quadratic walk is no bargain: both
    /// ask `labels`.
    private func writeLabels(to json: inout JSONObjectWriter) {
        let topics = classification.topics
        var labelled = 0
        for topic in topics where topic.isLabelled {
            if topic.score.isNaN { labelled = -1; break }
            labelled += 1
        }
        guard labelled >= 0, labelled <= 16 else {
            for name in classification.labels { json.string(name) }
            return
        }
        var previous = (score: Double.infinity, index: -1)
        for _ in 0..<labelled {
            var best = -1
            var bestScore = -Double.infinity
            for index in topics.indices where topics[index].isLabelled {
                let score = topics[index].score
                let comesAfterPrevious = score < previous.score || (score == previous.score && index > previous.index)
                if comesAfterPrevious, best < 0 || score > bestScore {
                    best = index
                    bestScore = score
                }
            }
            json.string(topics[best].name)
            previous = (bestScore, best)
        }
    }

    /// Room for the payload's part of the line (see `EventRecord.estimatedLength`).
    var estimatedLength: Int {
        var length = 112 + (title?.utf8.count ?? 0) + language.utf8.count + ((archived ?? nil)?.utf8.count ?? 0)
        for topic in classification.topics {
            length += 3 * topic.name.utf8.count + 40
            for item in topic.evidence.prefix(Self.evidenceLimit) {
                length += item.term.utf8.count + 48 + 7 * item.offsets.count
            }
        }
        return length
    }
}
