import NewsclassRecords
import NewsclassThreads
import Synchronization
import SystemPackage

/// Appends records to the JSON-lines event log, each one durable before its completion
/// runs, many per fsync.
///
/// **Numbering.** `seq` is assigned when `append` is called, under the writer's lock, and
/// the queue is written in that order, so seqs in the file are strictly increasing and,
/// in normal operation, without gaps. A batch that fails to write is retried with the
/// same seqs. `time` is stamped when the batch goes to disk.
///
/// **Rendering.** The caller's thread renders the line (`LineTemplate`); the committer
/// splices in seq and time, so JSON rendering runs in parallel on the daemon's workers,
/// not serially between fsyncs.
///
/// **Durability.** A completion runs only after the record's line was written and
/// fdatasync'd (see `Committer`). Completions run on the writer's own thread, one after
/// another: keep them short (hand heavy work, like moving files, to another thread) and
/// never call a blocking method of the writer from one (`appendAndWait`, `flush`,
/// `reopen`, `close` stop with a precondition failure instead of deadlocking).
///
/// **Recovery.** On open, a torn last line left by a crash is cut off (the next record
/// never continues it), and one pass over the log (and over uncompressed rotated
/// generations beside it) finds the last seq, builds the content index and fills the
/// recent-records window. See `recovery`.
///
/// **Deduplication.** The content index maps each article id to the seq of its first
/// `classified` record, including records still queued. `append(_:deduplicate: true)`
/// checks and registers in the same critical section that assigns the seq, so of two
/// identical articles in flight exactly one becomes `classified` and the other a
/// `duplicate` pointing at it — its seq is always known, even while it is queued,
/// because seqs are assigned at append. (A separate "claim the id, write later" call was
/// rejected: the second claimant would need a seq that does not exist yet.) The daemon
/// can skip classifying an article `firstSeq(forID:)` already knows, and let the atomic
/// check catch the race. Only `classified` records are indexed: a `rejected` input
/// dropped again is judged again.
///
/// **Files left in place.** A record with an `inode` stamp (reason `unclaimable`) is about
/// a file that stayed in `incoming/`; the stamps found on open are in `recovery.inodes`,
/// and such records stay out of the recent-records window, which is about claims.
///
/// **Disk trouble.** When writing fails the writer keeps the records, reports
/// `health == .failing(errno, since:)` (and calls `onHealthChange`), cuts the partial
/// batch away and retries with backoff (`initialRetryDelay` doubling to
/// `maximumRetryDelay`). Appends keep queueing; completions arrive when the disk does.
///
/// **Rotation.** Before each batch the path's st_dev/st_ino are compared with the open
/// file's; when they differ the next batch goes to a newly opened file at the path
/// (logrotate's create mode). `reopen()` (SIGHUP) does it at once.
public final class EventLogWriter: Sendable {
    public struct Options: Sendable {
        /// How many of the last records `recentRecord(file:id:)` can see (until
        /// `releaseRecentRecords()`).
        public var recentWindow = 65_536
        /// Also read rotated generations beside the log (see `recovery.scannedFiles`).
        public var scansRotatedLogs = true
        /// How long the path may name nothing before the writer creates the log itself.
        public var missingPathGrace: Duration = .seconds(1)
        public var initialRetryDelay: Duration = .milliseconds(50)
        public var maximumRetryDelay: Duration = .seconds(5)
        /// Mode of a newly created log (0640: the daemon writes, its group reads).
        public var permissions: FilePermissions = [.ownerReadWrite, .groupRead]

        public init() {}
    }

    public typealias Completion = @Sendable (Result<EventRecord, EventLogError>) -> Void

    public let path: String
    public let recovery: EventLogRecovery
    private let core: WriterCore

    /// Opens (creating if missing; its directory must exist) and recovers the log, then
    /// starts the committer thread.
    public init(path: String, options: Options = Options()) throws(EventLogError) {
        let filePath = FilePath(path)
        let (file, tornBytes) = try LogFile.open(filePath, permissions: options.permissions)
        var history = LogHistory(recentWindow: options.recentWindow)
        if options.scansRotatedLogs {
            for generation in LogHistory.rotatedGenerations(of: filePath, excluding: file.identity) {
                history.scanRotated(generation)
            }
        }
        do {
            try history.scan(file.descriptor, upTo: try file.status().size)
        } catch {
            file.close()
            throw .cannotRead(path: path, error as? Errno ?? .ioError)
        }
        history.scannedFiles.append(path)
        self.path = path
        recovery = EventLogRecovery(
            tornBytesCut: tornBytes, records: history.records, lastSeq: history.lastSeq,
            indexedIDs: history.index.count, inodes: history.inodes, scannedFiles: history.scannedFiles)
        core = WriterCore(path: filePath, options: options, history: history)
        DetachedThread.start(name: "newsclass-log") { [core] in Committer(core: core, file: file).run() }
    }

