#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// A spool on disk: the root folder and its four state folders, held open.
///
/// Every later operation works relative to these descriptors (openat, renameat2, …), so a
/// rename of a parent folder or a symbolic link planted on the way cannot redirect it.
/// All four folders must be on one file system: the claim and the archive are renames.
public final class SpoolLayout: Sendable {
  /// The spool root as given.
  public let root: FilePath

  /// What could not be arranged but does not stop the spool, for the caller to log once
  /// (e.g. "incoming: could not set mode 1730: Operation not permitted").
  public let notes: [String]

  internal let rootDirectory: FileDescriptor
  private let directories: [FileDescriptor]

  /// Opens the spool at `root`, creating whatever is missing when `createMissing` is set:
  /// the root itself (mode 0750; its parent must exist) and the four folders (`incoming`
  /// 1730, the others 0750, set with fchmod after mkdir so the umask does not weaken or
  /// widen them). Existing folders keep their modes. The root may be a symbolic link (an
  /// administrator's choice); the four folders may not.
  ///
  /// Throws when a folder is missing and may not be created, is not a directory, cannot
  /// be opened, or when the four are not all on one file system (EXDEV).
  public init(root: String, createMissing: Bool = true) throws(SpoolError) {
    let rootPath = FilePath(root)
    self.root = rootPath
    var notes: [String] = []

    let cwd = FileDescriptor(rawValue: AT_FDCWD)
    let rootBytes = Array(root.utf8)
    let rootDirectory: FileDescriptor
    do throws(Errno) {
      rootDirectory = try cwd.open(at: rootBytes, .readOnly, options: [.directory, .closeOnExec])
    } catch .noSuchFileOrDirectory where createMissing {
      try spoolCall("mkdir", root) { () throws(Errno) in
        do throws(Errno) {
          // Group members pass through to incoming/ (1730) but cannot list the spool.
          try cwd.makeDirectory(at: rootBytes, permissions: FilePermissions(rawValue: 0o710))
        } catch .fileExists {}
      }
      rootDirectory = try spoolCall("open", root) { () throws(Errno) in
        try cwd.open(at: rootBytes, .readOnly, options: [.directory, .closeOnExec])
      }
    } catch {
      throw SpoolError(operation: "open", path: root, errno: error)
    }

    var directories: [FileDescriptor] = []
    do throws(SpoolError) {
      for directory in SpoolDirectory.allCases {
        let (descriptor, note) = try Self.openOrCreate(directory, in: rootDirectory, root: root, create: createMissing)
        directories.append(descriptor)
        if let note { notes.append(note) }
      }
      try Self.checkOneFileSystem(directories, root: root)
    } catch {
      directories.forEach { $0.closeQuietly() }
      rootDirectory.closeQuietly()
      throw error
    }
    self.rootDirectory = rootDirectory
    self.directories = directories
    self.notes = notes
  }

  deinit {
    directories.forEach { $0.closeQuietly() }
    rootDirectory.closeQuietly()
  }

  /// The path of one of the four folders.
  public func path(of directory: SpoolDirectory) -> FilePath {
    root.appending(directory.name)
  }

  /// Flushes one folder's entries to disk (fsync on the folder). After a batch of claims,
  /// syncing `.processing` before the event log's fsync makes the claims durable no later
  /// than their records (see `SpoolClaimer` on durability).
  public func sync(_ directory: SpoolDirectory) throws(SpoolError) {
    try spoolCall("fsync", directory.name) { () throws(Errno) in
      try descriptor(directory).sync()
    }
  }

  /// The open descriptor of a folder (owned by the layout: do not close).
  internal func descriptor(_ directory: SpoolDirectory) -> FileDescriptor {
    directories[SpoolDirectory.allCases.firstIndex(of: directory)!]
  }

  /// A name below a folder, for messages.
  internal func display(_ directory: SpoolDirectory, _ name: some Collection<UInt8>) -> String {
    directory.name + "/" + SpoolPath.displayString(of: name)
  }

  private static func openOrCreate(
    _ directory: SpoolDirectory, in rootDirectory: FileDescriptor, root: String, create: Bool
  ) throws(SpoolError) -> (FileDescriptor, String?) {
    let name = Array(directory.name.utf8)
    let display = root + "/" + directory.name
    do throws(Errno) {
      return (try rootDirectory.openDirectory(at: name), nil)
    } catch .noSuchFileOrDirectory where create {
      // Fall through to create it.
    } catch {
      throw SpoolError(operation: "open", path: display, errno: error)
    }
    do throws(Errno) {
      try rootDirectory.makeDirectory(at: name, permissions: directory.permissions)
    } catch .fileExists {
      // Created meanwhile by someone else: use it as it is.
      let descriptor = try spoolCall("open", display) { () throws(Errno) in try rootDirectory.openDirectory(at: name) }
      return (descriptor, nil)
    } catch {
      throw SpoolError(operation: "mkdir", path: display, errno: error)
    }
    let descriptor = try spoolCall("open", display) { () throws(Errno) in try rootDirectory.openDirectory(at: name) }
    do throws(Errno) {
      try descriptor.setPermissions(directory.permissions)
      return (descriptor, nil)
    } catch {
      let mode = String(directory.permissions.rawValue, radix: 8)
      return (descriptor, "\(display): could not set mode \(mode): \(error)")
    }
  }

  private static func checkOneFileSystem(_ directories: [FileDescriptor], root: String) throws(SpoolError) {
    var device: DeviceID?
    for (directory, descriptor) in zip(SpoolDirectory.allCases, directories) {
      let status = try spoolCall("fstat", root + "/" + directory.name) { () throws(Errno) in try descriptor.stat() }
      if let device, device != status.deviceID {
        throw SpoolError(operation: "check one file system", path: root + "/" + directory.name, errno: .improperLink)
      }
      device = status.deviceID
    }
  }
}
