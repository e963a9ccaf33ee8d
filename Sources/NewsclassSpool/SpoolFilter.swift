/// Which names in `incoming/` are taken.
///
/// In order:
/// 1. **Unfinished**: a name that looks like it is still being written is not taken until it
///    is renamed. The unfinished globs are matched against *every* component of the path, so
///    a whole folder can be prepared under a dot-name and renamed into place (`.batch/x.txt`
///    is not taken; after `mv .batch batch`, `batch/x.txt` is). Defaults: `.*`, `*.tmp`,
///    `*.part`, `*.crdownload`, `*.swp`, `*~`.
/// 2. **Excluded**: the path matches an exclude glob.
/// 3. **Not included**: include globs are given and the path matches none (no include
///    globs means everything is included).
///
/// Globs use `Glob`'s rules: `*` stays within one component, `**` spans any depth.
/// Names that are not taken stay in `incoming/` untouched.
public struct SpoolFilter: Sendable, Hashable {
  /// The filter's decision for one path.
  public enum Verdict: Sendable, Hashable {
    case take
    case unfinished
    case excluded
    case notIncluded
  }

  public var include: [Glob]
  public var exclude: [Glob]
  public var unfinished: [Glob]

  /// The contract's unfinished-name globs.
  public static var defaultUnfinished: [String] {
    [".*", "*.tmp", "*.part", "*.crdownload", "*.swp", "*~"]
  }

  public init(
    include: [String] = [],
    exclude: [String] = [],
    unfinished: [String] = SpoolFilter.defaultUnfinished
  ) {
    self.include = include.map(Glob.init)
    self.exclude = exclude.map(Glob.init)
    self.unfinished = unfinished.map(Glob.init)
  }

  /// What happens to `path` (relative to `incoming/`).
  public func verdict(for path: SpoolPath) -> Verdict {
    if path.components.contains(where: isUnfinished(name:)) { return .unfinished }
    if exclude.contains(where: { $0.matches(path) }) { return .excluded }
    if !include.isEmpty, !include.contains(where: { $0.matches(path) }) { return .notIncluded }
    return .take
  }

  /// Whether `path` is taken.
  public func accepts(_ path: SpoolPath) -> Bool {
    verdict(for: path) == .take
  }

  /// Whether one name (a file's or a folder's) looks unfinished. Unfinished folders are
  /// neither watched nor scanned.
  public func isUnfinished(name: some Collection<UInt8>) -> Bool {
    unfinished.contains { $0.matches(name: name) }
  }
}
