import SystemPackage

/// The watcher's state and its one loop: read inotify events, turn them into spool events,
/// and stream the scans of new folders. Used under `SpoolWatcher`'s lock, by one thread
/// at a time.
internal struct WatchEngine {
  let layout: SpoolLayout
  let filterSource: SpoolWatcher.FilterSource
  /// Asked afresh each time, so a configuration reload applies from the next event.
  var filter: SpoolFilter { filterSource() }
  let inotify: Inotify
  let settleDelay: Duration
  private(set) var table: WatchTable

  /// Events ready to hand out (at most one read's worth: the queue is refilled only when
  /// it is empty).
  private var pending: [SpoolEvent] = []
  private var pendingHead = 0
  /// Folders watched but not yet scanned.
  private var folderQueue: [(path: [UInt8], settle: Bool)] = []
  /// The scan in progress, with the folder it started at.
  private var walk: (walker: DirectoryWalker, root: [UInt8], settle: Bool)?
  /// Files found by the scan of a just-created folder, held back until they look
  /// finished (see `release`): when to look again, and what they looked like last.
  private var settling: [[UInt8]: (due: ContinuousClock.Instant, look: FileLook)] = [:]
  private(set) var gone: String?
  private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

  /// What every folder below `incoming/` is watched for.
  static var folderEvents: Inotify.Events {
    [.closeWrite, .movedTo, .movedFrom, .create, .deleteSelf, .moveSelf, .onlyDirectory, .excludeUnlinked]
  }

  /// What the spool root is watched for: its own end, and the end of its four folders.
  static var rootEvents: Inotify.Events {
    [.delete, .movedFrom, .deleteSelf, .moveSelf, .onlyDirectory, .excludeUnlinked]
  }

  /// Watches the spool root and every folder below `incoming/` (each watch added before
  /// the folder is read). Emits no candidates: the caller's start-up scan does that.
  init(layout: SpoolLayout, filter: @escaping SpoolWatcher.FilterSource, settleDelay: Duration) throws(SpoolError) {
    self.layout = layout
    self.filterSource = filter
    self.settleDelay = settleDelay
    self.table = WatchTable(root: layout.root.string)
    inotify = try spoolCall("inotify_init1", layout.root.string) { () throws(Errno) in
      try Inotify.open(options: [.nonBlocking, .closeOnExec])
    }
    do throws(SpoolError) {
      let rootWatch = try spoolCall("inotify_add_watch", layout.root.string) { () throws(Errno) in
        try inotify.addWatch(directory: layout.rootDirectory, fallbackPath: layout.root, events: Self.rootEvents)
      }
      table.setSpoolRoot(rootWatch)
      try watchTree()
    } catch {
      inotify.descriptor.closeQuietly()
      throw error
    }
  }

  // MARK: The loop

  /// The next event; nil when `deadline` passed or `stopRequested` says so.
  mutating func next(
    until deadline: ContinuousClock.Instant?, wake: WakePipe, stopRequested: () -> Bool
  ) throws(SpoolError) -> SpoolEvent? {
    var waited = false
    while true {
      if let gone { return .rootGone(gone) }
      if stopRequested() { return nil }
      if let event = popPending() { return event }
      let now = ContinuousClock.now
      release(now: now)
      if pendingHead < pending.count { continue }
      // At least one round per call, so a zero timeout still makes progress; after that
      // the deadline holds even while irrelevant events keep arriving.
      if waited, let deadline, now >= deadline { return nil }
      waited = true

      let busy = walk != nil || !folderQueue.isEmpty
      var wakeAt = deadline
      if let earliest = settling.values.map(\.due).min() { wakeAt = min(wakeAt ?? earliest, earliest) }
      let timeout: CInt = busy ? 0 : wakeAt.map { Self.milliseconds(until: $0, from: now) } ?? -1

      let ready = try spoolCall("poll", "incoming") { () throws(Errno) in
        try Poll.readable([inotify.descriptor, wake.readEnd], timeoutMilliseconds: timeout)
      }
      if ready[1] { wake.drain() }
      if ready[0] { try readEvents() }
      // One scan step per round even while events keep coming, so neither starves.
      if busy, gone == nil { advanceScan() }
    }
  }

  // MARK: Events

  private mutating func readEvents() throws(SpoolError) {
    var events: [Inotify.Event] = []
    let inotify = self.inotify
    let result: Result<Bool, Errno> = buffer.withUnsafeMutableBytes { raw in
      do throws(Errno) {
        return .success(try inotify.readEvents(into: raw) { events.append($0) })
      } catch {
        return .failure(error)
      }
    }
    _ = try result.get("read", "inotify")
    for event in events {
      apply(table.interpret(event))
      if gone != nil { return }
    }
  }

