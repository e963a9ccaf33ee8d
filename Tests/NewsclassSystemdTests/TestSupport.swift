import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` with environment variables set (or, for nil, unset), restoring them after.
func withEnvironment<Result>(
  _ values: [String: String?], _ body: () throws -> Result
) rethrows -> Result {
  var saved: [String: String?] = [:]
  for (name, value) in values {
    saved[name] = getenv(name).map { String(cString: $0) }
    if let value { setenv(name, value, 1) } else { unsetenv(name) }
  }
  defer {
    for (name, value) in saved {
      if let value { setenv(name, value, 1) } else { unsetenv(name) }
    }
  }
  return try body()
}

/// A fresh directory under the temporary directory, removed by the test's teardown.
func makeTemporaryDirectory(for test: XCTestCase) throws -> URL {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("newsclass-systemd-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
  return url
}

/// CLOCK_MONOTONIC in µs, read independently of the code under test.
func monotonicMicrosecondsForTest() -> UInt64 {
  var now = timespec()
  clock_gettime(CLOCK_MONOTONIC, &now)
  return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
}
