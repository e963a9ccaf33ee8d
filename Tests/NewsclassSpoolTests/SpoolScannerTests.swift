import Glibc
import XCTest
@testable import NewsclassSpool

final class SpoolScannerTests: XCTestCase {
  func testStreamsATreeOfThousandsSkippingUnfinishedExcludedAndLinks() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let incoming = spool.path(.incoming)
    var expected = Set<SpoolPath>()
    for folder in 0..<20 {
      let folderPath = folder % 2 == 0 ? "f\(folder)" : "f\(folder)/deeper/still"
      Disk.makeDirectories(incoming + "/" + folderPath)
      for file in 0..<150 {
        let name = "\(folderPath)/article-\(file).txt"
        Disk.write(incoming + "/" + name, "x")
        expected.insert(.of(name))
      }
    }
    // Not taken: unfinished names and folders, excluded names.
    for name in [".hidden.txt", "draft.tmp", "f0/upload.part", "f0/x~", "f2/.x.swp", "big.crdownload"] {
      Disk.write(incoming + "/" + name)
    }
    Disk.makeDirectories(incoming + "/.staging/inner")
    Disk.write(incoming + "/.staging/a.txt")
    Disk.write(incoming + "/.staging/inner/b.txt")
    Disk.write(incoming + "/f4/notes.skip")
    // A symbolic link to a folder outside: itself a candidate, never followed.
    Disk.makeDirectories(spool.base + "/outside")
    Disk.write(spool.base + "/outside/secret.txt")
    XCTAssertEqual(symlink(spool.base + "/outside", incoming + "/f6/link"), 0)
    expected.insert(.of("f6/link"))
    // A FIFO is a candidate too (to be rejected), and the scan does not open it.
    XCTAssertEqual(mkfifo(incoming + "/pipe", 0o644), 0)
    expected.insert(.of("pipe"))

    let scanner = SpoolScanner(layout: spool.layout, filter: SpoolFilter(exclude: ["**/*.skip"]))
    var seen: [SpoolPath] = []
    let summary = try scanner.scan { seen.append($0) }

    XCTAssertEqual(seen.count, expected.count, "every candidate exactly once")
    XCTAssertEqual(Set(seen), expected)
    XCTAssertFalse(seen.contains { $0.displayString.contains("secret") })
    XCTAssertEqual(summary.candidates, expected.count)
    XCTAssertEqual(summary.filteredOut, 1)
    XCTAssertEqual(summary.unfinished, 7)  // 6 files + the .staging folder
    XCTAssertEqual(summary.unreadableFolderCount, 0)
    XCTAssertEqual(summary.folders, 1 + 20 + 10 * 2)
  }

  func testRawNamesComeBackAsTheyAre() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    let names: [[UInt8]] = [
      Array("line\nbreak.txt".utf8),
      [0x66, 0xFF, 0xFE, 0x2E, 0x74, 0x78, 0x74],
      Array("sub\n".utf8) + [0x2F, 0xE9, 0x2E, 0x74, 0x78, 0x74],
    ]
    Disk.makeDirectory(spool.bytes(.incoming, Array("sub\n".utf8)))
    for name in names { Disk.write(spool.bytes(.incoming, name)) }
    var seen = Set<SpoolPath>()
    try SpoolScanner(layout: spool.layout, filter: SpoolFilter()).scan { seen.insert($0) }
    XCTAssertEqual(seen, Set(names.map { SpoolPath(bytes: $0)! }))
  }

  func testTheCallbackCanStopTheScan() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    for index in 0..<10 { Disk.write(spool.path(.incoming, "\(index).txt")) }
    struct Enough: Error {}
    var count = 0
    XCTAssertThrowsError(try SpoolScanner(layout: spool.layout, filter: SpoolFilter()).scan { _ in
      count += 1
      if count == 3 { throw Enough() }
    })
    XCTAssertEqual(count, 3)
  }

  func testOnlyIncomingIsScanned() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    Disk.write(spool.path(.processing, "claimed"))
    Disk.write(spool.path(.done, "archived.txt"))
    Disk.write(spool.path(.incoming, "new.txt"))
    var seen: [SpoolPath] = []
    try SpoolScanner(layout: spool.layout, filter: SpoolFilter()).scan { seen.append($0) }
    XCTAssertEqual(seen, [.of("new.txt")])
  }
}
