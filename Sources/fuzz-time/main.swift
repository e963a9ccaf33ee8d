import FuzzSupport
import NewsclassEventLog
import NewsclassRecords

// libFuzzer target for the times `newsclass log --since/--until` accepts (`TimeSpec`,
// and through it the RFC 3339 reader). Any text must give a time or nil, never a trap.
// Properties, for text that reads as a time:
// - surrounding spaces change nothing;
// - an absolute time (RFC 3339, a date) printed back in the log's own form parses to the
//   same instant;
// - a log record whose `time` is that text is selected by `--since` that instant and not
//   by `--until` it, i.e. the reader's in-place time parsing agrees with `TimeSpec`.
//
// Replay (ordinary builds): .build/debug/fuzz-time FILE...

/// 2026-11-23T15:30:45.678Z, far from midnight so that `today` does not move with `now`.
let now: Int64 = 1_795_447_845_678
/// The instants the log's time format can print: years 0000 to 9999.
let printable: ClosedRange<Int64> = RecordTime.days(year: 0, month: 1, day: 1) * 86_400_000
    ... RecordTime.days(year: 10_000, month: 1, day: 1) * 86_400_000 - 1

func check(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    let parsed = TimeSpec.parse(text, now: now)
    if TimeSpec.parse(" \t" + text + "  ", now: now) != parsed {
        fuzzFailure("surrounding spaces change how \(String(reflecting: text)) parses")
    }
    guard let parsed else { return }
    // Absolute: does not move with `now` (today/yesterday do not move within a day either).
    guard TimeSpec.parse(text, now: now + 1000) == parsed else { return }

    if printable.contains(parsed) {
        let printed = RecordTime.format(millisecondsSinceEpoch: parsed)
        guard TimeSpec.parse(printed, now: now) == parsed else {
            fuzzFailure("\(String(reflecting: text)) is \(parsed) ms, printed \(printed), which parses as "
                + "\(TimeSpec.parse(printed, now: now).map(String.init) ?? "nothing")")
        }
        checkRecordTime(printed, parsed)
    }
    // The text itself as a record's time, when it is one (not a keyword) and needs no escaping.
    let trimmed = text.trimmingCharacters(in: " \t\n\r")
    if let first = trimmed.utf8.first, (48...57).contains(first),
       trimmed.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
        checkRecordTime(trimmed, parsed)
    }
}

/// A record with `time` is selected by `--since instant` and not by `--until instant`
/// nor by `--since instant+1`.
func checkRecordTime(_ time: String, _ instant: Int64) {
    let line = "{\"v\":1,\"seq\":7,\"time\":\"\(time)\",\"event\":\"classified\",\"file\":\"a.txt\",\"bytes\":1}"
    let selected = EventLogQuery(since: instant).matches(line)
    let before = EventLogQuery(until: instant).matches(line)
    let after = EventLogQuery(since: instant + 1).matches(line)
    if !selected || before || after {
        fuzzFailure("a record with time \(time) (\(instant) ms): --since selects it: \(selected), "
            + "--until excludes it: \(!before), --since +1 ms excludes it: \(!after)")
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let drop = Set(set.unicodeScalars)
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop.contains($0) }),
              let last = scalars.lastIndex(where: { !drop.contains($0) }) else { return "" }
        return String(scalars[first...last])
    }
}

FuzzDriver.main(name: "time", check: check)
