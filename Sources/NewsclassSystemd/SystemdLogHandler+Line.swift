import Logging

extension SystemdLogHandler {
  /// The line `log(event:)` writes for `event` to a stream, newline included:
  /// `newsclass: MESSAGE` for info and below, `newsclass: warning: MESSAGE` from warning
  /// up, then the metadata as ` key=value` in key order (`message_id` left out).
  public func line(for event: LogEvent) -> [UInt8] {
    line(for: event, metadata: effectiveMetadata(of: event))
  }

  internal func line(for event: LogEvent, metadata: Logger.Metadata) -> [UInt8] {
    var line: [UInt8] = []
    line.reserveCapacity(128)
    line.append(contentsOf: identifier.utf8)
    line.append(contentsOf: ": ".utf8)
    if event.level >= .warning {
      line.append(contentsOf: event.level.rawValue.utf8)
      line.append(contentsOf: ": ".utf8)
    }
    SystemdLogHandler.appendEscaped(SystemdLogHandler.messageText(of: event), to: &line)
    for (key, value) in metadata.sorted(by: { $0.key < $1.key })
    where key != SystemdLogHandler.messageIDMetadataKey {
      line.append(UInt8(ascii: " "))
      SystemdLogHandler.appendEscaped(key, to: &line)
      line.append(UInt8(ascii: "="))
      SystemdLogHandler.appendQuotedIfNeeded(SystemdLogHandler.lineText(of: value), to: &line)
    }
    line.append(UInt8(ascii: "\n"))
    return line
  }

  /// A metadata value as text: an array as its elements joined by commas
  /// (`topics=corruption,climate`), rather than Swift's quoted array syntax.
  private static func lineText(of value: Logger.MetadataValue) -> String {
    switch value {
    case .string(let text): text
    case .stringConvertible(let convertible): convertible.description
    case .array(let elements): elements.map { lineText(of: $0) }.joined(separator: ",")
    case .dictionary: value.description
    }
  }

  /// `text` with control characters as `\n`, `\r`, `\t`, `\xHH` (C0 and DEL) or
  /// `\u{HHHH}` (C1, line and paragraph separators): everything that could end or
  /// rewrite a terminal line. Backslashes stay as they are, for readable paths, except
  /// inside quotes, where `"` and `\` are escaped too.
  internal static func appendEscaped(
    _ text: String, to line: inout [UInt8], inQuotes: Bool = false
  ) {
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A: line.append(contentsOf: #"\n"#.utf8)
      case 0x0D: line.append(contentsOf: #"\r"#.utf8)
      case 0x09: line.append(contentsOf: #"\t"#.utf8)
      case 0x00..<0x20, 0x7F:
        line.append(contentsOf: #"\x"#.utf8)
        appendHex(scalar.value, digits: 2, to: &line)
      case 0x80..<0xA0, 0x2028, 0x2029:
        line.append(contentsOf: #"\u{"#.utf8)
        appendHex(scalar.value, digits: 4, to: &line)
        line.append(UInt8(ascii: "}"))
      case 0x22 where inQuotes, 0x5C where inQuotes:
        line.append(UInt8(ascii: "\\"))
        line.append(UInt8(truncatingIfNeeded: scalar.value))
      case 0x20..<0x7F:
        line.append(UInt8(truncatingIfNeeded: scalar.value))
      default:
        UTF8.encode(scalar) { line.append($0) }
      }
    }
  }

  /// A metadata value, in double quotes when it is empty or holds a space, `"` or `=`, so
  /// that the pairs can be told apart.
  internal static func appendQuotedIfNeeded(_ text: String, to line: inout [UInt8]) {
    let needsQuotes =
      text.isEmpty
      || text.utf8.contains {
        $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=")
      }
    if needsQuotes { line.append(UInt8(ascii: "\"")) }
    appendEscaped(text, to: &line, inQuotes: needsQuotes)
    if needsQuotes { line.append(UInt8(ascii: "\"")) }
  }

  private static func appendHex(_ value: UInt32, digits: Int, to line: inout [UInt8]) {
    for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
      let digit = UInt8(truncatingIfNeeded: (value >> UInt32(shift)) & 0xF)
      line.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "A") + digit - 10)
    }
  }
}
