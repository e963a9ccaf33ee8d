@testable import NewsclassEventLog
import NewsclassClassifier
@testable import NewsclassRecords
import NewsclassText
import NewsclassTestSupport
import XCTest

/// `EventRecord.jsonLine()` writes bytes straight into one buffer; these tests hold it to
/// the line the earlier renderer (nested writers, one String per object; kept below as the
/// reference) wrote, byte for byte, over many generated records.
final class RecordRenderingTests: XCTestCase {
    func testGeneratedRecordsRenderAsTheReferenceDoes() {
        var random = SeededRandom(seed: 0x6E65_7773)
        for n in 0..<6000 {
            let record = RecordGenerator.record(&random)
            let expected = ReferenceRenderer.jsonLine(record)
            let line = record.jsonLine()
            if line != expected {
                XCTFail("record \(n):\n  got      \(line)\n  expected \(expected)")
                return
            }
        }
    }

    func testHandPickedRecordsRenderAsTheReferenceDoes() {
        let awkward = [
            "", "plain", "quote \" and back\\slash", "\n\r\t\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}\u{7F}",
            "emoji 😀👩‍👩‍👧 flags 🇳🇿", "中文标题：环境部", "line\u{2028}para\u{2029}end", "\u{2028}", "x\u{2029}",
            "dash — ellipsis … euro € \u{2027}\u{202A}", "literal \\xC3\\x28 and \\u00e9",
            String(decoding: [0x61, 0xC3, 0x28, 0xFF, 0xE2, 0x80, 0x62], as: UTF8.self),
            String(repeating: "long title with \"quotes\" ", count: 200),
        ]
        var records: [EventRecord] = []
        for (i, text) in awkward.enumerated() {
            let evidence = [Evidence(term: text, kind: .phrase, count: 1, weight: 0.125, offsets: [0, 7])]
            let topics = [
                TopicResult(name: text, score: 0.5, isLabelled: true, evidence: evidence),
                TopicResult(name: "t\(i)", score: 0.5, isLabelled: true, evidence: []),
            ]
            let article = Article(title: text, body: "", format: .email, language: text, charset: "UTF-8")
            records.append(EventRecord(
                seq: i, timeMilliseconds: 1_795_428_000_123, file: text, id: text, bytes: i,
                payload: .classified(ClassifiedPayload(
                    classification: Classification(topics: topics), article: article, archived: .some(text)))))
            records.append(EventRecord(
                seq: nil, timeMilliseconds: 0, file: "f", id: nil, bytes: 0, payload: .rejected(reason: text, detail: text)))
        }
        for record in records {
            XCTAssertEqual(record.jsonLine(), ReferenceRenderer.jsonLine(record))
        }
    }

    /// The writer's numbers against `JSONObjectWriter.number` (the earlier code: integral
    /// without ".0", else `description`) for every score at three decimals, every weight
    /// at two, and awkward values either side of the short cut.
    func testNumbersMatchTheShortestRoundTripForm() {
        func check(_ value: Double, file: StaticString = #filePath, line: UInt = #line) -> Bool {
            let written = JSONObjectWriter.render(capacity: 4) { $0.number(value) }
            let expected = JSONObjectWriter.number(value)
            if written == expected { return true }
            XCTFail("\(value): wrote \(written), expected \(expected)", file: file, line: line)
            return false
        }
        for k in 0...1_000_000 {
            guard check(Double(k) / 1000), check(-Double(k) / 1000), check((Double(k) * 1.37 * 100).rounded() / 100)
            else { return }
        }
        let special: [Double] = [
            0, -0.0, 1, -1, 0.5, 0.123456789, 1e-7, 1e-5, 1e-4, 0.0001, 0.0005, 0.00099, 0.001, 0.0015, 0.1 + 0.2,
            999_999.999, 999_999.9995, 1e6, 1e6 + 0.5, 1e6 + 0.001, 123_456.789, 1e15 - 0.5, 1e15, 1e15 + 2, 1e16, 1e300,
            -1e300, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, .ulpOfOne, .pi,
            .nan, .infinity, -.infinity, Double(Int.max), 4_503_599_627_370_495.5,
        ]
        for value in special { _ = check(value) }
        var random = SeededRandom(seed: 7)
        for _ in 0..<200_000 {
            let bits = random.next()
            guard check(Double(bitPattern: bits)), check(random.unit() * 3), check((random.unit() * 3e6).rounded() / 1000)
            else { return }
        }
    }

