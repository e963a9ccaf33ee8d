import Synchronization

/// Ends a `follow` from another thread (a signal handler's task, a test). The follower
/// notices within one poll: its sleep is cut short.
public final class FollowStop: Sendable {
    private let stopped = Atomic<Bool>(false)
    let wakeup = WakeupEvent(resetsOnWake: false)

    public init() {}

    public func stop() {
        stopped.store(true, ordering: .releasing)
        wakeup.raise()
    }

    public var isStopped: Bool { stopped.load(ordering: .acquiring) }

    /// Sleeps for `interval`, or less when stopped meanwhile (for followers of other
    /// sources than the event log).
    public func pause(_ interval: Duration) {
        if !isStopped { _ = wakeup.wait(timeout: interval) }
    }
}
