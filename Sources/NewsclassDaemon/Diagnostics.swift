import Logging
import NewsclassSystemd

/// The daemon's own diagnostics — start-up, pauses, reloads, errors — as opposed to its
/// records, which go to the event log (and one journal entry each, see `RecordJournal`).
///
/// A thin front to a swift-log `Logger`, whose backend (`SystemdLogHandler`, bootstrapped
/// by the executable) writes native journal entries under systemd and readable lines on
/// stderr otherwise. What it adds is the `MESSAGE_ID` of the messages that
/// `systemd/newsclass.catalog` explains (`DiagnosticMessage`).
public struct Diagnostics: Sendable {
    public let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// A logger labelled `newsclass` on whatever backend the process bootstrapped.
    public static func standard() -> Diagnostics {
        Diagnostics(logger: Logger(label: "newsclass"))
    }

    public func log(_ level: Logger.Level, _ message: @autoclosure () -> String, id: DiagnosticMessage? = nil) {
        guard level >= logger.logLevel else { return }
        let metadata: Logger.Metadata? = id.map { [SystemdLogHandler.messageIDMetadataKey: .string($0.rawValue)] }
        logger.log(level: level, "\(message())", metadata: metadata)
    }

    public func debug(_ message: @autoclosure () -> String) { log(.debug, message()) }
    public func info(_ message: @autoclosure () -> String, id: DiagnosticMessage? = nil) { log(.info, message(), id: id) }
    public func notice(_ message: @autoclosure () -> String, id: DiagnosticMessage? = nil) { log(.notice, message(), id: id) }
    public func warning(_ message: @autoclosure () -> String, id: DiagnosticMessage? = nil) { log(.warning, message(), id: id) }
    public func error(_ message: @autoclosure () -> String, id: DiagnosticMessage? = nil) { log(.error, message(), id: id) }
}

/// The daemon messages with a fixed `MESSAGE_ID`, explained by `systemd/newsclass.catalog`
/// (`journalctl -x`), and matched by `journalctl MESSAGE_ID=…`.
public enum DiagnosticMessage: String, Sendable, CaseIterable {
    case started = "435ef71da35d4cb3816983841f550c28"
    case paused = "0ebba62906db4e1dbb6c46005e303436"
    case resumed = "bfe05ec5643946ab951e39db03aa7da8"
    case reloadRefused = "cc7f9c361f0543c986f1e7b38bb11b19"
    case spoolGone = "9a497b2de5bc4dee99fe55f313dbcd11"
}
