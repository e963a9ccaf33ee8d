// The *at() family on a directory descriptor: every path the spool touches is one name
// resolved relative to a directory it already holds open, so no symbolic link on the way
// can redirect it.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

extension FileDescriptor {
  /// Opens `name` relative to this directory.
  ///
  /// The corresponding C function is `openat`.
  internal func open(
    at name: some Collection<UInt8>,
    _ mode: FileDescriptor.AccessMode,
    options: FileDescriptor.OpenOptions,
    permissions: FilePermissions = [],
    retryOnInterrupt: Bool = true
  ) throws(Errno) -> FileDescriptor {
    let flags = mode.rawValue | options.rawValue
    let raw = try withCString(name) { path in
      valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
        system_openat(self.rawValue, path, flags, permissions.rawValue)
      }
    }.get()
    return FileDescriptor(rawValue: raw)
  }

  /// Opens the directory `name` below this one without following a symbolic link, for
  /// reading entries and as the base of further *at() calls.
  ///
  /// The corresponding C function is `openat` with `O_DIRECTORY | O_NOFOLLOW`.
  internal func openDirectory(at name: some Collection<UInt8>) throws(Errno) -> FileDescriptor {
    try open(at: name, .readOnly, options: [.directory, .noFollow, .closeOnExec])
  }

  /// Creates the directory `name` below this one. The mode is filtered by the umask.
  ///
  /// The corresponding C function is `mkdirat`.
  internal func makeDirectory(at name: some Collection<UInt8>, permissions: FilePermissions) throws(Errno) {
    try withCString(name) { path in
      nothingOrErrno { system_mkdirat(self.rawValue, path, permissions.rawValue) }
    }.get()
  }

  /// Removes the entry `name` (a directory when `removeDirectory` is set).
  ///
  /// The corresponding C function is `unlinkat`.
  internal func unlink(at name: some Collection<UInt8>, removeDirectory: Bool = false) throws(Errno) {
    let flags = removeDirectory ? AT_REMOVEDIR : 0
    try withCString(name) { path in
      nothingOrErrno { system_unlinkat(self.rawValue, path, flags) }
    }.get()
  }

  /// Status of the entry `name` itself (a symbolic link is described, not followed).
  ///
  /// The corresponding C function is `fstatat` with `AT_SYMLINK_NOFOLLOW`.
  internal func status(at name: some Collection<UInt8>) throws(Errno) -> Stat {
    let result: Result<Stat, Errno> = withCString(name) { path in
      do throws(Errno) {
        return .success(try Stat(path, relativeTo: self, flags: .symlinkNoFollow))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Whether an entry called `name` exists below this directory (of any type).
  internal func hasEntry(_ name: some Collection<UInt8>) throws(Errno) -> Bool {
    do throws(Errno) {
      _ = try status(at: name)
      return true
    } catch .noSuchFileOrDirectory {
      return false
    }
  }

  /// Moves the entry `name` of this directory to `newName` in `newDirectory`; with
  /// `.noReplace`, fails with EEXIST rather than replace an existing entry.
  ///
  /// Where the file system does not support RENAME_NOREPLACE (EINVAL) or the call is missing
  /// (ENOSYS), falls back to checking for the target and then renameat(2). That check is
  /// racy only against another rename into the same directory by this same process; the
  /// spool's target directories are private to the daemon.
  ///
  /// The corresponding C function is `renameat2`.
  internal func rename(
    at name: some Collection<UInt8>,
    to newDirectory: FileDescriptor,
    as newName: some Collection<UInt8>,
    options: RenameOptions,
    using renameAt2: RenameAt2
  ) throws(Errno) {
    let result = withCString(name) { old in
      withCString(newName) { new in
        renameAt2(self, old, newDirectory, new, options: options)
      }
    }
    switch result {
    case .success:
      return
    case .failure(let error) where error == .invalidArgument || error == .noFunction:
      if options.contains(.noReplace), try newDirectory.hasEntry(newName) {
        throw .fileExists
      }
      try withCString(name) { old in
        withCString(newName) { new in
          nothingOrErrno { system_renameat(self.rawValue, old, newDirectory.rawValue, new) }
        }
      }.get()
    case .failure(let error):
      throw error
    }
  }

  /// Sets the permission bits (including set-group-ID and sticky) of the open file.
  ///
  /// The corresponding C function is `fchmod`.
  internal func setPermissions(_ permissions: FilePermissions) throws(Errno) {
    try nothingOrErrno { system_fchmod(self.rawValue, permissions.rawValue) }.get()
  }

  /// Flushes the file's data and metadata (for a directory: its entries) to the device.
  ///
  /// The corresponding C function is `fsync`.
  internal func sync() throws(Errno) {
    try nothingOrErrno { system_fsync(self.rawValue) }.get()
  }

  /// Writes all of `bytes`, continuing after short writes.
  ///
  /// The corresponding C function is `write`.
  internal func writeAll(_ bytes: [UInt8]) throws(Errno) {
    var offset = 0
    while offset < bytes.count {
      let written = try bytes.withUnsafeBytes { buffer in
        valueOrErrno { system_write(self.rawValue, buffer.baseAddress! + offset, buffer.count - offset) }
      }.get()
      offset += written
    }
  }

  /// Closes the descriptor, reporting a failure (for files just written: a late write
  /// error can surface here).
  ///
  /// The corresponding C function is `close`.
  internal func closeChecked() throws(Errno) {
    do {
      try close()
    } catch {
      throw (error as? Errno) ?? .ioError
    }
  }

  /// Closes the descriptor when it is known not to matter whether close reports an error
  /// (read-only and directory descriptors: nothing is lost).
  internal func closeQuietly() {
    try? close()
  }
}
