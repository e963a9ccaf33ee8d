#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The journal stream systemd connected a service's stdout/stderr to, as it announces in
/// `$JOURNAL_STREAM` (`DEVICE:INODE` of that socket).
///
/// The variable alone proves little: it is inherited by children whose stderr was
/// redirected elsewhere (a shell started from the service, `2>file`). Only when the
/// descriptor still is that very socket should a program switch to native entries, which
/// is what `matches(fileDescriptor:)` checks.
public struct JournalStream: Hashable, Sendable, CustomStringConvertible {
  public var device: UInt64
  public var inode: UInt64

  public init(device: UInt64, inode: UInt64) {
    self.device = device
    self.inode = inode
  }

  /// Parses `DEVICE:INODE`, both decimal; nil for anything else.
  public init?(parsing text: some StringProtocol) {
    let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2,
      parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
      let device = UInt64(parts[0]), let inode = UInt64(parts[1])
    else { return nil }
    self.init(device: device, inode: inode)
  }

  /// The stream named by `$JOURNAL_STREAM`, or nil when it is unset or malformed.
  public static func fromEnvironment() -> JournalStream? {
    guard let value = getenv("JOURNAL_STREAM") else { return nil }
    return JournalStream(parsing: String(cString: value))
  }

  /// The stream's identity, to put in `JOURNAL_STREAM` for a descriptor you made one;
  /// nil if `fstat` fails (not an open descriptor).
  public init?(fileDescriptor: Int32) {
    var status = stat()
    guard fstat(fileDescriptor, &status) == 0 else { return nil }
    self.init(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
  }

  /// Whether `fileDescriptor` is this stream.
  public func matches(fileDescriptor: Int32) -> Bool {
    JournalStream(fileDescriptor: fileDescriptor) == self
  }

  /// Whether this process's stderr goes to the journal: `$JOURNAL_STREAM` names it.
  public static var isStandardErrorConnected: Bool {
    fromEnvironment()?.matches(fileDescriptor: STDERR_FILENO) ?? false
  }

  public var description: String { "\(device):\(inode)" }
}
