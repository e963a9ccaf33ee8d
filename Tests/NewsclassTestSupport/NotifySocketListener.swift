import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A stand-in for systemd's end of `NOTIFY_SOCKET`: an AF_UNIX datagram socket, bound to
/// a path or to an abstract name, that hands back each datagram as text.
public final class NotifySocketListener: @unchecked Sendable {
  /// What to put in `NOTIFY_SOCKET`: the path, or `@name` for an abstract socket.
  public let address: String
  private let descriptor: Int32

  /// Binds to `path` in the file system.
  public convenience init(path: String) throws {
    try self.init(address: path, sunPath: Array(path.utf8))
  }

  /// Binds to the abstract name `name` (no file; `@name` in NOTIFY_SOCKET).
  public convenience init(abstractName name: String) throws {
    try self.init(address: "@" + name, sunPath: [0] + Array(name.utf8))
  }

  private init(address: String, sunPath: [UInt8]) throws {
    self.address = address
    descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno)!) }

    var socketAddress = sockaddr_un()
    socketAddress.sun_family = sa_family_t(AF_UNIX)
    let capacity = MemoryLayout.size(ofValue: socketAddress.sun_path)
    precondition(sunPath.count < capacity, "socket address too long")
    withUnsafeMutableBytes(of: &socketAddress.sun_path) { bytes in
      bytes.copyBytes(from: sunPath)
    }
    // An abstract name is exactly its bytes long; a path is NUL-terminated.
    let length = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path)! + sunPath.count
      + (sunPath.first == 0 ? 0 : 1)
    let result = withUnsafePointer(to: &socketAddress) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(length))
      }
    }
    guard result == 0 else {
      let code = errno
      close(descriptor)
      throw POSIXError(POSIXErrorCode(rawValue: code)!)
    }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(
      descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
  }

  deinit {
    close(descriptor)
    if address.first == "/" { unlink(address) }
  }

  /// The next datagram, waiting up to 5 s; nil if none came.
  public func receive() -> String? {
    var buffer = [UInt8](repeating: 0, count: 65536)
    let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
    guard count >= 0 else { return nil }
    return String(decoding: buffer[..<count], as: UTF8.self)
  }

  /// Whether a datagram is waiting, without waiting for one.
  public func hasPendingDatagram() -> Bool {
    var byte: UInt8 = 0
    return recv(descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) >= 0
  }
}

/// CLOCK_MONOTONIC in µs, read independently of the code under test (to check a
/// `MONOTONIC_USEC=` stamp).
public func monotonicMicrosecondsForTest() -> UInt64 {
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
}
