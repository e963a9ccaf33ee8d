import NewsclassRecords
import NewsclassSpool

/// What the intake hands a worker.
enum WorkItem: Sendable {
    /// A claim, with its number for `ClaimSync`; 0 when `processing/` needs no fsync for
    /// it (claims found there at start-up).
    case claim(Claim, claimNumber: UInt64)
    /// A file that stays in `incoming/` because it cannot be claimed, seen for the first
    /// time with this stamp: it gets its one `unclaimable` record.
    case unclaimable(UnclaimableFile)
}

/// What happens to a claimed file once its record is durable (or was found in the log).
enum FinishAction: Sendable, Equatable {
    /// Move to `done/`: to exactly `planned` when the record names it, else to the first
    /// free name.
    case archive(planned: SpoolPath?)
    case delete
    /// Move to `failed/` with `NAME.reason.json` (`time`: the record's, ms since epoch).
    case fail(reason: String, detail: String, time: Int64)
    /// Leave it in `processing/` (the log closed before its record was written); the next
    /// start finishes it.
    case leave(String)
}

/// A file to move out of `processing/`.
struct FinishJob: Sendable {
    let claim: Claim
    let action: FinishAction
    /// The `done/` name reserved for it, released once it has moved.
    let reservation: SpoolPath?
    /// The record written now, or nil when none was (recovery found one in the log).
    let record: EventRecord?
}

/// Called once per record written, on the finisher's thread.
typealias RecordPublisher = @Sendable (EventRecord) -> Void
