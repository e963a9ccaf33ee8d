#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A mutex with one condition variable, guarding a value: the blocking primitive the
/// pipeline's queues and gates are built from (Synchronization.Mutex has no way to wait).
///
/// `withLock` runs a closure under the lock; `wait` (inside it) releases the lock until
/// `broadcast` or the deadline. Deadlines are on CLOCK_MONOTONIC, so a clock change does
/// not stretch or cut a wait. Wraps pthread_mutex_t and pthread_cond_t.
final class Monitor<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    /// Only touched with `mutex` held. Kept behind a pointer, not handed out `inout`: a
    /// waiter releases the lock, and other threads change the value meanwhile, which an
    /// `inout` parameter would promise the compiler cannot happen.
    private let storage: UnsafeMutablePointer<Value>

    init(_ value: Value) {
        storage = .allocate(capacity: 1)
        storage.initialize(to: value)
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// Runs `body` under the lock with access to the value (`locked.value`); `body` may
    /// call `locked.wait` to block until `broadcast`.
    func withLock<Result>(_ body: (Locked) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(Locked(storage: storage, mutex: mutex, condition: condition))
    }

    /// Wakes every thread waiting in `withLock`.
    func broadcast() {
        pthread_cond_broadcast(condition)
    }

    /// The value and the condition, available only inside `withLock`.
    struct Locked {
        fileprivate let storage: UnsafeMutablePointer<Value>
        fileprivate let mutex: UnsafeMutablePointer<pthread_mutex_t>
        fileprivate let condition: UnsafeMutablePointer<pthread_cond_t>

        var value: Value {
            get { storage.pointee }
            nonmutating _modify { yield &storage.pointee }
        }

        /// Releases the lock until woken (or spuriously); the caller re-checks its condition.
        func wait() {
            pthread_cond_wait(condition, mutex)
        }

        /// As `wait`, but returns at `deadline` (monotonic nanoseconds, see `Monotonic`).
        func wait(until deadline: UInt64) {
            var time = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
            pthread_cond_timedwait(condition, mutex, &time)
        }
    }
}

/// CLOCK_MONOTONIC in nanoseconds, the clock of `Monitor` deadlines.
enum Monotonic {
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    static func after(_ duration: Duration) -> UInt64 {
        now() &+ nanoseconds(duration)
    }

    /// A non-negative duration in nanoseconds (negative ones count as zero).
    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds) * 1_000_000_000 + max(0, attoseconds / 1_000_000_000))
    }
}

/// The wall clock in ms since the epoch, for record times and claim times.
enum WallClock {
    static func milliseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}
