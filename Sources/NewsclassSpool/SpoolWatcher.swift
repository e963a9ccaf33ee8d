import Synchronization
import SystemPackage

/// Watches `incoming/` recursively with inotify and reports files to take.
///
/// - Every folder below `incoming/` is watched for IN_CLOSE_WRITE (a writer finished),
///   IN_MOVED_TO (renamed or moved in), IN_CREATE (new subfolders; non-regular entries),
///   IN_MOVED_FROM (a folder moved away), with IN_ONLYDIR and IN_EXCL_UNLINK. Watches are
///   added through `/proc/self/fd/N` of a folder opened with O_NOFOLLOW, so they land on
///   exactly that folder (IN_DONT_FOLLOW is used when /proc is missing and a path must do).
/// - A new or moved-in subfolder is watched FIRST and then scanned, so files created in it
///   before the watch existed are not missed. The scan streams (one entry per step, in
///   between reading events). Files found in a folder that was just *created* are held
///   back until unmodified for `settleDelay` (or until their IN_CLOSE_WRITE arrives), so a
///   file still being written there is not taken half-written; a folder *moved in* is
///   taken as finished.
/// - A folder moved away loses its watches (and is watched again under its new name if it
///   stays in the tree); a deleted folder's watch is forgotten on IN_IGNORED.
/// - IN_Q_OVERFLOW: every folder is watched again, then `.overflow` asks for a rescan.
/// - `incoming/` (or the spool root, or another spool folder) deleted or moved:
///   `.rootGone`, for good.
/// - Unfinished names (and folders) and the include/exclude globs are applied here.
///
/// One thread calls `next` (or `run`); any thread may call `stop`.
public final class SpoolWatcher: Sendable {
  public struct Options: Sendable, Hashable {
    /// How long a file found in a just-created folder must stay unmodified before it is
    /// taken without its IN_CLOSE_WRITE.
    public var settleDelay: Duration

    public init(settleDelay: Duration = .milliseconds(300)) {
      self.settleDelay = settleDelay
    }
  }

  private let engine: Mutex<WatchEngine>
  private let wake: WakePipe
  private let stopped = Atomic<Bool>(false)
  private let folderCount = Atomic<Int>(0)

  /// Starts watching. When this returns the watch is live on every folder: files closed or
  /// moved in from now on are reported. Files already waiting are the start-up scan's
  /// (`SpoolScanner`) — run it after this, not before, so nothing falls in between.
  public convenience init(layout: SpoolLayout, filter: SpoolFilter, options: Options = Options()) throws(SpoolError) {
    try self.init(layout: layout, filterSource: { filter }, options: options)
  }

  /// Where the filter in force comes from, asked for each event (and each entry of a new
  /// folder's scan), so that a configuration reload applies from the next one on, even
  /// while another thread is blocked in `next`.
  public typealias FilterSource = @Sendable () -> SpoolFilter

  /// As `init(layout:filter:options:)`, with a filter that may change while watching.
  public init(layout: SpoolLayout, filterSource: @escaping FilterSource, options: Options = Options()) throws(SpoolError) {
    let wake: WakePipe
    do throws(Errno) {
      wake = try WakePipe.make()
    } catch {
      throw SpoolError(operation: "pipe", path: layout.root.string, errno: error)
    }
    do throws(SpoolError) {
      engine = Mutex(try WatchEngine(layout: layout, filter: filterSource, settleDelay: options.settleDelay))
    } catch {
      wake.close()
      throw error
    }
    self.wake = wake
    folderCount.store(engine.withLock { $0.table.count }, ordering: .relaxed)
  }

  deinit {
    engine.withLock { $0.closeDescriptors() }
    wake.close()
  }

  /// Blocks until the next event, for at most `timeout` (nil: no limit). Returns nil when
  /// the timeout passed or the watcher was stopped (`isStopped` tells which). After
  /// `.rootGone`, returns it again on every call.
  public func next(timeout: Duration? = nil) throws(SpoolError) -> SpoolEvent? {
    let deadline = timeout.map { ContinuousClock.now + $0 }
    let wake = self.wake
    return try engine.withLock { engine throws(SpoolError) -> SpoolEvent? in
      defer { folderCount.store(engine.table.count, ordering: .relaxed) }
      return try engine.next(until: deadline, wake: wake, stopRequested: { self.isStopped })
    }
  }

  /// Calls `body` with each event until `stop` is called or the root is gone (the
  /// `.rootGone` event is delivered, then `run` returns).
  public func run(_ body: (SpoolEvent) throws -> Void) throws {
    while let event = try next() {
      try body(event)
      if case .rootGone = event { return }
    }
  }

  /// Makes a blocked `next` return nil, now and from then on. Safe from any thread (e.g.
  /// the one handling SIGTERM); it only sets a flag and writes one byte to a pipe.
  public func stop() {
    stopped.store(true, ordering: .sequentiallyConsistent)
    wake.signal()
  }

  /// Whether `stop` was called.
  public var isStopped: Bool {
    stopped.load(ordering: .sequentiallyConsistent)
  }

  /// How many folders are watched (`incoming/` included), as of the last `next`; for
  /// status lines (does not wait for a blocked `next`).
  public var watchedFolderCount: Int {
    folderCount.load(ordering: .relaxed)
  }
}
