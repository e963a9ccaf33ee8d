#if canImport(Glibc)
import Glibc
#endif

/// The name of one feed run by `newsclass@NAME.service`: it picks the configuration
/// (`/etc/newsclass/NAME.toml`), names the default spool and event log
/// (`/var/spool/newsclass/NAME`, `/var/log/newsclass/NAME/events.jsonl`) and is put on
/// every journal entry as `NEWSCLASS_INSTANCE`, so it must be usable as one path
/// component and print as one line.
enum InstanceName {
    static let maximumBytes = 64
    static let environmentVariable = "NEWSCLASS_INSTANCE"
    static let logFolder = "/var/log/newsclass"

    /// Why `name` cannot be an instance name, or nil when it can.
    static func problem(_ name: String) -> String? {
        if name.isEmpty { return "an instance name cannot be empty" }
        if name.utf8.count > maximumBytes { return "an instance name has at most \(maximumBytes) bytes" }
        if name == "." || name == ".." { return "an instance name cannot be . or .." }
        if name.contains("/") { return "an instance name cannot contain /" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return "an instance name cannot contain control characters"
        }
        return nil
    }

    /// `--instance`, else (`readsEnvironment`) `$NEWSCLASS_INSTANCE`, which the template
    /// unit sets to `%i`; an empty variable means none. Exits 64 on a name that is not usable.
    static func resolve(_ option: String?, readsEnvironment: Bool) throws -> String? {
        let inherited = readsEnvironment ? getenv(environmentVariable).map { String(cString: $0) } : nil
        let name = option ?? inherited ?? ""
        if option == nil && name.isEmpty { return nil }
        if let problem = problem(name) {
            printError("newsclass: --instance \(LogTable.visible(name)): \(problem)")
            throw ExitStatus.usage
        }
        return name
    }

    static func logPath(_ name: String) -> String { "\(logFolder)/\(name)/events.jsonl" }
}
