import NewsclassSpool
import Synchronization

/// Names in `done/` promised to `classified` records whose files are not there yet.
///
/// **Why.** A `classified` record says where its file went (`archived`), and the record
/// must be durable before the file leaves `processing/`: so the name is chosen first and
/// the move must then use exactly that name. `SpoolClaimer.planArchive` picks the first
/// free name on disk that this table accepts; `finish(_:at:)` moves the file there once
/// the record is durable, and the name is released. Two articles dropped under the same
/// name and in flight together thus get `x.txt` and `x.1.txt`, each record naming its
/// own. Only the daemon writes into `done/`, so a name free when planned is still free at
/// the move; should someone else take it meanwhile, `finish` falls back to the next free
/// name and the daemon logs the discrepancy.
final class ArchiveReservations: Sendable {
    private let names = Mutex<Set<[UInt8]>>([])

    /// Takes `path` if nobody holds it.
    func reserve(_ path: SpoolPath) -> Bool {
        names.withLock { $0.insert(path.bytes).inserted }
    }

    func release(_ path: SpoolPath) {
        _ = names.withLock { $0.remove(path.bytes) }
    }
}
