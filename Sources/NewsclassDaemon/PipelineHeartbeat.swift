import Synchronization

/// Whether the pipeline is alive, for the systemd watchdog: pinging from a timer alone
/// would keep a stuck daemon "healthy" forever.
///
/// Alive since the last look means one of:
/// - a file finished (its record written and the file moved out of `processing/`), or a
///   move that keeps failing was tried again;
/// - nothing is in flight and the intake loop went round (it wakes at least every tick,
///   events or not);
/// - the event log is failing and its writer keeps retrying (paused for a full disk is a
///   deliberate, responsive state, not a hang).
///
/// A deadlocked worker, a hung fsync or rename, or an intake thread that stopped turning
/// shows as no sign at all, and the watchdog is left to fire.
final class PipelineHeartbeat: Sendable {
    private let intakeTicks = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)

    func intakeTicked() { intakeTicks.add(1, ordering: .relaxed) }
    /// A file left `processing/`, or a failing move was retried.
    func finisherWorked() { finished.add(1, ordering: .relaxed) }

    /// The counters at one look, compared with the next.
    struct Reading: Equatable, Sendable {
        var intakeTicks: Int
        var finished: Int
        var logAttempts: Int
    }

    func read(logAttempts: Int) -> Reading {
        Reading(
            intakeTicks: intakeTicks.load(ordering: .relaxed), finished: finished.load(ordering: .relaxed),
            logAttempts: logAttempts)
    }

    static func isAlive(from old: Reading, to new: Reading, inFlight: Int, logFailing: Bool) -> Bool {
        if new.finished != old.finished { return true }
        if inFlight == 0, new.intakeTicks != old.intakeTicks { return true }
        if logFailing, new.logAttempts != old.logAttempts { return true }
        return false
    }
}
