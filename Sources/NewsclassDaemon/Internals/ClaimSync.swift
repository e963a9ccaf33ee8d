/// Makes claims durable no later than their records: before a worker appends the record
/// of a claim, `processing/` is fsynced once after that claim's rename (see
/// `SpoolClaimer` on durability). Group commit again: one fsync covers every claim made
/// before it started, so a burst pays one per batch, and the workers that need it wait
/// for the one in progress instead of starting their own.
///
/// Without it, a crash (of the machine, not just the daemon) could lose the rename but
/// keep the record, and the file, back in `incoming/`, would be taken and recorded again.
/// On ext4 the log's fdatasync commits the same journal transaction, so this costs
/// little there; on other file systems it is what keeps the guarantee.
final class ClaimSync: Sendable {
    private struct State {
        var claimed: UInt64 = 0
        var synced: UInt64 = 0
        var syncing = false
    }

    private let monitor = Monitor(State())
    private let sync: @Sendable () -> Void

    /// `sync` fsyncs `processing/` (errors are the caller's to log: a failed fsync of a
    /// folder leaves nothing to retry that the next one would not do).
    init(sync: @escaping @Sendable () -> Void) {
        self.sync = sync
    }

    /// Called right after a claim's rename; the number to pass to `waitUntilDurable`.
    func noteClaim() -> UInt64 {
        monitor.withLock { locked in
            locked.value.claimed += 1
            return locked.value.claimed
        }
    }

    /// Returns once a `processing/` fsync that started after claim `number` completed.
    func waitUntilDurable(_ number: UInt64) {
        while true {
            let target: UInt64? = monitor.withLock { locked in
                while true {
                    if locked.value.synced >= number { return nil }
                    if !locked.value.syncing {
                        locked.value.syncing = true
                        return locked.value.claimed
                    }
                    locked.wait()
                }
            }
            guard let target else { return }
            sync()
            monitor.withLock { locked in
                locked.value.synced = max(locked.value.synced, target)
                locked.value.syncing = false
            }
            monitor.broadcast()
        }
    }
}
