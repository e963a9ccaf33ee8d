import Foundation
import Glibc
import Synchronization
import XCTest
@testable import NewsclassSpool

/// A spool in a fresh temporary folder, removed again (whatever is in it) by `remove`.
final class TemporarySpool {
  let base: String
  let root: String
  let layout: SpoolLayout

  init(file: StaticString = #filePath, line: UInt = #line) throws {
    var template = Array("/tmp/newsclass-spool-test-XXXXXX".utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
      throw POSIXError(.init(rawValue: errno) ?? .EIO)
    }
    base = String(cString: made)
    root = base + "/spool"
    layout = try SpoolLayout(root: root)
  }

  func remove() {
    Disk.removeTree(base)
  }

  func path(_ directory: SpoolDirectory, _ relative: String = "") -> String {
    relative.isEmpty ? root + "/" + directory.name : root + "/" + directory.name + "/" + relative
  }

  /// Raw path bytes of `directory/relative`.
  func bytes(_ directory: SpoolDirectory, _ relative: [UInt8]) -> [UInt8] {
    Array((root + "/" + directory.name + "/").utf8) + relative
  }

  /// Entries of a spool folder (raw names), sorted.
  func entries(_ directory: SpoolDirectory, _ relative: String = "") -> [[UInt8]] {
    Disk.list(Array(path(directory, relative).utf8))
  }
}

/// Plain POSIX helpers for the tests, on raw byte paths (names may be invalid UTF-8).
enum Disk {
  static func cString(_ bytes: [UInt8]) -> [CChar] {
    bytes.map { CChar(bitPattern: $0) } + [0]
  }

  /// Creates (or truncates) a file with `content`, closing it (IN_CLOSE_WRITE).
  static func write(_ path: [UInt8], _ content: [UInt8] = Array("article\n".utf8), mode: mode_t = 0o644) {
    let fd = open(cString(path), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    precondition(fd >= 0, "open \(String(decoding: path, as: UTF8.self)): \(String(cString: strerror(errno)))")
    var offset = 0
    while offset < content.count {
      let written = content.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, content.count - offset) }
      precondition(written > 0)
      offset += written
    }
    close(fd)
  }

  static func write(_ path: String, _ content: String = "article\n") {
    write(Array(path.utf8), Array(content.utf8))
  }

  static func read(_ path: [UInt8]) -> [UInt8]? {
    let fd = open(cString(path), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
      if count <= 0 { break }
      result += buffer[0..<count]
    }
    return result
  }

  static func makeDirectories(_ path: String) {
    var current = ""
    for component in path.split(separator: "/") {
      current += "/" + component
      _ = mkdir(current, 0o755)
    }
  }

  static func makeDirectory(_ path: [UInt8]) {
    precondition(mkdir(cString(path), 0o755) == 0 || errno == EEXIST)
  }

  static func rename(_ from: String, _ to: String) {
    precondition(Glibc.rename(from, to) == 0, "rename: \(String(cString: strerror(errno)))")
  }

  static func rename(_ from: [UInt8], _ to: [UInt8]) {
    precondition(Glibc.rename(cString(from), cString(to)) == 0, "rename: \(String(cString: strerror(errno)))")
  }

  static func exists(_ path: [UInt8]) -> Bool {
    var status = stat()
    return lstat(cString(path), &status) == 0
  }

  static func exists(_ path: String) -> Bool { exists(Array(path.utf8)) }

  static func fileType(_ path: String) -> mode_t? {
    var status = stat()
    guard lstat(path, &status) == 0 else { return nil }
    return status.st_mode & S_IFMT
  }

  static func mode(_ path: String) -> mode_t? {
    var status = stat()
    guard lstat(path, &status) == 0 else { return nil }
    return status.st_mode & 0o7777
  }

  /// Raw names in a folder, sorted, without "." and "..".
  static func list(_ path: [UInt8]) -> [[UInt8]] {
    guard let stream = opendir(cString(path)) else { return [] }
    defer { closedir(stream) }
    var names: [[UInt8]] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        Array(raw.prefix(while: { $0 != 0 }))
      }
      if name == [0x2E] || name == [0x2E, 0x2E] { continue }
      names.append(name)
    }
    return names.sorted { $0.lexicographicallyPrecedes($1) }
  }

  /// rm -rf, for raw names too; restores permissions on the way.
  static func removeTree(_ path: String) {
    removeTree(Array(path.utf8))
  }

  static func removeTree(_ path: [UInt8]) {
    var status = stat()
    guard lstat(cString(path), &status) == 0 else { return }
    if status.st_mode & S_IFMT == S_IFDIR {
      _ = chmod(cString(path), 0o700)
      for name in list(path) { removeTree(path + [0x2F] + name) }
      _ = rmdir(cString(path))
    } else {
      _ = unlink(cString(path))
    }
  }
}

extension SpoolPath {
  /// For test literals known to be valid.
  static func of(_ string: String) -> SpoolPath { SpoolPath(string)! }
}

extension XCTestCase {
  /// Collects watcher events until `done` holds for what was seen so far (the candidates,
  /// and the distinct events), or `limit` passes. Asserts nothing about time: callers
  /// assert on content. Stops at `.rootGone`.
  func collect(
    _ watcher: SpoolWatcher,
    limit: Duration = .seconds(30),
    until done: (_ candidates: Set<SpoolPath>, _ distinct: Set<SpoolEvent>) -> Bool
  ) throws -> (candidates: Set<SpoolPath>, events: [SpoolEvent]) {
    let deadline = ContinuousClock.now + limit
    var candidates = Set<SpoolPath>()
    var distinct = Set<SpoolEvent>()
    var events: [SpoolEvent] = []
    while !done(candidates, distinct), ContinuousClock.now < deadline {
      guard let event = try watcher.next(timeout: .milliseconds(200)) else { continue }
      events.append(event)
      distinct.insert(event)
      if case .candidate(let path) = event { candidates.insert(path) }
      if case .rootGone = event { break }
    }
    return (candidates, events)
  }
}

extension XCTestCase {
  /// Runs `body` on its own thread and waits for it (generously); fails instead of hanging.
  func runAside<T: Sendable>(limit: TimeInterval = 30, _ body: @escaping @Sendable () throws -> T) throws -> T {
    let result = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      let outcome = Result { try body() }
      result.withLock { $0 = outcome }
      done.signal()
    }
    thread.start()
    guard done.wait(timeout: .now() + limit) == .success else {
      XCTFail("did not finish: blocked?")
      throw XCTSkip("blocked")
    }
    return try result.withLock { $0! }.get()
  }
}
