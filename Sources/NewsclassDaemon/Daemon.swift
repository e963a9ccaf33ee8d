import Foundation
import NewsclassClassifier
import NewsclassEventLog
import NewsclassSpool
import NewsclassText
import Synchronization
import SystemPackage

/// `newsclass run`: the spool daemon, wired from the building blocks.
///
/// **Threads.** One intake thread (watcher events and scans → claim → work queue), N
/// workers (load → id → duplicate check → extract → classify → append), the log writer's
/// own committer thread (group commit; completions only hand the file on), and one
/// finisher (the renames out of `processing/`). Signals are the caller's (see
/// `SignalListener`), which calls `requestStop` and `reload`.
///
/// **Exactly once.** A file is claimed by rename (atomic: an event and a scan seeing the
/// same name claim it once), gets exactly one record, and leaves `processing/` only in the
/// record's completion, after the record's fsync (and, for new claims, after an fsync of
/// `processing/`, see `ClaimSync`). A crash leaves files in `processing/`, which the next
/// start finishes first (`StartupRecovery`): those with a record are moved as it says,
/// the others are processed.
///
/// **Bounded.** `InFlightGate` caps the claims between rename and move
/// (`DaemonOptions.inFlightLimit`); scans stream; each worker holds one article.
///
/// **Disk trouble.** While the log writer reports failing health, claiming pauses (one
/// log line); claims already taken wait in memory and in `processing/`, and everything
/// resumes when the writer's retry succeeds.
public final class Daemon: Sendable {
    public let options: DaemonOptions
    private let diagnostics: Diagnostics
    private let writer: EventLogWriter
    private let layout: SpoolLayout
    private let claimer: SpoolClaimer
    private let classifier: Classifier
    private let gate: InFlightGate
    private let queue = WorkQueue<WorkItem>()
    private let reservations = ArchiveReservations()
    private let counters = DaemonCounters()
    private let finisher: Finisher
    private let claimSync: ClaimSync?
    private let watcher = Mutex<SpoolWatcher?>(nil)
    private let stopRequested = Atomic<Bool>(false)

    /// Opens the event log (creating its folder if missing) and the spool, and builds the
    /// classifier. Nothing is claimed before `run`.
    public init(options: DaemonOptions, model: TopicModel, diagnostics: Diagnostics) throws(DaemonStartError) {
        self.options = options
        self.diagnostics = diagnostics
        try Self.makeParentFolder(of: options.logPath)
        do {
            writer = try EventLogWriter(path: options.logPath)
        } catch {
            throw .eventLog(error)
        }
        do {
            layout = try SpoolLayout(root: options.spoolPath)
        } catch {
            writer.close()
            throw .spool(error, "cannot open the spool at \(options.spoolPath)")
        }
        for note in layout.notes { diagnostics.warning(note) }
        let recovery = writer.recovery
        if recovery.tornBytesCut > 0 {
            diagnostics.warning("\(options.logPath): cut a torn last line of \(recovery.tornBytesCut) bytes left by a crash")
        }
        diagnostics.info("event log \(options.logPath): \(recovery.records) records, next seq \(writer.nextSeq), "
            + "\(recovery.indexedIDs) article ids known")
        claimer = SpoolClaimer(layout: layout)
        classifier = Classifier(model: model)
        gate = InFlightGate(limit: options.inFlightLimit)
        finisher = Finisher(
            claimer: claimer, gate: gate, reservations: reservations, counters: counters, diagnostics: diagnostics)
        if options.syncsClaims {
            claimSync = ClaimSync { [layout, diagnostics] in
                do {
                    try layout.sync(.processing)
                } catch {
                    diagnostics.error("\(error)")
                }
            }
        } else {
            claimSync = nil
        }
        writer.onHealthChange = { [gate, diagnostics] health in
            switch health {
            case .ok:
                if gate.setPaused(false) { diagnostics.notice("resumed: the event log is writable again") }
            case .failing(let errno, _):
                if gate.setPaused(true) {
                    let cause = errno == .noSpace || errno.rawValue == 122 /* EDQUOT */
                        ? "log disk full (\(errno))" : "cannot write the event log (\(errno))"
                    diagnostics.error("paused: \(cause); no new files are claimed until it can be written, retrying")
                }
            }
        }
        writer.onReopen = { [diagnostics, path = options.logPath] result in
            switch result {
            case .success: diagnostics.info("event log reopened: \(path)")
            case .failure(let error): diagnostics.error("cannot reopen the event log: \(error)")
            }
        }
    }

    /// Runs until `requestStop` (returns `.stopped` once what was in flight is finished and
    /// the log is flushed and closed) or until the spool is gone or the watcher fails.
    public func run() -> DaemonExit {
        let finisherThread = ThreadGroup()
        finisherThread.start(name: "newsclass-finish") { [finisher] in finisher.run() }

        let end: DaemonExit
        let workers = ThreadGroup()
        do {
            try recover()
            startWorkers(workers)
            end = watchAndClaim()
        } catch {
            end = .failed("\(error)")
        }

        // Stop claiming, let the workers drain the queue, wait for the files in flight.
        gate.stop()
        queue.close()
        workers.wait()
        drain(grace: end == .stopped ? options.stopGrace : .seconds(2))
        if !writer.close(abandonAfter: .seconds(1)) {
            diagnostics.warning("the event log could not be written before stopping: "
                + "the files still in processing/ are finished at the next start")
        }
        finisher.close()
        finisherThread.wait()
        watcher.withLock { $0 = nil }
        switch end {
        case .stopped:
            diagnostics.info("stopped: \(counters.summary)")
        case .spoolGone(let reason):
            diagnostics.error("the spool is gone: \(reason); exiting (\(counters.summary))")
        case .failed(let reason):
            diagnostics.error("\(reason); exiting (\(counters.summary))")
        }
        return end
    }

