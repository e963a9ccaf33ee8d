import ArgumentParser
import NewsclassConfig
import NewsclassDaemon
import NewsclassEventLog
import NewsclassRecords
import NewsclassSystemd
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the records of the event log or of journals, filtered, checked or summed up.",
        discussion: """
            One line per record: time, event, file, then the topics with the strongest \
            evidence of each (classified), the reason and detail (rejected) or the seq of \
            the first copy (duplicate). --json prints the log's own lines, for jq.

            Sources (one of): --log FILE, the event log (the default: log.path of the \
            configuration, or /var/log/newsclass/NAME/events.jsonl with --instance NAME); \
            --journal, this machine's journal; --directory DIR, every journal file in DIR \
            (e.g. systemd-journal-remote's /var/log/journal/remote); --file FILE, journal \
            files (repeatable). Journals give each record once, however often it was \
            delivered: records are known by machine id, instance and seq. Their table \
            rows start with the host (and /instance); their --json lines are the event \
            log's lines unchanged, or with --with-source objects {"machine_id", "host", \
            "instance", "record"}. --instance NAME keeps only that feed's records.

            Filters combine: every one given must hold; several --topic or --event values \
            mean any of them. --since is inclusive, --until exclusive; both take RFC 3339 \
            (2026-11-23T10:00:00Z, 2026-11-23T18:00:00+08:00), a date (2026-11-23, \
            midnight UTC), a span back from now (90s, 15m, 2h, 3d, 1w, 1h30m), now, today \
            or yesterday (UTC days).

            --follow keeps printing records as they are written, across log rotation and, \
            in a journal folder, new files, until interrupted (SIGINT/SIGTERM, exit 0); \
            without --since it starts with the next record, with --since it first shows \
            the matching ones already written.

            --check reads every record (filters do not apply and are refused) and prints \
            per host and instance the seq range seen, the records, the repeats dropped \
            and every gap (seqs missing inside the range: lost records); exit 0 without \
            a gap, 1 with one. --check --json: one object per host and instance.

            --summary counts the matching records per UTC day (or --by hour, host, \
            instance): per event and per topic, with a bar scaled to the largest row. \
            --summary --json: one object per row.

            Examples:
              newsclass log --topic mining_ban --since today
              newsclass log --event rejected --json | jq -r .reason
              newsclass log --follow
              newsclass log --directory /var/log/journal/remote --topic mining_ban --since 3d
              newsclass log --directory /var/log/journal/remote --check
              newsclass log --summary --since 1w
            """
    )

    @OptionGroup var options: ConfigurationOption

    @Option(name: .long, help: ArgumentHelp("Event log (default: log.path of the configuration).", valueName: "file"))
    var log: String?

    @Flag(name: .long, help: "Read this machine's journal instead of the event log.")
    var journal = false

    @Option(name: .long, help: ArgumentHelp("Read the journal files in this folder (e.g. /var/log/journal/remote).", valueName: "dir"))
    var directory: String?

    @Option(name: .customLong("file"), help: ArgumentHelp("Read this journal file (repeatable).", valueName: "file"))
    var files: [String] = []

    @Option(name: .long, help: ArgumentHelp("Only this feed of newsclass@.service; its event log is /var/log/newsclass/NAME/events.jsonl.", valueName: "name"))
    var instance: String?

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

    @Flag(name: .long, help: "Print the raw JSON lines (with --check or --summary: JSON objects).")
    var json = false

    @Flag(name: .customLong("with-source"), help: "With --json from journals: wrap each record with its machine id, host and instance.")
    var withSource = false

    @Flag(name: .long, help: "Report per host and instance the seqs seen, repeats and gaps; exit 1 on a gap.")
    var check = false

    @Flag(name: .long, help: "Count records per day, per event and topic, with bars.")
    var summary = false

    @Option(name: .long, help: ArgumentHelp("With --summary: one row per day, hour, host or instance.", valueName: "period"))
    var by: String?

    static let events = ["classified", "rejected", "duplicate"]

    fileprivate enum Source {
        case eventLog(String)
        case journals(JournalReader.Source)
    }

    func run() throws {
        let now = Int64(currentMilliseconds())
        let query = EventLogQuery(
            topics: topic, events: event, since: try time(since, "--since", now: now), until: try time(until, "--until", now: now))
        for name in event where !Self.events.contains(name) {
            printError("newsclass: --event \(name): not an event; use classified, rejected or duplicate")
            throw ExitStatus.usage
        }
        let instance = try InstanceName.resolve(instance, readsEnvironment: false)
        let source = try chooseSource(instance: instance)
        let grouping = try checkModes(query: query, source: source)
        do {
            switch source {
            case .eventLog(let path):
                try readEventLog(path, query: query, instance: instance, grouping: grouping)
            case .journals(let journals):
                try readJournals(journals, query: query, instance: instance, grouping: grouping)
            }
        } catch EventLogError.cannotOpen(let path, let errno) where errno == .noSuchFileOrDirectory {
            printError("newsclass: \(path): no event log there (has the daemon run yet? see --log)")
            throw ExitStatus.noInput
        } catch let error as SystemdError {
            printError("newsclass: cannot read \(source.description): \(error)")
            throw ExitStatus.ioError
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("newsclass: \(error)")
            throw ExitStatus.ioError
        }
    }

    /// The one source asked for; missing files and folders exit 66 before anything is read.
    private func chooseSource(instance: String?) throws -> Source {
        let chosen = [log != nil, journal, directory != nil, !files.isEmpty].filter { $0 }.count
        if chosen > 1 {
            printError("newsclass: --log, --journal, --directory and --file are alternatives; give one")
            throw ExitStatus.usage
        }
        for path in (directory.map { [$0] } ?? []) + files {
            var status = stat()
            if stat(path, &status) != 0 {
                printError("newsclass: \(path): \(String(cString: strerror(errno)))")
                throw ExitStatus.noInput
            }
        }
        if journal { return .journals(.local) }
        if let directory { return .journals(.directory(directory)) }
        if !files.isEmpty { return .journals(.files(files)) }
        if let log { return .eventLog(log) }
        if let instance { return .eventLog(InstanceName.logPath(instance)) }
        return .eventLog(try options.load().log.path)
    }

    /// Refuses combinations that mean nothing; the summary's grouping when summing up.
    private func checkModes(query: EventLogQuery, source: Source) throws -> LogSummary.Grouping? {
        func refuse(_ message: String) throws -> Never {
            printError("newsclass: \(message)")
            throw ExitStatus.usage
        }
        if check && summary { try refuse("--check and --summary are alternatives") }
        if follow && (check || summary) { try refuse("--follow prints records; it does not go with --check or --summary") }
        if check && !query.matchesEverything {
            try refuse("--check reads every record: --topic, --event, --since and --until do not apply to it")
        }
        if withSource {
            guard case .journals = source, json, !check, !summary else {
                try refuse("--with-source wraps records read from journals with --json")
            }
        }
        guard let by else { return summary ? .day : nil }
        guard summary else { try refuse("--by goes with --summary") }
        guard let grouping = LogSummary.Grouping(rawValue: by) else {
            try refuse("--by \(by): use day, hour, host or instance")
        }
        return grouping
    }

    private func readEventLog(_ path: String, query: EventLogQuery, instance: String?, grouping: LogSummary.Grouping?) throws {
        let reader = EventLogReader(path: path)
        if check {
            var ledger = RecordLedger()
            let origin = RecordLedger.Origin(machineID: "", instance: instance ?? "")
            try reader.forEach { line in _ = ledger.admit(origin, host: "", seq: line.seq) }
            try LogCheckReport(ledger: ledger, logPath: path).print(json: json)
            return
        }
        if let grouping {
            var summary = LogSummary(by: grouping)
            let host = Self.hostName()
            try reader.forEach(matching: query) { line in summary.add(line.raw, host: host, instance: instance ?? "") }
            LogSummaryReport(summary: summary).print(json: json)
            return
        }
        let output = LineOutput(flushesEachLine: follow)
        defer { output.flush() }
        let show: (EventLogLine) -> Void = { line in
            if json { output.write(line.raw) } else { output.write(LogTable.row(line.raw)) }
        }
        if follow {
            try reader.follow(query, from: since == nil ? .end : .start, until: Self.stopOnSignal(), show)
        } else {
            try reader.forEach(matching: query, show)
        }
    }

    private func readJournals(
        _ source: JournalReader.Source, query: EventLogQuery, instance: String?, grouping: LogSummary.Grouping?
    ) throws {
        var ledger = RecordLedger()
        if check {
            try JournalRecords(source, instance: instance).read(into: &ledger)
            try LogCheckReport(ledger: ledger, logPath: nil).print(json: json)
            return
        }
        let matcher = LineMatcher(query)
        if let grouping {
            var summary = LogSummary(by: grouping)
            try JournalRecords(source, instance: instance, since: query.since).read(into: &ledger) { line, sender in
                if matcher.matches(line) { summary.add(line, host: sender.host, instance: sender.origin.instance) }
            }
            LogSummaryReport(summary: summary).print(json: json)
            return
        }
        let output = LineOutput(flushesEachLine: follow)
        defer { output.flush() }
        let show: (UnsafeRawBufferPointer, JournalRecords.Sender) -> Void = { line, sender in
            guard matcher.matches(line) else { return }
            if withSource {
                output.write(SourcedRecord.json(line, sender))
            } else if json {
                output.write(line)
            } else {
                output.write(SourcedRecord.hostColumn(sender) + LogTable.row(line))
            }
        }
        if follow {
            let follower = JournalFollower(source, instance: instance, since: query.since, stop: Self.stopOnSignal())
            try follower.run(from: since == nil ? .end : .start, ledger: &ledger, show)
        } else {
            try JournalRecords(source, instance: instance, since: query.since).read(into: &ledger, show)
        }
    }

    /// A stop raised by SIGINT or SIGTERM (SIGHUP ignored), for --follow.
    private static func stopOnSignal() -> FollowStop {
        SignalListener.blockDaemonSignals()
        let stop = FollowStop()
        SignalListener.start { signal in
            if signal != SIGHUP { stop.stop() }
        }
        return stop
    }

    private static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
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

extension LogCommand.Source: CustomStringConvertible {
    var description: String {
        switch self {
        case .eventLog(let path): return path
        case .journals(let source): return source.description
        }
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
