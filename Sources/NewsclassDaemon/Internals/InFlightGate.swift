/// Bounds the claims in flight — from the claim's rename until its file has left
/// `processing/` — and holds claiming back while the event log cannot be written.
///
/// The intake calls `enter` before each claim (blocking while the bound is reached or the
/// gate is paused; the kernel's inotify queue may overflow meanwhile, which the watcher
/// reports and a rescan repairs), the finisher calls `leave` when the file is gone from
/// `processing/`. This one bound caps the work queue, the records waiting in the log
/// writer and the files in `processing/`; memory for contents is capped separately by
/// the number of workers (each holds one article at a time).
final class InFlightGate: Sendable {
    private struct State {
        var inFlight = 0
        var limit: Int
        var paused = false
        var stopping = false
    }

    private let monitor: Monitor<State>

    init(limit: Int) {
        monitor = Monitor(State(limit: max(1, limit)))
    }

    /// Waits for room and for the gate to be open; false once `stop` was called.
    /// `force` counts the claim at once (recovery: those files are already claimed).
    func enter(force: Bool = false) -> Bool {
        monitor.withLock { locked in
            while !force {
                if locked.value.stopping { return false }
                if !locked.value.paused, locked.value.inFlight < locked.value.limit { break }
                locked.wait()
            }
            locked.value.inFlight += 1
            return true
        }
    }

    func leave() {
        monitor.withLock { $0.value.inFlight -= 1 }
        monitor.broadcast()
    }

    /// Paused: `enter` waits (the log's disk is failing). Returns whether this changed it.
    @discardableResult
    func setPaused(_ paused: Bool) -> Bool {
        let changed = monitor.withLock { locked in
            defer { locked.value.paused = paused }
            return locked.value.paused != paused
        }
        monitor.broadcast()
        return changed
    }

    var isPaused: Bool { monitor.withLock { $0.value.paused } }

    /// From now on `enter` returns false (also for callers already waiting).
    func stop() {
        monitor.withLock { $0.value.stopping = true }
        monitor.broadcast()
    }

    var isStopping: Bool { monitor.withLock { $0.value.stopping } }

    var inFlight: Int { monitor.withLock { $0.value.inFlight } }

    /// Waits until nothing is in flight, or until `deadline` (monotonic ns); returns
    /// whether nothing is.
    func waitUntilEmpty(until deadline: UInt64) -> Bool {
        monitor.withLock { locked in
            while locked.value.inFlight > 0 {
                if Monotonic.now() >= deadline { return false }
                locked.wait(until: deadline)
            }
            return true
        }
    }
}
