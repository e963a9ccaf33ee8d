import Foundation
import NewsclassClassifier
import NewsclassRecords
import NewsclassText
import Synchronization
import XCTest

/// A directory under the system temp folder, removed when the test ends.
final class ScratchDirectory {
    let path: String

    init(_ name: String = #function) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "newsclass-eventlog-\(safe)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Records as the daemon would write them.
enum Records {
    static let topicNames = ["mining_ban", "corruption", "climate"]

    /// A `sha256:` id, different for every n (64 hex digits from splitmix64).
    static func id(_ n: Int) -> String {
        var state = UInt64(truncatingIfNeeded: n) &+ 0x1234_5678
        var hex = "sha256:"
        for _ in 0..<4 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let digits = String(z, radix: 16)
            hex += String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex
    }

    static func classified(
        file: String, id: String?, topics labelled: [String], title: String? = "A title", bytes: Int = 1234,
        timeMilliseconds: Int64 = 0, seq: Int? = nil
    ) -> EventRecord {
        let results = topicNames.map { name in
            TopicResult(
                name: name, score: labelled.contains(name) ? 0.9 : 0.1, isLabelled: labelled.contains(name),
                evidence: [Evidence(term: name + " term", kind: .phrase, count: 2, weight: 1.5, offsets: [3, 40])])
        }
        let article = Article(title: title, body: "body", format: .text, language: "en", charset: "utf-8")
        return EventRecord(
            seq: seq, timeMilliseconds: timeMilliseconds, file: file, id: id, bytes: bytes,
            payload: .classified(ClassifiedPayload(
                classification: Classification(topics: results), article: article, archived: .some("done/" + file))))
    }

    static func rejected(file: String, id: String? = nil, reason: String = "binary", timeMilliseconds: Int64 = 0, seq: Int? = nil) -> EventRecord {
        EventRecord(
            seq: seq, timeMilliseconds: timeMilliseconds, file: file, id: id, bytes: 10,
            payload: .rejected(reason: reason, detail: "looks like binary data"))
    }
}

/// Reading a log file back the slow, obviously correct way.
enum LogFileContents {
    static func bytes(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Every line as a JSON object; fails the test on a line that is not one, or on a
    /// file that does not end with a newline.
    static func records(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        let data = try bytes(path)
        if data.isEmpty { return [] }
        XCTAssertEqual(data.last, 0x0A, "the log must end with a newline", file: file, line: line)
        return try data.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { lineData in
            let object = try JSONSerialization.jsonObject(with: Data(lineData))
            guard let record = object as? [String: Any] else {
                XCTFail("not a JSON object: \(String(decoding: lineData, as: UTF8.self))", file: file, line: line)
                return [:]
            }
            return record
        }
    }

    static func seqs(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> [Int] {
        try records(path, file: file, line: line).map { ($0["seq"] as? Int) ?? -1 }
    }
}

/// Collects values from other threads.
final class Collector<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    func add(_ value: Value) { values.withLock { $0.append(value) } }
    var all: [Value] { values.withLock { $0 } }
    var count: Int { values.withLock { $0.count } }
}

/// Polls `condition` until it holds or `seconds` pass; the tests bound their waits but
/// never assert on how long something took.
func waitUntil(seconds: Double = 20, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        Thread.sleep(forTimeInterval: 0.005)
    }
    return condition()
}
