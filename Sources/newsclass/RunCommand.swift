import ArgumentParser
import NewsclassConfig
import NewsclassDaemon
import NewsclassSystemd
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the spool daemon in the foreground.",
        discussion: """
            Watches SPOOL/incoming/ (subfolders included) and gives every file dropped there \
            exactly one record in the event log: classified, duplicate or rejected. A file \
            is taken when its writer closes it, when it is renamed or moved in, or when a \
            scan finds it (at start-up, after an inotify overflow, every reconcile_seconds). \
            Names that look unfinished (.name, *.tmp, *.part, …) wait until renamed: the \
            safe way to drop is to write under such a name, then rename.

            Claimed files move to processing/, then to done/ (or are deleted, after = \
            "delete") once their record is on disk; rejected ones go to failed/ with \
            NAME.reason.json beside them. Files left in processing/ by a crash are finished \
            first at the next start, without a second record.

            Signals: SIGTERM or SIGINT finish what is in flight, flush the log and exit 0; \
            SIGHUP re-reads the configuration (topics, thresholds, globs, max_bytes, after, \
            reconcile_seconds; a bad one is refused and the running one stays) and reopens \
            the event log (logrotate). Exits 74 when the spool is deleted or moved away or \
            cannot be watched, 78 on a configuration error.

            Under systemd (Type=notify) it reports READY=1, STATUS=, WATCHDOG=1, \
            RELOADING=1 and STOPPING=1, logs natively to the journal, and sends one \
            journal entry per record (journalctl NEWSCLASS_TOPIC=climate), which carries \
            the record's event-log line (NEWSCLASS_RECORD) and, with --instance, the feed's \
            name (NEWSCLASS_INSTANCE), so that newsclass log --journal/--directory rebuilds \
            the records of many feeds and hosts.
            """
    )

    @OptionGroup var options: ConfigurationOption

    @Option(name: .long, help: ArgumentHelp("Spool root (overrides spool.path).", valueName: "dir"))
    var spool: String?

    @Option(name: .long, help: ArgumentHelp("Event log (overrides log.path).", valueName: "file"))
    var log: String?

    @Option(name: .long, help: ArgumentHelp("Classification threads; 0: one per core (overrides daemon.workers).", valueName: "n"))
    var workers: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The feed this daemon serves under newsclass@NAME.service (default: $NEWSCLASS_INSTANCE).",
            discussion: "Put on every record's journal entry as NEWSCLASS_INSTANCE (absent without an instance); without --config, /etc/newsclass/NAME.toml is the configuration when it exists. At most 64 bytes, no / and no control characters.",
            valueName: "name"))
    var instance: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder for the matcher's compiled tables (default: $CACHE_DIRECTORY, which the unit's CacheDirectory= sets).",
            discussion: "The tables (about 12 MB for the built-in lexicon) are kept there as a file and mapped read-only: only the parts a scan reaches are resident, feeds with the same lexicon share them, and a start or reload with an unchanged lexicon skips building them. Created (mode 0700) if missing; an empty value, or a folder that cannot be used (a warning says why), keeps them in memory.",
            valueName: "dir"))
    var cache: String?

    /// `--cache`, else the first folder of `$CACHE_DIRECTORY`; nil when neither names one.
    static func cacheFolder(_ flag: String?) -> String? {
        if let flag { return flag.isEmpty ? nil : flag }
        guard let value = getenv("CACHE_DIRECTORY") else { return nil }
        let first = String(decoding: UnsafeRawBufferPointer(start: value, count: strlen(value)), as: UTF8.self)
            .split(separator: ":").first.map(String.init)
        return first?.isEmpty == false ? first : nil
    }

    func validate() throws {
        if let workers, workers < 0 { throw ValidationError("--workers must be 0 (one per core) or more") }
    }

    func run() throws {
        // Before any thread exists, so that only the listener ever receives them.
        SignalListener.blockDaemonSignals()
        // One arena: the classifier a reload builds (on the signal thread) then reuses the
        // room the first one (built on this thread) left, instead of filling a second
        // arena while the first keeps its holes (+3 MB over the first reloads with two).
        MallocTuning.shareArenas(1)
        MallocTuning.mapLargeBlocks(from: 256 << 10)
        // Native journal entries when stderr is the journal, readable lines otherwise.
        SystemdLogHandler.bootstrap()
        let running = Mutex<Daemon?>(nil)
        SignalListener.start { signal in
            let daemon = running.withLock { $0 }
            guard let daemon else {
                // Still starting: nothing is claimed yet, so stopping now loses nothing.
                if signal != SIGHUP { Glibc.exit(0) }
                return
            }
            if signal == SIGHUP { daemon.reload() } else { daemon.requestStop() }
        }

        let instance = try InstanceName.resolve(instance, readsEnvironment: true)
        let config = try options.load(instance: instance)
        var daemonOptions = DaemonOptions(
            configuration: config, spoolPath: spool, logPath: log, workers: workers, instance: instance)
        daemonOptions.matcherCache = Self.cacheFolder(cache)
        // SIGHUP: the same file (or the built-in default), the same command-line overrides.
        let (source, spool, log, workers) = (options.source(instance: instance), self.spool, self.log, self.workers)
        let reconfigure: Daemon.Reconfigure = {
            let fresh = try source.load()
            return (DaemonOptions(configuration: fresh, spoolPath: spool, logPath: log, workers: workers, instance: instance),
                    fresh.model)
        }
        let daemon: Daemon
        do {
            daemon = try Daemon(
                options: daemonOptions, model: config.model, diagnostics: .standard(), reconfigure: reconfigure)
        } catch {
            printError("newsclass: \(error)")
            throw ExitCode(error.exitStatus)
        }
        running.withLock { $0 = daemon }
        MallocTuning.releaseFreeMemory()
        let end = daemon.run()
        if end.exitStatus != 0 { throw ExitCode(end.exitStatus) }
    }
}
