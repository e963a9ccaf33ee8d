import SystemPackage

/// A depth-first walk of a folder tree, one entry at a time, resumable between calls.
///
/// Holds one open directory stream per level of depth and nothing per file, so memory does
/// not grow with the number of files. Never follows a symbolic link: subfolders are opened
/// with O_NOFOLLOW relative to their parent's descriptor, and only when the caller asks
/// (`enter`), which lets the watcher add its inotify watch between opening a folder and
/// reading it.
internal struct DirectoryWalker {
  struct Entry {
    /// Path relative to the walk's base (`incoming/`).
    var path: [UInt8]
    var name: [UInt8]
    var kind: EntryKind
  }

  /// Folders that could not be read to the end (kept to the first `failureLimit`), with
  /// their status when it could be had.
  private(set) var failures: [(path: [UInt8], error: Errno, status: Stat?)] = []
  private(set) var failureCount = 0
  private static var failureLimit: Int { 64 }

  private var stack: [(stream: DirectoryStream, path: [UInt8])] = []

  /// Starts at the folder open as `descriptor` (taken over) whose path is `path`.
  init(taking descriptor: FileDescriptor, path: [UInt8]) throws(Errno) {
    try push(descriptor, path: path)
  }

  /// True once every entry was returned.
  var isFinished: Bool { stack.isEmpty }

  /// The next entry, or nil when the walk is done. A folder's entries follow it only if
  /// the caller `enter`s it right after it was returned.
  mutating func next() -> Entry? {
    while let top = stack.last {
      let entry: DirectoryStream.Entry?
      do {
        entry = try top.stream.next()
      } catch {
        record(top.path, error, status: try? top.stream.descriptor.stat())
        entry = nil
      }
      guard let entry else {
        stack.removeLast()
        continue
      }
      var kind = entry.kind
      if kind == .unknown {
        // DT_UNKNOWN (some file systems): ask the inode, without following a link.
        guard let status = try? top.stream.descriptor.status(at: entry.name) else { continue }
        kind = EntryKind(status.type)
      }
      return Entry(path: SpoolPath.join(top.path, entry.name), name: entry.name, kind: kind)
    }
    return nil
  }

  /// Opens the folder `entry` (just returned by `next`) without following a link; the
  /// caller then either `enter`s it or closes it.
  func open(_ entry: Entry) throws(Errno) -> FileDescriptor {
    guard let top = stack.last else { throw .noSuchFileOrDirectory }
    return try top.stream.descriptor.openDirectory(at: entry.name)
  }

  /// Status of `entry` (just returned by `next`), not following a link.
  func status(of entry: Entry) throws(Errno) -> Stat {
    guard let top = stack.last else { throw .noSuchFileOrDirectory }
    return try top.stream.descriptor.status(at: entry.name)
  }

  /// Continues the walk inside the folder open as `descriptor` (taken over).
  mutating func enter(_ descriptor: FileDescriptor, path: [UInt8]) throws(Errno) {
    try push(descriptor, path: path)
  }

  /// Notes a folder that could not be opened or read.
  mutating func record(_ path: [UInt8], _ error: Errno, status: Stat?) {
    failureCount += 1
    if failures.count < Self.failureLimit { failures.append((path, error, status)) }
  }

  private mutating func push(_ descriptor: FileDescriptor, path: [UInt8]) throws(Errno) {
    stack.append((try DirectoryStream(taking: descriptor), path))
  }
}
