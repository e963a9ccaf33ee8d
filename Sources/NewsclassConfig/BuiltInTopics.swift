/// The built-in topics: one lexicon file per topic (`config/topics/NAME.toml`), each
/// compiled into the binary. A user's `[topics.NAME]` extends, replaces or disables them
/// (see `TopicComposer`).
public enum BuiltInTopics {
    public struct File: Sendable {
        public var topic: String
        /// How errors and `check-config` name the file, e.g. "(built-in topics/climate.toml)".
        public var name: String
        public var text: String
    }

    /// In the order topics are listed and reported.
    public static var files: [File] {
        [
            File(topic: "mining_ban", name: "(built-in topics/mining_ban.toml)",
                 text: String(decoding: PackageResources.mining_ban_toml, as: UTF8.self)),
            File(topic: "corruption", name: "(built-in topics/corruption.toml)",
                 text: String(decoding: PackageResources.corruption_toml, as: UTF8.self)),
            File(topic: "climate", name: "(built-in topics/climate.toml)",
                 text: String(decoding: PackageResources.climate_toml, as: UTF8.self)),
        ]
    }

    public static var names: [String] { files.map(\.topic) }

    /// The file's one `[topics.NAME]` table, read and checked.
    static func layer(_ file: File) throws(ConfigurationError) -> TopicLayer {
        let root = try ConfigurationLoader.rootReader(file.text, file: file.name)
        try root.rejectUnknownKeys(allowed: ["topics"])
        guard let topics = try root.table("topics") else {
            throw root.error(nil, "a built-in topic file holds one [topics.\(file.topic)] table")
        }
        try topics.rejectUnknownKeys(allowed: [file.topic])
        guard let table = try topics.table(file.topic) else {
            throw topics.error(nil, "a built-in topic file holds one [topics.\(file.topic)] table")
        }
        return try TopicLayer(name: file.topic, table: table)
    }
}
