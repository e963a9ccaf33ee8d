#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

internal enum Poll {
  /// Waits until one of `descriptors` is readable, or `timeout` milliseconds pass (-1:
  /// forever). Returns, per descriptor, whether it is readable (or hung up). An
  /// interruption by a signal returns all false; the caller re-evaluates its deadline.
  ///
  /// The corresponding C function is `poll`.
  static func readable(_ descriptors: [FileDescriptor], timeoutMilliseconds: CInt) throws(Errno) -> [Bool] {
    var fds = descriptors.map { pollfd(fd: $0.rawValue, events: Int16(POLLIN), revents: 0) }
    let result = fds.withUnsafeMutableBufferPointer { buffer in
      valueOrErrno(retryOnInterrupt: false) {
        system_poll(buffer.baseAddress!, buffer.count, timeoutMilliseconds)
      }
    }
    switch result {
    case .success:
      return fds.map { $0.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 }
    case .failure(.interrupted):
      return descriptors.map { _ in false }
    case .failure(let error):
      throw error
    }
  }
}
