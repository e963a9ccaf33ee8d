import SystemPackage

/// A full scan of `incoming/`: the start-up backlog, the rescan after an inotify overflow,
/// and the periodic reconcile (which catches what no event announced, e.g. a hard link).
///
/// Streams: each candidate is handed to the callback as it is read (readdir on directory
/// descriptors, one open stream per level of depth), so 100,000 waiting files do not grow
/// memory. Only `incoming/` is scanned. Folders that look unfinished are not entered;
/// symbolic links are never followed — a link (to a file or to a folder) is itself a
/// candidate, like a FIFO, socket or device node, so that it is claimed and rejected with a
/// reason instead of lying in `incoming/` forever.
///
/// A scan may meet a file that a writer still has open (write-in-place while the daemon
/// starts or rescans); the safe way to drop is to write under an unfinished name and rename.
public struct SpoolScanner: Sendable {
  public let layout: SpoolLayout
  public let filter: SpoolFilter

  public init(layout: SpoolLayout, filter: SpoolFilter) {
    self.layout = layout
    self.filter = filter
  }

  /// Walks `incoming/` and calls `body` with every file the filter takes. `body` may throw
  /// to stop the scan. Throws `SpoolError` only when `incoming/` itself cannot be read;
  /// subfolders that cannot be read or searched are skipped and listed in the summary.
  @discardableResult
  public func scan(_ body: (SpoolPath) throws -> Void) throws -> ScanSummary {
    let incoming = layout.descriptor(.incoming)
    let start = try spoolCall("open", "incoming") { () throws(Errno) in
      try incoming.openDirectory(at: [0x2E])
    }
    var walker = try spoolCall("readdir", "incoming") { () throws(Errno) in
      try DirectoryWalker(taking: start, path: [])
    }
    var summary = ScanSummary()
    summary.folders = 1
    while let entry = walker.next() {
      if filter.isUnfinished(name: entry.name) {
        summary.unfinished += 1
        continue
      }
      if entry.kind == .directory {
        do throws(Errno) {
          let descriptor = try walker.open(entry)
          do throws(Errno) {
            // Listing needs read permission, taking a file also search (x): a folder
            // with r but not x would list names that can never be claimed.
            _ = try descriptor.status(at: [0x2E])
          } catch {
            descriptor.closeQuietly()
            throw error
          }
          try walker.enter(descriptor, path: entry.path)
          summary.folders += 1
        } catch .noSuchFileOrDirectory, .notDirectory {
          // Gone or replaced since it was listed.
        } catch {
          walker.record(entry.path, error, status: try? walker.status(of: entry))
        }
        continue
      }
      let path = SpoolPath(unchecked: entry.path)
      switch filter.verdict(for: path) {
      case .take:
        summary.candidates += 1
        try body(path)
      case .unfinished:
        summary.unfinished += 1
      case .excluded, .notIncluded:
        summary.filteredOut += 1
      }
    }
    summary.unreadableFolderCount = walker.failureCount
    summary.unreadableFolders = walker.failures.map { failure in
      UnreadableFolder(path: failure.path, errno: failure.error, status: failure.status)
    }
    return summary
  }
}
