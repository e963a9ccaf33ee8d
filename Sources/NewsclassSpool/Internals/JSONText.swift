/// Just enough JSON writing for `NAME.reason.json`: strings quoted and escaped per RFC 8259.
internal enum JSONText {
  /// `value` as a JSON string literal. Quotes, backslashes and control characters are
  /// escaped; everything else (all of Unicode) is written as UTF-8.
  static func string(_ value: String) -> String {
    var output = "\""
    output.reserveCapacity(value.utf8.count + 2)
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "\u{08}": output += "\\b"
      case "\u{0C}": output += "\\f"
      case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
        let hex = String(scalar.value, radix: 16, uppercase: false)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default:
        output.unicodeScalars.append(scalar)
      }
    }
    return output + "\""
  }

  /// A one-line JSON object of string fields, in the given order.
  static func object(_ fields: KeyValuePairs<String, String>) -> String {
    "{" + fields.map { string($0.key) + ":" + string($0.value) }.joined(separator: ",") + "}"
  }
}
