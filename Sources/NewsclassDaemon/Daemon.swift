#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import NewsclassClassifier
import NewsclassConfig
import NewsclassEventLog
import NewsclassMatcherCache
import NewsclassSpool
import NewsclassText
import NewsclassSystemd
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
/// log line, and STATUS=); claims already taken wait in memory and in `processing/`, and
/// everything resumes when the writer's retry succeeds.
///
/// **systemd.** `ServiceSupervisor` speaks sd_notify (READY=1 once the watch is live,
/// STATUS=, WATCHDOG=1 while `PipelineHeartbeat` sees life, RELOADING=1, STOPPING=1,
/// ERRNO=); `RecordJournal` sends one journal entry per record. SIGHUP re-reads the
/// configuration through `reconfigure` and swaps `LiveSettings` between articles.
public final class Daemon: Sendable {
    /// Reads the configuration again (SIGHUP), with the command line's overrides applied.
    public typealias Reconfigure = @Sendable () throws -> (DaemonOptions, TopicModel)

    public let options: DaemonOptions
    private let diagnostics: Diagnostics
    private let writer: EventLogWriter
    private let layout: SpoolLayout
    private let claimer: SpoolClaimer
    private let settings: LiveSettingsCell
    /// Where reloads find (or leave) the matcher's compiled tables; nil: in memory.
    private let matcherTables: MatcherCacheDirectory?
    private let reconfigure: Reconfigure?
    private let supervisor: ServiceSupervisor
    private let heartbeat = PipelineHeartbeat()
    private let lastReading = Mutex<PipelineHeartbeat.Reading?>(nil)
    private let reloadLock = Mutex<Void>(())
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
    public init(
        options: DaemonOptions, model: TopicModel, diagnostics: Diagnostics, reconfigure: Reconfigure? = nil
    ) throws(DaemonStartError) {
        self.options = options
        self.diagnostics = diagnostics
        self.reconfigure = reconfigure
        let supervisor = ServiceSupervisor(diagnostics: diagnostics)
        self.supervisor = supervisor
        supervisor.starting("starting: reading the event log \(options.logPath)")
        do throws(DaemonStartError) {
            try Self.makeParentFolder(of: options.logPath)
            writer = try Self.openLog(options.logPath)
        } catch {
            supervisor.failedToStart(error)
            throw error
        }
        do {
            layout = try SpoolLayout(root: options.spoolPath)
        } catch {
            writer.close()
            let failure = DaemonStartError.spool(error, "cannot open the spool at \(options.spoolPath)")
            supervisor.failedToStart(failure)
            throw failure
        }
        for note in layout.notes { diagnostics.warning(note) }
        let recovery = writer.recovery
        if recovery.tornBytesCut > 0 {
            diagnostics.warning("\(options.logPath): cut a torn last line of \(recovery.tornBytesCut) bytes left by a crash")
        }
        diagnostics.info("event log \(options.logPath): \(recovery.records) records, next seq \(writer.nextSeq), "
            + "\(recovery.indexedIDs) article ids known"
            + (recovery.inodes.isEmpty ? "" : ", \(recovery.inodes.count) unclaimable files already recorded"))
        claimer = SpoolClaimer(layout: layout)
        matcherTables = options.matcherCache.map { [diagnostics] in
            MatcherCacheDirectory(path: $0, warn: { diagnostics.warning($0) })
        }
        settings = LiveSettingsCell(LiveSettings(options: options, model: model, tables: matcherTables))
        gate = InFlightGate(limit: options.inFlightLimit)
        finisher = Finisher(
            claimer: claimer, gate: gate, reservations: reservations, counters: counters, heartbeat: heartbeat,
            publish: Self.recordPublisher(instance: options.instance, diagnostics: diagnostics), diagnostics: diagnostics)
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
        let watching = "watching \(options.spoolPath)/incoming"
        writer.onHealthChange = { [gate, diagnostics, supervisor] health in
            switch health {
            case .ok:
                if gate.setPaused(false) {
                    diagnostics.notice("resumed: the event log is writable again", id: .resumed)
                    supervisor.setHeadline(watching)
                }
            case .failing(let errno, _):
                if gate.setPaused(true) {
                    let cause = errno == .noSpace || errno.rawValue == 122 /* EDQUOT */
                        ? "log disk full" : "cannot write the event log"
                    diagnostics.error("paused: \(cause) (\(errno)); no new files are claimed until it can be "
                        + "written, retrying", id: .paused)
                    supervisor.setHeadline("paused: \(cause) (\(errno)), retrying")
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
            diagnostics.error("the spool is gone: \(reason); exiting (\(counters.summary))", id: .spoolGone)
            supervisor.failed(errno: Errno.noSuchFileOrDirectory.rawValue, "the spool is gone: \(reason)")
        case .failed(let reason):
            diagnostics.error("\(reason); exiting (\(counters.summary))")
            supervisor.failed(errno: Errno.ioError.rawValue, reason)
        }
        supervisor.close()
        return end
    }

    /// SIGTERM/SIGINT: stop claiming; `run` then finishes what is in flight and returns.
    /// Safe from any thread, and more than once.
    public func requestStop() {
        guard !stopRequested.exchange(true, ordering: .sequentiallyConsistent) else { return }
        diagnostics.info("stopping: finishing the files in flight")
        supervisor.stopping("stopping: finishing \(gate.inFlight) files in flight")
        gate.stop()
        watcher.withLock { $0?.stop() }
    }

    /// SIGHUP: re-read the configuration and reopen the event log (logrotate). Blocks
    /// until done; a second SIGHUP meanwhile waits its turn.
    ///
    /// A configuration that does not load is refused (journal error naming file, line
    /// and key; STATUS= says so) and the running one stays. Topics, thresholds, globs,
    /// `max_bytes`, `after` and the reconcile interval take effect from the next article
    /// or scan; the spool and log paths and the number of workers need a restart, and a
    /// change to them is reported, not applied.
    public func reload() {
        reloadLock.withLock { _ in
            supervisor.reloading()
            if let reconfigure { reloadConfiguration(reconfigure) }
            do {
                try writer.reopen()
            } catch {
                diagnostics.error("SIGHUP: cannot reopen the event log: \(error)")
            }
            supervisor.reloaded()
        }
    }

    private func reloadConfiguration(_ reconfigure: Reconfigure) {
        let fresh: DaemonOptions
        let model: TopicModel
        do {
            (fresh, model) = try reconfigure()
        } catch {
            diagnostics.error("reload refused: \(error); the running configuration stays", id: .reloadRefused)
            supervisor.setNote("reload refused: \(error)")
            return
        }
        settings.rebuild { LiveSettings(options: fresh, model: model, tables: matcherTables) }
        MallocTuning.releaseFreeMemory()
        var fixed: [String] = []
        if fresh.spoolPath != options.spoolPath { fixed.append("spool.path") }
        if fresh.logPath != options.logPath { fixed.append("log.path") }
        if fresh.workers != options.workers { fixed.append("daemon.workers") }
        if fixed.isEmpty {
            diagnostics.info("configuration reloaded: \(model.topics.count) topics")
            supervisor.setNote(nil)
        } else {
            let list = fixed.joined(separator: ", ")
            diagnostics.warning("configuration reloaded: \(model.topics.count) topics; \(list) changed but "
                + "take effect only at a restart")
            supervisor.setNote("\(list) changed: restart to apply")
        }
    }

    /// Records written since start, by event, and the files in flight: the STATUS= line.
    public var statusSummary: String {
        "\(counters.summary), \(gate.inFlight) queued"
    }

    // MARK: - Steps

    private func recover() throws(SpoolError) {
        supervisor.starting("starting: finishing what a previous run left in processing/")
        let plan = try StartupRecovery(
            claimer: claimer, writer: writer, maxBytes: options.maxBytes, archives: options.archives,
            reservations: reservations, diagnostics: diagnostics
        ).plan()
        writer.releaseRecentRecords()
        for job in plan.finish {
            _ = gate.enter(force: true)
            finisher.submit(job)
        }
        for claim in plan.process {
            _ = gate.enter(force: true)
            queue.push(.claim(claim, claimNumber: 0))
        }
    }

    private func startWorkers(_ group: ThreadGroup) {
        let worker = ArticleWorker(
            claimer: claimer, writer: writer, settings: settings, reservations: reservations, claimSync: claimSync,
            finisher: finisher, diagnostics: diagnostics)
        for index in 0..<options.workers {
            group.start(name: "newsclass-worker-\(index)") { [queue] in worker.run(queue) }
        }
    }

    private func watchAndClaim() -> DaemonExit {
        let spoolWatcher: SpoolWatcher
        do {
            spoolWatcher = try SpoolWatcher(layout: layout, filterSource: { [settings] in settings.current.filter })
        } catch {
            return .failed("cannot watch \(options.spoolPath)/incoming: \(error)")
        }
        watcher.withLock { $0 = spoolWatcher }
        if stopRequested.load(ordering: .sequentiallyConsistent) { return .stopped }
        let watching = "watching \(options.spoolPath)/incoming"
        diagnostics.info("\(watching) (\(spoolWatcher.watchedFolderCount) folders) with \(options.workers) workers; "
            + "at most \(options.inFlightLimit) files in flight", id: .started)
        // Signals are handled from before the start (`SignalListener`), and the watch is
        // live: files dropped from now on are seen. The backlog scan follows.
        supervisor.ready(headline: watching, probe: ServiceSupervisor.Probe(
            summary: { [self] in statusSummary },
            isAlive: { [self] in pipelineIsAlive() }))
        let tick = min(Duration.seconds(1), (supervisor.watchdogPingInterval ?? .seconds(2)) / 2)
        let intake = Intake(
            watcher: spoolWatcher, layout: layout, claimer: claimer, gate: gate, queue: queue, claimSync: claimSync,
            settings: settings, heartbeat: heartbeat, unclaimable: UnclaimableMemory(recorded: writer.recovery.inodes),
            tick: tick, diagnostics: diagnostics)
        switch intake.run() {
        case .stopped: return .stopped
        case .spoolGone(let reason): return .spoolGone(reason)
        case .failed(let reason): return .failed(reason)
        }
    }

    /// Whether the pipeline moved since the previous call (see `PipelineHeartbeat`).
    private func pipelineIsAlive() -> Bool {
        let now = heartbeat.read(logAttempts: writer.commitAttempts)
        let previous = lastReading.withLock { last in
            defer { last = now }
            return last
        }
        guard let previous else { return true }
        return PipelineHeartbeat.isAlive(
            from: previous, to: now, inFlight: gate.inFlight, logFailing: !writer.health.isOK)
    }

    /// The journal entry per record, when there is a journal to write to.
    private static func recordPublisher(instance: String?, diagnostics: Diagnostics) -> RecordPublisher? {
        // libsystemd drops entries silently without journald; say so once instead.
        let socket = "/run/systemd/journal/socket"
        guard access(socket, F_OK) == 0 else {
            diagnostics.info("no journal here (no \(socket)): records go to the event log only")
            return nil
        }
        let journal = RecordJournal(diagnostics: diagnostics, instance: instance)
        return { journal.publish($0) }
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

    private static func openLog(_ path: String) throws(DaemonStartError) -> EventLogWriter {
        do {
            return try EventLogWriter(path: path)
        } catch {
            throw .eventLog(error)
        }
    }

    private static func makeParentFolder(of path: String) throws(DaemonStartError) {
        let parent = FilePath(path).removingLastComponent()
        guard !parent.isEmpty, access(parent.string, F_OK) != 0 else { return }
        // Like mkdir -p, each missing folder mode 0750 (less the umask).
        var folder = parent.isAbsolute ? FilePath("/") : FilePath()
        for component in parent.components {
            folder.append(component)
            if mkdir(folder.string, 0o750) != 0 && errno != EEXIST {
                let reason = String(cString: strerror(errno))
                throw DaemonStartError(.io, "cannot create the event log's folder \(parent.string): \(reason)")
            }
        }
    }
}
