import Foundation

/// Where the configuration comes from, by the documented precedence: `--config`, then
/// `$NEWSCLASS_CONFIG`, then `/etc/newsclass/newsclass.toml` if it exists, then the
/// default embedded in the binary.
public enum ConfigurationSource: Sendable, Equatable, CustomStringConvertible {
    case file(String)
    case embedded

    public static let systemPath = "/etc/newsclass/newsclass.toml"

    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        systemPath: String = systemPath
    ) -> ConfigurationSource {
        if let explicit, !explicit.isEmpty { return .file(explicit) }
        if let fromEnvironment = environment["NEWSCLASS_CONFIG"], !fromEnvironment.isEmpty {
            return .file(fromEnvironment)
        }
        if FileManager.default.fileExists(atPath: systemPath) { return .file(systemPath) }
        return .embedded
    }

    public var description: String {
        switch self {
        case .file(let path): return path
        case .embedded: return EmbeddedDefault.name
        }
    }

    public func load() throws(ConfigurationError) -> Configuration {
        switch self {
        case .embedded:
            return ConfigurationLoader.embeddedDefault()
        case .file(let path):
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                let reason = (error as NSError).localizedFailureReason ?? "\(error.localizedDescription)"
                throw ConfigurationError(file: path, message: "cannot read the file: \(reason)")
            }
            return try ConfigurationLoader.parse(bytes: [UInt8](data), file: path)
        }
    }
}
