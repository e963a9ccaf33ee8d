/// A shell pattern over spool paths.
///
/// Within one path component the pattern is fnmatch(3)'s: `*` (any run of bytes), `?` (one
/// byte), `[…]` (a set or range, `[!…]` negated), `\` to quote. None of these ever matches
/// "/", so `*.txt` matches `x.txt` but not `a/x.txt`. A component that is exactly `**`
/// matches any number of whole components, none included: `**/*.txt` matches `x.txt` and
/// `a/b/x.txt`, `news/**` everything below `news`. A leading "/" is ignored (patterns are
/// always anchored at `incoming/`). A leading "." is matched by `*` like any other byte (the
/// unfinished-name rule is what skips dot-files). An empty pattern matches nothing.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
  /// The pattern as written.
  public let pattern: String

  private enum Segment: Sendable, Hashable {
    /// `**`: any number of components.
    case anyDepth
    /// A component without wildcards, compared byte for byte.
    case literal([UInt8])
    /// `*` then literal bytes (`*.tmp`): a suffix test, the common case kept off fnmatch.
    case suffix([UInt8])
    /// Literal bytes then `*` (`.*`): a prefix test.
    case prefix([UInt8])
    /// A component with other wildcards, handed to fnmatch (NUL-terminated).
    case wildcard([CChar])
  }

  private let segments: [Segment]

  public init(_ pattern: String) {
    self.pattern = pattern
    var segments: [Segment] = []
    // Splitting without empty pieces also drops a leading "/" and doubled slashes.
    for component in Array(pattern.utf8).split(separator: SpoolPath.separator, omittingEmptySubsequences: true) {
      if component.elementsEqual("**".utf8) {
        if segments.last != .anyDepth { segments.append(.anyDepth) }
      } else if component.contains(where: { Self.wildcardBytes.contains($0) }) {
        if component.first == UInt8(ascii: "*"), !component.dropFirst().contains(where: { Self.wildcardBytes.contains($0) }) {
          segments.append(.suffix(Array(component.dropFirst())))
        } else if component.last == UInt8(ascii: "*"), !component.dropLast().contains(where: { Self.wildcardBytes.contains($0) }) {
          segments.append(.prefix(Array(component.dropLast())))
        } else {
          segments.append(.wildcard(component.map { CChar(bitPattern: $0) } + [0]))
        }
      } else {
        segments.append(.literal(Array(component)))
      }
    }
    self.segments = segments
  }

  public var description: String { pattern }

  /// Whether the whole of `path` matches.
  public func matches(_ path: SpoolPath) -> Bool {
    guard !segments.isEmpty else { return false }
    return matches(segments[...], path.components[...])
  }

  /// Whether one name (no "/") matches; `**` counts as `*` here.
  public func matches(name: some Collection<UInt8>) -> Bool {
    guard segments.count == 1 else {
      return segments == [.anyDepth]
    }
    return Self.matches(segments[0], name)
  }

  private func matches(_ segments: ArraySlice<Segment>, _ components: ArraySlice<ArraySlice<UInt8>>) -> Bool {
    guard let first = segments.first else { return components.isEmpty }
    if first == .anyDepth {
      let rest = segments.dropFirst()
      if rest.isEmpty { return true }
      var tail = components
      while true {
        if matches(rest, tail) { return true }
        guard !tail.isEmpty else { return false }
        tail = tail.dropFirst()
      }
    }
    guard let component = components.first, Self.matches(first, component) else { return false }
    return matches(segments.dropFirst(), components.dropFirst())
  }

  private static func matches(_ segment: Segment, _ name: some Collection<UInt8>) -> Bool {
    switch segment {
    case .anyDepth:
      return true
    case .literal(let literal):
      return literal.elementsEqual(name)
    case .suffix(let suffix):
      return name.count >= suffix.count && name.dropFirst(name.count - suffix.count).elementsEqual(suffix)
    case .prefix(let prefix):
      return name.starts(with: prefix)
    case .wildcard(let pattern):
      return pattern.withUnsafeBufferPointer { pattern in
        withCString(name) { string in
          system_fnmatch(pattern.baseAddress!, string, 0) == 0
        }
      }
    }
  }

  private static var wildcardBytes: [UInt8] { Array("*?[\\".utf8) }
}
