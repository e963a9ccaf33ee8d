/// The `PRIORITY=` of a journal entry: syslog(3)'s levels, most severe first.
///
/// `journalctl -p warning` shows entries of that priority and more severe ones.
public enum JournalPriority: UInt8, Hashable, Sendable, CaseIterable {
  case emergency = 0
  case alert = 1
  case critical = 2
  case error = 3
  case warning = 4
  case notice = 5
  case info = 6
  case debug = 7
}
