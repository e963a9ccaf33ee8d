/// The last records written — file name, id, seq, time — for finishing the files a crash
/// left in `processing/` without giving them a second record.
///
/// Only the last few records can matter: a file sits in `processing/` from its claim
/// until its record is durable, and the daemon bounds how many are in flight, so the
/// record of a file found there after a crash (if it was written at all) is among the
/// last in-flight-limit records of the log. The window holds far more than that (65,536
/// by default, about 2.5 MiB) and costs one linear scan per lookup, which happens only at
/// start-up; the daemon releases it then (`EventLogWriter.releaseRecentRecords()`).
struct RecentRecords {
    struct Entry {
        /// FNV-1a of the file name exactly as it is escaped in the record.
        var fileHash: UInt64
        var id: ContentKey?
        var seq: Int
        var time: Int64
    }

    let limit: Int
    private var entries: [Entry] = []
    /// Once the ring is full, where the oldest entry sits (the next to be replaced).
    private var oldest = 0

    init(limit: Int) {
        self.limit = max(limit, 1)
    }

    var count: Int { entries.count }

    mutating func add(_ entry: Entry) {
        if entries.count < limit {
            entries.append(entry)
        } else {
            entries[oldest] = entry
            oldest = oldest + 1 == limit ? 0 : oldest + 1
        }
    }

    /// Notes the record on one log line, if it is one.
    mutating func add(line: UnsafeRawBufferPointer, fields: RecordFields, fileAndID: (file: Range<Int>?, id: Range<Int>?)) {
        guard let seq = fields.seq, let file = fileAndID.file else { return }
        let time = fields.time.flatMap { RecordFields.milliseconds(ofTime: $0, in: line) } ?? 0
        let id = fileAndID.id.flatMap { ContentKey(idBytes: UnsafeRawBufferPointer(rebasing: line[$0])) }
        add(Entry(fileHash: Self.fileHash(UnsafeRawBufferPointer(rebasing: line[file])), id: id, seq: seq, time: time))
    }

    /// The newest entry for this file (and id, when given) written at or after
    /// `writtenSince` (ms since the epoch), when given.
    func latest(fileHash: UInt64, id: ContentKey?, writtenSince: Int64?) -> Entry? {
        guard !entries.isEmpty else { return nil }
        let newest = entries.count < limit ? entries.count - 1 : (oldest + limit - 1) % limit
        var position = newest
        for _ in 0..<entries.count {
            let entry = entries[position]
            if entry.fileHash == fileHash, id == nil || entry.id == id, entry.time >= writtenSince ?? .min {
                return entry
            }
            position = position == 0 ? entries.count - 1 : position - 1
        }
        return nil
    }

    static func fileHash(_ escapedName: UnsafeRawBufferPointer) -> UInt64 {
        ContentKey.fnv1a(escapedName, basis: 0xcbf2_9ce4_8422_2325)
    }
}
