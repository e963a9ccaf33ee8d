import XCTest
@testable import NewsclassSpool

final class WatchTableTests: XCTestCase {
  private let root = Inotify.Watch(rawValue: 1)
  private let incoming = Inotify.Watch(rawValue: 2)
  private let folderA = Inotify.Watch(rawValue: 3)
  private let folderAB = Inotify.Watch(rawValue: 4)

  private func table() -> WatchTable {
    var table = WatchTable(root: "/spool")
    table.setSpoolRoot(root)
    table.insert(incoming, path: [])
    table.insert(folderA, path: Array("a".utf8))
    table.insert(folderAB, path: Array("a/b".utf8))
    return table
  }

  private func event(_ watch: Inotify.Watch, _ events: Inotify.Events, _ name: String = "") -> Inotify.Event {
    Inotify.Event(watch: watch, events: events, cookie: 0, name: Array(name.utf8))
  }

  func testFilesAreCandidatesOnCloseWriteAndMovedTo() {
    let table = table()
    XCTAssertEqual(table.interpret(event(incoming, .closeWrite, "x.txt")), .candidate(Array("x.txt".utf8)))
    XCTAssertEqual(table.interpret(event(folderAB, .movedTo, "y")), .candidate(Array("a/b/y".utf8)))
    XCTAssertEqual(table.interpret(event(folderA, .create, "z")), .inspect(Array("a/z".utf8)))
    XCTAssertEqual(table.interpret(event(folderA, .movedFrom, "z")), WatchAction.none)
  }

  func testFolders() {
    let table = table()
    XCTAssertEqual(table.interpret(event(incoming, [.create, .isDirectory], "n")), .watchFolder(Array("n".utf8), settle: true))
    XCTAssertEqual(table.interpret(event(folderA, [.movedTo, .isDirectory], "m")), .watchFolder(Array("a/m".utf8), settle: false))
    XCTAssertEqual(table.interpret(event(incoming, [.movedFrom, .isDirectory], "a")), .unwatchFolder(Array("a".utf8)))
    XCTAssertEqual(table.interpret(event(folderAB, .ignored)), .forget(folderAB))
    XCTAssertEqual(table.interpret(event(folderAB, .deleteSelf)), WatchAction.none)
    XCTAssertEqual(table.interpret(event(folderAB, .moveSelf)), WatchAction.none)
  }

  func testUnknownWatchesAreIgnored() {
    let table = table()
    XCTAssertEqual(table.interpret(event(Inotify.Watch(rawValue: 99), .closeWrite, "x")), WatchAction.none)
  }

  func testOverflow() {
    XCTAssertEqual(table().interpret(event(Inotify.Watch(rawValue: -1), .queueOverflow)), .overflow)
  }

  func testRootGone() {
    let table = table()
    for gone in [
      event(incoming, .deleteSelf), event(incoming, .moveSelf), event(incoming, .ignored), event(incoming, .unmount),
      event(root, .deleteSelf), event(root, .moveSelf),
      event(root, [.delete, .isDirectory], "incoming"), event(root, [.movedFrom, .isDirectory], "processing"),
    ] {
      guard case .rootGone(let reason) = table.interpret(gone) else {
        return XCTFail("\(gone.events) on \(gone.watch) should be fatal")
      }
      XCTAssertTrue(reason.contains("/spool"), reason)
    }
    XCTAssertEqual(table.interpret(event(root, [.delete], "unrelated.txt")), WatchAction.none)
    XCTAssertEqual(table.interpret(event(root, [.delete, .isDirectory], "other")), WatchAction.none)
  }

  func testRemovingASubtree() {
    var table = table()
    table.insert(Inotify.Watch(rawValue: 5), path: Array("ab".utf8))
    let removed = Set(table.removeSubtree(Array("a".utf8)))
    XCTAssertEqual(removed, [folderA, folderAB])
    XCTAssertEqual(table.path(of: Inotify.Watch(rawValue: 5)), Array("ab".utf8))
    XCTAssertEqual(table.path(of: incoming), [])
  }

  func testInsertReportsWhetherTheFolderIsNew() {
    var table = table()
    XCTAssertFalse(table.insert(folderA, path: Array("a".utf8)))
    XCTAssertTrue(table.insert(folderA, path: Array("renamed".utf8)))
    XCTAssertTrue(table.insert(Inotify.Watch(rawValue: 7), path: Array("c".utf8)))
  }

  func testEventParsing() {
    // Two records: a 16-byte header each, the second with a NUL-padded name.
    var bytes: [UInt8] = []
    func append<T>(_ value: T) { withUnsafeBytes(of: value) { bytes += $0 } }
    append(CInt(2)); append(UInt32(Inotify.Events.closeWrite.rawValue)); append(UInt32(0)); append(UInt32(0))
    append(CInt(3)); append(UInt32(Inotify.Events.movedTo.rawValue)); append(UInt32(7)); append(UInt32(8))
    bytes += Array("x.txt".utf8) + [0, 0, 0]
    var parsed: [Inotify.Event] = []
    bytes.withUnsafeBytes { Inotify.parse($0) { parsed.append($0) } }
    XCTAssertEqual(parsed, [
      Inotify.Event(watch: .init(rawValue: 2), events: .closeWrite, cookie: 0, name: []),
      Inotify.Event(watch: .init(rawValue: 3), events: .movedTo, cookie: 7, name: Array("x.txt".utf8)),
    ])
  }
}
