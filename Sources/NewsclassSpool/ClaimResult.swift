/// The outcome of trying to claim a name.
public enum ClaimResult: Sendable, Hashable {
  /// The file is now in `processing/`.
  case claimed(Claim)
  /// There is no file by that name any more (taken by an earlier event for the same name,
  /// renamed or deleted by its writer, or replaced by a folder). Nothing was moved; no
  /// record is due, since nothing was taken.
  case vanished
  /// The file is there, but renaming it out of its folder is refused for good (EACCES,
  /// EPERM; see `UnclaimableFile`). It stays where it is; nothing was moved.
  case unclaimable(UnclaimableFile)
}
