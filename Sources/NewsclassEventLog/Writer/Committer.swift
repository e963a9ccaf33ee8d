import NewsclassRecords
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one thread that writes the log: group commit, rollback and retry, reopen.
///
/// Each round takes everything queued, stamps the time, lays the lines out in one
/// buffer (splicing seq and time into lines the appenders pre-rendered), appends it with one write(2) (looping over short writes) and makes it durable
/// with one fdatasync; only then are the completions called. Appends that arrive during
/// the sync queue up for the next round, so under load one sync carries many records.
///
/// A failed write or sync leaves the batch in hand: the file is cut back to its size
/// before the batch (no partial line, no record twice after the retry) and the same
/// records, same seqs, are written again after a backoff, together with whatever queued
/// meanwhile. Each try stamps the time anew, so `time` is when the record actually went
/// to disk. Rewriting the whole batch rather than trusting a retried fsync also covers
/// Linux dropping dirty pages after a writeback error.
final class Committer {
    private let core: WriterCore
    private var file: LogFile
    /// Taken from the queue, not yet durable, in seq order.
    private var batch: [WriterCore.Pending] = []
    /// Set while the file may hold part of a failed batch: the size to cut back to.
    private var rollbackSize: Int64?
    private var retryDelay: Duration?
    /// When the log's path was first seen naming nothing (rotated away, not yet recreated).
    private var missingSince: ContinuousClock.Instant?
    private var lastFailedReopen: ContinuousClock.Instant?
    private var bytes: [UInt8] = []
    private var lineEnds: [Int] = []

    init(core: WriterCore, file: LogFile) {
        self.core = core
        self.file = file
    }

    func run() {
        core.state.withLock { $0.committerThread = pthread_self() }
        while true {
            let (requests, phase, abandon) = core.state.withLock { state in
                if batch.isEmpty {
                    swap(&batch, &state.queue)
                } else {
                    batch.append(contentsOf: state.queue)
                    state.queue.removeAll(keepingCapacity: true)
                }
                let requests = state.reopenRequests
                state.reopenRequests.removeAll()
                return (requests, state.phase, state.abandon)
            }
            if abandon {
                giveUp()
                break
            }
            for request in requests {
                let outcome = reopen(explicitly: true)
                request.outcome.withLock { $0 = outcome }
                request.done.raise()
            }
            if batch.isEmpty {
                if phase != .open { break }
                core.doorbell.wait()
                continue
            }
            if commitBatch() {
                retryDelay = nil
            } else {
                let delay = retryDelay.map { min($0 * 2, core.options.maximumRetryDelay) } ?? core.options.initialRetryDelay
                retryDelay = delay
                core.attention.wait(timeout: delay)
            }
        }
        shutDown()
    }

    // MARK: - One round

    /// Writes and syncs the batch; false after a failure, with the file rolled back when
    /// that was possible (or `rollbackSize` kept for the next try).
    private func commitBatch() -> Bool {
        core.state.withLock { $0.commitAttempts += 1 }
        do throws(Errno) {
            if let size = rollbackSize {
                try file.truncate(to: size)
                rollbackSize = nil
            }
            followRotation()
            let sizeBefore = try file.status().size
            let now = WallClock.nowMilliseconds()
            render(stampedAt: now)
            rollbackSize = sizeBefore
            let writeError = bytes.withUnsafeBytes { buffer -> Errno? in
                do throws(Errno) {
                    try file.append(buffer)
                    return nil
                } catch {
                    return error
                }
            }
            if let writeError { throw writeError }
            core.state.withLock { $0.fsyncs += 1 }
            try file.synchronize()
            rollbackSize = nil
            succeed(stampedAt: now)
            return true
        } catch {
            if let size = rollbackSize, (try? file.truncate(to: size)) != nil { rollbackSize = nil }
            fail(error)
            return false
        }
    }

    /// Lays the batch out as lines in `bytes`: pre-rendered lines get seq and time spliced
    /// in; the rest (duplicates decided at append, odd shapes) are rendered here.
    private func render(stampedAt now: Int64) {
        bytes.removeAll(keepingCapacity: true)
        lineEnds.removeAll(keepingCapacity: true)
        let time = Array(RecordTime.format(millisecondsSinceEpoch: now).utf8)
        for index in batch.indices {
            batch[index].record.timeMilliseconds = now
            if let template = batch[index].template, let seq = batch[index].record.seq,
               time.count == LineTemplate.timeWidth
            {
                template.write(seq: seq, time: time, into: &bytes)
            } else {
                bytes.append(contentsOf: batch[index].record.jsonLine().utf8)
            }
            lineEnds.append(bytes.count)
            bytes.append(0x0A)
        }
    }

