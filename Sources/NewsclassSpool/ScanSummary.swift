import SystemPackage

/// What a scan saw.
public struct ScanSummary: Sendable, Hashable {
  /// Files handed to the callback.
  public var candidates = 0
  /// Folders read, `incoming/` included.
  public var folders = 0
  /// Files and folders skipped because their name looks unfinished.
  public var unfinished = 0
  /// Files skipped by the include/exclude globs.
  public var filteredOut = 0
  /// Folders that could not be opened, read or searched (e.g. a dropper's folder without
  /// permission for the daemon); their files are not taken, nor even seen. Count, and
  /// the first 64.
  public var unreadableFolderCount = 0
  public var unreadableFolders: [UnreadableFolder] = []

  public init() {}
}

/// A folder below `incoming/` whose files a scan could not see.
public struct UnreadableFolder: Sendable, Hashable, CustomStringConvertible {
  /// As shown: `incoming/desk` (`incoming` for the top folder).
  public let folder: String
  public let errno: Errno
  /// The folder's identity and change time, when its status could be had: a chmod or
  /// chown of the folder gives a new stamp.
  public let stamp: FileStamp?
  /// Permission bits (with set-group-ID and sticky) and owner, when known.
  public let mode: UInt16?
  public let owner: UInt32?

  internal init(path: [UInt8], errno: Errno, status: Stat?) {
    folder = path.isEmpty ? "incoming" : "incoming/" + SpoolPath.displayString(of: path)
    self.errno = errno
    stamp = status.map(FileStamp.init)
    mode = status.map { UInt16(truncatingIfNeeded: $0.permissions.rawValue & 0o7777) }
    owner = status.map { $0.userID.rawValue }
  }

  /// `incoming/desk (mode 0700, owner 1001): Permission denied`.
  public var description: String {
    var text = folder
    if let mode, let owner { text += " (mode \(octalMode(mode)), owner \(owner))" }
    return text + ": \(errno)"
  }
}
