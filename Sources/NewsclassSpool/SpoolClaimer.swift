import SystemPackage

/// The claim → read → archive/fail path of one file, on disk.
///
/// - `claim` renames a name from `incoming/` into `processing/` (atomic, RENAME_NOREPLACE,
///   never following a link: the folders on the way are opened with O_NOFOLLOW, and the
///   rename moves a link or FIFO itself, which is then rejected by `load`).
/// - `load` reads it, or says why not (`SpoolRejection`), never blocking.
/// - `finish` archives it into `done/` (or deletes it), `fail` moves it into `failed/`
///   with `NAME.reason.json`; neither ever overwrites (see `ArchiveName` for the suffix).
/// - `recoverClaims` lists what a previous run left in `processing/`.
///
/// Durability — which renames are fsynced, and why the others need not be:
/// - The claim is not fsynced. The event log decides: a claim lost in a crash puts the
///   file back in `incoming/`, where it is taken again; it had no durable record yet
///   unless the log was fsynced after it. To make "record durable ⇒ claim durable" hold on
///   any file system, call `layout.sync(.processing)` once per group commit, just before
///   the log's fsync (on ext4 that costs nothing extra: one journal commit covers both).
/// - `finish` and `fail` are not fsynced either: they run after the record is durable, and
///   a move lost in a crash leaves the file in `processing/`, where recovery finds it
///   again; the daemon then sees its record in the log and finishes it without a second
///   one. (The sidecar of a long name is the exception: it is written and fsynced, with
///   `processing/`, before the claim that depends on it.)
/// - `NAME.reason.json` is written to a temporary name, fsynced, and renamed into place,
///   so it is never seen half-written.
///
/// All methods may be called from several threads at once.
public struct SpoolClaimer: Sendable {
  public let layout: SpoolLayout
  internal let renameAt2: RenameAt2
  internal let tokens = TokenSource()

  public init(layout: SpoolLayout) {
    self.init(layout: layout, renameAt2: RenameAt2())
  }

  internal init(layout: SpoolLayout, renameAt2: RenameAt2) {
    self.layout = layout
    self.renameAt2 = renameAt2
  }

  /// Takes `path` (relative to `incoming/`) by renaming it into `processing/`.
  ///
  /// Returns `.vanished` when there is no such file any more — including when a folder on
  /// the way is now a symbolic link or a file, and when the name is now a folder (whose
  /// files are taken one by one) — and `.unclaimable` when the rename is refused with
  /// EACCES or EPERM (a folder the daemon may not write, a sticky folder, an immutable
  /// file: see `UnclaimableFile`). Throws for what the daemon must hear about and may
  /// retry: a folder on the way it cannot open, EROFS, EXDEV, ENOSPC (writing a sidecar),
  /// EMFILE.
  public func claim(_ path: SpoolPath) throws(SpoolError) -> ClaimResult {
    let incoming = layout.descriptor(.incoming)
    let processing = layout.descriptor(.processing)
    let folder: DirectoryHandle
    do throws(Errno) {
      folder = try DirectoryHandle.open(path.parent, below: incoming)
    } catch .noSuchFileOrDirectory, .notDirectory, .tooManySymbolicLinkLevels {
      return .vanished
    } catch {
      throw SpoolError(operation: "open", path: "incoming/" + (path.parent?.displayString ?? ""), errno: error)
    }
    defer { folder.close() }
    let name = path.lastComponent

    let listed: Stat
    do throws(Errno) {
      listed = try folder.descriptor.status(at: name)
      if listed.type == .directory { return .vanished }
    } catch .noSuchFileOrDirectory, .notDirectory {
      return .vanished
    } catch {
      throw SpoolError(operation: "fstatat", path: "incoming/" + path.displayString, errno: error)
    }

    for _ in 0..<8 {
      let token = tokens.next()
      var target = token
      let hasSidecar: Bool
      if let encoded = ClaimName.encoded(token: token, path: path) {
        target = encoded
        hasSidecar = false
      } else {
        try writeSidecar(token: token, path: path)
        hasSidecar = true
      }
      do throws(Errno) {
        try folder.descriptor.rename(at: name, to: processing, as: target, options: .noReplace, using: renameAt2)
        return .claimed(Claim(path: path, token: token, processingName: target, hasSidecar: hasSidecar))
      } catch .noSuchFileOrDirectory, .notDirectory {
        if hasSidecar { removeSidecar(token: token) }
        return .vanished
      } catch .fileExists {
        if hasSidecar { removeSidecar(token: token) }
        continue
      } catch where UnclaimableFile.refuses(error) {
        if hasSidecar { removeSidecar(token: token) }
        return .unclaimable(UnclaimableFile(path: path, file: listed, folder: try? folder.descriptor.stat(), errno: error))
      } catch {
        if hasSidecar { removeSidecar(token: token) }
        throw SpoolError(operation: "renameat2", path: "incoming/" + path.displayString, errno: error)
      }
    }
    throw SpoolError(operation: "claim", path: "incoming/" + path.displayString, errno: .fileExists)
  }