    /// A first estimate that is too small still gives the whole line (rendered again).
    func testTooSmallEstimateRendersAgain() {
        for capacity in [0, 1, 5, 16, 17, 40] {
            let text = JSONObjectWriter.render(capacity: capacity) { json in
                json.beginObject()
                json.field("key", "a value \"longer\" than sixteen bytes — ✓")
                json.key("list")
                json.beginArray()
                for i in -3...3 { json.int(i * 1000) }
                json.endArray()
                json.endObject()
            }
            XCTAssertEqual(text, #"{"key":"a value \"longer\" than sixteen bytes — ✓","list":[-3000,-2000,-1000,0,1000,2000,3000]}"#)
        }
    }

    /// The committer's splice (seq and time put into a line rendered without them) against
    /// the reference, for generated records.
    func testSplicedGeneratedRecordsMatchTheReference() throws {
        var random = SeededRandom(seed: 99)
        for _ in 0..<500 {
            var record = RecordGenerator.record(&random)
            record.seq = nil
            let template = try XCTUnwrap(LineTemplate(record))
            let seq = random.int(0...1_000_000_000)
            let time = Int64(random.int(0...253_402_300_799_999))
            var spliced: [UInt8] = []
            template.write(seq: seq, time: Array(RecordTime.format(millisecondsSinceEpoch: time).utf8), into: &spliced)
            record.seq = seq
            record.timeMilliseconds = time
            XCTAssertEqual(String(decoding: spliced, as: UTF8.self), ReferenceRenderer.jsonLine(record))
        }
    }
}

/// Draws for the record generator, from the shared SplitMix64 generator: the same
/// records on every run.
private typealias SeededRandom = SeededGenerator

extension SeededGenerator {
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
}

private enum RecordGenerator {
    static let pieces = [
        "a", "mining", " ", "ban", "_", "-", "/", ".", "0", "9", "\"", "\\", "\\n", "\\xC3\\x28", "\\u2028", "\n", "\r", "\t",
        "\u{0}", "\u{1}", "\u{8}", "\u{C}", "\u{1B}", "\u{1F}", "\u{7F}", "é", "ß", "Ωμ", "中文", "標題", "😀", "👩‍👩‍👧",
        "\u{2028}", "\u{2029}", "—", "…", "€", "\u{2027}", "\u{202A}", "\u{FFFD}", "\u{FEFF}", "\u{E2}", "\u{80}",
        String(decoding: [0xE2, 0x80], as: UTF8.self), String(decoding: [0xC3, 0x28, 0xFF], as: UTF8.self),
        "The government extends the moratorium on artisanal gold mining ",
    ]

    static func text(_ random: inout SeededRandom, maxPieces: Int = 8) -> String {
        var text = ""
        for _ in 0..<random.int(0...maxPieces) { text += random.pick(pieces) }
        return text
    }

    static func double(_ random: inout SeededRandom) -> Double {
        switch random.int(0...5) {
        case 0:
            return random.pick([0, -0.0, 1, 0.5, 0.123456789, 1e-7, .nan, .infinity, -.infinity, 0.1, 0.25, 0.999,
                                1e15, 1e16, 123_456.789, 2.5e-4, -0.75, 3, 1e6 + 0.5])
        case 1: return (random.unit() * 1000).rounded() / 1000
        case 2: return random.pick([0.1, 0.5, 0.9])  // ties in the label order
        case 3: return random.unit()
        case 4: return (random.unit() * 20 - 10).rounded() / 1000
        default: return Double(bitPattern: random.next())
        }
    }

    static func record(_ random: inout SeededRandom) -> EventRecord {
        let seq: Int? = random.chance(50) ? nil : random.pick([0, 1, 42, 1_234_567_890_123, -7, Int.max, Int.min, random.int(0...999_999)])
        let time: Int64 = switch random.int(0...4) {
        case 0: 0
        case 1: Int64(random.int(-62_135_596_800_000...0))  // back to year 1
        case 2: Int64(random.int(253_402_300_700_000...253_402_400_000_000))  // around year 10000
        default: Int64(random.int(0...4_102_444_800_000))
        }
        let id: String? = random.chance(20) ? nil : random.chance(80) ? "sha256:" + String(random.next(), radix: 16) : text(&random)
        let bytes = random.pick([0, 1, 999, 1_048_576, -1, random.int(0...90_000)])
        let payload: EventRecord.Payload
        switch random.int(0...9) {
        case 0, 1:
            payload = .rejected(reason: text(&random, maxPieces: 3), detail: text(&random))
        case 2:
            payload = .duplicate(of: random.pick([0, 1, -5, Int.max, random.int(0...1_000_000)]))
        default:
            payload = .classified(classified(&random))
        }
        return EventRecord(seq: seq, timeMilliseconds: time, file: text(&random), id: id, bytes: bytes, payload: payload)
    }

