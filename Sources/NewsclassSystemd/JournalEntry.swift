#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One journal entry being put together: fields in order, each `NAME=value`, where a
/// value may hold newlines or any bytes and a name may repeat
/// (`NEWSCLASS_TOPIC=corruption`, `NEWSCLASS_TOPIC=climate`).
///
/// The daemon sends one per article, thousands a second, so the fields live back to back
/// in one byte buffer rather than one allocation each, and `removeAll()` readies the
/// entry for the next article without giving up that buffer.
public struct JournalEntry: Sendable {
  /// What the contract names the daemon in the journal.
  public static let defaultSyslogIdentifier = "newsclass"

  /// Every appended field as `NAME=value`, back to back.
  private var storage: [UInt8] = []
  /// Where each appended field ends in `storage`.
  private var fieldEnds: [Int] = []
  /// `SYSLOG_IDENTIFIER=…`, kept apart so that `removeAll()` keeps it.
  private var identifierField: [UInt8]?

  private static let defaultIdentifierField = Array(
    "SYSLOG_IDENTIFIER=\(defaultSyslogIdentifier)".utf8)

  /// An empty entry. SYSLOG_IDENTIFIER is `newsclass` unless you say otherwise (nil: none).
  public init(syslogIdentifier: String? = JournalEntry.defaultSyslogIdentifier) {
    self.syslogIdentifier = syslogIdentifier
    storage.reserveCapacity(512)
    fieldEnds.reserveCapacity(16)
  }

  /// An entry with `MESSAGE` and `PRIORITY`, the two fields every entry should have.
  public init(
    message: String,
    priority: JournalPriority,
    syslogIdentifier: String? = JournalEntry.defaultSyslogIdentifier
  ) {
    self.init(syslogIdentifier: syslogIdentifier)
    append(.message, message)
    append(priority: priority)
  }

  /// The entry's SYSLOG_IDENTIFIER, sent once; appending that field sets this instead.
  public var syslogIdentifier: String? {
    get {
      identifierField.map {
        String(decoding: $0.dropFirst(JournalField.syslogIdentifier.name.utf8.count + 1),
          as: UTF8.self)
      }
    }
    set {
      switch newValue {
      case nil:
        identifierField = nil
      case JournalEntry.defaultSyslogIdentifier?:
        identifierField = JournalEntry.defaultIdentifierField
      case let identifier?:
        identifierField = Array("\(JournalField.syslogIdentifier.name)=\(identifier)".utf8)
      }
    }
  }

  /// The number of fields appended (SYSLOG_IDENTIFIER not counted).
  public var count: Int { fieldEnds.count }

  public var isEmpty: Bool { fieldEnds.isEmpty }

  /// Appends `NAME=value` with the value's UTF-8 bytes.
  public mutating func append(_ field: JournalField, _ value: some StringProtocol) {
    if field == .syslogIdentifier {
      syslogIdentifier = String(value)
      return
    }
    appendName(field)
    storage.append(contentsOf: value.utf8)
    fieldEnds.append(storage.count)
  }

  /// Appends `NAME=value` with the value as given, which need not be text.
  public mutating func append(_ field: JournalField, bytes value: some Sequence<UInt8>) {
    if field == .syslogIdentifier {
      syslogIdentifier = String(decoding: Array(value), as: UTF8.self)
      return
    }
    appendName(field)
    storage.append(contentsOf: value)
    fieldEnds.append(storage.count)
  }

  /// Appends `NAME=` and the number in decimal.
  public mutating func append(_ field: JournalField, _ value: some BinaryInteger) {
    // A decimal integer fits String's inline storage: no allocation.
    append(field, String(value))
  }

  /// Appends `PRIORITY=`.
  public mutating func append(priority: JournalPriority) {
    append(.priority, priority.rawValue)
  }

  /// Removes every appended field (SYSLOG_IDENTIFIER stays), keeping the buffer for the
  /// next entry unless told otherwise.
  public mutating func removeAll(keepingCapacity: Bool = true) {
    storage.removeAll(keepingCapacity: keepingCapacity)
    fieldEnds.removeAll(keepingCapacity: keepingCapacity)
  }

  /// Makes room for `fields` fields of `bytes` bytes in total, names included.
  public mutating func reserveCapacity(fields: Int, bytes: Int) {
    storage.reserveCapacity(bytes)
    fieldEnds.reserveCapacity(fields)
  }

  /// Every value of `field`, in order, SYSLOG_IDENTIFIER included: for tests and
  /// diagnostics, not for the hot path.
  public func values(of field: JournalField) -> [[UInt8]] {
    let prefix = Array(field.name.utf8) + [UInt8(ascii: "=")]
    var values: [[UInt8]] = []
    if let identifierField, identifierField.starts(with: prefix) {
      values.append(Array(identifierField.dropFirst(prefix.count)))
    }
    var start = 0
    for end in fieldEnds {
      let text = storage[start..<end]
      if text.starts(with: prefix) {
        values.append(Array(text.dropFirst(prefix.count)))
      }
      start = end
    }
    return values
  }

  /// Every value of `field` as text (invalid UTF-8 repaired); see `values(of:)`.
  public func strings(of field: JournalField) -> [String] {
    values(of: field).map { String(decoding: $0, as: UTF8.self) }
  }

  private mutating func appendName(_ field: JournalField) {
    storage.append(contentsOf: field.name.utf8)
    storage.append(UInt8(ascii: "="))
  }

  /// Calls `body` with one iovec per field, pointing into the entry's own buffers: no
  /// copies, and the vector itself on the stack for entries of ordinary size.
  internal func withIOVectors<Result>(
    _ body: (UnsafeBufferPointer<iovec>) -> Result
  ) -> Result {
    let identifier = identifierField ?? []
    let count = fieldEnds.count + (identifier.isEmpty ? 0 : 1)
    return withUnsafeTemporaryAllocation(of: iovec.self, capacity: count) { vectors in
      storage.withUnsafeBytes { fields in
        identifier.withUnsafeBytes { identifier in
          var index = 0
          // sd_journal_sendv only reads through iov_base; iovec just has no const.
          if let base = identifier.baseAddress, !identifier.isEmpty {
            vectors[index] = iovec(
              iov_base: UnsafeMutableRawPointer(mutating: base), iov_len: identifier.count)
            index += 1
          }
          var start = 0
          for end in fieldEnds {
            vectors[index] = iovec(
              iov_base: UnsafeMutableRawPointer(mutating: fields.baseAddress! + start),
              iov_len: end - start)
            index += 1
            start = end
          }
          return body(UnsafeBufferPointer(rebasing: vectors[..<index]))
        }
      }
    }
  }
}
