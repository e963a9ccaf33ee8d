import SystemPackage

/// Why the event log could not do what was asked.
public enum EventLogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The writer was closed before the record could be written.
    case closed
    /// Writing or syncing failed (ENOSPC, EIO, EDQUOT…). The writer keeps the records and
    /// retries; this reaches callers through `EventLogHealth`, not through completions.
    case diskTrouble(Errno)
    case cannotOpen(path: String, Errno)
    case cannotRead(path: String, Errno)
    /// Another writer (another daemon) holds the log's lock.
    case inUse(path: String)
    /// The file exists, is not empty and does not start with `{`: recovery refuses to cut
    /// the "torn tail" of something that is not an event log.
    case notAnEventLog(path: String)

    public var description: String {
        switch self {
        case .closed: return "the event log is closed"
        case .diskTrouble(let errno): return "cannot write the event log: \(errno)"
        case .cannotOpen(let path, let errno): return "cannot open event log \(path): \(errno)"
        case .cannotRead(let path, let errno): return "cannot read event log \(path): \(errno)"
        case .inUse(let path): return "event log \(path) is in use by another writer"
        case .notAnEventLog(let path): return "\(path) is not an event log (it does not start with a JSON object)"
        }
    }
}
