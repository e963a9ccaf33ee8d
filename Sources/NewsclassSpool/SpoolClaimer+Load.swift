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
    let processing = layout.descriptor(.processing)
    let name = claim.processingName.bytes
    let location = layout.display(.processing, name)

    let listed: Stat
    do throws(Errno) {
      listed = try processing.status(at: name)
    } catch .permissionDenied, .notPermitted {
      return .rejected(SpoolRejection(reason: .unreadable, detail: "stat: \(Errno.permissionDenied)", size: nil))
    } catch {
      throw SpoolError(operation: "fstatat", path: location, errno: error)
    }
    if let rejection = Self.rejection(for: listed, maxBytes: maxBytes) { return .rejected(rejection) }

    let file: FileDescriptor
    do throws(Errno) {
      file = try processing.open(at: name, .readOnly, options: [.noFollow, .nonBlocking, .closeOnExec])
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
