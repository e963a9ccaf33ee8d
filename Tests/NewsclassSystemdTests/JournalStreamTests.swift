import Foundation
import NewsclassSystemd
import XCTest

#if canImport(Glibc)
import Glibc
#endif

final class JournalStreamTests: XCTestCase {
  func testParsing() {
    XCTAssertEqual(JournalStream(parsing: "8:12345"), JournalStream(device: 8, inode: 12345))
    XCTAssertEqual(JournalStream(parsing: "0:0"), JournalStream(device: 0, inode: 0))
    for bad in ["", ":", "8:", ":5", "8", "8:5:3", "a:b", "-1:5", "+8:5", " 8:5", "8:5\n",
                "99999999999999999999:1"] {
      XCTAssertNil(JournalStream(parsing: bad), bad)
    }
    XCTAssertEqual(JournalStream(device: 8, inode: 12345).description, "8:12345")
  }

  func testMatchesOnlyTheSameOpenFile() throws {
    let directory = try makeTemporaryDirectory(for: self)
    let first = open(directory.path + "/a", O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
    let second = open(directory.path + "/b", O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
    defer { close(first); close(second) }
    let stream = try XCTUnwrap(JournalStream(fileDescriptor: first))
    XCTAssertTrue(stream.matches(fileDescriptor: first))
    XCTAssertFalse(stream.matches(fileDescriptor: second))
    XCTAssertFalse(stream.matches(fileDescriptor: -1))
    XCTAssertNil(JournalStream(fileDescriptor: -1))
  }

  func testStandardErrorDetection() throws {
    let standardError = try XCTUnwrap(JournalStream(fileDescriptor: STDERR_FILENO))
    let other = JournalStream(device: standardError.device, inode: standardError.inode &+ 1)
    withEnvironment(["JOURNAL_STREAM": standardError.description]) {
      XCTAssertEqual(JournalStream.fromEnvironment(), standardError)
      XCTAssertTrue(JournalStream.isStandardErrorConnected)
      XCTAssertEqual(SystemdLogHandler.Destination.detect(), .journal)
    }
    withEnvironment(["JOURNAL_STREAM": other.description]) {
      XCTAssertFalse(JournalStream.isStandardErrorConnected, "inherited, stderr redirected")
      XCTAssertEqual(SystemdLogHandler.Destination.detect(), .standardError)
    }
    withEnvironment(["JOURNAL_STREAM": "garbage"]) {
      XCTAssertNil(JournalStream.fromEnvironment())
      XCTAssertFalse(JournalStream.isStandardErrorConnected)
    }
    withEnvironment(["JOURNAL_STREAM": nil]) {
      XCTAssertNil(JournalStream.fromEnvironment())
      XCTAssertEqual(SystemdLogHandler.Destination.detect(), .standardError)
    }
  }
}
