import Glibc
import XCTest
@testable import NewsclassSpool

final class SpoolLayoutTests: XCTestCase {
  func testCreatesTheFourFoldersWithTheirModes() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    for directory in SpoolDirectory.allCases {
      XCTAssertEqual(Disk.fileType(spool.path(directory)), S_IFDIR, directory.name)
    }
    XCTAssertEqual(Disk.mode(spool.root), 0o710)
    if spool.layout.notes.isEmpty {
      // fchmod of our own new folders works for any owner; the umask does not interfere.
      XCTAssertEqual(Disk.mode(spool.path(.incoming)), 0o1730)
      for directory in [SpoolDirectory.processing, .done, .failed] {
        XCTAssertEqual(Disk.mode(spool.path(directory)), 0o700, directory.name)
      }
    } else {
      print("SpoolLayoutTests: modes not checked: \(spool.layout.notes)")
    }
    XCTAssertEqual(spool.layout.path(of: .done).string, spool.root + "/done")
    try spool.layout.sync(.processing)
  }

  func testExistingFoldersKeepTheirModes() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    XCTAssertEqual(chmod(spool.path(.incoming), 0o755), 0)
    let again = try SpoolLayout(root: spool.root)
    XCTAssertEqual(Disk.mode(spool.path(.incoming)), 0o755)
    XCTAssertTrue(again.notes.isEmpty)
  }

  func testMissingFoldersAreAnErrorWhenNotCreating() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    Disk.removeTree(spool.path(.failed))
    XCTAssertThrowsError(try SpoolLayout(root: spool.root, createMissing: false)) { error in
      XCTAssertEqual((error as? SpoolError)?.errno, .noSuchFileOrDirectory)
    }
    XCTAssertNoThrow(try SpoolLayout(root: spool.root, createMissing: true))
    XCTAssertTrue(Disk.exists(spool.path(.failed)))
  }

  func testAFolderThatIsASymbolicLinkIsRefused() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    Disk.makeDirectories(spool.base + "/elsewhere")
    Disk.removeTree(spool.path(.done))
    XCTAssertEqual(symlink(spool.base + "/elsewhere", spool.path(.done)), 0)
    XCTAssertThrowsError(try SpoolLayout(root: spool.root)) { error in
      // O_DIRECTORY|O_NOFOLLOW on a link fails with ENOTDIR.
      XCTAssertEqual((error as? SpoolError)?.errno.rawValue, ENOTDIR, "\(error)")
    }
  }

  func testTheRootMayBeASymbolicLink() throws {
    let spool = try TemporarySpool()
    defer { spool.remove() }
    XCTAssertEqual(symlink(spool.root, spool.base + "/link"), 0)
    let layout = try SpoolLayout(root: spool.base + "/link")
    XCTAssertEqual(layout.root.string, spool.base + "/link")
  }
}
