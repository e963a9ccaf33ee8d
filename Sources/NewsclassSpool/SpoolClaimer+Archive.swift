import SystemPackage

extension SpoolClaimer {
  /// Moves a claim out of `processing/` once its record is durable: into
  /// `done/<original relative path>` when `archive` is set, returning where it went
  /// (relative to the spool root, e.g. `done/a/x.1.txt` after a collision), or deletes it
  /// and returns nil. Subfolders are recreated in `done/` (mode 0750); nothing is ever
  /// overwritten (RENAME_NOREPLACE, then the suffix rule of `ArchiveName`).
  @discardableResult
  public func finish(_ claim: Claim, archive: Bool) throws(SpoolError) -> SpoolPath? {
    let processing = layout.descriptor(.processing)
    let name = claim.processingName.bytes
    guard archive else {
      do throws(Errno) {
        do throws(Errno) {
          try processing.unlink(at: name)
        } catch .isDirectory {
          try processing.unlink(at: name, removeDirectory: true)
        }
      } catch {
        throw SpoolError(operation: "unlinkat", path: layout.display(.processing, name), errno: error)
      }
      if claim.hasSidecar, let token = claim.tokenBytes { removeSidecar(token: token) }
      return nil
    }
    let folder = try makeFolder(for: claim, in: .done)
    defer { folder.close() }
    let placed = try moveClaim(claim, into: folder, reserve: 0, companion: nil)
    if claim.hasSidecar, let token = claim.tokenBytes { removeSidecar(token: token) }
    return Self.spoolPath(.done, folder, placed)
  }

  /// Moves a rejected claim into `failed/<original relative path>` (never overwriting) and
  /// writes `<that name>.reason.json` beside it:
  /// `{"file":…,"reason":…,"detail":…,"time":…}` on one line, `file` in display form
  /// (`SpoolPath.displayString`), `time` RFC 3339 UTC with milliseconds (now, unless given —
  /// pass the record's time to make the two agree). Returns where the file went, relative
  /// to the spool root.
  ///
  /// The reason is written first, to a temporary dot-name, and fsynced; then the file is
  /// moved; then the reason is renamed into place. So a full disk fails this call before
  /// anything moved (the claim stays in `processing/`, to be retried), and a reader never
  /// sees a half-written reason. A suffix is chosen so that both `NAME` and
  /// `NAME.reason.json` are free; names are shortened to leave room for `.reason.json`.
  @discardableResult
  public func fail(_ claim: Claim, reason: String, detail: String, time: String? = nil) throws(SpoolError) -> SpoolPath {
    let folder = try makeFolder(for: claim, in: .failed)
    defer { folder.close() }
    let json = JSONText.object([
      "file": claim.path.displayString,
      "reason": reason,
      "detail": detail,
      "time": time ?? Timestamp.now(),
    ]) + "\n"
    let temporary = try writeTemporary(Array(json.utf8), in: folder)

    var placed: [UInt8]
    do throws(SpoolError) {
      placed = try moveClaim(claim, into: folder, reserve: Self.reasonSuffix.count, companion: Self.reasonSuffix)
    } catch {
      try? folder.descriptor.unlink(at: temporary)
      throw error
    }
    var attempts = 0
    while true {
      do throws(Errno) {
        try folder.descriptor.rename(
          at: temporary, to: folder.descriptor, as: placed + Self.reasonSuffix, options: .noReplace, using: renameAt2)
        break
      } catch .fileExists where attempts < 16 {
        // Another NAME.reason.json appeared meanwhile: move the file on to a free pair.
        attempts += 1
        placed = try moveWithin(folder, placed, original: claim.path.lastComponent, reserve: Self.reasonSuffix.count)
      } catch {
        try? folder.descriptor.unlink(at: temporary)
        throw SpoolError(operation: "renameat2", path: "failed/" + SpoolPath.displayString(of: placed + Self.reasonSuffix), errno: error)
      }
    }
    if claim.hasSidecar, let token = claim.tokenBytes { removeSidecar(token: token) }
    return Self.spoolPath(.failed, folder, placed)
  }

  // MARK: Internals

  internal static var reasonSuffix: [UInt8] { Array(".reason.json".utf8) }

  private func makeFolder(for claim: Claim, in directory: SpoolDirectory) throws(SpoolError) -> DirectoryHandle {
    let base = layout.descriptor(directory)
    do throws(Errno) {
      return try DirectoryHandle.make(claim.path.parent, below: base, permissions: directory.permissions)
    } catch {
      throw SpoolError(operation: "mkdirat", path: directory.name + "/" + (claim.path.parent?.displayString ?? ""), errno: error)
    }
  }

