import SystemPackage

/// A system call of the spool failed in a way the caller has to handle (the expected
/// outcomes — a vanished file, a rejected input — are values, not errors).
///
/// Carries the step that failed, the spool-relative name it failed on, and the errno.
public struct SpoolError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The step, named after the C function or the spool action ("renameat2", "claim").
  public var operation: String
  /// The name it concerned, in display form (see `SpoolPath.displayString`), or a folder.
  public var path: String
  /// The error the kernel reported.
  public var errno: Errno

  public init(operation: String, path: String, errno: Errno) {
    self.operation = operation
    self.path = path
    self.errno = errno
  }

  public var description: String {
    "\(operation) \(path): \(errno) (errno \(errno.rawValue))"
  }
}

extension Result where Failure == Errno {
  /// The value, or a `SpoolError` naming `operation` and `path`.
  internal func get(_ operation: String, _ path: @autoclosure () -> String) throws(SpoolError) -> Success {
    switch self {
    case .success(let value): return value
    case .failure(let error): throw SpoolError(operation: operation, path: path(), errno: error)
    }
  }
}

/// Runs `body`, turning its `Errno` into a `SpoolError` naming `operation` and `path`.
internal func spoolCall<R>(
  _ operation: String, _ path: @autoclosure () -> String, _ body: () throws(Errno) -> R
) throws(SpoolError) -> R {
  do {
    return try body()
  } catch {
    throw SpoolError(operation: operation, path: path(), errno: error)
  }
}
