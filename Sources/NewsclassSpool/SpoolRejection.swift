/// Why a claimed file cannot be classified, found before reading its content. The file goes
/// to `failed/` with its reason, and its record is `rejected`.
public struct SpoolRejection: Sendable, Hashable, CustomStringConvertible {
  /// The contract's machine words for the reasons the spool itself can find.
  public enum Reason: String, Sendable, Hashable, CaseIterable {
    /// A symbolic link, FIFO, socket, device node or folder. Never followed, never opened.
    case notRegularFile = "not_regular_file"
    /// open or read was refused (mode 000 file: EACCES) or failed (EIO).
    case unreadable
    /// Larger than `max_bytes`: rejected, never truncated.
    case tooLarge = "too_large"
  }

  public let reason: Reason
  /// Human text: for `not_regular_file` one of "symlink", "FIFO", "socket", "device",
  /// "directory"; for the others what was found, e.g. "open: Permission denied",
  /// "10485761 bytes exceeds max_bytes 10485760".
  public let detail: String
  /// The size in bytes when known (a regular file's st_size), for the record's `bytes`.
  public let size: Int64?

  public init(reason: Reason, detail: String, size: Int64?) {
    self.reason = reason
    self.detail = detail
    self.size = size
  }

  public var description: String { "\(reason.rawValue): \(detail)" }
}
