import NewsclassConfig
import NewsclassSpool

/// What `newsclass run` needs to know, resolved from the configuration and the command
/// line (flags win). Plain values, passed in.
public struct DaemonOptions: Sendable {
    /// The spool root (`incoming/`, `processing/`, `done/`, `failed/` below it).
    public var spoolPath: String
    public var logPath: String
    /// Classification threads (at least 1).
    public var workers: Int
    public var filter: SpoolFilter
    public var maxBytes: Int
    /// Move finished articles to `done/` (true) or delete them.
    public var archives: Bool
    public var reconcileInterval: Duration
    /// Claims in flight at most, from the rename into `processing/` until the file has
    /// left it (see `InFlightGate`).
    public var inFlightLimit: Int
    /// fsync `processing/` before the records of new claims are written (see `ClaimSync`).
    public var syncsClaims: Bool
    /// How long SIGTERM waits for the files in flight while the log's disk is failing;
    /// what is left stays in `processing/` for the next start.
    public var stopGrace: Duration
    /// The feed's name under the template unit (`newsclass@NAME`), put on every record's
    /// journal entry; nil for the plain unit. Not part of the event log (schema v1).
    public var instance: String?
    /// A folder for the matcher's compiled tables, mapped from files there instead of held
    /// in memory (see `MatcherCacheDirectory`); nil keeps them in memory. Fixed at start.
    public var matcherCache: String?

    public init(
        configuration: Configuration, spoolPath: String? = nil, logPath: String? = nil, workers: Int? = nil,
        instance: String? = nil
    ) {
        self.instance = instance
        let spool = configuration.spool
        self.spoolPath = spoolPath ?? spool.path
        self.logPath = logPath ?? configuration.log.path
        let requested = workers ?? configuration.daemon.workers
        self.workers = requested > 0 ? requested : Self.processorCount()
        filter = SpoolFilter(include: spool.include, exclude: spool.exclude, unfinished: spool.unfinished)
        maxBytes = spool.maxBytes
        archives = spool.after == .archive
        reconcileInterval = .milliseconds(Int64((max(spool.reconcileIntervalSeconds, 0.1) * 1000).rounded()))
        inFlightLimit = 2 * self.workers * 64
        syncsClaims = true
        stopGrace = .seconds(10)
    }

    /// The CPUs this process may use (see `UsableProcessors`).
    static func processorCount() -> Int {
        UsableProcessors.count()
    }
}