  /// The claims a previous run left in `processing/`, sorted by token, each with the name
  /// it was dropped under. Entries the daemon did not name are returned too (token nil,
  /// path = the entry's name) so that nothing stays there unrecorded; sidecars whose claim
  /// is gone (a crash between the two) are deleted.
  public func recoverClaims() throws(SpoolError) -> [Claim] {
    let processing = layout.descriptor(.processing)
    let stream = try spoolCall("readdir", "processing") { () throws(Errno) in
      try DirectoryStream(taking: try processing.openDirectory(at: [0x2E]))
    }
    var claims: [Claim] = []
    var bare: [[UInt8]] = []
    var sidecars: Set<[UInt8]> = []
    while true {
      let entry: DirectoryStream.Entry?
      do throws(Errno) {
        entry = try stream.next()
      } catch {
        throw SpoolError(operation: "readdir", path: "processing", errno: error)
      }
      guard let entry else { break }
      switch ClaimName.parse(entry.name) {
      case .encoded(let token, let path):
        claims.append(Claim(path: path, token: token, processingName: entry.name, hasSidecar: false))
      case .bare(let token):
        bare.append(token)
      case .sidecar(let token):
        sidecars.insert(token)
      case .foreign:
        claims.append(Claim(path: SpoolPath(unchecked: entry.name), token: nil, processingName: entry.name, hasSidecar: false))
      }
    }
    for token in bare {
      if sidecars.remove(token) != nil, let path = readSidecar(token: token) {
        claims.append(Claim(path: path, token: token, processingName: token, hasSidecar: true))
      } else {
        // The name was lost; the token is all there is to call it by.
        claims.append(Claim(path: SpoolPath(unchecked: token), token: token, processingName: token, hasSidecar: false))
      }
    }
    for orphan in sidecars { removeSidecar(token: orphan) }
    return claims.sorted { $0.processingName < $1.processingName }
  }

  // MARK: Sidecars

  private func writeSidecar(token: [UInt8], path: SpoolPath) throws(SpoolError) {
    let processing = layout.descriptor(.processing)
    let name = ClaimName.sidecar(token: token)
    try spoolCall("write sidecar", layout.display(.processing, name)) { () throws(Errno) in
      let file = try processing.open(
        at: name, .writeOnly, options: [.create, .exclusiveCreate, .noFollow, .closeOnExec],
        permissions: FilePermissions(rawValue: 0o600))
      do throws(Errno) {
        do throws(Errno) {
          try file.writeAll(path.bytes)
          try file.sync()
        } catch {
          file.closeQuietly()
          throw error
        }
        try file.closeChecked()
      } catch {
        try? processing.unlink(at: name)
        throw error
      }
      try processing.sync()
    }
  }

  private func readSidecar(token: [UInt8]) -> SpoolPath? {
    let processing = layout.descriptor(.processing)
    guard let file = try? processing.open(
      at: ClaimName.sidecar(token: token), .readOnly, options: [.noFollow, .nonBlocking, .closeOnExec])
    else { return nil }
    defer { file.closeQuietly() }
    guard let bytes = try? ContentReader.readAll(file, limit: 64 * 1024) else { return nil }
    return SpoolPath(bytes: bytes)
  }

  internal func removeSidecar(token: [UInt8]) {
    try? layout.descriptor(.processing).unlink(at: ClaimName.sidecar(token: token))
  }
}
