#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A failure reported by libsystemd or the kernel.
///
/// libsystemd reports failures as a negative errno; this keeps the positive value and the
/// call that returned it, so a caller can log it or act on a particular code.
public struct SystemdError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The errno value, positive (e.g. `ENOENT` when journald's socket is missing).
  public let code: Int32

  /// The C function that failed, for messages.
  public let operation: String

  public init(code: Int32, operation: String) {
    self.code = code
    self.operation = operation
  }

  /// From a libsystemd return value, which is `-errno` on failure.
  internal init(negativeReturn value: Int32, operation: String) {
    self.init(code: -value, operation: operation)
  }

  public var description: String {
    "\(operation): \(String(cString: strerror(code)))"
  }
}
