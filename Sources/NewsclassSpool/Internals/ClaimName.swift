/// How a claimed file is named inside `processing/`, so that start-up recovery can learn
/// the name it was dropped under.
///
/// `processing/` is flat. A claim is named `TOKEN~ENCODED`:
/// - `TOKEN` is 16 lowercase hex digits from the system's random generator, unique per
///   claim (the claim's rename uses RENAME_NOREPLACE; a collision just draws again);
/// - `ENCODED` is the raw path relative to `incoming/` with `%` written as `%25` and `/` as
///   `%2F`. Every other byte — newline, invalid UTF-8 — is kept as is (file names hold any
///   byte but "/" and NUL), so the encoding is lossless.
/// When that name would exceed NAME_MAX (255 bytes) the claim is named `TOKEN` alone and
/// the raw path is written beforehand, fsynced, into the sidecar file `TOKEN.name`, which
/// is removed when the claim leaves `processing/`. A sidecar without its claim (a crash
/// between the two) is deleted at recovery.
internal enum ClaimName {
  static var tokenLength: Int { 16 }
  private static var marker: UInt8 { UInt8(ascii: "~") }
  private static var sidecarSuffix: [UInt8] { Array(".name".utf8) }

  enum Parsed: Hashable {
    case encoded(token: [UInt8], path: SpoolPath)
    case bare(token: [UInt8])
    case sidecar(token: [UInt8])
    case foreign
  }

  /// 16 lowercase hex digits of `value`.
  static func token(_ value: UInt64) -> [UInt8] {
    let digits = Array("0123456789abcdef".utf8)
    var value = value
    var token = [UInt8](repeating: 0, count: tokenLength)
    for index in (0..<tokenLength).reversed() {
      token[index] = digits[Int(value & 0xF)]
      value >>= 4
    }
    return token
  }

  /// A fresh random token (one getrandom call; `TokenSource` avoids that per claim).
  static func makeToken() -> [UInt8] {
    token(UInt64.random(in: .min ... .max))
  }

  /// `TOKEN~ENCODED`, or nil when that would be longer than NAME_MAX.
  static func encoded(token: [UInt8], path: SpoolPath) -> [UInt8]? {
    var name = token + [marker]
    name.reserveCapacity(tokenLength + 1 + path.bytes.count)
    for byte in path.bytes {
      switch byte {
      case UInt8(ascii: "%"): name += Array("%25".utf8)
      case SpoolPath.separator: name += Array("%2F".utf8)
      default: name.append(byte)
      }
      if name.count > SpoolPath.maximumComponentLength { return nil }
    }
    return name
  }

  static func sidecar(token: [UInt8]) -> [UInt8] {
    token + sidecarSuffix
  }

  /// What an entry of `processing/` is.
  static func parse(_ name: [UInt8]) -> Parsed {
    guard name.count >= tokenLength, name[..<tokenLength].allSatisfy(isTokenDigit) else { return .foreign }
    let token = Array(name[..<tokenLength])
    let rest = name[tokenLength...]
    if rest.isEmpty { return .bare(token: token) }
    if rest.elementsEqual(sidecarSuffix) { return .sidecar(token: token) }
    guard rest.first == marker, let path = decode(rest.dropFirst()) else { return .foreign }
    return .encoded(token: token, path: path)
  }

  private static func decode(_ encoded: ArraySlice<UInt8>) -> SpoolPath? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(encoded.count)
    var index = encoded.startIndex
    while index < encoded.endIndex {
      let byte = encoded[index]
      if byte == UInt8(ascii: "%") {
        guard index + 2 < encoded.endIndex else { return nil }
        let code = encoded[(index + 1)...(index + 2)]
        if code.elementsEqual("25".utf8) {
          bytes.append(UInt8(ascii: "%"))
        } else if code.elementsEqual("2F".utf8) {
          bytes.append(SpoolPath.separator)
        } else {
          return nil
        }
        index += 3
      } else {
        bytes.append(byte)
        index += 1
      }
    }
    return SpoolPath(bytes: bytes)
  }

  private static func isTokenDigit(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
  }
}
