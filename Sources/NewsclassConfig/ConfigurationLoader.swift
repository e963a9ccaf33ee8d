import NewsclassClassifier
import NewsclassTOML

/// Turns TOML text into a `Configuration`, or a `ConfigurationError` that names the file,
/// line, column and key.
///
/// Every key is checked: unknown keys are errors (a typo must not silently fall back to a
/// default). Sections left out take the built-in defaults; a file with no `[topics]` at all
/// keeps the built-in topics, a file with any topic defines the complete set.
public enum ConfigurationLoader {
    public static func parse(_ text: String, file: String) throws(ConfigurationError) -> Configuration {
        try parse(bytes: Array(text.utf8), file: file)
    }

    /// As `parse(_:file:)`, from the file's bytes: text that is not UTF-8 is an error
    /// with the line and column of the first bad byte.
    public static func parse(bytes: [UInt8], file: String) throws(ConfigurationError) -> Configuration {
        let root: TOMLTable
        do {
            root = try TOMLParser.parse(bytes)
        } catch {
            throw ConfigurationError(
                file: file, line: error.line, column: error.column, key: error.key,
                message: "syntax error: \(error.message)")
        }
        let reader = TableReader(table: root, path: "", file: file, position: nil)
        try reader.rejectUnknownKeys(allowed: ["spool", "log", "daemon", "classifier", "topics"])

        let spool = try reader.table("spool").map(readSpool) ?? .defaults
        let log = try reader.table("log").map(readLog) ?? .defaults
        let daemon = try reader.table("daemon").map(readDaemon) ?? .defaults
        var titleWeight = 2.0
        if let classifier = try reader.table("classifier") {
            try classifier.rejectUnknownKeys(allowed: ["title_weight"])
            if let weight = try classifier.number("title_weight") {
                guard weight >= 0 else { throw classifier.error("title_weight", "must be 0 or more (found \(weight))") }
                titleWeight = weight
            }
        }
        let topics: [TopicDefinition]
        if let table = try reader.table("topics") {
            topics = try readTopics(table)
        } else {
            topics = builtInTopics(file: file)
        }
        return Configuration(
            spool: spool, log: log, daemon: daemon, model: TopicModel(topics: topics, titleWeight: titleWeight))
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

    private static func builtInTopics(file: String) -> [TopicDefinition] {
        file == EmbeddedDefault.name ? [] : embeddedDefault().model.topics
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

    private static func readTopics(_ topics: TableReader) throws(ConfigurationError) -> [TopicDefinition] {
        var definitions: [TopicDefinition] = []
        for name in topics.keysInTextOrder {
            guard isValidTopicName(name) else {
                throw topics.error(name, "a topic name is lower-case letters, digits and _, starting with a letter (it becomes a journal field)")
            }
            guard let table = try topics.table(name) else { continue }
            definitions.append(try readTopic(name, table))
        }
        guard !definitions.isEmpty else { throw topics.error(nil, "at least one topic is needed") }
        return definitions
    }

    static func isValidTopicName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.count <= 64 else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    private static func readTopic(_ name: String, _ table: TableReader) throws(ConfigurationError) -> TopicDefinition {
        try table.rejectUnknownKeys(allowed: [
            "description", "threshold", "saturation", "phrases", "concepts", "cooccur", "negative",
        ])
        var topic = TopicDefinition(name: name)
        if let description = try table.string("description") { topic.description = description }
        if let threshold = try table.number("threshold") {
            guard threshold > 0, threshold <= 1 else {
                throw table.error("threshold", "must be more than 0 and at most 1 (found \(threshold))")
            }
            topic.threshold = threshold
        }
        if let saturation = try table.number("saturation") {
            guard saturation > 0 else { throw table.error("saturation", "must be more than 0 (found \(saturation))") }
            topic.saturation = saturation
        }
        for group in try table.tables("phrases") ?? [] {
            try group.rejectUnknownKeys(allowed: ["weight", "terms"])
            guard let weight = try group.number("weight") else { throw group.error("weight", "missing") }
            guard weight > 0 else { throw group.error("weight", "must be more than 0 (found \(weight))") }
            topic.phrases.append(PhraseGroup(weight: weight, terms: try terms(group)))
        }
        if let concepts = try table.table("concepts") {
            for conceptName in concepts.keysInTextOrder {
                guard let list = try concepts.strings(conceptName) else { continue }
                try checkTerms(list, key: conceptName, in: concepts)
                topic.concepts.append(Concept(name: conceptName, terms: list))
            }
        }
        if topic.concepts.count > Classifier.maxConceptsPerTopic {
            throw table.error("concepts", "at most \(Classifier.maxConceptsPerTopic) concepts per topic")
        }
        let known = Set(topic.concepts.map(\.name))
        for rule in try table.tables("cooccur") ?? [] {
            try rule.rejectUnknownKeys(allowed: ["concepts", "requires", "weight"])
            guard let concepts = try rule.strings("concepts"), !concepts.isEmpty else {
                throw rule.error("concepts", "missing: name the concepts that must meet in one sentence")
            }
            let requires = try rule.strings("requires") ?? []
            for (key, names) in [("concepts", concepts), ("requires", requires)] {
                if let unknown = names.first(where: { !known.contains($0) }) {
                    throw rule.error(key, "no concept named \"\(unknown)\" in [\(table.fullPath("concepts"))]")
                }
            }
            guard let weight = try rule.number("weight") else { throw rule.error("weight", "missing") }
            guard weight > 0 else { throw rule.error("weight", "must be more than 0 (found \(weight))") }
            topic.cooccurrences.append(Cooccurrence(concepts: concepts, requires: requires, weight: weight))
        }
        for context in try table.tables("negative") ?? [] {
            try context.rejectUnknownKeys(allowed: ["terms", "scope", "factor"])
            var negative = NegativeContext(terms: try terms(context))
            if let scope = try context.string("scope") {
                guard let parsed = NegativeContext.Scope(rawValue: scope) else {
                    throw context.error("scope", "must be \"overlap\" or \"sentence\" (found \"\(scope)\")")
                }
                negative.scope = parsed
            }
            if let factor = try context.number("factor") {
                guard (0...1).contains(factor) else {
                    throw context.error("factor", "must be between 0 and 1 (found \(factor))")
                }
                negative.factor = factor
            }
            topic.negatives.append(negative)
        }
        return topic
    }

    private static func terms(_ table: TableReader) throws(ConfigurationError) -> [String] {
        guard let list = try table.strings("terms") else { throw table.error("terms", "missing") }
        try checkTerms(list, key: "terms", in: table)
        return list
    }

    private static func checkTerms(_ list: [String], key: String, in table: TableReader) throws(ConfigurationError) {
        if list.isEmpty { throw table.error(key, "must list at least one term") }
        for (index, term) in list.enumerated() {
            let normal = TextNormalizer.normalize(term)
            if normal.allSatisfy({ $0 == " " || $0 == "*" }) {
                throw table.error(key, "term \(index) (\"\(term)\") is empty after normalisation")
            }
        }
    }
}