    static func classified(_ random: inout SeededRandom) -> ClassifiedPayload {
        let topicCount = random.chance(3) ? random.int(17...24) : random.int(0...3)
        var topics: [TopicResult] = []
        for t in 0..<topicCount {
            var evidence: [Evidence] = []
            for _ in 0..<random.int(0...7) {
                let offsets = (0..<random.int(0...8)).map { _ in random.pick([0, 1, 10, 99_999, -3, random.int(0...6000)]) }
                evidence.append(Evidence(
                    term: text(&random, maxPieces: 3), kind: random.chance(50) ? .phrase : .cooccurrence,
                    count: random.pick([0, 1, 2, 17, random.int(0...100)]), weight: random.chance(50) ? random.unit() * 4 : double(&random),
                    offsets: offsets))
            }
            let name = random.chance(70) ? ["mining_ban", "corruption", "climate"][t % 3] + (t < 3 ? "" : "_\(t)") : text(&random, maxPieces: 3)
            topics.append(TopicResult(
                name: name, score: double(&random), isLabelled: topicCount > 16 ? random.chance(90) : random.chance(50),
                evidence: evidence))
        }
        let title: String? = random.chance(15) ? nil : text(&random, maxPieces: 12)
        let format: ArticleFormat = random.pick([.text, .markdown, .html, .json, .email])
        let language = random.pick(["en", "zh", "und", "de-CH", text(&random, maxPieces: 2)])
        let archived: String?? = switch random.int(0...2) {
        case 0: nil
        case 1: .some(nil)
        default: .some("done/" + text(&random))
        }
        let article = Article(title: title, body: "", format: format, language: language, charset: "UTF-8")
        return ClassifiedPayload(classification: Classification(topics: topics), article: article, archived: archived)
    }
}

/// The renderer as it was before the single-buffer writer, kept verbatim (renamed) as the
/// definition of the expected bytes.
private enum ReferenceRenderer {
    static func jsonLine(_ record: EventRecord) -> String {
        var json = ReferenceJSONObjectWriter()
        json.field("v", EventRecord.schemaVersion)
        if let seq = record.seq { json.field("seq", seq) }
        json.field("time", RecordTime.format(millisecondsSinceEpoch: record.timeMilliseconds))
        json.field("event", record.event)
        json.field("file", record.file)
        if let id = record.id { json.field("id", id) }
        json.field("bytes", record.bytes)
        switch record.payload {
        case .classified(let classified):
            write(classified, to: &json)
        case .rejected(let reason, let detail):
            json.field("reason", reason)
            json.field("detail", detail)
        case .duplicate(let first):
            json.field("duplicate_of", first)
        }
        return json.finished()
    }

    static func write(_ payload: ClassifiedPayload, to json: inout ReferenceJSONObjectWriter) {
        let classification = payload.classification
        json.field("topics", json: ReferenceJSONObjectWriter.array(classification.labels.map(ReferenceJSONObjectWriter.string)))
        var scores = ReferenceJSONObjectWriter()
        for topic in classification.topics { scores.field(topic.name, topic.score) }
        json.field("scores", json: scores.finished())
        var evidence = ReferenceJSONObjectWriter()
        for topic in classification.topics where !topic.evidence.isEmpty {
            let items = topic.evidence.prefix(ClassifiedPayload.evidenceLimit).map { item in
                var entry = ReferenceJSONObjectWriter()
                entry.field("term", item.term)
                entry.field("count", item.count)
                entry.field("weight", (item.weight * 100).rounded() / 100)
                entry.field("offsets", json: ReferenceJSONObjectWriter.array(item.offsets.map(String.init)))
                return entry.finished()
            }
            evidence.field(topic.name, json: ReferenceJSONObjectWriter.array(items))
        }
        json.field("evidence", json: evidence.finished())
        if let title = payload.title { json.field("title", title) }
        json.field("format", payload.format.rawValue)
        json.field("lang", payload.language)
        if let archived = payload.archived { json.field("archived", archived) }
    }
}

private struct ReferenceJSONObjectWriter {
    private(set) var text = "{"
    private var isEmpty = true

    private mutating func key(_ name: String) {
        if !isEmpty { text += "," }
        isEmpty = false
        Self.appendString(name, to: &text)
        text += ":"
    }

    mutating func field(_ name: String, _ value: String) {
        key(name)
        Self.appendString(value, to: &text)
    }

    mutating func field(_ name: String, _ value: Int) {
        key(name)
        text += String(value)
    }

    mutating func field(_ name: String, _ value: Double) {
        key(name)
        text += Self.number(value)
    }

    mutating func field(_ name: String, _ value: String?) {
        key(name)
        if let value { Self.appendString(value, to: &text) } else { text += "null" }
    }

    mutating func field(_ name: String, json: String) {
        key(name)
        text += json
    }

    func finished() -> String { text + "}" }

    static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }

    static func string(_ value: String) -> String {
        var out = ""
        appendString(value, to: &out)
        return out
    }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    static func appendString(_ value: String, to out: inout String) {
        out += "\""
        var value = value
        value.withUTF8 { bytes in
            var run = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                var escape: String?
                var width = 1
                switch byte {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0..<0x20:
                    let hex = String(byte, radix: 16)
                    escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default: break
                }
                if let escape {
                    if run < index { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[run..<index]), as: UTF8.self) }
                    out += escape
                    index += width
                    run = index
                } else {
                    index += 1
                }
            }
            if run < bytes.count { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[run...]), as: UTF8.self) }
        }
        out += "\""
    }
}
