import SystemPackage

extension SpoolClaimer {
  /// Reads a claimed file, or says why it is rejected — without ever blocking and without
  /// opening anything but a regular file.
  ///
  /// In order: fstatat (not following a link) — anything but a regular file is rejected
  /// unopened (`not_regular_file`: "symlink", "FIFO", "socket", "device", "directory"); a
  /// size over `maxBytes` is rejected unread (`too_large`); then openat with
  /// O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC (EACCES/EPERM → `unreadable`, ELOOP →
  /// symlink), fstat again on the descriptor (the checks above are repeated on what was
  /// actually opened), and a read to end of file capped at `maxBytes + 1` bytes (a file
  /// that grew past the cap is `too_large`; EIO → `unreadable`).
  ///
  /// A 0-byte file is returned as empty content (the classifier's `empty`). Throws only for
  /// what is not about the file: ENOENT (the claim is not in `processing/`), EMFILE, ENOMEM.
  public func load(_ claim: Claim, maxBytes: Int) throws(SpoolError) -> LoadResult {
    let name = claim.processingName.bytes
    return try Self.load(name, in: layout.descriptor(.processing), shownAs: layout.display(.processing, name), maxBytes: maxBytes)
  }

  /// Reads a file that stays in `incoming/` (for its record's `id` and `bytes`), by the
  /// same rules as `load`. Nil when the name is gone or now names another file than
  /// `file.stamp` says: there is nothing left to record then, and a new file there is
  /// judged on its own.
  public func loadInPlace(_ file: UnclaimableFile, maxBytes: Int) throws(SpoolError) -> LoadResult? {
    let folder: DirectoryHandle
    do throws(Errno) {
      folder = try DirectoryHandle.open(file.path.parent, below: layout.descriptor(.incoming))
    } catch .noSuchFileOrDirectory, .notDirectory, .tooManySymbolicLinkLevels {
      return nil
    } catch {
      throw SpoolError(operation: "open", path: file.folder, errno: error)
    }
    defer { folder.close() }
    let name = file.path.lastComponent
    do throws(Errno) {
      let now = FileStamp(try folder.descriptor.status(at: name))
      guard now.device == file.stamp.device, now.inode == file.stamp.inode else { return nil }
    } catch .noSuchFileOrDirectory, .notDirectory {
      return nil
    } catch {
      // fstatat refused: let `load` say so.
    }
    return try Self.load(name, in: folder.descriptor, shownAs: "incoming/" + file.path.displayString, maxBytes: maxBytes)
  }

  private static func load(
    _ name: some Collection<UInt8>, in directory: FileDescriptor, shownAs location: String, maxBytes: Int
  ) throws(SpoolError) -> LoadResult {
    let listed: Stat
    do throws(Errno) {
      listed = try directory.status(at: name)
    } catch .permissionDenied, .notPermitted {
      return .rejected(SpoolRejection(reason: .unreadable, detail: "stat: \(Errno.permissionDenied)", size: nil))
    } catch {
      throw SpoolError(operation: "fstatat", path: location, errno: error)
    }
    if let rejection = Self.rejection(for: listed, maxBytes: maxBytes) { return .rejected(rejection) }

    let file: FileDescriptor
    do throws(Errno) {
      file = try directory.open(at: name, .readOnly, options: [.noFollow, .nonBlocking, .closeOnExec])
    } catch .permissionDenied, .notPermitted {
      return .rejected(SpoolRejection(reason: .unreadable, detail: "open: \(Errno.permissionDenied)", size: listed.size))
    } catch .tooManySymbolicLinkLevels {
      return .rejected(SpoolRejection(reason: .notRegularFile, detail: "symlink", size: nil))
    } catch .noSuchAddressOrDevice {
      return .rejected(SpoolRejection(reason: .notRegularFile, detail: "device", size: nil))
    } catch .ioError {
      return .rejected(SpoolRejection(reason: .unreadable, detail: "open: \(Errno.ioError)", size: listed.size))
    } catch {
      throw SpoolError(operation: "openat", path: location, errno: error)
    }
    defer { file.closeQuietly() }

    let opened: Stat
    do throws(Errno) {
      opened = try file.stat()
    } catch {
      throw SpoolError(operation: "fstat", path: location, errno: error)
    }
    if let rejection = Self.rejection(for: opened, maxBytes: maxBytes) { return .rejected(rejection) }

    let bytes: [UInt8]
    do throws(Errno) {
      bytes = try ContentReader.readAll(file, limit: maxBytes, expected: Int(opened.size))
    } catch .noMemory {
      throw SpoolError(operation: "read", path: location, errno: .noMemory)
    } catch {
      return .rejected(SpoolRejection(reason: .unreadable, detail: "read: \(error)", size: opened.size))
    }
    if bytes.count > maxBytes {
      return .rejected(SpoolRejection(
        reason: .tooLarge, detail: "grew past max_bytes \(maxBytes) while being read", size: Int64(bytes.count)))
    }
    return .content(bytes)
  }

  /// The rejection a file's status alone calls for, if any.
  internal static func rejection(for status: Stat, maxBytes: Int) -> SpoolRejection? {
    let kind = EntryKind(status.type)
    guard kind == .regular else {
      return SpoolRejection(reason: .notRegularFile, detail: kind.rejectionDetail, size: nil)
    }
    if status.size > Int64(maxBytes) {
      return SpoolRejection(
        reason: .tooLarge, detail: "\(status.size) bytes exceeds max_bytes \(maxBytes)", size: status.size)
    }
    return nil
  }
}

extension EntryKind {
  /// The `detail` of a `not_regular_file` rejection.
  var rejectionDetail: String {
    switch self {
    case .symbolicLink: return "symlink"
    case .fifo: return "FIFO"
    case .socket: return "socket"
    case .characterDevice, .blockDevice: return "device"
    case .directory: return "directory"
    case .regular, .unknown: return "unknown file type"
    }
  }
}
