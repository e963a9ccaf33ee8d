import NewsclassRecords
import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the writer's callers and its committer thread share: one lock around the queue,
/// the numbering, the indexes and the health, and the two doorbells.
final class WriterCore: Sendable {
    typealias Completion = @Sendable (Result<EventRecord, EventLogError>) -> Void

    struct Pending {
        var record: EventRecord
        /// The line pre-rendered by the appending thread; nil when the committer must
        /// render the record itself.
        var template: LineTemplate?
        var completion: Completion
    }

    enum Phase {
        case open
        /// `close()` was called: no new appends; the committer writes what is queued.
        case draining
        case closed
    }

    struct State {
        var phase = Phase.open
        /// Set when `close(abandonAfter:)` gives up: the committer drops what it holds.
        var abandon = false
        /// The seq the next append gets; assigned at append time, under this lock, so that
        /// the content index can answer with the seq of a record still in the queue.
        var nextSeq: Int
        /// The highest seq known to be on disk.
        var durableSeq: Int
        var queue: [Pending] = []
        var index: ContentIndex
        /// nil once `releaseRecentRecords()` was called: only start-up recovery reads it.
        var recent: RecentRecords?
        var health = EventLogHealth.ok
        var onHealthChange: (@Sendable (EventLogHealth) -> Void)?
        var onReopen: (@Sendable (Result<Void, EventLogError>) -> Void)?
        var records = 0
        var batches = 0
        var fsyncs = 0
        var commitAttempts = 0
        var flushWaiters: [(seq: Int, event: WakeupEvent)] = []
        var reopenRequests: [ReopenRequest] = []
        /// The committer thread, so that a completion calling a blocking method fails
        /// loudly instead of deadlocking.
        var committerThread: pthread_t?
    }

    /// One `reopen()` call waiting for the committer to carry it out.
    final class ReopenRequest: Sendable {
        let done = WakeupEvent(resetsOnWake: false)
        let outcome = Mutex<Result<Void, EventLogError>>(.success(()))
    }

    let path: FilePath
    let options: EventLogWriter.Options
    let state: Mutex<State>
    /// Rung by every append: work is waiting.
    let doorbell = WakeupEvent()
    /// Rung by reopen and close: ends a retry backoff early (appends must not, or a full
    /// disk would be hammered once per append).
    let attention = WakeupEvent()
    /// Raised once when the committer has exited.
    let finished = WakeupEvent(resetsOnWake: false)

    init(path: FilePath, options: EventLogWriter.Options, history: LogHistory) {
        self.path = path
        self.options = options
        let last = history.lastSeq ?? 0
        state = Mutex(State(nextSeq: last + 1, durableSeq: last, index: history.index, recent: history.recent))
    }

    /// Stops a blocking call made from a completion handler, which runs on the committer
    /// thread: it would wait for the thread that is waiting for it.
    func preconditionNotCommitter(_ function: StaticString = #function) {
        let committer = state.withLock { $0.committerThread }
        if let committer {
            precondition(pthread_equal(committer, pthread_self()) == 0,
                         "EventLogWriter.\(function) called from a completion handler would deadlock")
        }
    }

    /// Moves to `.draining` and wakes the committer; true when it was open.
    @discardableResult
    func requestClose() -> Bool {
        let wasOpen = state.withLock { state in
            guard state.phase == .open else { return false }
            state.phase = .draining
            return true
        }
        doorbell.raise()
        attention.raise()
        return wasOpen
    }
}
