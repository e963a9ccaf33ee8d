#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where the configuration comes from, by the documented precedence: `--config`, then
/// `$NEWSCLASS_CONFIG`, then (for an instance NAME of `newsclass@.service`)
/// `/etc/newsclass/NAME.toml` if it exists, then `/etc/newsclass/newsclass.toml` if it
/// exists, then the default embedded in the binary.
public enum ConfigurationSource: Sendable, Equatable, CustomStringConvertible {
    case file(String)
    case embedded

    public static let systemPath = "/etc/newsclass/newsclass.toml"

    /// The configuration of instance `name`, beside the system one.
    public static func instancePath(_ name: String, systemPath: String = systemPath) -> String {
        let folder = systemPath.lastIndex(of: "/").map { String(systemPath[...$0]) } ?? ""
        return folder + name + ".toml"
    }

    public static func resolve(
        explicit: String?, instance: String? = nil,
        environment: [String: String] = processEnvironment(),
        systemPath: String = systemPath
    ) -> ConfigurationSource {
        if let explicit, !explicit.isEmpty { return .file(explicit) }
        if let fromEnvironment = environment["NEWSCLASS_CONFIG"], !fromEnvironment.isEmpty {
            return .file(fromEnvironment)
        }
        if let instance, !instance.isEmpty {
            let path = instancePath(instance, systemPath: systemPath)
            if FileBytes.exists(path) { return .file(path) }
        }
        if FileBytes.exists(systemPath) { return .file(systemPath) }
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
            switch FileBytes.read(path) {
            case .success(let bytes):
                return try ConfigurationLoader.parse(bytes: bytes, file: path)
            case .failure(let error):
                throw ConfigurationError(file: path, message: "cannot read the file: \(error)")
            }
        }
    }

    /// This process's environment variables (the first of a repeated name wins, as getenv).
    public static func processEnvironment() -> [String: String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                if variables[name] == nil { variables[name] = String(text[text.index(after: equals)...]) }
            }
            entry += 1
        }
        return variables
    }
}
