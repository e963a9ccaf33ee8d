import Synchronization

/// The filter in force, shared between the watcher's engine and whoever changes it (a
/// configuration reload) while the engine sits blocked in its loop under the watcher's
/// lock.
final class FilterCell: Sendable {
  private let value: Mutex<SpoolFilter>

  init(_ filter: SpoolFilter) {
    value = Mutex(filter)
  }

  var current: SpoolFilter { value.withLock { $0 } }

  func replace(with filter: SpoolFilter) {
    value.withLock { $0 = filter }
  }
}
