/// A file the daemon has taken: renamed from `incoming/` into `processing/`.
///
/// Once claimed, nobody else can take the file, and whatever happens to the daemon it
/// stays in `processing/` until `finish` or `fail` moves it on; at start-up
/// `SpoolClaimer.recoverClaims` lists the claims left there, with their original names.
public struct Claim: Sendable, Hashable, CustomStringConvertible {
  /// The name it was dropped under, relative to `incoming/` (the record's `file`).
  public let path: SpoolPath

  /// The claim's unique 16-hex-digit token; nil for an entry of `processing/` that the
  /// daemon did not name (then `path` is that entry's name).
  public let token: String?

  /// The entry's name inside `processing/`.
  public let processingName: SpoolPath

  /// Whether the original name is kept in the sidecar `TOKEN.name` (names too long to
  /// encode in the claim's own name).
  internal let hasSidecar: Bool

  internal init(path: SpoolPath, token: [UInt8]?, processingName: [UInt8], hasSidecar: Bool) {
    self.path = path
    self.token = token.map { String(decoding: $0, as: UTF8.self) }
    self.processingName = SpoolPath(unchecked: processingName)
    self.hasSidecar = hasSidecar
  }

  public var description: String {
    "\(path.displayString) (processing/\(processingName.displayString))"
  }

  internal var tokenBytes: [UInt8]? { token.map { Array($0.utf8) } }
}
