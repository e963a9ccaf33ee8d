import NewsclassSystemd
import NewsclassTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

final class ServiceNotifierTests: XCTestCase {
  private let notifier = ServiceNotifier()

  private func pathListener() throws -> NotifySocketListener {
    try NotifySocketListener(path: makeTemporaryDirectory(for: self).path + "/notify")
  }

  private func abstractListener() throws -> NotifySocketListener {
    try NotifySocketListener(abstractName: "newsclass-test-\(getpid())-\(UUID().uuidString)")
  }

  /// Sends `states` through a listener of each kind and returns what each received.
  private func roundTrip(_ states: [NotifyState]) throws -> [String?] {
    try [pathListener(), abstractListener()].map { listener in
      try withEnvironment(["NOTIFY_SOCKET": listener.address]) {
        XCTAssertTrue(notifier.isEnabled)
        XCTAssertTrue(try notifier.notify(states), "sent to \(listener.address)")
        return listener.receive()
      }
    }
  }

  private func assertDatagram(
    _ states: [NotifyState], _ expected: String, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    for received in try roundTrip(states) {
      XCTAssertEqual(received, expected, file: file, line: line)
    }
  }

  func testSingleStates() throws {
    try assertDatagram([.ready], "READY=1")
    try assertDatagram([.stopping], "STOPPING=1")
    try assertDatagram([.watchdog], "WATCHDOG=1")
    try assertDatagram([.status("watching /var/spool/newsclass/incoming: 12 classified")],
      "STATUS=watching /var/spool/newsclass/incoming: 12 classified")
    try assertDatagram([.errno(EACCES)], "ERRNO=\(EACCES)")
    try assertDatagram([.extendTimeout(microseconds: 30_000_000)], "EXTEND_TIMEOUT_USEC=30000000")
    try assertDatagram([.reloading(monotonicMicroseconds: 123_456_789)],
      "RELOADING=1\nMONOTONIC_USEC=123456789")
  }

  func testStatesSentTogetherShareOneDatagram() throws {
    try assertDatagram([.stopping, .status("finishing 3 articles")],
      "STOPPING=1\nSTATUS=finishing 3 articles")
    try assertDatagram([.errno(EIO), .status("event log: I/O error")],
      "ERRNO=\(EIO)\nSTATUS=event log: I/O error")
    try assertDatagram([.ready, .status("ready")], "READY=1\nSTATUS=ready")
  }

  func testVariadicNotify() throws {
    let listener = try abstractListener()
    try withEnvironment(["NOTIFY_SOCKET": listener.address]) {
      XCTAssertTrue(try notifier.notify(.ready, .status("up")))
    }
    XCTAssertEqual(listener.receive(), "READY=1\nSTATUS=up")
  }

  func testStatusIsOneLine() throws {
    XCTAssertEqual(NotifyState.status("config refused:\nline 3\r\nbad key\tx").text,
      "STATUS=config refused: line 3 bad key x")
    XCTAssertEqual(NotifyState.status("a\u{2028}b\u{85}c").text, "STATUS=a b c")
    try assertDatagram([.status("two\nlines")], "STATUS=two lines")
  }

  func testReloadingCarriesTheMonotonicClockInTheSameDatagram() throws {
    for listener in [try pathListener(), try abstractListener()] {
      let before = monotonicMicrosecondsForTest()
      try withEnvironment(["NOTIFY_SOCKET": listener.address]) {
        XCTAssertTrue(try notifier.notify(.reloading()))
      }
      let datagram = try XCTUnwrap(listener.receive())
      let lines = datagram.split(separator: "\n", omittingEmptySubsequences: false)
      XCTAssertEqual(lines.count, 2, datagram)
      XCTAssertEqual(lines.first, "RELOADING=1")
      let value = try XCTUnwrap(lines.last?.split(separator: "=", maxSplits: 1))
      XCTAssertEqual(value.first, "MONOTONIC_USEC")
      let microseconds = try XCTUnwrap(UInt64(value.last ?? ""))
      // Same clock as ours (not realtime, not boottime): within a few seconds of it.
      XCTAssertLessThan(
        max(microseconds, before) - min(microseconds, before), 5_000_000, datagram)
      XCTAssertFalse(listener.hasPendingDatagram(), "RELOADING=1 was split")
    }
  }

  func testMonotonicClockIsClockMonotonic() {
    let ours = monotonicMicrosecondsForTest()
    let theirs = MonotonicClock.microseconds()
    XCTAssertLessThan(max(ours, theirs) - min(ours, theirs), 5_000_000)
  }

  func testNothingHappensWithoutNotifySocket() throws {
    try withEnvironment(["NOTIFY_SOCKET": nil]) {
      XCTAssertFalse(notifier.isEnabled)
      XCTAssertFalse(try notifier.notify(.ready))
      XCTAssertFalse(try notifier.notify(.stopping, .status("bye")))
      XCTAssertNoThrow(try Watchdog(timeoutMicroseconds: 2_000_000).ping())
    }
  }

  func testNotifySocketStaysInTheEnvironment() throws {
    let listener = try abstractListener()
    try withEnvironment(["NOTIFY_SOCKET": listener.address]) {
      try notifier.notify(.ready)
      XCTAssertEqual(getenv("NOTIFY_SOCKET").map { String(cString: $0) }, listener.address)
      try notifier.notify(.status("still here"))
    }
    XCTAssertEqual(listener.receive(), "READY=1")
    XCTAssertEqual(listener.receive(), "STATUS=still here")
  }

  func testUnreachableSocketThrows() throws {
    let missing = try makeTemporaryDirectory(for: self).path + "/nobody-listens"
    try withEnvironment(["NOTIFY_SOCKET": missing]) {
      XCTAssertThrowsError(try notifier.notify(.ready)) { error in
        XCTAssertEqual((error as? SystemdError)?.code, ENOENT)
        XCTAssertEqual((error as? SystemdError)?.operation, "sd_notify")
      }
    }
  }
}
