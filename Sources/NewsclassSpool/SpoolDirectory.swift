import SystemPackage

/// The four folders of a spool, one per state of an article (after Maildir and Postfix).
public enum SpoolDirectory: String, Sendable, Hashable, CaseIterable {
  /// Drop articles here (subfolders at any depth). Mode 1730: group members may add
  /// entries but not list or take each other's (Postfix's maildrop).
  case incoming
  /// Claimed by the daemon (private).
  case processing
  /// Archived after their record is durable (private).
  case done
  /// Rejected inputs, each with `NAME.reason.json` beside it (private).
  case failed

  /// The mode a newly created folder gets.
  public var permissions: FilePermissions {
    switch self {
    case .incoming: return FilePermissions(rawValue: 0o1730)
    case .processing, .done, .failed: return FilePermissions(rawValue: 0o700)
    }
  }

  /// The folder's name below the spool root.
  public var name: String { rawValue }
}
