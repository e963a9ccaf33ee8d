#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import NewsclassThreads

/// Turns SIGTERM, SIGINT and SIGHUP into calls on a thread of their own.
///
/// `blockDaemonSignals()` must run first, on the main thread before any other thread
/// exists: a blocked signal stays blocked in every thread created afterwards, so the
/// kernel can deliver it only to the listener's `sigwait`, never to a worker in the
/// middle of a rename. SIGPIPE is ignored (writes to a closed pipe fail with EPIPE).
public enum SignalListener {
    public static let handled: [Int32] = [SIGTERM, SIGINT, SIGHUP]

    /// Blocks the handled signals in the calling thread (and the threads it starts).
    public static func blockDaemonSignals() {
        var set = signalSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    /// Starts the listener thread; `handler` runs on it, once per signal received.
    public static func start(_ handler: @escaping @Sendable (Int32) -> Void) {
        DetachedThread.start(name: "newsclass-signals") {
            var set = signalSet()
            while true {
                var received: Int32 = 0
                guard sigwait(&set, &received) == 0 else { continue }
                handler(received)
            }
        }
    }

    private static func signalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in handled { sigaddset(&set, signal) }
        return set
    }
}
