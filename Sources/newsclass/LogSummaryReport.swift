import NewsclassEventLog
import NewsclassRecords

/// `newsclass log --summary`: one row per period (or host, or instance), its records per
/// event and per topic, and a bar of block characters scaled to the largest row, so that
/// a busy day or a silent host shows at a glance. `--json` prints one object per row:
/// `{"day":"2026-12-06","records":120,"events":{…},"topics":{…}}`.
struct LogSummaryReport {
    let summary: LogSummary
    static let barWidth = 24

    func print(json: Bool) {
        let output = LineOutput(flushesEachLine: false)
        defer { output.flush() }
        let rows = summary.rows
        if json {
            for row in rows { output.write(jsonObject(row)) }
            return
        }
        guard !rows.isEmpty else {
            printError("newsclass: no matching records")
            return
        }
        let events = LogCommand.events.filter { event in rows.contains { $0.events[event] != nil } }
        let topics = summary.topicNames
        let header = [summary.grouping.rawValue, "records"] + events + topics
        var table = [header]
        for row in rows {
            var cells = [LogTable.visible(row.key.isEmpty ? "-" : row.key), "\(row.records)"]
            cells += events.map { "\(row.events[$0] ?? 0)" }
            cells += topics.map { "\(row.topics[$0] ?? 0)" }
            table.append(cells)
        }
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        let largest = rows.map(\.records).max() ?? 1
        for (index, cells) in table.enumerated() {
            var line = ""
            for (column, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                // The name column reads left to right, counts line up on the right.
                line += column == 0 ? cell + padding : "  " + padding + cell
            }
            if index > 0 { line += "  " + Self.bar(rows[index - 1].records, of: largest) }
            output.write(line)
        }
    }

    /// `value` of `largest` as up to `barWidth` cells, in eighths; at least a sliver when
    /// not zero.
    static func bar(_ value: Int, of largest: Int) -> String {
        guard value > 0, largest > 0 else { return "" }
        let eighths = max(1, (value * barWidth * 8 + largest / 2) / largest)
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    private func jsonObject(_ row: LogSummary.Row) -> String {
        func counts(_ table: [String: Int], order: [String]) -> String {
            let keys = order.filter { table[$0] != nil } + table.keys.filter { !order.contains($0) }.sorted()
            return "{" + keys.map { "\(JSONText.quoted($0)):\(table[$0]!)" }.joined(separator: ",") + "}"
        }
        return "{\"\(summary.grouping.rawValue)\":\(JSONText.quoted(row.key)),\"records\":\(row.records),"
            + "\"events\":\(counts(row.events, order: LogCommand.events)),"
            + "\"topics\":\(counts(row.topics, order: summary.topicNames))}"
    }
}
