import SystemPackage

/// Whether records are reaching the disk. While `.failing`, appends keep queueing and the
/// writer keeps retrying; the daemon should stop claiming new work and say why.
public enum EventLogHealth: Sendable, Equatable, CustomStringConvertible {
    case ok
    /// The last write or sync failed with this errno; the first failure of this run of
    /// failures was at `since` (ms since the epoch).
    case failing(Errno, since: Int64)

    public var isOK: Bool { self == .ok }

    /// The failure as an error, for logging.
    public var error: EventLogError? {
        if case .failing(let errno, _) = self { return .diskTrouble(errno) }
        return nil
    }

    public var description: String {
        switch self {
        case .ok: return "ok"
        case .failing(let errno, let since): return "failing since \(since) ms: \(errno)"
        }
    }
}
