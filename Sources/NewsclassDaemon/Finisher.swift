import NewsclassRecords
import NewsclassSpool

/// Moves files out of `processing/` once their records are durable: to `done/` (or
/// deletes them), or to `failed/` with `NAME.reason.json`. One thread.
///
/// The log writer's completions only `submit` (they run on the writer's thread and must
/// stay short); the renames happen here. A move that fails (ENOSPC writing the reason
/// file, EACCES…) is retried with backoff — the record is already durable, so the file
/// waiting in `processing/` is safe: were the daemon to stop first, the next start would
/// find the record and finish the move without a second one. Each finished file leaves
/// the `InFlightGate`. The records of files that could not be claimed come here too
/// (`submitStaying`), to be published and counted in the same order; they move nothing.
final class Finisher: Sendable {
    private let claimer: SpoolClaimer
    private let gate: InFlightGate
    private let reservations: ArchiveReservations
    private let counters: DaemonCounters
    private let heartbeat: PipelineHeartbeat
    private let publish: RecordPublisher?
    private let diagnostics: Diagnostics
    private let queue = WorkQueue<Job>()

    private enum Job: Sendable {
        case move(FinishJob)
        /// The record of a file that stays in `incoming/`, nil when none was written.
        case staying(EventRecord?)
    }

    /// `publish`: told of every record written now, before its file is moved (the
    /// journal entry).
    init(
        claimer: SpoolClaimer, gate: InFlightGate, reservations: ArchiveReservations, counters: DaemonCounters,
        heartbeat: PipelineHeartbeat, publish: RecordPublisher?, diagnostics: Diagnostics
    ) {
        self.claimer = claimer
        self.gate = gate
        self.reservations = reservations
        self.counters = counters
        self.heartbeat = heartbeat
        self.publish = publish
        self.diagnostics = diagnostics
    }

    func submit(_ job: FinishJob) {
        queue.push(.move(job))
    }

    /// A file that could not be claimed has its record (or, nil, needs none after all):
    /// nothing to move; it is published and counted like the others, and leaves the gate.
    func submitStaying(_ record: EventRecord?) {
        queue.push(.staying(record))
    }

    /// No more jobs are coming: `run` finishes what is queued, tries each waiting retry
    /// once more, and returns.
    func close() {
        queue.close()
    }

    private struct Retry {
        var job: FinishJob
        var due: UInt64
        var delay: Duration
    }

    /// The finisher's loop; returns after `close`.
    func run() {
        var retries: [Retry] = []
        while true {
            let due = retries.map(\.due).min()
            switch queue.pop(until: due) {
            case .move(let job)?:
                if let record = job.record { publish?(record) }
                if let delay = perform(job, attempt: nil) {
                    retries.append(Retry(job: job, due: Monotonic.after(delay), delay: delay))
                }
                continue
            case .staying(let record)?:
                if let record {
                    publish?(record)
                    counters.count(record.event)
                    if case .rejected(let reason, let detail) = record.payload {
                        diagnostics.warning("\(record.file): rejected (\(reason)): \(detail); it stays in incoming/")
                    }
                }
                heartbeat.finisherWorked()
                gate.leave()
                continue
            case nil:
                break
            }
            let closed = due.map { Monotonic.now() < $0 } ?? true
            let now = Monotonic.now()
            var waiting: [Retry] = []
            for var retry in retries {
                if !closed, retry.due > now {
                    waiting.append(retry)
                    continue
                }
                if let delay = perform(retry.job, attempt: retry.delay) {
                    if closed {
                        diagnostics.warning("\(retry.job.claim.path.displayString): left in processing/ "
                            + "(its record is in the log; the next start moves it)")
                        done(retry.job, moved: false)
                        continue
                    }
                    retry.delay = delay
                    retry.due = Monotonic.after(delay)
                    waiting.append(retry)
                }
            }
            retries = waiting
            if closed && retries.isEmpty && queue.count == 0 { return }
        }
    }

    /// Moves one file; nil when done (or nothing can be done), else the delay before the
    /// next try.
    private func perform(_ job: FinishJob, attempt previousDelay: Duration?) -> Duration? {
        if previousDelay != nil { heartbeat.finisherWorked() }
        let file = job.claim.path.displayString
        do throws(SpoolError) {
            switch job.action {
            case .leave(let why):
                diagnostics.warning("\(file): left in processing/: \(why)")
                done(job, moved: false)
                return nil
            case .delete:
                try claimer.finish(job.claim, archive: false)
            case .archive(let planned):
                if let planned {
                    let placed = try claimer.finish(job.claim, at: planned)
                    if placed != planned {
                        diagnostics.warning("\(file): archived as \(placed.displayString), not \(planned.displayString) "
                            + "as its record says: that name was taken by something outside newsclass")
                    }
                } else {
                    try claimer.finish(job.claim, archive: true)
                }
            case .fail(let reason, let detail, let time):
                let placed = try claimer.fail(
                    job.claim, reason: reason, detail: detail, time: RecordTime.format(millisecondsSinceEpoch: time))
                if job.record != nil { diagnostics.notice("\(file): rejected (\(reason)): \(detail) → \(placed.displayString)") }
            }
        } catch {
            if error.errno == .noSuchFileOrDirectory, error.operation != "mkdirat" {
                diagnostics.warning("\(file): gone from processing/ before it could be moved: \(error)")
                done(job, moved: false)
                return nil
            }
            let delay = previousDelay.map { min($0 * 2, .seconds(30)) } ?? .milliseconds(500)
            if previousDelay == nil {
                diagnostics.error("\(file): cannot move it out of processing/: \(error); retrying")
            }
            return delay
        }
        if previousDelay != nil { diagnostics.info("\(file): moved out of processing/ after a retry") }
        done(job, moved: true)
        return nil
    }

    private func done(_ job: FinishJob, moved: Bool) {
        if let reservation = job.reservation { reservations.release(reservation) }
        if let event = job.record?.event { counters.count(event) }
        heartbeat.finisherWorked()
        gate.leave()
    }
}
