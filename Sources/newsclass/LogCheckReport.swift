import ArgumentParser
import NewsclassEventLog
import NewsclassRecords

/// `newsclass log --check`: per origin (host and instance) the seqs seen, the repeats
/// dropped and every gap. A gap is a record that was written (its seq was given out, and
/// later ones arrived) but is not in the source: lost on the way or vacuumed. Seqs before
/// the first one seen are not counted as missing: the source may simply start later.
struct LogCheckReport {
    let ledger: RecordLedger
    /// The event log read, or nil for journals.
    let logPath: String?

    /// Prints the report; throws exit status 1 when there is a gap.
    func print(json: Bool) throws {
        let output = LineOutput(flushesEachLine: false)
        let coverage = ledger.coverage
        for origin in coverage {
            output.write(json ? jsonObject(origin) : line(origin))
        }
        output.flush()
        if coverage.isEmpty { printError("newsclass: no records in \(logPath ?? "the journals")") }
        if ledger.hasGaps { throw ExitCode(1) }
    }

    private func name(_ origin: RecordLedger.Coverage) -> String {
        if let logPath {
            return LogTable.visible(logPath) + (origin.origin.instance.isEmpty ? "" : " (\(origin.origin.instance))")
        }
        var name = LogTable.visible(origin.host.isEmpty ? "-" : origin.host)
        if !origin.origin.instance.isEmpty { name += "/" + LogTable.visible(origin.origin.instance) }
        return name
    }

    /// `host/instance  seq 1-500  500 records  0 duplicates  no gap` (or the gaps).
    private func line(_ origin: RecordLedger.Coverage) -> String {
        var parts = [name(origin)]
        if logPath == nil, !origin.origin.machineID.isEmpty { parts.append("machine \(origin.origin.machineID)") }
        if let first = origin.seqs.first, let last = origin.seqs.last {
            parts.append("seq \(first)-\(last)")
        } else {
            parts.append("no seq")
        }
        parts.append(Self.count(origin.records, "record"))
        parts.append(Self.count(origin.duplicates, "duplicate"))
        if origin.unnumbered > 0 { parts.append("\(origin.unnumbered) without seq") }
        let gaps = origin.gaps
        if gaps.isEmpty {
            parts.append("no gap")
        } else {
            parts.append(gaps.map { "gap \($0.lowerBound)-\($0.upperBound) (\(Self.count($0.count, "record")))" }
                .joined(separator: ", "))
        }
        return parts.joined(separator: "  ")
    }

    private func jsonObject(_ origin: RecordLedger.Coverage) -> String {
        func text(_ value: String) -> String { value.isEmpty ? "null" : JSONText.quoted(value) }
        let gaps = origin.gaps.map { "[\($0.lowerBound),\($0.upperBound)]" }.joined(separator: ",")
        var object = "{"
        if let logPath { object += "\"log\":\(JSONText.quoted(logPath))," }
        object += "\"machine_id\":\(text(origin.origin.machineID)),\"host\":\(text(origin.host)),"
        object += "\"instance\":\(text(origin.origin.instance)),"
        object += "\"first\":\(origin.seqs.first.map(String.init) ?? "null"),\"last\":\(origin.seqs.last.map(String.init) ?? "null"),"
        object += "\"records\":\(origin.records),\"duplicates\":\(origin.duplicates),\"gaps\":[\(gaps)]}"
        return object
    }

    private static func count(_ value: Int, _ noun: String) -> String {
        "\(value) \(noun)\(value == 1 ? "" : "s")"
    }
}
