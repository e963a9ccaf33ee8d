import NewsclassSpool

/// The one thread that finds and claims files: the watcher's events, the start-up
/// backlog scan, the rescan after an inotify overflow and the periodic reconcile scan.
/// Each candidate waits for room at the `InFlightGate` (which also holds claiming while
/// the log's disk fails), is claimed by rename into `processing/` and queued for the
/// workers. A name seen twice (an event and a scan) is claimed once: the second claim
/// finds it `.vanished`, which needs no record.
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
                if !take(path) { return .stopped }
            case .overflow:
                diagnostics.warning("the inotify event queue overflowed: rescanning incoming/")
                if !scan(because: "overflow rescan") { return .stopped }
            case .unwatched(let path, let reason):
                diagnostics.warning("incoming/\(path.displayString) is not watched (\(reason)); "
                    + "its files are found by the reconcile scan")
            case .rootGone(let reason):
                return .spoolGone(reason)
            }
        }
    }

    /// Claims `path` and queues it; false once the daemon is stopping.
    private func take(_ path: SpoolPath) -> Bool {
        guard gate.enter() else { return false }
        do {
            switch try claimer.claim(path) {
            case .claimed(let claim):
                let number = claimSync?.noteClaim() ?? 0
                queue.push(WorkItem(claim: claim, claimNumber: number))
            case .vanished:
                gate.leave()
            }
        } catch {
            gate.leave()
            diagnostics.error("cannot claim incoming/\(path.displayString): \(error)")
        }
        return true
    }

    /// A full scan of `incoming/`; false when it was cut short by a stop. `reason` nil: the
    /// periodic reconcile, logged only when it found something.
    private func scan(because reason: String?) -> Bool {
        let started = Monotonic.now()
        var taken = 0
        let scanner = SpoolScanner(layout: layout, filter: settings.current.filter)
        do {
            let summary = try scanner.scan { path in
                heartbeat.intakeTicked()
                guard take(path) else { throw Stopped() }
                taken += 1
            }
            let milliseconds = (Monotonic.now() - started) / 1_000_000
            if reason != nil || taken > 0 {
                diagnostics.info("\(reason ?? "reconcile scan"): \(summary.candidates) files found in \(summary.folders) "
                    + "folders (\(milliseconds) ms)")
            }
            for folder in summary.unreadableFolders {
                diagnostics.warning("cannot read \(folder): its files wait")
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
