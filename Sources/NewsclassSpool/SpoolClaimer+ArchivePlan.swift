import SystemPackage

extension SpoolClaimer {
  /// Chooses the name in `done/` a claim will be archived under, before it is archived, so
  /// that its record can say where it went (`archived`) and be written first.
  ///
  /// The name is the first one free on disk (the suffix rule of `finish`) that `reserve`
  /// accepts: the daemon passes a closure that records the name in its own table of names
  /// promised to records not yet finished and refuses names already promised, so two
  /// claims in flight with the same name get different ones. Folders on the way are
  /// created now (a folder colliding with a file gets the suffix rule, as in `finish`).
  /// Nothing else writes into `done/` (it is private to the daemon), so the name is still
  /// free when `finish(_:at:)` moves the claim there.
  public func planArchive(_ claim: Claim, reserve: (SpoolPath) -> Bool) throws(SpoolError) -> SpoolPath {
    let done = layout.descriptor(.done)
    let folder: DirectoryHandle
    do throws(Errno) {
      folder = try DirectoryHandle.make(claim.path.parent, below: done, permissions: SpoolDirectory.done.permissions)
    } catch {
      throw SpoolError(operation: "mkdirat", path: "done/" + (claim.path.parent?.displayString ?? ""), errno: error)
    }
    defer { folder.close() }
    let original = claim.path.lastComponent
    do throws(Errno) {
      var number = try ArchiveName.firstFree { number throws(Errno) in
        try folder.descriptor.hasEntry(ArchiveName.suffixed(original, number))
      }
      // `number` was free when probed; later numbers are probed one by one (only a name
      // reserved by another claim in flight gets this far).
      while true {
        let candidate = ArchiveName.suffixed(original, number)
        let path = Self.donePath(folder.components, candidate)
        if reserve(path) { return path }
        repeat {
          number += 1
        } while try folder.descriptor.hasEntry(ArchiveName.suffixed(original, number))
      }
    } catch {
      throw SpoolError(operation: "fstatat", path: "done/" + claim.path.displayString, errno: error)
    }
  }

  /// Moves a claim to exactly `destination` (from `planArchive`, relative to the spool
  /// root, `done/…`), never overwriting, and returns where it went. Only if that name was
  /// taken meanwhile, or a folder on the way is no longer a folder (someone else wrote
  /// into `done/`), does it fall back to `finish(claim, archive: true)`'s suffix rule;
  /// the returned path then differs from `destination` and the caller should say so.
  @discardableResult
  public func finish(_ claim: Claim, at destination: SpoolPath) throws(SpoolError) -> SpoolPath {
    let components = destination.components
    guard components.count >= 2, components[0].elementsEqual(SpoolDirectory.done.name.utf8) else {
      return try finish(claim, archive: true) ?? destination
    }
    let name = Array(components[components.count - 1])
    let folders = components.dropFirst().dropLast().map { Array($0) }
    let folderPath = folders.isEmpty ? nil : SpoolPath(unchecked: Array(folders.joined(separator: [SpoolPath.separator])))
    let done = layout.descriptor(.done)
    let folder: DirectoryHandle
    do throws(Errno) {
      folder = try DirectoryHandle.make(folderPath, below: done, permissions: SpoolDirectory.done.permissions)
    } catch {
      throw SpoolError(operation: "mkdirat", path: "done/" + (folderPath?.displayString ?? ""), errno: error)
    }
    defer { folder.close() }
    guard folder.components == folders else {
      return try finish(claim, archive: true) ?? destination
    }
    do throws(Errno) {
      try layout.descriptor(.processing).rename(
        at: claim.processingName.bytes, to: folder.descriptor, as: name, options: .noReplace, using: renameAt2)
    } catch .fileExists {
      return try finish(claim, archive: true) ?? destination
    } catch {
      throw SpoolError(operation: "renameat2", path: layout.display(.processing, claim.processingName.bytes), errno: error)
    }
    if claim.hasSidecar, let token = claim.tokenBytes { removeSidecar(token: token) }
    return destination
  }

  private static func donePath(_ folders: [[UInt8]], _ name: [UInt8]) -> SpoolPath {
    var bytes = Array(SpoolDirectory.done.name.utf8)
    for component in folders + [name] {
      bytes += [SpoolPath.separator] + component
    }
    return SpoolPath(unchecked: bytes)
  }
}

extension SpoolClaimer {
  /// When the claim was taken, in ms since the epoch: the ctime of its entry in
  /// `processing/`, which the claim's rename set (the kernel's coarse clock may put it a
  /// tick earlier, never later). Nil when the entry cannot be stat'ed. For recovery:
  /// records written before this belong to an earlier drop of the same name.
  public func claimTime(_ claim: Claim) -> Int64? {
    guard let status = try? layout.descriptor(.processing).status(at: claim.processingName.bytes) else { return nil }
    let ctime = status.st_ctim
    return Int64(ctime.tv_sec) * 1000 + Int64(ctime.tv_nsec) / 1_000_000
  }
}
