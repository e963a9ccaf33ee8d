/// What the watcher reports.
public enum SpoolEvent: Sendable, Hashable {
  /// A file to take (not yet claimed): announced by IN_CLOSE_WRITE or IN_MOVED_TO, found
  /// in a new or moved-in subfolder, or a non-regular entry (link, FIFO, …) that appeared
  /// and is to be claimed and rejected. The same name may come more than once (an event
  /// and a scan can both see it); the second claim finds it `.vanished`.
  case candidate(SpoolPath)
  /// The kernel's event queue overflowed: events were lost. The watcher has already
  /// re-established its watches on every folder; the consumer must now rescan everything
  /// (`SpoolScanner.scan`).
  case overflow
  /// A folder below `incoming/` cannot be watched (no permission, or the inotify watch
  /// limit `fs.inotify.max_user_watches` is reached): its files are found only by scans.
  case unwatched(SpoolPath, reason: String)
  /// `incoming/`, another spool folder or the spool root was deleted, moved away or
  /// unmounted. Final: the watcher reports it from then on; the daemon says so and exits
  /// non-zero.
  case rootGone(String)
}