    deinit {
        // Without close() the queue is still written; nobody waits for it.
        core.requestClose()
    }

    // MARK: - Appending

    /// Queues `record`, gives it the next seq and calls `completion` with the record as
    /// written (seq and time set) once it is on disk, or with `.closed` if the writer was
    /// closed first. With `deduplicate`, a `classified` record whose id the index already
    /// holds is written as a `duplicate` of that record's seq instead; the record passed
    /// to the completion shows which it became.
    public func append(_ record: EventRecord, deduplicate: Bool = false, completion: @escaping Completion) {
        var key: ContentKey?
        if case .classified = record.payload { key = record.id.flatMap(ContentKey.init(id:)) }
        // Rendered here, on the caller's thread and outside the lock (see LineTemplate).
        let template = LineTemplate(record)
        let accepted = core.state.withLock { state in
            guard state.phase == .open else { return false }
            var pending = WriterCore.Pending(record: record, template: template, completion: completion)
            let seq = state.nextSeq
            if let key, let first = state.index.insertIfAbsent(key, seq: seq), deduplicate {
                pending.record.payload = .duplicate(of: first)
                pending.template = nil
            }
            pending.record.seq = seq
            state.nextSeq += 1
            state.queue.append(pending)
            return true
        }
        guard accepted else { return completion(.failure(.closed)) }
        core.doorbell.raise()
    }

    /// `append` for simple callers: returns the record as written, once it is on disk.
    @discardableResult
    public func appendAndWait(_ record: EventRecord, deduplicate: Bool = false) throws(EventLogError) -> EventRecord {
        core.preconditionNotCommitter()
        let box = ResultBox()
        append(record, deduplicate: deduplicate) { result in box.set(result) }
        return try box.wait().get()
    }

    // MARK: - Lookups

    /// The seq of the first `classified` record of this content id, written or queued.
    public func firstSeq(forID id: String) -> Int? {
        guard let key = ContentKey(id: id) else { return nil }
        return core.state.withLock { $0.index.firstSeq(for: key) }
    }

    /// The seq of the newest record among the recent ones (`Options.recentWindow`) for
    /// this file name — as dropped, relative to `incoming/` — and id, when given.
    ///
    /// For finishing `processing/` after a crash: a match means the file's record is
    /// already in the log. A file dropped again under the same name with the same bytes
    /// also matches its earlier drop; pass `writtenSince` (ms since the epoch, e.g. the
    /// claim's rename time: the file's ctime in `processing/`) to accept only records
    /// written after the claim.
    public func recentRecord(file: String, id: String?, writtenSince: Int64? = nil) -> Int? {
        let fileHash = Self.escapedFileHash(file)
        let key = id.flatMap(ContentKey.init(id:))
        if id != nil, key == nil { return nil }
        return core.state.withLock { $0.recent?.latest(fileHash: fileHash, id: key, writtenSince: writtenSince)?.seq }
    }

    /// Frees the recent-records window and stops keeping it; `recentRecord` answers nil
    /// from then on. Only start-up recovery reads the window, and kept up to date for the
    /// whole run it would grow to `Options.recentWindow` entries (about 2.5 MiB) and stay.
    public func releaseRecentRecords() {
        let window = core.state.withLock { state in
            defer { state.recent = nil }
            return state.recent
        }
        _ = window  // freed here, outside the lock
    }