    /// SIGTERM/SIGINT: stop claiming; `run` then finishes what is in flight and returns.
    /// Safe from any thread, and more than once.
    public func requestStop() {
        guard !stopRequested.exchange(true, ordering: .sequentiallyConsistent) else { return }
        diagnostics.info("stopping: finishing the files in flight")
        gate.stop()
        watcher.withLock { $0?.stop() }
    }

    /// SIGHUP: reopen the event log (logrotate). Blocks until done.
    public func reload() {
        // Hook for the configuration reload (next issue): load and validate the new
        // configuration here, refusing a bad one with a clear error and keeping the old.
        do {
            try writer.reopen()
        } catch {
            diagnostics.error("SIGHUP: cannot reopen the event log: \(error)")
        }
    }

    /// Records written since start, by event, and what is in flight: for status lines.
    public var statusLine: String {
        "\(counters.summary), \(gate.inFlight) in flight" + (gate.isPaused ? ", paused" : "")
    }

    // MARK: - Steps

    private func recover() throws(SpoolError) {
        let plan = try StartupRecovery(
            claimer: claimer, writer: writer, maxBytes: options.maxBytes, archives: options.archives,
            reservations: reservations, diagnostics: diagnostics
        ).plan()
        for job in plan.finish {
            _ = gate.enter(force: true)
            finisher.submit(job)
        }
        for claim in plan.process {
            _ = gate.enter(force: true)
            queue.push(WorkItem(claim: claim, claimNumber: 0))
        }
    }

    private func startWorkers(_ group: ThreadGroup) {
        let worker = ArticleWorker(
            claimer: claimer, writer: writer, extractor: ArticleExtractor(maxBytes: options.maxBytes),
            classifier: classifier, archives: options.archives, reservations: reservations, claimSync: claimSync,
            finisher: finisher, diagnostics: diagnostics)
        for index in 0..<options.workers {
            group.start(name: "newsclass-worker-\(index)") { [queue] in worker.run(queue) }
        }
    }

    private func watchAndClaim() -> DaemonExit {
        let spoolWatcher: SpoolWatcher
        do {
            spoolWatcher = try SpoolWatcher(layout: layout, filter: options.filter)
        } catch {
            return .failed("cannot watch \(options.spoolPath)/incoming: \(error)")
        }
        watcher.withLock { $0 = spoolWatcher }
        if stopRequested.load(ordering: .sequentiallyConsistent) { return .stopped }
        diagnostics.info("watching \(options.spoolPath)/incoming (\(spoolWatcher.watchedFolderCount) folders) "
            + "with \(options.workers) workers; at most \(options.inFlightLimit) files in flight")
        let intake = Intake(
            watcher: spoolWatcher, scanner: SpoolScanner(layout: layout, filter: options.filter), claimer: claimer,
            gate: gate, queue: queue, claimSync: claimSync, reconcileInterval: options.reconcileInterval,
            diagnostics: diagnostics)
        switch intake.run() {
        case .stopped: return .stopped
        case .spoolGone(let reason): return .spoolGone(reason)
        case .failed(let reason): return .failed(reason)
        }
    }

    /// Waits for the files in flight to leave `processing/`. While the log's disk fails,
    /// or moves keep failing, gives up after `grace`: those files are finished at the next
    /// start.
    private func drain(grace: Duration) {
        let graceNanoseconds = UInt64(max(0, grace.components.seconds)) * 1_000_000_000
        let started = Monotonic.now()
        var failingSince: UInt64?
        while !gate.waitUntilEmpty(until: Monotonic.after(.milliseconds(200))) {
            let now = Monotonic.now()
            if writer.health.isOK {
                failingSince = nil
                // Moves that keep failing (failed/ unwritable…) are retried this long.
                if now - started < 3 * graceNanoseconds { continue }
            } else {
                failingSince = failingSince ?? now
                if now - failingSince! < graceNanoseconds { continue }
            }
            diagnostics.warning("\(gate.inFlight) files still in flight; leaving them in processing/")
            return
        }
    }

    private static func makeParentFolder(of path: String) throws(DaemonStartError) {
        let parent = FilePath(path).removingLastComponent()
        guard !parent.isEmpty, !FileManager.default.fileExists(atPath: parent.string) else { return }
        do {
            try FileManager.default.createDirectory(
                atPath: parent.string, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        } catch {
            throw DaemonStartError(.io, "cannot create the event log's folder \(parent.string): "
                + ((error as NSError).localizedFailureReason ?? error.localizedDescription))
        }
    }
}
