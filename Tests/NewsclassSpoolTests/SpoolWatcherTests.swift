import Foundation
import Glibc
import XCTest
@testable import NewsclassSpool

/// Real inotify on real files. Waits are generous and only bound how long a failure takes
/// to show; every assertion is about what was reported, never about how fast.
final class SpoolWatcherTests: XCTestCase {
  private func isRootGone(_ event: SpoolEvent) -> Bool {
    if case .rootGone = event { return true }
    return false
  }

  func testWriteInPlaceAndRenameDrops() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let watcher = try SpoolWatcher(layout: spool.layout, filter: SpoolFilter())
    Disk.write(spool.path(.incoming, "in-place.txt"))
    Disk.write(spool.path(.incoming, ".staged.tmp"))
    Disk.rename(spool.path(.incoming, ".staged.tmp"), spool.path(.incoming, "renamed.txt"))
    Disk.write(spool.base + "/outside.txt")
    Disk.rename(spool.base + "/outside.txt", spool.path(.incoming, "moved-in.txt"))

    let expected: Set<SpoolPath> = [.of("in-place.txt"), .of("renamed.txt"), .of("moved-in.txt")]
    let seen = try collect(watcher) { candidates, _ in candidates.isSuperset(of: expected) }
    XCTAssertEqual(seen.candidates, expected)
  }

  func testNestedFoldersCreatedWhileRunningMissNothing() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let watcher = try SpoolWatcher(layout: spool.layout, filter: SpoolFilter())
    let incoming = spool.path(.incoming)
    var expected = Set<SpoolPath>()
    // mkdir -p, then files at every level at once: most are created before the watcher
    // has even seen the folders.
    for tree in 0..<5 {
      Disk.makeDirectories(incoming + "/t\(tree)/a/b/c")
      for level in ["t\(tree)", "t\(tree)/a", "t\(tree)/a/b", "t\(tree)/a/b/c"] {
        for file in 0..<10 {
          Disk.write(incoming + "/\(level)/f\(file).txt")
          expected.insert(.of("\(level)/f\(file).txt"))
        }
      }
    }
    let seen = try collect(watcher) { candidates, _ in candidates.isSuperset(of: expected) }
    XCTAssertEqual(seen.candidates, expected)
    XCTAssertEqual(watcher.watchedFolderCount, 1 + 5 * 4)
  }

  func testUnfinishedNamesAreIgnoredUntilRenamed() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let watcher = try SpoolWatcher(layout: spool.layout, filter: SpoolFilter(exclude: ["*.skip"]))
    let incoming = spool.path(.incoming)
    Disk.write(incoming + "/report.part")
    Disk.write(incoming + "/.hidden")
    Disk.write(incoming + "/notes.skip")
    Disk.makeDirectories(incoming + "/.batch/inner")
    Disk.write(incoming + "/.batch/one.txt")
    Disk.write(incoming + "/.batch/inner/two.txt")
    Disk.write(incoming + "/marker-1.txt")
    // One inotify queue keeps order: once the marker is reported, the others were seen.
    let before = try collect(watcher) { candidates, _ in candidates.contains(.of("marker-1.txt")) }
    XCTAssertEqual(before.candidates, [.of("marker-1.txt")])

    Disk.rename(incoming + "/report.part", incoming + "/report.txt")
    Disk.rename(incoming + "/.batch", incoming + "/batch")
    let expected: Set<SpoolPath> = [.of("report.txt"), .of("batch/one.txt"), .of("batch/inner/two.txt")]
    let after = try collect(watcher) { candidates, _ in candidates.isSuperset(of: expected) }
    XCTAssertEqual(after.candidates, expected)
  }

  func testAFolderMovedInIsWatchedAndScanned() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let watcher = try SpoolWatcher(layout: spool.layout, filter: SpoolFilter())
    let prepared = spool.base + "/prepared"
    var expected = Set<SpoolPath>()
    for folder in ["x", "x/y", "x/y/z"] {
      Disk.makeDirectories(prepared + "/" + folder)
      for file in 0..<30 {
        Disk.write(prepared + "/\(folder)/\(file).txt")
        expected.insert(.of("batch/\(folder)/\(file).txt"))
      }
    }
    Disk.rename(prepared, spool.path(.incoming, "batch"))
    let scanned = try collect(watcher) { candidates, _ in candidates.isSuperset(of: expected) }
    XCTAssertEqual(scanned.candidates, expected)

    // And it is watched now, at depth.
    Disk.write(spool.path(.incoming, "batch/x/y/z/later.txt"))
    let later = try collect(watcher) { candidates, _ in candidates.contains(.of("batch/x/y/z/later.txt")) }
    XCTAssertEqual(later.candidates, [.of("batch/x/y/z/later.txt")])
  }

  func testAFolderRenamedInsideTheTreeReportsItsNewNames() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    Disk.makeDirectories(spool.path(.incoming, "old/sub"))
    let watcher = try SpoolWatcher(layout: spool.layout, filter: SpoolFilter())
    Disk.rename(spool.path(.incoming, "old"), spool.path(.incoming, "new"))
    Disk.write(spool.path(.incoming, "new/sub/after.txt"))
    let seen = try collect(watcher) { candidates, _ in candidates.contains(.of("new/sub/after.txt")) }
    XCTAssertEqual(seen.candidates, [.of("new/sub/after.txt")])
    XCTAssertFalse(seen.candidates.contains { $0.displayString.hasPrefix("old/") })

    // A folder moved out of the tree is not reported any more.
    Disk.rename(spool.path(.incoming, "new"), spool.base + "/gone")
    Disk.write(spool.base + "/gone/sub/outside.txt")
    Disk.write(spool.path(.incoming, "marker.txt"))
    let after = try collect(watcher) { candidates, _ in candidates.contains(.of("marker.txt")) }
    XCTAssertEqual(after.candidates, [.of("marker.txt")])
  }

  func testLinksFIFOsAndHardLinksAreReportedWhenCreated() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let watcher = try SpoolWatcher(layout: spool.layout, filter: SpoolFilter())
    let incoming = spool.path(.incoming)
    Disk.write(spool.base + "/finished.txt")
    XCTAssertEqual(symlink("/etc/passwd", incoming + "/link"), 0)
    XCTAssertEqual(mkfifo(incoming + "/fifo", 0o644), 0)
    XCTAssertEqual(link(spool.base + "/finished.txt", incoming + "/hard.txt"), 0)
    let expected: Set<SpoolPath> = [.of("link"), .of("fifo"), .of("hard.txt")]
    let seen = try collect(watcher) { candidates, _ in candidates.isSuperset(of: expected) }
    XCTAssertEqual(seen.candidates, expected)
  }

  func testOverflowIsReportedAndWatchesAreRestored() throws {
    guard let text = try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8),
          let limit = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
      throw XCTSkip("cannot read /proc/sys/fs/inotify/max_queued_events")
    }
    guard limit <= 1_000_000 else { throw XCTSkip("max_queued_events is \(limit): too many events to overflow it") }
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let watcher = try SpoolWatcher(layout: spool.layout, filter: SpoolFilter())
    let incoming = spool.path(.incoming)
    // More IN_CLOSE_WRITE events than the queue holds, while nobody reads. Two files in
    // turn, because the kernel merges an event identical to the one queued just before.
    Disk.write(incoming + "/even.txt")
    Disk.write(incoming + "/odd.txt")
    let paths = [incoming + "/even.txt", incoming + "/odd.txt"]
    for index in 0..<(limit + 100) {
      let fd = open(paths[index % 2], O_WRONLY | O_CLOEXEC)
      XCTAssertGreaterThanOrEqual(fd, 0)
      close(fd)
    }
    // A folder created after the queue is already full: its IN_CREATE is lost.
    Disk.makeDirectories(incoming + "/late")
    Disk.write(incoming + "/late/inside.txt")

    let flood = try collect(watcher, limit: .seconds(120)) { _, events in events.contains(.overflow) }
    XCTAssertTrue(flood.events.contains(.overflow), "an overflow of more than \(limit) events")
    XCTAssertFalse(flood.candidates.contains(.of("late/inside.txt")), "lost with the overflow")

    // What the consumer does then: rescan everything. Nothing is missing.
    var scanned = Set<SpoolPath>()
    try SpoolScanner(layout: spool.layout, filter: SpoolFilter()).scan { scanned.insert($0) }
    XCTAssertEqual(scanned, [.of("even.txt"), .of("odd.txt"), .of("late/inside.txt")])

    // The folder whose creation was lost is watched again.
    Disk.write(incoming + "/late/after.txt")
    let after = try collect(watcher, limit: .seconds(60)) { candidates, _ in candidates.contains(.of("late/after.txt")) }
    XCTAssertTrue(after.candidates.contains(.of("late/after.txt")))
  }

  func testIncomingDeletedIsFatal() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    Disk.makeDirectories(spool.path(.incoming, "a/b"))
    let watcher = try SpoolWatcher(layout: spool.layout, filter: SpoolFilter())
    Disk.removeTree(spool.path(.incoming))
    let seen = try collect(watcher) { _, events in events.contains(where: isRootGone) }
    guard case .rootGone(let reason) = seen.events.last else { return XCTFail("no rootGone in \(seen.events)") }
    XCTAssertTrue(reason.contains("incoming"), reason)
    // It stays gone.
    XCTAssertEqual(try watcher.next(timeout: .milliseconds(10)), .rootGone(reason))
  }

  func testIncomingMovedIsFatal() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let watcher = try SpoolWatcher(layout: spool.layout, filter: SpoolFilter())
    Disk.rename(spool.path(.incoming), spool.root + "/incoming.old")
    let seen = try collect(watcher) { _, events in events.contains(where: isRootGone) }
    XCTAssertTrue(seen.events.contains(where: isRootGone), "\(seen.events)")
  }

  func testSpoolRootMovedIsFatal() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let watcher = try SpoolWatcher(layout: spool.layout, filter: SpoolFilter())
    Disk.rename(spool.root, spool.base + "/spool.moved")
    let seen = try collect(watcher) { _, events in events.contains(where: isRootGone) }
    guard case .rootGone(let reason) = seen.events.last else { return XCTFail("no rootGone in \(seen.events)") }
    XCTAssertTrue(reason.contains("moved"), reason)
  }

  func testStopWakesABlockedNext() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let watcher = try SpoolWatcher(layout: spool.layout, filter: SpoolFilter())
    let started = DispatchSemaphore(value: 0)
    let stopper = Thread {
      started.wait()
      Thread.sleep(forTimeInterval: 0.1)
      watcher.stop()
    }
    stopper.start()
    let event = try runAside { () throws -> SpoolEvent? in
      started.signal()
      return try watcher.next()
    }
    XCTAssertNil(event)
    XCTAssertTrue(watcher.isStopped)
    XCTAssertNil(try watcher.next(timeout: .seconds(5)))
  }

  func testTimeoutReturnsNilWithoutStopping() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let watcher = try SpoolWatcher(layout: spool.layout, filter: SpoolFilter())
    XCTAssertNil(try watcher.next(timeout: .milliseconds(20)))
    XCTAssertFalse(watcher.isStopped)
    Disk.write(spool.path(.incoming, "x.txt"))
    let seen = try collect(watcher) { candidates, _ in !candidates.isEmpty }
    XCTAssertEqual(seen.candidates, [.of("x.txt")])
  }

  func testRunDeliversUntilStopped() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let watcher = try SpoolWatcher(layout: spool.layout, filter: SpoolFilter())
    Disk.write(spool.path(.incoming, "one.txt"))
    Disk.write(spool.path(.incoming, "two.txt"))
    var seen: [SpoolEvent] = []
    try watcher.run { event in
      seen.append(event)
      if seen.count == 2 { watcher.stop() }
    }
    XCTAssertEqual(Set(seen), [.candidate(.of("one.txt")), .candidate(.of("two.txt"))])
  }
}
