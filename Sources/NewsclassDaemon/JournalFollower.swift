import NewsclassEventLog
import NewsclassSystemd

#if canImport(Glibc)
import Glibc
#endif

/// `newsclass log --follow` on journals: prints records as they arrive until stopped.
///
/// Appended entries are read every `pollInterval` once libsystemd has taken in the files'
/// growth. A folder is also listed every `rescanInterval`: systemd-journal-remote starts a
/// file per new sender and rotates files under new names, and a reader opened before
/// cannot be relied on to see them (`journalctl -f -D` does not; libsystemd's own inotify
/// watch often does, and then the listing costs one readdir). When the listing changed, the folder
/// is opened again and read from its start; the ledger, which knows every record taken
/// in, lets only the new ones through, so nothing is printed twice and nothing written
/// meanwhile is missed, whatever order the files come in. (Entries without a seq, which
/// the daemon never writes, cannot be recognised and would show again after a reopen.)
public final class JournalFollower {
    public enum Start: Sendable {
        /// Everything already there, then what arrives.
        case start
        /// Only what arrives after the call.
        case end
    }

    private let source: JournalReader.Source
    private let instance: String?
    private let since: Int64?
    private let stop: FollowStop
    private let pollInterval: Duration
    private let rescanInterval: Duration

    public init(
        _ source: JournalReader.Source, instance: String?, since: Int64? = nil, stop: FollowStop,
        pollInterval: Duration = .milliseconds(200), rescanInterval: Duration = .seconds(1)
    ) {
        self.source = source
        self.instance = instance
        self.since = since
        self.stop = stop
        self.pollInterval = pollInterval
        self.rescanInterval = rescanInterval
    }

    public func run(
        from start: Start, ledger: inout RecordLedger, _ body: (UnsafeRawBufferPointer, JournalRecords.Sender) throws -> Void
    ) throws {
        var records = try JournalRecords(source, instance: instance, since: since)
        var listing = JournalFolderListing(source)
        if start == .end { try records.read(into: &ledger) } else { try records.read(into: &ledger, body) }
        let clock = ContinuousClock()
        var nextRescan = clock.now + rescanInterval
        while !stop.isStopped {
            stop.pause(pollInterval)
            if stop.isStopped { break }
            if clock.now >= nextRescan {
                nextRescan = clock.now + rescanInterval
                let fresh = JournalFolderListing(source)
                if fresh != listing {
                    listing = fresh
                    records = try JournalRecords(source, instance: instance, since: since)
                }
            }
            records.refresh()
            try records.read(into: &ledger, body)
        }
    }
}

/// The journal files of a folder and its subfolders (one level, as sd-journal reads
/// them), by name and inode: what changes when a file is added, removed or rotated.
/// Empty for sources other than a folder, whose file set is fixed (named files) or
/// watched by libsystemd itself (the local journal).
struct JournalFolderListing: Equatable {
    private var files: [String: UInt64] = [:]

    init(_ source: JournalReader.Source) {
        guard case .directory(let path) = source else { return }
        add(folder: path, depth: 0)
    }

    private mutating func add(folder: String, depth: Int) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let path = folder + "/" + name
            var status = stat()
            guard stat(path, &status) == 0 else { continue }
            if (status.st_mode & S_IFMT) == S_IFDIR {
                if depth == 0 { add(folder: path, depth: 1) }
            } else if name.hasSuffix(".journal") || name.hasSuffix(".journal~") {
                files[path] = UInt64(status.st_ino)
            }
        }
    }
}
