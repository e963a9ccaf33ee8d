import NewsclassClassifier
import NewsclassTOML

/// Turns TOML text into a `Configuration`, or a `ConfigurationError` that names the file,
/// line, column and key.
///
/// Every key is checked: unknown keys are errors (a typo must not silently fall back to a
/// default). Sections left out take the built-in defaults. Topics come from the built-in
/// topic files; the file's `[topics.NAME]` tables extend, replace or disable them, or add
/// topics (see `TopicComposer`).
public enum ConfigurationLoader {
    /// The root table of a TOML document, or its syntax error with line, column and key.
    /// Text that is not UTF-8 is an error with the line and column of the first bad byte.
    static func rootReader(bytes: [UInt8], file: String) throws(ConfigurationError) -> TableReader {
        let root: TOMLTable
        do {
            root = try TOMLParser.parse(bytes)
        } catch {
            throw ConfigurationError(
                file: file, line: error.line, column: error.column, key: error.key,
                message: "syntax error: \(error.message)")
        }
        return TableReader(table: root, path: "", file: file, position: nil)
    }

    static func rootReader(_ text: String, file: String) throws(ConfigurationError) -> TableReader {
        try rootReader(bytes: Array(text.utf8), file: file)
    }

    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> Configuration {
        try parse(bytes: Array(text.utf8), file: file)
    }

    /// As `parse(_:file:)`, from the file's bytes.
    public static func parse(bytes: [UInt8], file: String) throws(ConfigurationError) -> Configuration {
        let reader = try rootReader(bytes: bytes, file: file)
        try reader.rejectUnknownKeys(allowed: ["spool", "log", "daemon", "classifier", "topics"])

        let spool = try reader.table("spool").map(readSpool) ?? .defaults
        let log = try reader.table("log").map(readLog) ?? .defaults
        let daemon = try reader.table("daemon").map(readDaemon) ?? .defaults
        var titleWeight = 2.0
        var minSentences = 2
        if let classifier = try reader.table("classifier") {
            try classifier.rejectUnknownKeys(allowed: ["title_weight", "min_sentences"])
            if let weight = try classifier.number("title_weight") {
                guard weight >= 0 else { throw classifier.error("title_weight", "must be 0 or more (found \(weight))") }
                titleWeight = weight
            }
            if let count = try classifier.number("min_sentences") {
                guard count >= 1, count <= 100, count == count.rounded() else {
                    throw classifier.error("min_sentences", "must be a whole number from 1 to 100 (found \(count))")
                }
                minSentences = Int(count)
            }
        }
        let topics = try TopicComposer.compose(user: reader.table("topics"))
        return Configuration(
            spool: spool, log: log, daemon: daemon, model: TopicModel(topics: topics, titleWeight: titleWeight, minSentences: minSentences))
    }

    /// The configuration compiled into the binary (`config/newsclass.toml`).
    public static func embeddedDefault() -> Configuration {
        do {
            return try parse(EmbeddedDefault.text, file: EmbeddedDefault.name)
        } catch {
            // The shipped file is checked by the tests; reaching this is a build defect.
            preconditionFailure("the embedded default configuration is invalid: \(error)")
        }
    }

    private static func readSpool(_ table: TableReader) throws(ConfigurationError) -> SpoolSettings {
        try table.rejectUnknownKeys(allowed: [
            "path", "include", "exclude", "unfinished", "max_bytes", "after", "reconcile_seconds",
        ])
        var spool = SpoolSettings.defaults
        if let path = try table.string("path") {
            guard !path.isEmpty else { throw table.error("path", "must not be empty") }
            spool.path = path
        }
        if let include = try table.strings("include") { spool.include = include }
        if let exclude = try table.strings("exclude") { spool.exclude = exclude }
        if let unfinished = try table.strings("unfinished") { spool.unfinished = unfinished }
        if let maxBytes = try table.integer("max_bytes") {
            guard maxBytes > 0 else { throw table.error("max_bytes", "must be more than 0 (found \(maxBytes))") }
            spool.maxBytes = maxBytes
        }
        if let after = try table.string("after") {
            guard let action = SpoolSettings.AfterAction(rawValue: after) else {
                throw table.error("after", "must be \"archive\" or \"delete\" (found \"\(after)\")")
            }
            spool.after = action
        }
        if let seconds = try table.number("reconcile_seconds") {
            guard seconds > 0 else { throw table.error("reconcile_seconds", "must be more than 0 (found \(seconds))") }
            spool.reconcileIntervalSeconds = seconds
        }
        return spool
    }

    private static func readLog(_ table: TableReader) throws(ConfigurationError) -> LogSettings {
        try table.rejectUnknownKeys(allowed: ["path"])
        var log = LogSettings.defaults
        if let path = try table.string("path") {
            guard !path.isEmpty else { throw table.error("path", "must not be empty") }
            log.path = path
        }
        return log
    }

    private static func readDaemon(_ table: TableReader) throws(ConfigurationError) -> DaemonSettings {
        try table.rejectUnknownKeys(allowed: ["workers"])
        var daemon = DaemonSettings.defaults
        if let workers = try table.integer("workers") {
            guard (0...256).contains(workers) else {
                throw table.error("workers", "must be between 0 (one per core) and 256 (found \(workers))")
            }
            daemon.workers = workers
        }
        return daemon
    }

    static func isValidTopicName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.count <= 64 else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
