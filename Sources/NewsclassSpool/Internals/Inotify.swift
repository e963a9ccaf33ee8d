// A typed inotify(7) instance: the kernel's queue of events for watched directories.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

internal struct Inotify: Sendable {
  /// The inotify instance's own descriptor (readable when events are queued).
  let descriptor: FileDescriptor

  /// Flags of inotify_init1(2).
  struct Options: OptionSet, Sendable {
    let rawValue: CInt
    init(rawValue: CInt) { self.rawValue = rawValue }

    /// Reads return EAGAIN instead of blocking. The corresponding C constant is `IN_NONBLOCK`.
    static var nonBlocking: Options { Options(rawValue: CInt(IN_NONBLOCK)) }
    /// The corresponding C constant is `IN_CLOEXEC`.
    static var closeOnExec: Options { Options(rawValue: CInt(IN_CLOEXEC)) }
  }

  /// Event kinds and watch flags: the `mask` of inotify_add_watch(2) and of each event.
  struct Events: OptionSet, Sendable, Hashable, CustomStringConvertible {
    let rawValue: UInt32
    init(rawValue: UInt32) { self.rawValue = rawValue }

    /// A file opened for writing was closed. The corresponding C constant is `IN_CLOSE_WRITE`.
    static var closeWrite: Events { Events(rawValue: UInt32(IN_CLOSE_WRITE)) }
    /// An entry was renamed into the directory. The corresponding C constant is `IN_MOVED_TO`.
    static var movedTo: Events { Events(rawValue: UInt32(IN_MOVED_TO)) }
    /// An entry was renamed out of the directory. The corresponding C constant is `IN_MOVED_FROM`.
    static var movedFrom: Events { Events(rawValue: UInt32(IN_MOVED_FROM)) }
    /// An entry was created. The corresponding C constant is `IN_CREATE`.
    static var create: Events { Events(rawValue: UInt32(IN_CREATE)) }
    /// An entry was deleted. The corresponding C constant is `IN_DELETE`.
    static var delete: Events { Events(rawValue: UInt32(IN_DELETE)) }
    /// The watched directory itself was deleted. The corresponding C constant is `IN_DELETE_SELF`.
    static var deleteSelf: Events { Events(rawValue: UInt32(IN_DELETE_SELF)) }
    /// The watched directory itself was moved. The corresponding C constant is `IN_MOVE_SELF`.
    static var moveSelf: Events { Events(rawValue: UInt32(IN_MOVE_SELF)) }

    /// Watch flag: fail unless the path is a directory. The corresponding C constant is `IN_ONLYDIR`.
    static var onlyDirectory: Events { Events(rawValue: UInt32(IN_ONLYDIR)) }
    /// Watch flag: do not follow a final symbolic link. The corresponding C constant is `IN_DONT_FOLLOW`.
    static var dontFollow: Events { Events(rawValue: UInt32(IN_DONT_FOLLOW)) }
    /// Watch flag: no events for children after they were unlinked.
    /// The corresponding C constant is `IN_EXCL_UNLINK`.
    static var excludeUnlinked: Events { Events(rawValue: UInt32(IN_EXCL_UNLINK)) }

    /// Event flag: the subject is a directory. The corresponding C constant is `IN_ISDIR`.
    static var isDirectory: Events { Events(rawValue: UInt32(IN_ISDIR)) }
    /// Event flag: the queue overflowed; events were lost. The corresponding C constant is `IN_Q_OVERFLOW`.
    static var queueOverflow: Events { Events(rawValue: UInt32(IN_Q_OVERFLOW)) }
    /// Event flag: the watch was removed. The corresponding C constant is `IN_IGNORED`.
    static var ignored: Events { Events(rawValue: UInt32(IN_IGNORED)) }
    /// Event flag: the file system was unmounted. The corresponding C constant is `IN_UNMOUNT`.
    static var unmount: Events { Events(rawValue: UInt32(IN_UNMOUNT)) }