    private func succeed(stampedAt now: Int64) {
        // The recent window keys on the file name as escaped in the line, exactly as the
        // start-up scan sees it, so both paths agree byte for byte.
        var entries: [RecentRecords.Entry] = []
        let keepsRecent = core.state.withLock { $0.recent != nil }
        if keepsRecent { entries.reserveCapacity(batch.count) }
        if keepsRecent { bytes.withUnsafeBytes { buffer in
            var lineStart = 0
            for (pending, lineEnd) in zip(batch, lineEnds) {
                let line = UnsafeRawBufferPointer(rebasing: buffer[lineStart..<lineEnd])
                lineStart = lineEnd + 1
                // A record about a file that stayed in incoming/ is no claim's (see LogHistory).
                guard pending.record.inode == nil else { continue }
                let fields = RecordFields.locate(in: line)
                guard let file = RecordFields.fileAndID(in: line, from: fields.resumeAt).file,
                      let seq = pending.record.seq
                else { continue }
                entries.append(RecentRecords.Entry(
                    fileHash: RecentRecords.fileHash(UnsafeRawBufferPointer(rebasing: line[file])),
                    id: pending.record.id.flatMap(ContentKey.init(id:)), seq: seq, time: now))
            }
        } }
        let (waiters, recovered) = core.state.withLock { state in
            state.durableSeq = batch.last?.record.seq ?? state.durableSeq
            state.records += batch.count
            state.batches += 1
            for entry in entries { state.recent?.add(entry) }
            let durable = state.durableSeq
            let ready = state.flushWaiters.filter { $0.seq <= durable }.map(\.event)
            state.flushWaiters.removeAll { $0.seq <= durable }
            var recovered: (@Sendable (EventLogHealth) -> Void)?
            if state.health != .ok {
                state.health = .ok
                recovered = state.onHealthChange
            }
            return (ready, recovered)
        }
        recovered?(.ok)
        for pending in batch { pending.completion(.success(pending.record)) }
        batch.removeAll(keepingCapacity: true)
        for waiter in waiters { waiter.raise() }
    }

    private func fail(_ error: Errno) {
        let (callback, health): ((@Sendable (EventLogHealth) -> Void)?, EventLogHealth?) = core.state.withLock { state in
            let since: Int64
            switch state.health {
            case .failing(let current, let first):
                if current == error { return (nil, nil) }
                since = first
            case .ok:
                since = WallClock.nowMilliseconds()
            }
            state.health = .failing(error, since: since)
            return (state.onHealthChange, state.health)
        }
        if let callback, let health { callback(health) }
    }

    // MARK: - Rotation

    /// Switches to a new file when the path names another one. logrotate's create mode
    /// renames the log and creates a new one a moment later; a path naming nothing is
    /// given `missingPathGrace` before the writer creates the file itself, because
    /// logrotate's O_EXCL create would otherwise find our file in its way and rename it
    /// to a `.backup`. Meanwhile records go on into the renamed file, durably.
    private func followRotation() {
        let now = ContinuousClock.now
        guard let current = try? FileIdentity.of(path: core.path) else {
            if missingSince == nil { missingSince = now }
            guard let missing = missingSince, now - missing >= core.options.missingPathGrace else { return }
            _ = reopenThrottled(now)
            return
        }
        missingSince = nil
        if current != file.identity { _ = reopenThrottled(now) }
    }

    /// Automatic reopens that fail (a new file we may not write) are retried once a second,
    /// not once a batch; records keep going to the old file meanwhile.
    private func reopenThrottled(_ now: ContinuousClock.Instant) -> Result<Void, EventLogError> {
        if let last = lastFailedReopen, now - last < .seconds(1) { return .success(()) }
        let outcome = reopen(explicitly: false)
        if case .failure = outcome { lastFailedReopen = now } else { lastFailedReopen = nil }
        return outcome
    }

    /// Opens the path anew and moves to it. An explicit reopen (SIGHUP) creates the file
    /// at once; when the path still names the open file there is nothing to do.
    private func reopen(explicitly: Bool) -> Result<Void, EventLogError> {
        let phase = core.state.withLock { $0.phase }
        guard phase != .closed else { return .failure(.closed) }
        if explicitly, (try? FileIdentity.of(path: core.path)) == file.identity { return .success(()) }
        // A failed batch must not stay half-written in the old file.
        if let size = rollbackSize {
            do throws(Errno) {
                try file.truncate(to: size)
                rollbackSize = nil
            } catch {
                return .failure(.diskTrouble(error))
            }
        }
        let outcome: Result<Void, EventLogError>
        do throws(EventLogError) {
            let (newFile, _) = try LogFile.open(core.path, permissions: core.options.permissions)
            file.close()
            file = newFile
            missingSince = nil
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        let callback = core.state.withLock { $0.onReopen }
        callback?(outcome)
        return outcome
    }

    // MARK: - The end

    /// `close(abandonAfter:)` ran out of patience: cut any partial batch, fail what is held.
    private func giveUp() {
        if let size = rollbackSize, (try? file.truncate(to: size)) != nil { rollbackSize = nil }
        let queued = core.state.withLock { state -> [WriterCore.Pending] in
            let queued = state.queue
            state.queue.removeAll()
            return queued
        }
        for pending in batch + queued { pending.completion(.failure(.closed)) }
        batch.removeAll()
    }

    private func shutDown() {
        file.close()
        let (waiters, requests) = core.state.withLock { state in
            state.phase = .closed
            let waiters = state.flushWaiters.map(\.event)
            state.flushWaiters.removeAll()
            let requests = state.reopenRequests
            state.reopenRequests.removeAll()
            return (waiters, requests)
        }
        for waiter in waiters { waiter.raise() }
        for request in requests {
            request.outcome.withLock { $0 = .failure(.closed) }
            request.done.raise()
        }
        core.finished.raise()
    }
}
