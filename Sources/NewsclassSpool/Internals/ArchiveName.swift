import SystemPackage

/// Names in `done/` and `failed/` never overwrite: a collision gets a numeric suffix.
///
/// The suffix goes before the last extension: `x.txt` → `x.1.txt`, `x.2.txt`, …; a name
/// without an extension (no dot, a leading dot only, or a trailing dot) gets it at the end:
/// `README` → `README.1`. Only the last extension counts: `a.tar.gz` → `a.tar.1.gz`.
/// Folders collide the same way: when `done/a` is a file, `a/x.txt` goes to `done/a.1/x.txt`.
/// A name that would exceed NAME_MAX (255 bytes, less `reserve`) is shortened before the
/// suffix, at a UTF-8 character boundary.
internal enum ArchiveName {
  /// `name` with suffix number `number` (0: the name itself, shortened only if needed).
  static func suffixed(_ name: some Collection<UInt8>, _ number: Int, reserve: Int = 0) -> [UInt8] {
    let name = Array(name)
    var stem = name[...]
    var tail: ArraySlice<UInt8> = []
    if let dot = name.lastIndex(of: UInt8(ascii: ".")), dot > 0, dot < name.count - 1 {
      stem = name[..<dot]
      tail = name[dot...]
    }
    let suffix: [UInt8] = number == 0 ? [] : Array(".\(number)".utf8)
    let limit = SpoolPath.maximumComponentLength - reserve
    let excess = stem.count + suffix.count + tail.count - limit
    if excess > 0 {
      var end = max(stem.startIndex + 1, stem.endIndex - excess)
      // Do not cut a multi-byte character in half.
      while end > stem.startIndex + 1, (0x80...0xBF).contains(name[end]) { end -= 1 }
      stem = name[stem.startIndex..<end]
    }
    return Array(stem) + suffix + Array(tail)
  }

  /// The smallest free suffix number, assuming numbers are used from 0 upward without
  /// gaps: gallops (1, 2, 4, …) to a free number, then bisects; O(log n) probes even for a
  /// name archived thousands of times. A gap left by a deleted archive may be skipped or
  /// reused; either way the result is free when probed (and the rename that follows uses
  /// RENAME_NOREPLACE regardless).
  static func firstFree(_ isTaken: (Int) throws(Errno) -> Bool) throws(Errno) -> Int {
    guard try isTaken(0) else { return 0 }
    var taken = 0
    var free = 1
    while try isTaken(free) {
      taken = free
      free *= 2
    }
    while free - taken > 1 {
      let middle = taken + (free - taken) / 2
      if try isTaken(middle) { taken = middle } else { free = middle }
    }
    return free
  }
}
