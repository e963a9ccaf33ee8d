import Foundation
import NewsclassSystemd
import NewsclassTestSupport
import XCTest

@testable import NewsclassDaemon

/// The follower reopens a journal folder when its listing changes; libsystemd often
/// notices a new file by itself (inotify), and the listing covers the cases it does not.
final class JournalFolderListingTests: XCTestCase {
    func testChangesWhenJournalFilesComeGoOrAreRenamed() throws {
        let scratch = try ScratchDirectory()
        let folder = scratch.url.path
        let empty = JournalFolderListing(.directory(folder))
        XCTAssertEqual(JournalFolderListing(.directory(folder)), empty)

        try scratch.write("notes.txt", "not a journal")
        XCTAssertEqual(JournalFolderListing(.directory(folder)), empty, "other files do not count")

        try scratch.write("remote-alpha.journal", "x")
        let one = JournalFolderListing(.directory(folder))
        XCTAssertNotEqual(one, empty)

        // journal-remote rotating: the file renamed, a new one started under the old name.
        try FileManager.default.moveItem(atPath: folder + "/remote-alpha.journal", toPath: folder + "/remote-alpha@1-2.journal")
        try scratch.write("remote-alpha.journal", "y")
        let rotated = JournalFolderListing(.directory(folder))
        XCTAssertNotEqual(rotated, one)

        // A machine-id subfolder, as journald keeps them.
        try FileManager.default.createDirectory(atPath: folder + "/0123abcd", withIntermediateDirectories: false)
        XCTAssertEqual(JournalFolderListing(.directory(folder)), rotated)
        try scratch.write("0123abcd/system.journal", "z")
        XCTAssertNotEqual(JournalFolderListing(.directory(folder)), rotated)

        // Sources that are not folders are never listed.
        XCTAssertEqual(JournalFolderListing(.files([folder + "/remote-alpha.journal"])), JournalFolderListing(.local))
    }
}
