// Streaming a directory's entries with readdir(3), one at a time: a folder of 100,000
// files is never held in memory as a list.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// The kind of a directory entry, as readdir's d_type or fstatat's st_mode tells it.
internal enum EntryKind: Sendable, Hashable {
  case directory
  case regular
  case symbolicLink
  case fifo
  case socket
  case characterDevice
  case blockDevice
  /// d_type was DT_UNKNOWN (some file systems); ask fstatat.
  case unknown

  init(directoryEntryType type: UInt8) {
    switch Int32(type) {
    case Int32(DT_DIR): self = .directory
    case Int32(DT_REG): self = .regular
    case Int32(DT_LNK): self = .symbolicLink
    case Int32(DT_FIFO): self = .fifo
    case Int32(DT_SOCK): self = .socket
    case Int32(DT_CHR): self = .characterDevice
    case Int32(DT_BLK): self = .blockDevice
    default: self = .unknown
    }
  }

  init(_ type: FileType) {
    switch type {
    case .directory: self = .directory
    case .regular: self = .regular
    case .symbolicLink: self = .symbolicLink
    case .fifo: self = .fifo
    case .socket: self = .socket
    case .characterSpecial: self = .characterDevice
    case .blockSpecial: self = .blockDevice
    default: self = .unknown
    }
  }
}

/// An open directory stream. Owns its descriptor: closing the stream closes it.
internal final class DirectoryStream {
  private let stream: OpaquePointer

  struct Entry {
    var name: [UInt8]
    var kind: EntryKind
  }

  /// Takes ownership of `descriptor` (on failure it is closed).
  ///
  /// The corresponding C function is `fdopendir`.
  init(taking descriptor: FileDescriptor) throws(Errno) {
    guard let stream = system_fdopendir(descriptor.rawValue) else {
      let error = Errno(rawValue: system_errno())
      descriptor.closeQuietly()
      throw error
    }
    self.stream = stream
  }

  deinit {
    _ = system_closedir(stream)
  }

  /// The stream's descriptor, valid while the stream is open; the base for *at() calls on
  /// its entries.
  ///
  /// The corresponding C function is `dirfd`.
  var descriptor: FileDescriptor { FileDescriptor(rawValue: system_dirfd(stream)) }

  /// The next entry other than "." and "..", or nil at the end.
  ///
  /// The corresponding C function is `readdir`.
  func next() throws(Errno) -> Entry? {
    while true {
      system_clearErrno()
      guard let entry = system_readdir(stream) else {
        let code = system_errno()
        if code == 0 { return nil }
        throw Errno(rawValue: code)
      }
      let name: [UInt8] = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
        tuple.withMemoryRebound(to: UInt8.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) { bytes in
          let length = strlen(UnsafeRawPointer(bytes).assumingMemoryBound(to: CChar.self))
          return [UInt8](UnsafeBufferPointer(start: bytes, count: length))
        }
      }
      if name == [0x2E] || name == [0x2E, 0x2E] { continue }
      return Entry(name: name, kind: EntryKind(directoryEntryType: entry.pointee.d_type))
    }
  }
}
