import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The few calls swift-system does not wrap (fdatasync, fsync, flock, clock_gettime),
// given the same shape as its own: typed errors, EINTR retried in one place. Raw `Int32`
// descriptors appear only here.

/// Calls `body` until it stops failing with EINTR (when `retry` is set) and turns -1 into
/// the `Errno` it left behind.
@inline(__always)
private func valueOrErrno(retryOnInterrupt retry: Bool, _ body: () -> Int32) -> Result<Int32, Errno> {
    while true {
        let result = body()
        if result != -1 { return .success(result) }
        let error = Errno(rawValue: errno)
        if retry && error == .interrupted { continue }
        return .failure(error)
    }
}

extension FileDescriptor {
    /// Makes the file's data, and the metadata needed to read it back (its size), durable.
    ///
    /// The corresponding C function is `fdatasync` (`fsync` where it is missing).
    func synchronizeData(retryOnInterrupt: Bool = true) throws(Errno) {
        let fd = rawValue
        #if canImport(Darwin)
        _ = try valueOrErrno(retryOnInterrupt: retryOnInterrupt) { fsync(fd) }.get()
        #else
        _ = try valueOrErrno(retryOnInterrupt: retryOnInterrupt) { fdatasync(fd) }.get()
        #endif
    }

    /// Makes the file, metadata included, durable; for directories this persists the
    /// entries created in them.
    ///
    /// The corresponding C function is `fsync`.
    func synchronize(retryOnInterrupt: Bool = true) throws(Errno) {
        let fd = rawValue
        _ = try valueOrErrno(retryOnInterrupt: retryOnInterrupt) { fsync(fd) }.get()
    }

    /// Takes an exclusive advisory lock without waiting; false when another open file
    /// description holds it.
    ///
    /// The corresponding C function is `flock` with `LOCK_EX | LOCK_NB`.
    func tryLockExclusive() throws(Errno) -> Bool {
        let fd = rawValue
        switch valueOrErrno(retryOnInterrupt: true, { flock(fd, LOCK_EX | LOCK_NB) }) {
        case .success: return true
        case .failure(.wouldBlock): return false
        case .failure(let error): throw error
        }
    }

    /// Reads up to `buffer.count` bytes at `offset` without moving the file offset; 0 at
    /// the end of the file.
    ///
    /// The corresponding C function is `pread`.
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        do {
            return try read(fromAbsoluteOffset: offset, into: buffer)
        } catch let error as Errno {
            throw error
        } catch {
            preconditionFailure("FileDescriptor.read threw a non-Errno error: \(error)")
        }
    }

    /// Writes every byte of `buffer` at the current offset (the end, for an `O_APPEND`
    /// descriptor), looping over short writes. On failure some prefix may have landed.
    ///
    /// The corresponding C function is `write`.
    func writeEverything(_ buffer: UnsafeRawBufferPointer) throws(Errno) {
        var done = 0
        while done < buffer.count {
            do {
                done += try write(UnsafeRawBufferPointer(rebasing: buffer[done...]))
            } catch let error as Errno {
                throw error
            } catch {
                preconditionFailure("FileDescriptor.write threw a non-Errno error: \(error)")
            }
        }
    }
}

/// The wall clock, read the way records are stamped.
enum WallClock {
    /// Milliseconds since the Unix epoch.
    ///
    /// The corresponding C function is `clock_gettime(CLOCK_REALTIME)`.
    static func nowMilliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
