// The raw C calls of this module, and its one EINTR policy.
//
// Everything else in the module goes through the typed wrappers built on these; this is
// the only file that names a C function with raw `CInt` file descriptors. Each wrapper
// elsewhere ends its doc comment with the C function it wraps.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#else
#error("NewsclassSpool is Linux-only: it is built on inotify")
#endif
import SystemPackage

// MARK: - Error policy

/// Runs `body` and turns its `-1` into the current `errno`, retrying while the call was
/// interrupted by a signal (EINTR) and `retryOnInterrupt` is set. EBADF and EFAULT are
/// programming errors in this module (every descriptor it passes is its own), so they trap.
internal func valueOrErrno<I: FixedWidthInteger>(
  retryOnInterrupt: Bool = true,
  _ body: () -> I
) -> Result<I, Errno> {
  while true {
    let value = body()
    guard value == -1 else { return .success(value) }
    let error = Errno(rawValue: errno)
    precondition(error != .badFileDescriptor && error != .badAddress,
                 "NewsclassSpool passed a bad descriptor or address to a system call: \(error)")
    if retryOnInterrupt && error == .interrupted { continue }
    return .failure(error)
  }
}

/// `valueOrErrno` for calls whose result carries nothing but success.
internal func nothingOrErrno<I: FixedWidthInteger>(
  retryOnInterrupt: Bool = true,
  _ body: () -> I
) -> Result<Void, Errno> {
  valueOrErrno(retryOnInterrupt: retryOnInterrupt, body).map { _ in () }
}

/// Calls `body` with `bytes` as a NUL-terminated C string, without a heap allocation for
/// short names. The bytes never contain NUL (`SpoolPath` and directory entries cannot).
internal func withCString<R>(_ bytes: some Collection<UInt8>, _ body: (UnsafePointer<CChar>) -> R) -> R {
  withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
    var index = 0
    for byte in bytes {
      buffer[index] = CChar(bitPattern: byte)
      index += 1
    }
    buffer[index] = 0
    return body(UnsafePointer(buffer.baseAddress!))
  }
}

// MARK: - Files and directories

internal func system_openat(_ directory: CInt, _ path: UnsafePointer<CChar>, _ flags: CInt, _ mode: mode_t) -> CInt {
  openat(directory, path, flags, mode)
}

internal func system_mkdirat(_ directory: CInt, _ path: UnsafePointer<CChar>, _ mode: mode_t) -> CInt {
  mkdirat(directory, path, mode)
}

internal func system_unlinkat(_ directory: CInt, _ path: UnsafePointer<CChar>, _ flags: CInt) -> CInt {
  unlinkat(directory, path, flags)
}

internal func system_renameat(
  _ oldDirectory: CInt, _ oldPath: UnsafePointer<CChar>,
  _ newDirectory: CInt, _ newPath: UnsafePointer<CChar>
) -> CInt {
  renameat(oldDirectory, oldPath, newDirectory, newPath)
}

internal func system_fchmod(_ fd: CInt, _ mode: mode_t) -> CInt {
  fchmod(fd, mode)
}

internal func system_fsync(_ fd: CInt) -> CInt {
  fsync(fd)
}

internal func system_write(_ fd: CInt, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
  write(fd, buffer, count)
}

// MARK: - Directory streams

internal func system_fdopendir(_ fd: CInt) -> OpaquePointer? {
  fdopendir(fd)
}

internal func system_readdir(_ stream: OpaquePointer) -> UnsafeMutablePointer<dirent>? {
  readdir(stream)
}

internal func system_dirfd(_ stream: OpaquePointer) -> CInt {
  dirfd(stream)
}

internal func system_closedir(_ stream: OpaquePointer) -> CInt {
  closedir(stream)
}

internal func system_errno() -> CInt { errno }

internal func system_fcntl(_ fd: CInt, _ command: CInt, _ value: CInt) -> CInt {
  fcntl(fd, command, value)
}

internal func system_clearErrno() { errno = 0 }

// MARK: - inotify

internal func system_inotify_init1(_ flags: CInt) -> CInt {
  inotify_init1(flags)
}

internal func system_inotify_add_watch(_ fd: CInt, _ path: UnsafePointer<CChar>, _ mask: UInt32) -> CInt {
  inotify_add_watch(fd, path, mask)
}

internal func system_inotify_rm_watch(_ fd: CInt, _ watch: CInt) -> CInt {
  inotify_rm_watch(fd, watch)
}

// MARK: - Waiting

internal func system_poll(_ fds: UnsafeMutablePointer<pollfd>, _ count: Int, _ timeoutMilliseconds: CInt) -> CInt {
  poll(fds, nfds_t(count), timeoutMilliseconds)
}

// MARK: - Matching and time

internal func system_fnmatch(_ pattern: UnsafePointer<CChar>, _ string: UnsafePointer<CChar>, _ flags: CInt) -> CInt {
  fnmatch(pattern, string, flags)
}

internal func system_realtime() -> timespec {
  var now = timespec()
  _ = clock_gettime(CLOCK_REALTIME, &now)
  return now
}

internal func system_gmtime(_ seconds: time_t) -> tm {
  var seconds = seconds
  var result = tm()
  _ = gmtime_r(&seconds, &result)
  return result
}

// MARK: - Symbols glibc's Swift module does not export

/// Looks a C function up by name in the running process (dlsym with RTLD_DEFAULT, which
/// glibc spells as a null handle). Used for the GNU-only calls the Glibc module hides
/// behind `_GNU_SOURCE` (renameat2) — this package has no C target to declare them in.
internal func system_lookupSymbol(_ name: String) -> UnsafeMutableRawPointer? {
  dlsym(nil, name)
}
