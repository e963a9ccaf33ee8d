import ArgumentParser
import NewsclassConfig
import NewsclassDaemon
import NewsclassEventLog
import NewsclassRecords
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the records of the event log, filtered.",
        discussion: """
            One line per record: time, event, file, then the topics with the strongest \
            evidence of each (classified), the reason and detail (rejected) or the seq of \
            the first copy (duplicate). --json prints the log's own lines, for jq.

            Filters combine: every one given must hold; several --topic or --event values \
            mean any of them. --since is inclusive, --until exclusive; both take RFC 3339 \
            (2026-11-23T10:00:00Z, 2026-11-23T18:00:00+08:00), a date (2026-11-23, \
            midnight UTC), a span back from now (90s, 15m, 2h, 3d, 1w, 1h30m), now, today \
            or yesterday (UTC days).

            --follow keeps printing records as they are written, across log rotation, until \
            interrupted (SIGINT/SIGTERM, exit 0); without --since it starts with the next \
            record, with --since it first shows the matching ones already written.

            Examples:
              newsclass log --topic mining_ban --since today
              newsclass log --event rejected --json | jq -r .reason
              newsclass log --follow
            """
    )

    @OptionGroup var options: ConfigurationOption

    @Option(name: .long, help: ArgumentHelp("Event log (default: log.path of the configuration).", valueName: "file"))
    var log: String?

    @Option(name: .long, help: ArgumentHelp("Only records labelled with this topic (repeatable).", valueName: "topic"))
    var topic: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only this event: classified, rejected or duplicate (repeatable).", valueName: "event"))
    var event: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only records written at or after this time.", valueName: "time"))
    var since: String?

    @Option(name: .long, help: ArgumentHelp("Only records written before this time.", valueName: "time"))
    var until: String?

    @Flag(name: .long, help: "Keep printing new records until interrupted.")
    var follow = false

    @Flag(name: .long, help: "Print the raw JSON lines.")
    var json = false

    static let events = ["classified", "rejected", "duplicate"]

    func run() throws {
        let now = Int64(currentMilliseconds())
        let query = EventLogQuery(
            topics: topic, events: event, since: try time(since, "--since", now: now), until: try time(until, "--until", now: now))
        for name in event where !Self.events.contains(name) {
            printError("newsclass: --event \(name): not an event; use classified, rejected or duplicate")
            throw ExitStatus.usage
        }
        let path = try log ?? options.load().log.path
        let reader = EventLogReader(path: path)
        let output = LineOutput(flushesEachLine: follow)
        let show: (EventLogLine) -> Void = { line in
            if json {
                output.write(line.raw)
            } else {
                output.write(LogTable.row(line.raw))
            }
        }
        do {
            if follow {
                SignalListener.blockDaemonSignals()
                let stop = FollowStop()
                SignalListener.start { signal in
                    if signal != SIGHUP { stop.stop() }
                }
                try reader.follow(query, from: since == nil ? .end : .start, until: stop, show)
            } else {
                try reader.forEach(matching: query, show)
            }
            output.flush()
        } catch EventLogError.cannotOpen(_, let errno) where errno == .noSuchFileOrDirectory {
            output.flush()
            printError("newsclass: \(path): no event log there (has the daemon run yet? see --log)")
            throw ExitStatus.noInput
        } catch {
            output.flush()
            printError("newsclass: \(error)")
            throw ExitStatus.ioError
        }
    }

    private func time(_ text: String?, _ option: String, now: Int64) throws -> Int64? {
        guard let text else { return nil }
        guard let value = TimeSpec.parse(text, now: now) else {
            printError("""
                newsclass: \(option) \(text): not a time; use RFC 3339 (2026-11-23T10:00:00Z), a date \
                (2026-11-23), a span back from now (90s, 15m, 2h, 3d, 1w, 1h30m), now, today or yesterday
                """)
            throw ExitStatus.usage
        }
        return value
    }
}

/// The human form of one record: `TIME  EVENT  FILE  WHAT`, where WHAT is each label with
/// its strongest evidence term (classified), `reason: detail` (rejected) or the first
/// copy's seq (duplicate). Control characters in names are shown escaped so one record
/// stays one line.
enum LogTable {
    static let fileWidth = 28

    static func row(_ raw: UnsafeRawBufferPointer) -> String {
        guard let object = JSONValue.parse(raw), object.object != nil else {
            return "(unreadable line) " + visible(String(decoding: raw, as: UTF8.self))
        }
        let time = object["time"]?.string ?? "-"
        let event = object["event"]?.string ?? "-"
        let file = visible(object["file"]?.string ?? "-")
        var what: String
        switch event {
        case "classified":
            let topics = object["topics"]?.array.flatMap { topics in
                topics.allSatisfy { $0.string != nil } ? topics.map { $0.string! } : nil
            } ?? []
            if topics.isEmpty {
                what = "(no topic)"
            } else {
                what = topics.map { topic in
                    let first = object["evidence"]?[topic]?.array?.first
                    guard let term = first?["term"]?.string else { return topic }
                    let count = first?["count"]?.int ?? 1
                    return "\(topic) \"\(visible(term))\"" + (count > 1 ? " ×\(count)" : "")
                }.joined(separator: ", ")
            }
        case "rejected":
            what = "\(object["reason"]?.string ?? "?"): \(visible(object["detail"]?.string ?? ""))"
        case "duplicate":
            what = "duplicate of seq \(object["duplicate_of"]?.int.map { "\($0)" } ?? "?")"
        default:
            what = ""
        }
        return "\(time)  \(pad(event, 10))  \(pad(file, fileWidth))  \(what)"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text : text + String(repeating: " ", count: width - count)
    }

    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F: out += (scalar.value < 0x10 ? "\\x0" : "\\x") + String(scalar.value, radix: 16, uppercase: true)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Standard output, buffered: 64 KiB per write(2), or each line when following.
final class LineOutput {
    private var buffer: [UInt8] = []
    private let flushesEachLine: Bool

    init(flushesEachLine: Bool) {
        self.flushesEachLine = flushesEachLine
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ line: String) {
        var line = line
        line.withUTF8 { write(UnsafeRawBufferPointer($0)) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
        if flushesEachLine || buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        do {
            try FileDescriptor.standardOutput.writeAll(buffer)
        } catch {
            // EPIPE (`| head`): nobody reads any more.
            exit(0)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