  private mutating func apply(_ action: WatchAction) {
    switch action {
    case .none:
      break
    case .candidate(let path):
      settling.removeValue(forKey: path)
      offer(path)
    case .inspect(let path):
      guard let status = try? layout.descriptor(.incoming).status(at: path) else { return }
      if status.type != .regular || status.linkCount > 1 { offer(path) }
    case .watchFolder(let path, let settle):
      watchFolder(path, settle: settle)
    case .unwatchFolder(let path):
      unwatchFolder(path)
    case .forget(let watch):
      table.remove(watch)
    case .overflow:
      rebuild()
      push(.overflow)
    case .rootGone(let reason):
      gone = reason
    }
  }

  /// Hands out `path` if the filter takes it.
  private mutating func offer(_ path: [UInt8]) {
    let spoolPath = SpoolPath(unchecked: path)
    if filter.accepts(spoolPath) { push(.candidate(spoolPath)) }
  }

  /// A folder appeared: add its watch first, then queue its scan, so nothing written into
  /// it before the watch existed is missed.
  private mutating func watchFolder(_ path: [UInt8], settle: Bool) {
    let spoolPath = SpoolPath(unchecked: path)
    if spoolPath.components.contains(where: filter.isUnfinished(name:)) { return }
    let handle: DirectoryHandle
    do throws(Errno) {
      handle = try DirectoryHandle.open(spoolPath, below: layout.descriptor(.incoming))
    } catch .noSuchFileOrDirectory, .notDirectory, .tooManySymbolicLinkLevels {
      return  // gone again, or not a folder any more
    } catch {
      push(.unwatched(spoolPath, reason: "open: \(error)"))
      return
    }
    defer { handle.close() }
    if addWatch(handle.descriptor, path: path) {
      folderQueue.append((path, settle))
    }
  }

  /// Adds the watch of the folder open as `descriptor`; false if it was already watched
  /// under this path (then it was scanned already). A folder that cannot be watched is
  /// reported and still scanned.
  private mutating func addWatch(_ descriptor: FileDescriptor, path: [UInt8]) -> Bool {
    let fallback = layout.path(of: .incoming).appending(SpoolPath(unchecked: path).filePath.components)
    do throws(Errno) {
      let watch = try inotify.addWatch(directory: descriptor, fallbackPath: fallback, events: Self.folderEvents)
      return table.insert(watch, path: path)
    } catch {
      let reason = error == .noSpace
        ? "inotify watch limit reached (fs.inotify.max_user_watches)" : "inotify_add_watch: \(error)"
      push(.unwatched(SpoolPath(unchecked: path), reason: reason))
      return true
    }
  }

  /// A folder moved away: its watches would report events under its old name.
  private mutating func unwatchFolder(_ path: [UInt8]) {
    for watch in table.removeSubtree(path) { inotify.removeWatch(watch) }
    folderQueue.removeAll { WatchTable.isWithin($0.path, path) }
    settling = settling.filter { !WatchTable.isWithin($0.key, path) }
    if let active = walk {
      if WatchTable.isWithin(active.root, path) {
        walk = nil
      } else if WatchTable.isWithin(path, active.root) {
        // The scan may be inside the moved folder: start that scan again (a file seen
        // twice is harmless: the second claim finds it gone).
        walk = nil
        folderQueue.append((active.root, active.settle))
      }
    }
  }

  // MARK: Scans of new folders

  /// One step of the scan in progress: at most one entry.
  private mutating func advanceScan() {
    if walk == nil {
      guard !folderQueue.isEmpty else { return }
      let job = folderQueue.removeFirst()
      do throws(Errno) {
        let handle = try DirectoryHandle.open(SpoolPath(unchecked: job.path), below: layout.descriptor(.incoming))
        let descriptor = try handle.descriptor.openDirectory(at: [0x2E])
        handle.close()
        walk = (try DirectoryWalker(taking: descriptor, path: job.path), job.path, job.settle)
      } catch {
        return  // gone since it was queued; its new name (if any) has its own event
      }
    }
    guard var active = walk else { return }
    walk = nil
    defer { if !active.walker.isFinished { walk = active } }
    guard let entry = active.walker.next() else { return }
    if filter.isUnfinished(name: entry.name) { return }
    switch entry.kind {
    case .directory:
      do throws(Errno) {
        let descriptor = try active.walker.open(entry)
        if addWatch(descriptor, path: entry.path) {
          try active.walker.enter(descriptor, path: entry.path)
        } else {
          descriptor.closeQuietly()
        }
      } catch {
        // Gone or unreadable; a later event or scan covers it.
      }
    case .regular where active.settle:
      guard filter.accepts(SpoolPath(unchecked: entry.path)),
            let status = try? active.walker.status(of: entry) else { return }
      if status.linkCount > 1 {
        offer(entry.path)  // a hard link to a finished file
      } else {
        settling[entry.path] = (ContinuousClock.now + settleDelay, FileLook(status))
      }
    default:
      offer(entry.path)
    }
  }