    /// Hashes the name as `jsonLine()` escapes it: rendering a probe record guarantees the
    /// same bytes the log holds, with no second copy of the escaping rules.
    private static func escapedFileHash(_ name: String) -> UInt64 {
        let probe = EventRecord(
            seq: nil, timeMilliseconds: 0, file: name, id: nil, bytes: 0, payload: .rejected(reason: "", detail: ""))
        var line = probe.jsonLine()
        return line.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            guard let file = RecordFields.fileAndID(in: bytes, from: 0).file else { return 0 }
            return RecentRecords.fileHash(UnsafeRawBufferPointer(rebasing: bytes[file]))
        }
    }

    // MARK: - State

    /// The seq the next append will get.
    public var nextSeq: Int { core.state.withLock { $0.nextSeq } }

    public var health: EventLogHealth { core.state.withLock { $0.health } }

    /// Called on the writer's thread when `health` changes (each new errno while failing,
    /// and `.ok` on recovery).
    public var onHealthChange: (@Sendable (EventLogHealth) -> Void)? {
        get { core.state.withLock { $0.onHealthChange } }
        set { core.state.withLock { $0.onHealthChange = newValue } }
    }

    /// Called on the writer's thread after each reopen, automatic or explicit, that
    /// switched files or failed to.
    public var onReopen: (@Sendable (Result<Void, EventLogError>) -> Void)? {
        get { core.state.withLock { $0.onReopen } }
        set { core.state.withLock { $0.onReopen = newValue } }
    }

    /// Records made durable, batches written, fdatasync calls made (failed ones included).
    public var stats: (records: Int, batches: Int, fsyncs: Int) {
        core.state.withLock { ($0.records, $0.batches, $0.fsyncs) }
    }

    /// Batches the committer has tried to write, failed tries included: it grows while the
    /// writer is alive and retrying a failing disk (a watchdog's sign of life).
    public var commitAttempts: Int { core.state.withLock { $0.commitAttempts } }

    // MARK: - Reopen, flush, close

    /// Reopens the path (SIGHUP): the next batch goes to the file the path names now,
    /// created if missing. Returns once done; on failure the old file stays in use.
    public func reopen() throws(EventLogError) {
        core.preconditionNotCommitter()
        let request = WriterCore.ReopenRequest()
        let accepted = core.state.withLock { state in
            guard state.phase != .closed else { return false }
            state.reopenRequests.append(request)
            return true
        }
        guard accepted else { throw .closed }
        core.doorbell.raise()
        core.attention.raise()
        request.done.wait()
        try request.outcome.withLock { $0 }.get()
    }

    /// Waits until every record appended before the call is on disk (or the writer
    /// closed). While the disk is failing that lasts until it recovers, or until
    /// `timeout`; returns false when the wait timed out.
    @discardableResult
    public func flush(timeout: Duration? = nil) -> Bool {
        core.preconditionNotCommitter()
        let waiter = core.state.withLock { state -> WakeupEvent? in
            let target = state.nextSeq - 1
            guard state.durableSeq < target, state.phase != .closed else { return nil }
            let event = WakeupEvent(resetsOnWake: false)
            state.flushWaiters.append((target, event))
            return event
        }
        return waiter?.wait(timeout: timeout) ?? true
    }

    /// Stops taking appends, writes and syncs what is queued, closes the file and ends the
    /// thread. While the disk is failing this waits for it, up to `abandonAfter` when
    /// given; then the records still held are dropped with `.closed` (their files stay in
    /// `processing/` and are finished at the next start). Returns false in that case.
    @discardableResult
    public func close(abandonAfter limit: Duration? = nil) -> Bool {
        core.preconditionNotCommitter()
        core.requestClose()
        if let limit, !core.finished.wait(timeout: limit) {
            core.state.withLock { $0.abandon = true }
            core.attention.raise()
            core.doorbell.raise()
            core.finished.wait()
            return false
        }
        core.finished.wait()
        return true
    }
}

/// What the writer found on disk when it opened the log.
public struct EventLogRecovery: Sendable, Equatable {
    /// Bytes after the last newline, cut off: a line a crash left half-written.
    public var tornBytesCut: Int64
    /// Records read (current log and rotated generations).
    public var records: Int
    /// The highest seq found; numbering continues after it.
    public var lastSeq: Int?
    /// Distinct content ids in the index.
    public var indexedIDs: Int
    /// The stamps of the records about files that stayed in `incoming/` (reason
    /// `unclaimable`, see `InodeStamp`): the daemon records each such file once, across
    /// restarts.
    public var inodes: Set<InodeStamp>
    /// The files read, rotated generations first.
    public var scannedFiles: [String]
}

/// Carries one result from the writer's thread to a caller waiting for it.
private final class ResultBox: Sendable {
    private let result = Mutex<Result<EventRecord, EventLogError>?>(nil)
    private let done = WakeupEvent(resetsOnWake: false)

    func set(_ value: Result<EventRecord, EventLogError>) {
        result.withLock { $0 = value }
        done.raise()
    }

    func wait() -> Result<EventRecord, EventLogError> {
        done.wait()
        return result.withLock { $0! }
    }
}
