// renameat2(2) without a C target: glibc has had the wrapper since 2.28 (Debian 12 ships
// 2.36), but Swift's Glibc module is built without _GNU_SOURCE and does not declare it.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// Flags of renameat2(2).
internal struct RenameOptions: OptionSet, Sendable, Hashable {
  let rawValue: CUnsignedInt
  init(rawValue: CUnsignedInt) { self.rawValue = rawValue }

  /// Fail with EEXIST instead of replacing an existing target.
  ///
  /// The corresponding C constant is `RENAME_NOREPLACE`.
  static var noReplace: RenameOptions { RenameOptions(rawValue: 1 << 0) }
}

/// The process's way to call renameat2: glibc's wrapper when the C library has one,
/// otherwise the raw system call through `syscall(SYS_renameat2, …)`.
///
/// `syscall` is variadic and cannot be called from Swift directly; it is called through a
/// fixed six-`long` prototype, which is how the x86-64 and AArch64 Linux ABIs pass
/// variadic integer arguments anyway. On other architectures without the glibc wrapper the
/// call reports ENOSYS and callers fall back (see `FileDescriptor.rename`).
internal struct RenameAt2: Sendable {
  typealias LibcFunction = @convention(c) (
    CInt, UnsafePointer<CChar>, CInt, UnsafePointer<CChar>, CUnsignedInt
  ) -> CInt
  typealias SyscallFunction = @convention(c) (CLong, CLong, CLong, CLong, CLong, CLong) -> CLong

  enum Implementation: Sendable {
    case libc(LibcFunction)
    case syscall(SyscallFunction, number: CLong)
    case unavailable
  }

  let implementation: Implementation

  /// Resolves the call once; `preferLibc: false` forces the raw system call (for tests).
  init(preferLibc: Bool = true) {
    if preferLibc, let symbol = system_lookupSymbol("renameat2") {
      implementation = .libc(unsafeBitCast(symbol, to: LibcFunction.self))
    } else if let number = Self.syscallNumber, let symbol = system_lookupSymbol("syscall") {
      implementation = .syscall(unsafeBitCast(symbol, to: SyscallFunction.self), number: number)
    } else {
      implementation = .unavailable
    }
  }

  private static var syscallNumber: CLong? {
    #if arch(x86_64)
    return 316
    #elseif arch(arm64)
    return 276
    #else
    return nil
    #endif
  }

  /// Renames `oldPath` (relative to `oldDirectory`) to `newPath` (relative to `newDirectory`).
  ///
  /// The corresponding C function is `renameat2`.
  func callAsFunction(
    _ oldDirectory: FileDescriptor, _ oldPath: UnsafePointer<CChar>,
    _ newDirectory: FileDescriptor, _ newPath: UnsafePointer<CChar>,
    options: RenameOptions
  ) -> Result<Void, Errno> {
    switch implementation {
    case .libc(let function):
      return nothingOrErrno {
        function(oldDirectory.rawValue, oldPath, newDirectory.rawValue, newPath, options.rawValue)
      }
    case .syscall(let function, let number):
      return nothingOrErrno {
        function(
          number,
          CLong(oldDirectory.rawValue), CLong(Int(bitPattern: oldPath)),
          CLong(newDirectory.rawValue), CLong(Int(bitPattern: newPath)),
          CLong(options.rawValue))
      }
    case .unavailable:
      return .failure(.noFunction)
    }
  }
}
