import CSystemd

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads journal entries back (sd-journal(3)): the local journal, a folder of journal
/// files (systemd-journal-remote's output) or named files, filtered by field matches,
/// one entry at a time.
///
/// Values are handed out as bytes that stay valid only until the next call on the reader
/// (they point into libsystemd's mapping); copy what must be kept. Not thread-safe: one
/// reader per thread, as sd-journal requires.
public final class JournalReader {
  public enum Source: Sendable, Equatable, CustomStringConvertible {
    /// This machine's journal (system, user and runtime files; not other machines' files).
    case local
    /// Every journal file in a folder and its immediate subfolders.
    case directory(String)
    /// These journal files.
    case files([String])

    public var description: String {
      switch self {
      case .local: return "the local journal"
      case .directory(let path): return path
      case .files(let paths): return paths.joined(separator: ", ")
      }
    }
  }

  private let handle: OpaquePointer

  /// Opens `source`. Fields are read whole, however long (no data threshold).
  public init(_ source: Source) throws(SystemdError) {
    var opened: OpaquePointer?
    let result: Int32
    switch source {
    case .local:
      result = sd_journal_open(&opened, Int32(SD_JOURNAL_LOCAL_ONLY))
    case .directory(let path):
      result = sd_journal_open_directory(&opened, path, 0)
    case .files(let paths):
      var copies = paths.map { strdup($0) }
      defer { copies.forEach { free($0) } }
      copies.append(nil)
      result = copies.withUnsafeMutableBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) {
          sd_journal_open_files(&opened, $0, 0)
        }
      }
    }
    guard result >= 0, let opened else {
      throw SystemdError(negativeReturn: min(result, -Int32(EINVAL)), operation: "sd_journal_open")
    }
    handle = opened
    _ = sd_journal_set_data_threshold(handle, 0)
  }

  deinit {
    sd_journal_close(handle)
  }

  /// Only entries with `field=value`. Matches on one field are alternatives (any may
  /// hold); matches on different fields must all hold.
  public func addMatch(_ field: JournalField, _ value: String) throws(SystemdError) {
    var match = Array("\(field.name)=\(value)".utf8)
    let result = match.withUnsafeMutableBytes { sd_journal_add_match(handle, $0.baseAddress, $0.count) }
    if result < 0 { throw SystemdError(negativeReturn: result, operation: "sd_journal_add_match") }
  }

  /// Back to before the first entry.
  public func seekToStart() throws(SystemdError) {
    let result = sd_journal_seek_head(handle)
    if result < 0 { throw SystemdError(negativeReturn: result, operation: "sd_journal_seek_head") }
  }

  /// To just before the first entry journald received at or after `microseconds` since
  /// the epoch.
  public func seek(realtimeMicroseconds microseconds: UInt64) throws(SystemdError) {
    let result = sd_journal_seek_realtime_usec(handle, microseconds)
    if result < 0 { throw SystemdError(negativeReturn: result, operation: "sd_journal_seek_realtime_usec") }
  }

  /// Moves to the next matching entry; false at the end (for now: a file may grow).
  public func next() throws(SystemdError) -> Bool {
    let result = sd_journal_next(handle)
    if result < 0 { throw SystemdError(negativeReturn: result, operation: "sd_journal_next") }
    return result > 0
  }

  /// Takes in what changed in the files since the last call (appended entries, a file
  /// rotated by journald); needed before `next()` can see entries written meanwhile.
  public func refresh() {
    if sd_journal_get_fd(handle) >= 0 { _ = sd_journal_process(handle) }
  }

  /// The value of `field` in the current entry (its first occurrence), or nil if the
  /// entry has none.
  public func withValue<Result>(of field: JournalField, _ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result? {
    var data: UnsafeRawPointer?
    var length = 0
    guard sd_journal_get_data(handle, field.name, &data, &length) >= 0, let data else { return nil }
    let prefix = field.name.utf8.count + 1
    guard length >= prefix else { return nil }
    return try body(UnsafeRawBufferPointer(start: data + prefix, count: length - prefix))
  }

  /// The value of `field` as text (invalid UTF-8 repaired).
  public func value(of field: JournalField) -> String? {
    withValue(of: field) { String(decoding: $0, as: UTF8.self) }
  }

  /// Every field of the current entry, repeated ones once per value, in the entry's order:
  /// name and value.
  public func forEachField(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) rethrows {
    sd_journal_restart_data(handle)
    var data: UnsafeRawPointer?
    var length = 0
    while sd_journal_enumerate_data(handle, &data, &length) > 0 {
      guard let data else { continue }
      let bytes = UnsafeRawBufferPointer(start: data, count: length)
      guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { continue }
      try body(
        UnsafeRawBufferPointer(rebasing: bytes[..<equals]), UnsafeRawBufferPointer(rebasing: bytes[(equals + 1)...]))
    }
  }

  /// When journald received the current entry, µs since the epoch.
  public var realtimeMicroseconds: UInt64? {
    var microseconds: UInt64 = 0
    return sd_journal_get_realtime_usec(handle, &microseconds) >= 0 ? microseconds : nil
  }

  /// The current entry's cursor (a stable name for it, see sd_journal_get_cursor(3)).
  public var cursor: String? {
    var text: UnsafeMutablePointer<CChar>?
    guard sd_journal_get_cursor(handle, &text) >= 0, let text else { return nil }
    defer { free(text) }
    return String(cString: text)
  }
}
