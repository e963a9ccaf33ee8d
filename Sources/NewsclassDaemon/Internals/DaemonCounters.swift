import Synchronization

/// What the daemon has done since it started, for status lines (and later STATUS=).
final class DaemonCounters: Sendable {
    let classified = Atomic<Int>(0)
    let rejected = Atomic<Int>(0)
    let duplicates = Atomic<Int>(0)
    let recoveredWithoutRecord = Atomic<Int>(0)

    func count(_ event: String) {
        switch event {
        case "classified": classified.add(1, ordering: .relaxed)
        case "rejected": rejected.add(1, ordering: .relaxed)
        default: duplicates.add(1, ordering: .relaxed)
        }
    }

    var summary: String {
        "\(classified.load(ordering: .relaxed)) classified, \(duplicates.load(ordering: .relaxed)) duplicate, "
            + "\(rejected.load(ordering: .relaxed)) rejected"
    }
}
