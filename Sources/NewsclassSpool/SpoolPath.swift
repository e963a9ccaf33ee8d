import SystemPackage

/// A name inside the spool: relative to `incoming/` for a dropped file (`a/b/x.txt`), or
/// relative to the spool root for where a file ended up (`done/a/b/x.txt`).
///
/// File names on Linux are bytes, not text, so the raw form is `bytes`: any byte but NUL
/// and "/", including newlines and bytes that are not UTF-8. It is what every system call
/// receives, and it survives claim, recovery after a crash, and archiving unchanged. For
/// logs, JSON and people there is `displayString` (see `SpoolPath+Display.swift`).
///
/// A valid path is non-empty, relative (no leading "/"), has no trailing "/" or empty
/// component, no "." or ".." component, and no component longer than 255 bytes (NAME_MAX).
public struct SpoolPath: Hashable, Sendable, Comparable {
  /// The raw name: components joined by "/" (0x2F).
  public let bytes: [UInt8]

  /// The longest single component Linux accepts (NAME_MAX).
  public static var maximumComponentLength: Int { 255 }

  /// Validates raw bytes as a spool path; nil if they are not one (see the type's rules).
  public init?(bytes: some Sequence<UInt8>) {
    let bytes = Array(bytes)
    guard Self.isValid(bytes) else { return nil }
    self.bytes = bytes
  }

  /// A spool path from text (its UTF-8 bytes); nil if not valid.
  public init?(_ string: String) {
    self.init(bytes: Array(string.utf8))
  }

  /// For bytes already known to be valid (joined from validated components).
  internal init(unchecked bytes: [UInt8]) {
    assert(Self.isValid(bytes), "not a valid spool path")
    self.bytes = bytes
  }

  /// The components, in order.
  public var components: [ArraySlice<UInt8>] {
    bytes.split(separator: Self.separator, omittingEmptySubsequences: false)
  }

  /// The file's own name (the last component).
  public var lastComponent: ArraySlice<UInt8> {
    if let slash = bytes.lastIndex(of: Self.separator) {
      return bytes[(slash + 1)...]
    }
    return bytes[...]
  }

  /// The folder part (`a/b` for `a/b/x.txt`), or nil for a name at the top.
  public var parent: SpoolPath? {
    guard let slash = bytes.lastIndex(of: Self.separator) else { return nil }
    return SpoolPath(unchecked: Array(bytes[..<slash]))
  }

  /// This path with one more component; nil if `component` is not a valid single name.
  public func appending(component: some Collection<UInt8>) -> SpoolPath? {
    guard let next = SpoolPath(bytes: component), next.bytes.firstIndex(of: Self.separator) == nil else {
      return nil
    }
    return SpoolPath(unchecked: bytes + [Self.separator] + next.bytes)
  }

  /// `other` placed below this path.
  public func appending(_ other: SpoolPath) -> SpoolPath {
    SpoolPath(unchecked: bytes + [Self.separator] + other.bytes)
  }

  /// Whether the raw name is valid UTF-8 (then `displayString` is the name itself, apart
  /// from doubled backslashes).
  public var isValidUTF8: Bool {
    var index = 0
    while index < bytes.count {
      let length = Self.wellFormedSequenceLength(in: bytes, at: index)
      guard length > 0 else { return false }
      index += length
    }
    return true
  }

  /// Why the name is unfit for the records and the journal, which are text with one
  /// line per entry — nil when it is fine: a name that holds a newline or another
  /// control character, or is not valid UTF-8. (Such a name still has a faithful
  /// `displayString`; it is for the daemon to refuse it.)
  public var nameProblem: String? {
    if let control = bytes.first(where: { $0 < 0x20 || $0 == 0x7F }) {
      return control == 0x0A ? "holds a newline" : "holds the control character 0x" + Self.hex(control)
    }
    return isValidUTF8 ? nil : "is not valid UTF-8"
  }

  private static func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]], as: UTF8.self)
  }

  /// The raw name as a `FilePath` (relative).
  public var filePath: FilePath {
    FilePath(platformString: bytes.map { CChar(bitPattern: $0) } + [0])
  }

  /// Byte-wise order, so sorting is stable whatever the names' encoding.
  public static func < (lhs: SpoolPath, rhs: SpoolPath) -> Bool {
    lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
  }

  // MARK: Internals

  internal static var separator: UInt8 { 0x2F }

  /// Joins a folder (`[]` for the top) and a name.
  internal static func join(_ folder: [UInt8], _ name: some Collection<UInt8>) -> [UInt8] {
    folder.isEmpty ? Array(name) : folder + [separator] + name
  }

  /// Whether `name` is usable as one component: non-empty, no "/" or NUL, not "." or "..",
  /// at most NAME_MAX bytes.
  internal static func isValidComponent(_ name: some Collection<UInt8>) -> Bool {
    guard !name.isEmpty, name.count <= maximumComponentLength else { return false }
    if name.elementsEqual([0x2E]) || name.elementsEqual([0x2E, 0x2E]) { return false }
    return !name.contains(0) && !name.contains(separator)
  }

  private static func isValid(_ bytes: [UInt8]) -> Bool {
    guard !bytes.isEmpty else { return false }
    return bytes.split(separator: separator, omittingEmptySubsequences: false).allSatisfy(isValidComponent)
  }
}
