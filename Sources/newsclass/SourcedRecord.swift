import NewsclassDaemon
import NewsclassRecords

/// How `newsclass log` shows where a record read from journals came from.
enum SourcedRecord {
    static let hostWidth = 20

    /// `host` or `host/instance`, padded: the table row's first column.
    static func hostColumn(_ sender: JournalRecords.Sender) -> String {
        var name = LogTable.visible(sender.host.isEmpty ? "-" : sender.host)
        if !sender.origin.instance.isEmpty { name += "/" + LogTable.visible(sender.origin.instance) }
        let count = name.count
        return name + String(repeating: " ", count: max(2, hostWidth - count))
    }

    /// `--json --with-source`: `{"machine_id":…,"host":…,"instance":…|null,"record":{…}}`,
    /// the record's line embedded unchanged.
    static func json(_ line: UnsafeRawBufferPointer, _ sender: JournalRecords.Sender) -> String {
        let instance = sender.origin.instance.isEmpty ? "null" : JSONText.quoted(sender.origin.instance)
        return "{\"machine_id\":\(JSONText.quoted(sender.origin.machineID)),\"host\":\(JSONText.quoted(sender.host)),"
            + "\"instance\":\(instance),\"record\":" + String(decoding: line, as: UTF8.self) + "}"
    }
}
