import NewsclassClassifier

/// The whole effective configuration: where things are, how the spool behaves, and the
/// topic model. Plain values; `ConfigurationLoader` builds one from TOML.
public struct Configuration: Sendable, Equatable {
    public var spool: SpoolSettings
    public var log: LogSettings
    public var daemon: DaemonSettings
    public var model: TopicModel

    public init(spool: SpoolSettings, log: LogSettings, daemon: DaemonSettings, model: TopicModel) {
        self.spool = spool
        self.log = log
        self.daemon = daemon
        self.model = model
    }
}

public struct SpoolSettings: Sendable, Equatable {
    public enum AfterAction: String, Sendable, Equatable, CaseIterable {
        case archive
        case delete
    }

    public var path: String
    /// Globs matched against the path relative to `incoming/`; a file must match one.
    public var include: [String]
    public var exclude: [String]
    /// Globs for names that are still being written; such files wait until renamed.
    public var unfinished: [String]
    public var maxBytes: Int
    public var after: AfterAction
    public var reconcileIntervalSeconds: Double

    public static let defaults = SpoolSettings(
        path: "/var/spool/newsclass", include: ["**"], exclude: [],
        unfinished: [".*", "*.tmp", "*.part", "*.crdownload", "*.swp", "*~"],
        maxBytes: 10 * 1024 * 1024, after: .archive, reconcileIntervalSeconds: 60)

    public init(
        path: String, include: [String], exclude: [String], unfinished: [String], maxBytes: Int,
        after: AfterAction, reconcileIntervalSeconds: Double
    ) {
        self.path = path
        self.include = include
        self.exclude = exclude
        self.unfinished = unfinished
        self.maxBytes = maxBytes
        self.after = after
        self.reconcileIntervalSeconds = reconcileIntervalSeconds
    }
}

public struct LogSettings: Sendable, Equatable {
    public var path: String

    public static let defaults = LogSettings(path: "/var/log/newsclass/events.jsonl")

    public init(path: String) {
        self.path = path
    }
}

public struct DaemonSettings: Sendable, Equatable {
    /// Classification threads; 0 means one per CPU core.
    public var workers: Int

    public static let defaults = DaemonSettings(workers: 0)

    public init(workers: Int) {
        self.workers = workers
    }
}
