import NewsclassSystemd
import NewsclassTestSupport
import XCTest

#if canImport(Glibc)
import Glibc
#endif

final class WatchdogTests: XCTestCase {
  func testIntervalIsHalfOfWatchdogUsec() throws {
    try withEnvironment(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": nil]) {
      let watchdog = try XCTUnwrap(try Watchdog.fromEnvironment())
      XCTAssertEqual(watchdog.timeoutMicroseconds, 2_000_000)
      XCTAssertEqual(watchdog.timeout, .seconds(2))
      XCTAssertEqual(watchdog.pingIntervalMicroseconds, 1_000_000)
      XCTAssertEqual(watchdog.pingInterval, .seconds(1))
      // Read again: the variables are still there.
      XCTAssertEqual(try Watchdog.fromEnvironment(), watchdog)
    }
  }

  func testWatchdogForThisProcess() throws {
    try withEnvironment(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "\(getpid())"]) {
      XCTAssertEqual(try Watchdog.fromEnvironment()?.pingInterval, .seconds(1))
    }
  }

  func testWatchdogForAnotherProcessIsNotOurs() throws {
    try withEnvironment(["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "\(getppid())"]) {
      XCTAssertNil(try Watchdog.fromEnvironment())
    }
  }

  func testNoWatchdog() throws {
    try withEnvironment(["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) {
      XCTAssertNil(try Watchdog.fromEnvironment())
    }
  }

  func testMalformedWatchdogUsecThrows() throws {
    try withEnvironment(["WATCHDOG_USEC": "soon", "WATCHDOG_PID": nil]) {
      XCTAssertThrowsError(try Watchdog.fromEnvironment()) { error in
        XCTAssertEqual((error as? SystemdError)?.operation, "sd_watchdog_enabled")
      }
    }
  }

  func testPingSendsWatchdog() throws {
    let listener = try NotifySocketListener(abstractName: "newsclass-watchdog-\(getpid())")
    try withEnvironment(["NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "2000000"]) {
      let watchdog = try XCTUnwrap(try Watchdog.fromEnvironment())
      try watchdog.ping()
      try watchdog.ping(using: ServiceNotifier())
    }
    XCTAssertEqual(listener.receive(), "WATCHDOG=1")
    XCTAssertEqual(listener.receive(), "WATCHDOG=1")
  }
}