  /// Hands out the held-back files whose wait is over and that did not change during it
  /// (size and modification time): a writer may still be at it otherwise, so wait again.
  /// Its IN_CLOSE_WRITE, if it comes first, hands the file out instead.
  private mutating func release(now: ContinuousClock.Instant) {
    guard !settling.isEmpty else { return }
    let due = settling.filter { $0.value.due <= now }
    for (path, entry) in due {
      guard let status = try? layout.descriptor(.incoming).status(at: path) else {
        settling.removeValue(forKey: path)
        continue
      }
      let look = FileLook(status)
      if look == entry.look {
        settling.removeValue(forKey: path)
        offer(path)
      } else {
        settling[path] = (now + settleDelay, look)
      }
    }
  }

  // MARK: Overflow

  /// After lost events: watch every folder again (new ones may have been missed), drop
  /// watches of folders that are gone, and leave the scan to the consumer.
  private mutating func rebuild() {
    walk = nil
    folderQueue.removeAll()
    settling.removeAll()
    let old = table
    var fresh = WatchTable(root: old.root)
    if let root = old.spoolRoot { fresh.setSpoolRoot(root) }
    table = fresh
    do throws(SpoolError) {
      try watchTree()
    } catch {
      push(.unwatched(SpoolPath(unchecked: Array("incoming".utf8)), reason: error.description))
    }
    for (watch, _) in old.folders where table.path(of: watch) == nil {
      inotify.removeWatch(watch)
    }
  }

  /// Watches `incoming/` and every folder below it, each before it is read.
  private mutating func watchTree() throws(SpoolError) {
    let incoming = layout.descriptor(.incoming)
    let start = try spoolCall("open", "incoming") { () throws(Errno) in try incoming.openDirectory(at: [0x2E]) }
    let watch: Inotify.Watch
    do throws(Errno) {
      watch = try inotify.addWatch(directory: start, fallbackPath: layout.path(of: .incoming), events: Self.folderEvents)
    } catch {
      start.closeQuietly()
      throw SpoolError(operation: "inotify_add_watch", path: layout.path(of: .incoming).string, errno: error)
    }
    table.insert(watch, path: [])
    var walker = try spoolCall("readdir", "incoming") { () throws(Errno) in
      try DirectoryWalker(taking: start, path: [])
    }
    while let entry = walker.next() {
      guard entry.kind == .directory, !filter.isUnfinished(name: entry.name) else { continue }
      do throws(Errno) {
        let descriptor = try walker.open(entry)
        _ = addWatch(descriptor, path: entry.path)
        try walker.enter(descriptor, path: entry.path)
      } catch {
        continue
      }
    }
  }

  // MARK: Helpers

  private mutating func push(_ event: SpoolEvent) {
    pending.append(event)
  }

  private mutating func popPending() -> SpoolEvent? {
    guard pendingHead < pending.count else {
      if !pending.isEmpty {
        pending.removeAll(keepingCapacity: true)
        pendingHead = 0
      }
      return nil
    }
    defer { pendingHead += 1 }
    return pending[pendingHead]
  }

  private static func milliseconds(until instant: ContinuousClock.Instant, from now: ContinuousClock.Instant) -> CInt {
    guard instant > now else { return 0 }
    let (seconds, attoseconds) = (instant - now).components
    let total = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return CInt(clamping: total)
  }

  func closeDescriptors() {
    inotify.descriptor.closeQuietly()
  }
}

/// What a held-back file looked like: if this does not change for a while, its writer is
/// taken to be done.
internal struct FileLook: Equatable {
  var size: Int64
  var seconds: Int
  var nanoseconds: Int

  init(_ status: Stat) {
    size = status.size
    seconds = Int(status.st_mtim.tv_sec)
    nanoseconds = Int(status.st_mtim.tv_nsec)
  }
}
