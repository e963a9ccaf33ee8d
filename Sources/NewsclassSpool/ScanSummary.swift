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
  /// Folders that could not be opened or read (e.g. a dropper's folder without
  /// permission for the daemon); their files are not taken. Count, and the first few as
  /// "incoming/NAME: error" lines for the log.
  public var unreadableFolderCount = 0
  public var unreadableFolders: [String] = []

  public init() {}
}
