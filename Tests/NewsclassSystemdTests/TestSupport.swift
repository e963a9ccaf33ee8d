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
