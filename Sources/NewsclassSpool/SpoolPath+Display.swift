// The display form of a spool path: text for logs, JSON records and people.
//
// Rules (lossless, reversible with `SpoolPath(displayString:)`):
// - every well-formed UTF-8 sequence is kept as the character it encodes (newlines and
//   other control characters included: JSON encoders escape those their own way);
// - every byte that is not part of a well-formed UTF-8 sequence becomes `\xHH` (two
//   uppercase hex digits), one escape per byte;
// - a backslash itself is doubled (`\\`), so an escape can never be confused with a name
//   that happens to contain the text `\xFF`.
// So `a/caf\xE9.txt` is the Latin-1 name "café.txt" in folder "a", and `back\\slash` is a
// name with one backslash in it.

extension SpoolPath: CustomStringConvertible, CustomDebugStringConvertible {
  /// The name as text: invalid bytes as `\xHH`, a backslash as `\\`, everything else as is.
  public var displayString: String { Self.displayString(of: bytes) }

  public var description: String { displayString }

  public var debugDescription: String { "SpoolPath(\"\(displayString)\")" }

  /// Reads a display string back into the raw path; nil if it is not a valid display
  /// string (a lone backslash, a malformed `\x` escape) or not a valid spool path.
  public init?(displayString: String) {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(displayString.utf8.count)
    var iterator = displayString.utf8.makeIterator()
    while let byte = iterator.next() {
      guard byte == Self.backslash else {
        bytes.append(byte)
        continue
      }
      switch iterator.next() {
      case Self.backslash:
        bytes.append(Self.backslash)
      case UInt8(ascii: "x"):
        guard let high = iterator.next().flatMap(Self.hexValue),
              let low = iterator.next().flatMap(Self.hexValue) else { return nil }
        bytes.append(high << 4 | low)
      default:
        return nil
      }
    }
    self.init(bytes: bytes)
  }

  /// The display form of any bytes (also used for single names).
  internal static func displayString(of bytes: some Collection<UInt8>) -> String {
    let bytes = Array(bytes)
    var output = String()
    output.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      let length = wellFormedSequenceLength(in: bytes, at: index)
      if length == 0 {
        output += "\\x" + hexDigits(bytes[index])
        index += 1
      } else if bytes[index] == backslash {
        output += "\\\\"
        index += 1
      } else {
        output += String(decoding: bytes[index..<(index + length)], as: UTF8.self)
        index += length
      }
    }
    return output
  }

  /// The length (1…4) of the well-formed UTF-8 sequence starting at `index`, or 0 if the
  /// byte there does not start one (Unicode, table 3-7: no overlong forms, no surrogates,
  /// nothing above U+10FFFF).
  internal static func wellFormedSequenceLength(in bytes: [UInt8], at index: Int) -> Int {
    func byte(_ offset: Int, in range: ClosedRange<UInt8>) -> Bool {
      index + offset < bytes.count && range.contains(bytes[index + offset])
    }
    let tail: ClosedRange<UInt8> = 0x80...0xBF
    switch bytes[index] {
    case 0x00...0x7F:
      return 1
    case 0xC2...0xDF:
      return byte(1, in: tail) ? 2 : 0
    case 0xE0:
      return byte(1, in: 0xA0...0xBF) && byte(2, in: tail) ? 3 : 0
    case 0xE1...0xEC, 0xEE...0xEF:
      return byte(1, in: tail) && byte(2, in: tail) ? 3 : 0
    case 0xED:
      return byte(1, in: 0x80...0x9F) && byte(2, in: tail) ? 3 : 0
    case 0xF0:
      return byte(1, in: 0x90...0xBF) && byte(2, in: tail) && byte(3, in: tail) ? 4 : 0
    case 0xF1...0xF3:
      return byte(1, in: tail) && byte(2, in: tail) && byte(3, in: tail) ? 4 : 0
    case 0xF4:
      return byte(1, in: 0x80...0x8F) && byte(2, in: tail) && byte(3, in: tail) ? 4 : 0
    default:
      return 0
    }
  }

  private static var backslash: UInt8 { 0x5C }

  private static func hexDigits(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    default: return nil
    }
  }
}
