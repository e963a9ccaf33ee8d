import SystemPackage

/// Writes a line to standard error, where diagnostics belong (stdout carries results).
func printError(_ message: String) {
    _ = try? FileDescriptor.standardError.writeAll(Array((message + "\n").utf8))
}
