/// The watcher's map from inotify watch numbers to folders, and what each raw event means
/// for the spool. Pure: no system calls, so every rule here is tested without a disk.
///
/// Folder paths are relative to `incoming/` (`[]` is `incoming/` itself).
internal struct WatchTable {
  /// The spool root as given, for messages.
  let root: String
  private(set) var folders: [Inotify.Watch: [UInt8]] = [:]
  private(set) var incoming: Inotify.Watch?
  private(set) var spoolRoot: Inotify.Watch?

  init(root: String) {
    self.root = root
  }

  /// The folders of a spool: their removal or move is fatal.
  static var spoolFolderNames: [[UInt8]] { SpoolDirectory.allCases.map { Array($0.name.utf8) } }

  mutating func setSpoolRoot(_ watch: Inotify.Watch) {
    spoolRoot = watch
  }

  /// Records `watch` as the folder `path`. Returns false when it was already recorded under
  /// that same path (the folder is watched and was scanned when first recorded).
  @discardableResult
  mutating func insert(_ watch: Inotify.Watch, path: [UInt8]) -> Bool {
    if path.isEmpty { incoming = watch }
    let previous = folders.updateValue(path, forKey: watch)
    return previous != path
  }

  mutating func remove(_ watch: Inotify.Watch) {
    folders.removeValue(forKey: watch)
  }

  /// Forgets `path` and every folder below it; returns their watches, to be removed.
  mutating func removeSubtree(_ path: [UInt8]) -> [Inotify.Watch] {
    let doomed = folders.filter { Self.isWithin($0.value, path) }.map(\.key)
    doomed.forEach { folders.removeValue(forKey: $0) }
    return doomed
  }

  func path(of watch: Inotify.Watch) -> [UInt8]? {
    folders[watch]
  }

  var count: Int { folders.count }

  /// Whether `path` is `folder` or below it.
  static func isWithin(_ path: [UInt8], _ folder: [UInt8]) -> Bool {
    if folder.isEmpty { return true }
    guard path.count >= folder.count, path.starts(with: folder) else { return false }
    return path.count == folder.count || path[folder.count] == SpoolPath.separator
  }

  /// What one event asks the watcher to do.
  func interpret(_ event: Inotify.Event) -> WatchAction {
    let events = event.events
    if events.contains(.queueOverflow) { return .overflow }

    if event.watch == spoolRoot {
      if events.contains(.deleteSelf) { return .rootGone("the spool folder \(root) was deleted") }
      if events.contains(.moveSelf) { return .rootGone("the spool folder \(root) was moved") }
      if events.contains(.unmount) { return .rootGone("the file system of \(root) was unmounted") }
      if events.contains(.ignored) { return .rootGone("the watch on \(root) was removed") }
      if events.contains(.isDirectory), Self.spoolFolderNames.contains(event.name) {
        let name = String(decoding: event.name, as: UTF8.self)
        if events.contains(.delete) { return .rootGone("\(root)/\(name) was deleted") }
        if events.contains(.movedFrom) { return .rootGone("\(root)/\(name) was moved away") }
      }
      return .none
    }

    guard let folder = folders[event.watch] else { return .none }

    if event.watch == incoming {
      if events.contains(.deleteSelf) { return .rootGone("\(root)/incoming was deleted") }
      if events.contains(.moveSelf) { return .rootGone("\(root)/incoming was moved") }
      if events.contains(.unmount) { return .rootGone("the file system of \(root)/incoming was unmounted") }
      if events.contains(.ignored) { return .rootGone("the watch on \(root)/incoming was removed") }
    }
    if events.contains(.ignored) { return .forget(event.watch) }
    // A subfolder's own DELETE_SELF / MOVE_SELF: its parent's events (IN_IGNORED after a
    // delete, MOVED_FROM before a move) say all that is needed, in a safe order.
    guard !event.name.isEmpty else { return .none }

    let path = SpoolPath.join(folder, event.name)
    if events.contains(.isDirectory) {
      if events.contains(.create) { return .watchFolder(path, settle: true) }
      if events.contains(.movedTo) { return .watchFolder(path, settle: false) }
      if events.contains(.movedFrom) { return .unwatchFolder(path) }
      return .none
    }
    if events.contains(.closeWrite) || events.contains(.movedTo) { return .candidate(path) }
    if events.contains(.create) { return .inspect(path) }
    return .none
  }
}

/// What an inotify event means for the spool.
internal enum WatchAction: Hashable {
  case none
  /// A file was closed after writing or renamed in: take it.
  case candidate([UInt8])
  /// An entry was created: a regular file is awaited (IN_CLOSE_WRITE follows), but a
  /// link, FIFO, socket or device node, or a hard link to a finished file, is complete now.
  case inspect([UInt8])
  /// A folder appeared: watch it, then scan it. `settle` for a folder just created (its
  /// files may still be being written), not for one moved in (finished by convention).
  case watchFolder([UInt8], settle: Bool)
  /// A folder was moved away (elsewhere in the tree or out of it): drop its watches.
  case unwatchFolder([UInt8])
  /// The kernel removed a watch (its folder was deleted).
  case forget(Inotify.Watch)
  case overflow
  case rootGone(String)
}
