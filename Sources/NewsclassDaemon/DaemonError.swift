import NewsclassEventLog
import NewsclassSpool
import SystemPackage

/// Why the daemon could not start, with the sysexits status it exits with.
public struct DaemonStartError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// Something on disk could not be opened or read (74).
        case io
        /// The configuration points somewhere unusable (78): the log path names a folder
        /// or a file that is not an event log, the spool's folders span file systems.
        case configuration
    }

    public var kind: Kind
    public var message: String
    /// The system error behind it, for systemd's ERRNO= (EIO when there is none).
    public var errno: Int32

    public init(_ kind: Kind, _ message: String, errno: Int32 = Errno.ioError.rawValue) {
        self.kind = kind
        self.message = message
        self.errno = errno
    }

    /// 74 (EX_IOERR) or 78 (EX_CONFIG).
    public var exitStatus: Int32 { kind == .io ? 74 : 78 }

    public var description: String { message }

    static func eventLog(_ error: EventLogError) -> DaemonStartError {
        switch error {
        case .notAnEventLog:
            return DaemonStartError(.configuration, "\(error)")
        case .cannotOpen(_, let errno) where errno == .isDirectory:
            return DaemonStartError(.configuration, "\(error)", errno: errno.rawValue)
        case .cannotOpen(_, let errno):
            return DaemonStartError(.io, "\(error)", errno: errno.rawValue)
        case .inUse:
            return DaemonStartError(.io, "\(error) (is another newsclass running?)")
        default:
            return DaemonStartError(.io, "\(error)")
        }
    }

    static func spool(_ error: SpoolError, _ what: String) -> DaemonStartError {
        let kind: Kind = error.errno == .improperLink || error.errno == .notDirectory ? .configuration : .io
        return DaemonStartError(kind, "\(what): \(error)", errno: error.errno.rawValue)
    }
}

/// How a run ended.
public enum DaemonExit: Sendable, Equatable {
    /// SIGTERM/SIGINT: what was in flight finished, the log flushed (0).
    case stopped
    /// The spool's root or `incoming/` was deleted or moved (74).
    case spoolGone(String)
    /// The watcher or the log failed in a way the daemon cannot carry on from (74).
    case failed(String)

    public var exitStatus: Int32 {
        switch self {
        case .stopped: return 0
        case .spoolGone, .failed: return 74
        }
    }
}
