import NewsclassSpool

/// The one thread that finds and claims files: the watcher's events, the start-up
/// backlog scan, the rescan after an inotify overflow and the periodic reconcile scan.
/// Each candidate waits for room at the `InFlightGate` (which also holds claiming while
/// the log's disk fails), is claimed by rename into `processing/` and queued for the
/// workers. A name seen twice (an event and a scan) is claimed once: the second claim
/// finds it `.vanished`, which needs no record.
///
/// A file whose claim is refused for good (`.unclaimable`: its folder is not the
/// daemon's to write) stays in `incoming/`; the first time it is met with its stamp it
/// goes to a worker for its one `unclaimable` record, and afterwards it is passed over
/// in silence (`UnclaimableMemory`) — still tried at every scan, so that it is taken
/// once its folder is fixed. A folder a scan cannot read is warned about once per state.
struct Intake: Sendable {
    enum End: Sendable {
        case stopped
        case spoolGone(String)
        case failed(String)
    }

    let watcher: SpoolWatcher
    let layout: SpoolLayout
    let claimer: SpoolClaimer
    let gate: InFlightGate
    let queue: WorkQueue<WorkItem>
    let claimSync: ClaimSync?
    let settings: LiveSettingsCell
    let heartbeat: PipelineHeartbeat
    let unclaimable: UnclaimableMemory
    /// The longest the loop sleeps without a sign of life (for the watchdog).
    let tick: Duration
    let diagnostics: Diagnostics

    private struct Stopped: Error {}

    /// Runs the backlog scan, then follows the watcher until stopped or the spool is gone.
    func run() -> End {
        if !scan(because: "start-up backlog") { return .stopped }
        var nextReconcile = Monotonic.after(settings.current.reconcileInterval)
        while true {
            heartbeat.intakeTicked()
            let now = Monotonic.now()
            if now >= nextReconcile {
                if !scan(because: nil) { return .stopped }
                nextReconcile = Monotonic.after(settings.current.reconcileInterval)
                continue
            }
            let event: SpoolEvent?
            do {
                event = try watcher.next(timeout: min(tick, .nanoseconds(Int64(nextReconcile - now))))
            } catch {
                return .failed("watching \(layout.root.string)/incoming failed: \(error)")
            }
            switch event {
            case nil:
                if watcher.isStopped { return .stopped }
            case .candidate(let path):
                if take(path) == .stopped { return .stopped }
            case .overflow:
                diagnostics.warning("the inotify event queue overflowed: rescanning incoming/")
                if !scan(because: "overflow rescan") { return .stopped }
            case .unwatched(let path, let reason):
                diagnostics.warning("incoming/\(path.displayString) is not watched (\(reason)); "
                    + "the reconcile scan looks for its files")
            case .rootGone(let reason):
                return .spoolGone(reason)
            }
        }
    }

    private enum Taken {
        /// Claimed, or due for its `unclaimable` record: a worker has it.
        case queued
        /// Nothing to do: gone, already recorded as unclaimable, or an error (logged).
        case passed
        /// The daemon is stopping.
        case stopped
    }

    /// Claims `path` and queues it.
    private func take(_ path: SpoolPath) -> Taken {
        guard gate.enter() else { return .stopped }
        do {
            switch try claimer.claim(path) {
            case .claimed(let claim):
                let number = claimSync?.noteClaim() ?? 0
                queue.push(.claim(claim, claimNumber: number))
                return .queued
            case .vanished:
                gate.leave()
            case .unclaimable(let file):
                // Its record takes a place in the gate like a claim, so that a log that
                // cannot be written holds these back too.
                if unclaimable.isNew(file) {
                    queue.push(.unclaimable(file))
                    return .queued
                }
                gate.leave()
            }
        } catch {
            gate.leave()
            diagnostics.error("cannot claim incoming/\(path.displayString): \(error)")
        }
        return .passed
    }

    /// A full scan of `incoming/`; false when it was cut short by a stop. `reason` nil: the
    /// periodic reconcile, logged only when it queued something.
    private func scan(because reason: String?) -> Bool {
        let started = Monotonic.now()
        var taken = 0
        let scanner = SpoolScanner(layout: layout, filter: settings.current.filter)
        do {
            let summary = try scanner.scan { path in
                heartbeat.intakeTicked()
                switch take(path) {
                case .queued: taken += 1
                case .passed: break
                case .stopped: throw Stopped()
                }
            }
            let milliseconds = (Monotonic.now() - started) / 1_000_000
            if reason != nil || taken > 0 {
                diagnostics.info("\(reason ?? "reconcile scan"): \(summary.candidates) files found in \(summary.folders) "
                    + "folders (\(milliseconds) ms)")
            }
            for folder in summary.unreadableFolders where unclaimable.isNew(folder) {
                diagnostics.warning("cannot read \(folder): its files wait, unseen, until the daemon may read and "
                    + "search it (chmod 2770, chgrp newsclass); said once until the folder changes")
            }
        } catch is Stopped {
            return false
        } catch {
            // incoming/ itself unreadable: the watcher reports the spool gone if it is.
            diagnostics.error("scanning incoming/: \(error)")
        }
        return !gate.isStopping
    }
}
