/// The content of a claimed file, or why it could not be read.
public enum LoadResult: Sendable, Hashable {
  /// The whole file (possibly empty: the classifier rejects that as `empty`).
  case content([UInt8])
  case rejected(SpoolRejection)
}
