#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A flag one thread raises and another sleeps on, with an optional timeout measured on
/// the monotonic clock (so a wall-clock step cannot stretch a retry backoff).
///
/// `Synchronization.Mutex` has no condition variable, and the committer must sleep both
/// "until work arrives" and "until the backoff ends or someone needs me", so this wraps
/// a pthread mutex and condition. The raised flag persists until a waiter consumes it, so
/// a signal sent between "I found nothing to do" and "I sleep" is never lost.
final class WakeupEvent: @unchecked Sendable {
    // @unchecked: `isRaised` is only touched with `mutex` held; the pointers are owned.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var isRaised = false
    /// Auto-reset events wake one waiter and lower themselves (the committer's doorbell);
    /// manual-reset events stay raised (a finished job, which several may wait for).
    private let resetsOnWake: Bool

    init(resetsOnWake: Bool = true) {
        self.resetsOnWake = resetsOnWake
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        #if !canImport(Darwin)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    func raise() {
        pthread_mutex_lock(mutex)
        isRaised = true
        if resetsOnWake { pthread_cond_signal(condition) } else { pthread_cond_broadcast(condition) }
        pthread_mutex_unlock(mutex)
    }

    /// Sleeps until the flag is raised or `timeout` passes; true when it was raised.
    @discardableResult
    func wait(timeout: Duration? = nil) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if let timeout {
            var deadline = Self.monotonicNow()
            let (seconds, attoseconds) = timeout.components
            let nanoseconds = Int(deadline.tv_nsec) + Int(attoseconds / 1_000_000_000)
            deadline.tv_sec += Int(seconds) + nanoseconds / 1_000_000_000
            deadline.tv_nsec = nanoseconds % 1_000_000_000
            while !isRaised {
                if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT { break }
            }
        } else {
            while !isRaised { pthread_cond_wait(condition, mutex) }
        }
        let raised = isRaised
        if resetsOnWake { isRaised = false }
        return raised
    }

    private static func monotonicNow() -> timespec {
        var now = timespec()
        #if canImport(Darwin)
        clock_gettime(CLOCK_REALTIME, &now)
        #else
        clock_gettime(CLOCK_MONOTONIC, &now)
        #endif
        return now
    }
}
