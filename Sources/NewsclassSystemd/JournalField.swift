/// The name of a journal field, checked against journald's rules.
///
/// journald silently drops a field whose name breaks them, so they are enforced here
/// where the mistake can be reported: 1 to 64 characters of `A`–`Z`, `0`–`9` and `_`,
/// not starting with a digit or `_` (names starting with `_` are trusted fields that only
/// journald itself sets).
///
/// Write a fixed name as a string literal (`let topic: JournalField = "NEWSCLASS_TOPIC"`;
/// an invalid literal is a programmer error and traps); build one from data with the
/// failable initializers.
public struct JournalField: Hashable, Sendable, CustomStringConvertible {
  /// The name, e.g. `MESSAGE`.
  public let name: String

  /// The longest name journald accepts.
  public static let maximumNameLength = 64

  /// The field of that name, or nil if journald would not accept the name.
  public init?(_ name: String) {
    guard JournalField.isValidName(name) else { return nil }
    self.name = name
  }

  /// A field named after arbitrary text, e.g. a metadata key or a topic: ASCII letters
  /// upper-cased, every run of other characters turned into one `_` (none at the end),
  /// the result put after `prefix` and cut to 64 characters. Nil if that still is no valid name (empty, or
  /// starting with a digit or `_` for want of a prefix).
  ///
  /// `JournalField(sanitizing: "score-mining_ban", prefix: "NEWSCLASS_")` is
  /// `NEWSCLASS_SCORE_MINING_BAN`.
  public init?(sanitizing text: some StringProtocol, prefix: String = "") {
    var bytes = Array(prefix.utf8)
    let prefixLength = bytes.count
    var lastWasReplaced = false
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"):
        bytes.append(byte - 0x20)
        lastWasReplaced = false
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "_"):
        bytes.append(byte)
        lastWasReplaced = false
      default:
        if !lastWasReplaced { bytes.append(UInt8(ascii: "_")) }
        lastWasReplaced = true
      }
      if bytes.count > JournalField.maximumNameLength { break }
    }
    if bytes.count > JournalField.maximumNameLength {
      bytes.removeLast(bytes.count - JournalField.maximumNameLength)
    } else if lastWasReplaced && bytes.count > prefixLength {
      bytes.removeLast()  // "size (bytes)" is SIZE_BYTES, not SIZE_BYTES_
    }
    self.init(String(decoding: bytes, as: UTF8.self))
  }

  /// For names known to be valid, skipping the check.
  private init(unchecked name: String) {
    self.name = name
  }

  /// Whether journald accepts `name` from a client.
  public static func isValidName(_ name: some StringProtocol) -> Bool {
    var count = 0
    for byte in name.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"):
        break
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
        if count == 0 { return false }
      default:
        return false
      }
      count += 1
      if count > maximumNameLength { return false }
    }
    return count > 0
  }

  public var description: String { name }

  /// The human-readable text of the entry.
  public static let message = JournalField(unchecked: "MESSAGE")
  /// A 128-bit id (32 lower-case hex digits) naming the kind of event, for the catalog.
  public static let messageID = JournalField(unchecked: "MESSAGE_ID")
  /// 0 (emergency) to 7 (debug); see `JournalPriority`.
  public static let priority = JournalField(unchecked: "PRIORITY")
  /// The program's name in `journalctl` output; `JournalEntry` sets it.
  public static let syslogIdentifier = JournalField(unchecked: "SYSLOG_IDENTIFIER")
  /// An errno value the entry is about.
  public static let errno = JournalField(unchecked: "ERRNO")
  /// The source location that wrote the entry.
  public static let codeFile = JournalField(unchecked: "CODE_FILE")
  public static let codeLine = JournalField(unchecked: "CODE_LINE")
  public static let codeFunction = JournalField(unchecked: "CODE_FUNC")

  // Trusted fields, which journald adds from what it knows of the sender; a reader
  // matches on them, a writer cannot set them.
  /// The sender's /etc/machine-id.
  public static let machineID = JournalField(unchecked: "_MACHINE_ID")
  /// The sender's host name.
  public static let hostname = JournalField(unchecked: "_HOSTNAME")
}

extension JournalField: ExpressibleByStringLiteral {
  /// A fixed name; traps if journald would not accept it.
  public init(stringLiteral name: String) {
    precondition(JournalField.isValidName(name), "invalid journal field name \"\(name)\"")
    self.name = name
  }
}