    var description: String {
      let names: [(Events, String)] = [
        (.closeWrite, "CLOSE_WRITE"), (.movedTo, "MOVED_TO"), (.movedFrom, "MOVED_FROM"),
        (.create, "CREATE"), (.delete, "DELETE"), (.deleteSelf, "DELETE_SELF"),
        (.moveSelf, "MOVE_SELF"), (.isDirectory, "ISDIR"), (.queueOverflow, "Q_OVERFLOW"),
        (.ignored, "IGNORED"), (.unmount, "UNMOUNT"),
      ]
      let present = names.filter { contains($0.0) }.map(\.1)
      return present.isEmpty ? "0x" + String(rawValue, radix: 16) : present.joined(separator: "|")
    }
  }

  /// The number inotify_add_watch(2) returns for a watched inode; events carry it.
  struct Watch: RawRepresentable, Hashable, Sendable {
    let rawValue: CInt
    init(rawValue: CInt) { self.rawValue = rawValue }
  }

  /// One event as read from the queue.
  struct Event: Hashable, Sendable {
    var watch: Watch
    var events: Events
    var cookie: UInt32
    /// The entry's name within the watched directory; empty for events about the directory itself.
    var name: [UInt8]
  }

  /// Creates an inotify instance.
  ///
  /// The corresponding C function is `inotify_init1`.
  static func open(options: Options) throws(Errno) -> Inotify {
    let raw = try valueOrErrno { system_inotify_init1(options.rawValue) }.get()
    return Inotify(descriptor: FileDescriptor(rawValue: raw))
  }

  /// Watches the directory open as `directory`, through its /proc/self/fd link, so the
  /// watch lands on exactly the inode that was opened (with O_NOFOLLOW) whatever happens
  /// to its name meanwhile. When /proc is not mounted, falls back to `fallbackPath` with
  /// IN_DONT_FOLLOW. Adding a watch for an inode already watched returns its existing number.
  ///
  /// The corresponding C function is `inotify_add_watch`.
  func addWatch(directory: FileDescriptor, fallbackPath: FilePath, events: Events) throws(Errno) -> Watch {
    let procPath = "/proc/self/fd/\(directory.rawValue)"
    let viaProc = procPath.withCString { path in
      valueOrErrno { system_inotify_add_watch(descriptor.rawValue, path, events.rawValue) }
    }
    switch viaProc {
    case .success(let watch):
      return Watch(rawValue: watch)
    case .failure(.noSuchFileOrDirectory):
      let flags = events.union(.dontFollow)
      let raw = try fallbackPath.withPlatformString { path in
        valueOrErrno { system_inotify_add_watch(descriptor.rawValue, path, flags.rawValue) }
      }.get()
      return Watch(rawValue: raw)
    case .failure(let error):
      throw error
    }
  }

  /// Stops watching. EINVAL (already removed by the kernel) is not an error here.
  ///
  /// The corresponding C function is `inotify_rm_watch`.
  func removeWatch(_ watch: Watch) {
    _ = valueOrErrno { system_inotify_rm_watch(descriptor.rawValue, watch.rawValue) }
  }

  /// Reads the queued events into `buffer` and hands each to `body`. Returns false when
  /// nothing was queued (EAGAIN).
  ///
  /// The corresponding C function is `read`.
  func readEvents(into buffer: UnsafeMutableRawBufferPointer, _ body: (Event) -> Void) throws(Errno) -> Bool {
    let count: Int
    do {
      count = try descriptor.read(into: buffer)
    } catch let error as Errno where error == .resourceTemporarilyUnavailable {
      return false
    } catch let error as Errno {
      throw error
    } catch {
      throw .ioError
    }
    Self.parse(UnsafeRawBufferPointer(rebasing: buffer[..<count]), body)
    return count > 0
  }

  /// Splits a buffer of `struct inotify_event` records (16-byte header, then `len` bytes of
  /// NUL-padded name).
  static func parse(_ bytes: UnsafeRawBufferPointer, _ body: (Event) -> Void) {
    let header = 16
    var offset = 0
    while offset + header <= bytes.count {
      let watch = bytes.loadUnaligned(fromByteOffset: offset, as: CInt.self)
      let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
      let cookie = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
      let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
      let nameStart = offset + header
      let nameEnd = min(nameStart + length, bytes.count)
      var name = [UInt8](bytes[nameStart..<nameEnd])
      if let nul = name.firstIndex(of: 0) { name.removeSubrange(nul...) }
      body(Event(watch: Watch(rawValue: watch), events: Events(rawValue: mask), cookie: cookie, name: name))
      offset = nameStart + length
    }
  }
}
