import SystemPackage

/// A folder below one of the spool's folders, opened component by component with
/// O_NOFOLLOW, so a symbolic link planted on the way (say `incoming/a` → `/var/log`) can
/// never make the daemon rename, create or read anything outside the spool.
internal struct DirectoryHandle {
  let descriptor: FileDescriptor
  /// The folder's components as they exist on disk (for `done/` and `failed/` these may
  /// carry a collision suffix).
  let components: [[UInt8]]
  private let owned: Bool

  /// The base folder itself (not closed by `close`).
  init(base: FileDescriptor) {
    descriptor = base
    components = []
    owned = false
  }

  private init(descriptor: FileDescriptor, components: [[UInt8]]) {
    self.descriptor = descriptor
    self.components = components
    owned = true
  }

  func close() {
    if owned { descriptor.closeQuietly() }
  }

  /// Opens the existing folder `path` below `base` (nil: `base` itself).
  /// ELOOP means a component is a symbolic link.
  static func open(_ path: SpoolPath?, below base: FileDescriptor) throws(Errno) -> DirectoryHandle {
    guard let path else { return DirectoryHandle(base: base) }
    var current = DirectoryHandle(base: base)
    for component in path.components {
      let next: FileDescriptor
      do throws(Errno) {
        next = try current.descriptor.openDirectory(at: component)
      } catch {
        current.close()
        throw error
      }
      current.close()
      current = DirectoryHandle(descriptor: next, components: current.components + [Array(component)])
    }
    return current
  }

  /// Opens the folder `path` below `base`, creating what is missing (mode `permissions`).
  /// A component that exists but is not a folder (a file, a link) is not touched: the
  /// collision suffix rule picks `NAME.1`, `NAME.2`, … instead.
  static func make(
    _ path: SpoolPath?, below base: FileDescriptor, permissions: FilePermissions
  ) throws(Errno) -> DirectoryHandle {
    guard let path else { return DirectoryHandle(base: base) }
    var current = DirectoryHandle(base: base)
    for component in path.components {
      let next: (FileDescriptor, [UInt8])
      do throws(Errno) {
        next = try openOrCreate(component, in: current.descriptor, permissions: permissions)
      } catch {
        current.close()
        throw error
      }
      current.close()
      current = DirectoryHandle(descriptor: next.0, components: current.components + [next.1])
    }
    return current
  }

  private static func openOrCreate(
    _ component: ArraySlice<UInt8>, in parent: FileDescriptor, permissions: FilePermissions
  ) throws(Errno) -> (FileDescriptor, [UInt8]) {
    var number = 0
    while true {
      let name = ArchiveName.suffixed(component, number)
      do throws(Errno) {
        return (try parent.openDirectory(at: name), name)
      } catch .noSuchFileOrDirectory {
        do throws(Errno) {
          try parent.makeDirectory(at: name, permissions: permissions)
        } catch .fileExists {
          // Made meanwhile, by us or as something else: look again.
        }
        do throws(Errno) {
          return (try parent.openDirectory(at: name), name)
        } catch .notDirectory, .tooManySymbolicLinkLevels {
          number += 1
        }
      } catch .notDirectory, .tooManySymbolicLinkLevels {
        number += 1
      }
    }
  }
}
