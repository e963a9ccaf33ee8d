#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// A pipe whose only job is to wake a thread blocked in poll(2): `stop` writes a byte to
/// it, the watcher's poll sees its read end readable.
internal struct WakePipe: Sendable {
  let readEnd: FileDescriptor
  let writeEnd: FileDescriptor

  /// Both ends non-blocking and close-on-exec. (pipe(2) and then fcntl(2): swift-system's
  /// pipe2 overload is newer than the version this package requires.)
  ///
  /// The corresponding C functions are `pipe` and `fcntl`.
  static func make() throws(Errno) -> WakePipe {
    let ends: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
    do {
      ends = try FileDescriptor.pipe()
    } catch {
      throw (error as? Errno) ?? .ioError
    }
    let pipe = WakePipe(readEnd: ends.readEnd, writeEnd: ends.writeEnd)
    do throws(Errno) {
      for end in [ends.readEnd, ends.writeEnd] {
        let status = try valueOrErrno { system_fcntl(end.rawValue, F_GETFL, 0) }.get()
        try nothingOrErrno { system_fcntl(end.rawValue, F_SETFL, status | O_NONBLOCK) }.get()
        try nothingOrErrno { system_fcntl(end.rawValue, F_SETFD, FD_CLOEXEC) }.get()
      }
    } catch {
      pipe.close()
      throw error
    }
    return pipe
  }

  /// Makes the read end readable. A full pipe (EAGAIN) is already readable.
  ///
  /// The corresponding C function is `write`.
  func signal() {
    _ = withUnsafeBytes(of: UInt8(1)) { byte in
      valueOrErrno { system_write(writeEnd.rawValue, byte.baseAddress!, 1) }
    }
  }

  /// Empties the read end.
  ///
  /// The corresponding C function is `read`.
  func drain() {
    var bytes = [UInt8](repeating: 0, count: 64)
    while let count = try? bytes.withUnsafeMutableBytes({ try readEnd.read(into: $0) }), count > 0 {}
  }

  func close() {
    readEnd.closeQuietly()
    writeEnd.closeQuietly()
  }
}
