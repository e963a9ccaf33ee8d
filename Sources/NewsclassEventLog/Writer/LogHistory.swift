import NewsclassRecords
import SystemPackage

/// What the writer learns from the records already on disk before it appends: the last
/// seq (so numbering continues), the content index, and the recent-records window. Built
/// by one pass over each file with byte searches; no line is JSON-parsed.
struct LogHistory {
    var lastSeq: Int?
    var records = 0
    var index = ContentIndex()
    var recent: RecentRecords
    /// The stamps of records about files left in place (`EventRecord.inode`).
    var inodes: Set<InodeStamp> = []
    var scannedFiles: [String] = []

    init(recentWindow: Int) {
        recent = RecentRecords(limit: recentWindow)
    }

    /// Reads the complete lines of `descriptor` up to `size`. A line without a seq (not a
    /// record) is passed over.
    mutating func scan(_ descriptor: FileDescriptor, upTo size: Int64) throws {
        let chunker = LineChunker(chunkSize: 4 << 20)
        try chunker.readLines(from: descriptor, limit: size) { line in
            let fields = RecordFields.locate(in: line)
            guard let seq = fields.seq else { return }
            records += 1
            if seq > lastSeq ?? .min { lastSeq = seq }
            let fileAndID = RecordFields.fileAndID(in: line, from: fields.resumeAt)
            if let event = fields.event, line.hasBytes("classified\"", at: event.lowerBound),
               let id = fileAndID.id, let key = ContentKey(idBytes: UnsafeRawBufferPointer(rebasing: line[id]))
            {
                index.insertKeepingLowest(key, seq: seq)
            }
            if let event = fields.event, line.hasBytes("rejected\"", at: event.lowerBound),
               let inode = RecordFields.inode(in: line, from: fileAndID.file?.upperBound ?? fields.resumeAt)
            {
                // A file that stayed in incoming/: no claim of it can be waiting in
                // processing/, so recovery has nothing to look up for it.
                inodes.insert(inode)
                return
            }
            recent.add(line: line, fields: fields, fileAndID: fileAndID)
        }
    }

    /// Scans a rotated log read-only; one that cannot be read is left out (it cannot hold
    /// anything the current log needs for its correctness, only for deduplication).
    mutating func scanRotated(_ path: FilePath) {
        guard let descriptor = try? FileDescriptor.open(path, .readOnly, options: [.closeOnExec]) else { return }
        defer { try? descriptor.close() }
        guard let size = try? OpenFileStatus(descriptor).size, (try? scan(descriptor, upTo: size)) != nil else { return }
        scannedFiles.append(path.string)
    }

    /// Earlier generations of the log that logrotate left beside it uncompressed
    /// (`events.jsonl.1`, `events.jsonl-20261123`, a `.backup`), oldest first by
    /// modification time. They matter when the daemon restarts after a rotation: the
    /// current file may be empty, and seq must still continue and re-dropped articles
    /// still be recognised. Compressed generations (`.gz`, …) are not read: with
    /// logrotate's `delaycompress` the newest one stays plain.
    static func rotatedGenerations(of path: FilePath, excluding current: FileIdentity) -> [FilePath] {
        guard let base = path.lastComponent?.string else { return [] }
        var directory = path.removingLastComponent()
        if directory.isEmpty { directory = "." }
        guard let names = directoryNames(directory.string) else { return [] }
        let compressed = [".gz", ".xz", ".bz2", ".zst", ".lz4", ".lzma", ".Z", ".zip"]
        var found: [(path: FilePath, modified: Int64)] = []
        for name in names where name.hasPrefix(base + ".") || name.hasPrefix(base + "-") {
            guard !compressed.contains(where: { name.hasSuffix($0) }) else { continue }
            let candidate = directory.appending(name)
            guard let status = try? candidate.stat(followTargetSymlink: false), status.type == .regular,
                  FileIdentity(status) != current
            else { continue }
            let modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
            found.append((candidate, modified))
        }
        return found.sorted { $0.modified < $1.modified }.map(\.path)
    }
}
