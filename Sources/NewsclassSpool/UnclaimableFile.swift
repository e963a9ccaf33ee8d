#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// Which file an entry is, and since when it is unchanged: `st_dev`, `st_ino` and
/// `st_ctim`. Any change to the file — written, touched, chmod'ed, renamed onto another
/// inode — gives another stamp.
public struct FileStamp: Sendable, Hashable, CustomStringConvertible {
  public var device: UInt64
  public var inode: UInt64
  /// Change time: seconds since the epoch, and nanoseconds.
  public var changeSeconds: Int64
  public var changeNanoseconds: Int64

  public init(device: UInt64, inode: UInt64, changeSeconds: Int64, changeNanoseconds: Int64) {
    self.device = device
    self.inode = inode
    self.changeSeconds = changeSeconds
    self.changeNanoseconds = changeNanoseconds
  }

  internal init(_ status: Stat) {
    self.init(
      device: UInt64(status.deviceID.rawValue), inode: UInt64(status.inode.rawValue),
      changeSeconds: Int64(status.st_ctim.tv_sec), changeNanoseconds: Int64(status.st_ctim.tv_nsec))
  }

  public var description: String { "dev \(device) ino \(inode) ctime \(changeSeconds).\(changeNanoseconds)" }
}

/// A file in `incoming/` that the daemon sees but may not move out of its folder, so it
/// cannot be claimed: `SpoolClaimer.claim` returns it as `.unclaimable`.
///
/// **Which errors.** Only those that say the rename is refused for good, until someone
/// changes the folder or the file:
/// - EACCES: the folder is not writable (or searchable) by the daemon, e.g. a dropper's
///   `mkdir desk` with mode 0755 inside `incoming/`;
/// - EPERM: the folder is sticky and neither it nor the file is the daemon's, or the
///   file or folder is immutable or append-only (`chattr +i`, `+a`).
///
/// Everything else stays an error that the next event or scan retries: EROFS (the file
/// system is read-only: a state of the whole spool, usually until a remount, not of one
/// file), EXDEV, ENOSPC (writing a long name's sidecar), EMFILE, ENOMEM, EIO.
public struct UnclaimableFile: Sendable, Hashable {
  /// The name as dropped, relative to `incoming/`.
  public let path: SpoolPath
  /// The file as it was when the rename was refused.
  public let stamp: FileStamp
  /// What renameat2 said.
  public let errno: Errno
  /// The folder it sits in, as shown: `incoming` or `incoming/desk`.
  public let folder: String
  /// The folder's mode (permission bits with set-group-ID and sticky) and owner, when
  /// its fstat worked.
  public let folderMode: UInt16?
  public let folderOwner: UInt32?
  /// What the record's `detail` says: the errno, the folder's mode and owner, and the fix.
  public let detail: String

  /// The record's `reason`.
  public static let reason = "unclaimable"

  /// Whether renameat2 failing with `errno` means the file cannot be claimed until
  /// someone changes its folder or the file itself (see the type's comment).
  public static func refuses(_ errno: Errno) -> Bool {
    errno == .permissionDenied || errno == .notPermitted
  }

  internal init(path: SpoolPath, file: Stat, folder folderStatus: Stat?, errno: Errno) {
    self.path = path
    stamp = FileStamp(file)
    self.errno = errno
    folder = path.parent.map { "incoming/" + $0.displayString } ?? "incoming"
    folderMode = folderStatus.map { UInt16(truncatingIfNeeded: $0.permissions.rawValue & 0o7777) }
    folderOwner = folderStatus.map { $0.userID.rawValue }
    detail = Self.detail(
      folder: folder, mode: folderMode, owner: folderOwner, fileOwner: file.userID.rawValue, errno: errno)
  }

  private static func detail(folder: String, mode: UInt16?, owner: UInt32?, fileOwner: UInt32, errno: Errno) -> String {
    var text = "cannot move it out of \(folder)"
    if let mode, let owner { text += " (mode \(octalMode(mode)), owner \(owner))" }
    text += ": \(symbol(errno)) (\(errno))"
    let me = geteuid()
    let sticky = (mode ?? 0) & 0o1000 != 0
    if errno == .notPermitted {
      if sticky, owner != me, fileOwner != me {
        text += "; the folder is sticky and neither it nor the file belongs to the daemon: "
          + "clear the sticky bit (chmod 2770, chgrp newsclass)"
      } else {
        text += "; the file or its folder is immutable or append-only (see lsattr): chattr -i -a"
      }
    } else if folder == "incoming" {
      text += "; incoming/ must be the daemon's, mode 1730 (systemd-tmpfiles --create sets it)"
    } else {
      text += "; make the folder writable by the newsclass group (chmod 2770, chgrp newsclass)"
    }
    return text + "; the file is then taken at the next scan, or at once when renamed"
  }

  /// The C name of the errors this type is about, for people who search for it.
  private static func symbol(_ errno: Errno) -> String {
    switch errno {
    case .permissionDenied: return "EACCES"
    case .notPermitted: return "EPERM"
    default: return "errno \(errno.rawValue)"
    }
  }
}

/// A mode as `ls -l` users write it for chmod: four octal digits (`0755`, `1730`).
internal func octalMode(_ mode: UInt16) -> String {
  let digits = String(mode, radix: 8)
  return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