  /// Renames the claim from `processing/` to the first free suffixed name in `folder`.
  private func moveClaim(
    _ claim: Claim, into folder: DirectoryHandle, reserve: Int, companion: [UInt8]?
  ) throws(SpoolError) -> [UInt8] {
    let processing = layout.descriptor(.processing)
    let original = claim.path.lastComponent
    var number = 0
    if companion != nil || ArchiveName.suffixed(original, 0, reserve: reserve).count != original.count {
      number = try firstFree(original, in: folder, reserve: reserve, companion: companion)
    }
    // Without a companion, the usual case (no collision) costs one renameat2; only a
    // collision pays for the search.
    var searched = number != 0 || companion != nil
    while true {
      let candidate = ArchiveName.suffixed(original, number, reserve: reserve)
      do throws(Errno) {
        if let companion, try folder.descriptor.hasEntry(candidate + companion) {
          number += 1
          continue
        }
        try processing.rename(
          at: claim.processingName.bytes, to: folder.descriptor, as: candidate, options: .noReplace, using: renameAt2)
        return candidate
      } catch .fileExists {
        if searched {
          number += 1
        } else {
          searched = true
          number = try firstFree(original, in: folder, reserve: reserve, companion: companion)
        }
      } catch {
        throw SpoolError(operation: "renameat2", path: layout.display(.processing, claim.processingName.bytes), errno: error)
      }
    }
  }

  /// Moves the entry `current` of `folder` to the next free suffixed form of `original`.
  private func moveWithin(
    _ folder: DirectoryHandle, _ current: [UInt8], original: some Collection<UInt8>, reserve: Int
  ) throws(SpoolError) -> [UInt8] {
    var number = try firstFree(original, in: folder, reserve: reserve, companion: Self.reasonSuffix)
    while true {
      let candidate = ArchiveName.suffixed(original, number, reserve: reserve)
      if candidate == current {
        number += 1
        continue
      }
      do throws(Errno) {
        try folder.descriptor.rename(at: current, to: folder.descriptor, as: candidate, options: .noReplace, using: renameAt2)
        return candidate
      } catch .fileExists {
        number += 1
      } catch {
        throw SpoolError(operation: "renameat2", path: "failed/" + SpoolPath.displayString(of: current), errno: error)
      }
    }
  }

  private func firstFree(
    _ name: some Collection<UInt8>, in folder: DirectoryHandle, reserve: Int, companion: [UInt8]?
  ) throws(SpoolError) -> Int {
    do throws(Errno) {
      return try ArchiveName.firstFree { number throws(Errno) in
        let candidate = ArchiveName.suffixed(name, number, reserve: reserve)
        if try folder.descriptor.hasEntry(candidate) { return true }
        if let companion { return try folder.descriptor.hasEntry(candidate + companion) }
        return false
      }
    } catch {
      throw SpoolError(operation: "fstatat", path: SpoolPath.displayString(of: name), errno: error)
    }
  }

  /// Writes `bytes` to a new dot-named file in `folder`, fsynced; returns its name.
  private func writeTemporary(_ bytes: [UInt8], in folder: DirectoryHandle) throws(SpoolError) -> [UInt8] {
    while true {
      let name = [UInt8(ascii: ".")] + tokens.next() + Array(".reason.tmp".utf8)
      let file: FileDescriptor
      do throws(Errno) {
        file = try folder.descriptor.open(
          at: name, .writeOnly, options: [.create, .exclusiveCreate, .noFollow, .closeOnExec],
          permissions: FilePermissions(rawValue: 0o640))
      } catch .fileExists {
        continue
      } catch {
        throw SpoolError(operation: "openat", path: "failed/" + SpoolPath.displayString(of: name), errno: error)
      }
      do throws(Errno) {
        do throws(Errno) {
          try file.writeAll(bytes)
          try file.sync()
        } catch {
          file.closeQuietly()
          throw error
        }
        try file.closeChecked()
        return name
      } catch {
        try? folder.descriptor.unlink(at: name)
        throw SpoolError(operation: "write", path: "failed/" + SpoolPath.displayString(of: name), errno: error)
      }
    }
  }

  private static func spoolPath(_ directory: SpoolDirectory, _ folder: DirectoryHandle, _ name: [UInt8]) -> SpoolPath {
    var bytes = Array(directory.name.utf8)
    for component in folder.components + [name] {
      bytes += [SpoolPath.separator] + component
    }
    return SpoolPath(unchecked: bytes)
  }
}
