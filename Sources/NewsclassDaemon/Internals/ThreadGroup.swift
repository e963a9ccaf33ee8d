import NewsclassThreads

/// Threads started together and waited for together.
final class ThreadGroup: Sendable {
    private let running = Monitor(0)

    /// Starts a named thread running `body`.
    func start(name: String, _ body: @escaping @Sendable () -> Void) {
        running.withLock { $0.value += 1 }
        DetachedThread.start(name: name, stackSize: 8 << 20) { [running] in
            body()
            running.withLock { $0.value -= 1 }
            running.broadcast()
        }
    }

    /// Waits until every thread started has returned.
    func wait() {
        running.withLock { locked in
            while locked.value > 0 { locked.wait() }
        }
    }
}
