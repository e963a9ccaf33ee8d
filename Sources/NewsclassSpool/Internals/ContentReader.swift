import SystemPackage

/// Reading a whole file into memory, with a cap.
internal enum ContentReader {
  /// Reads from the current offset to end of file, continuing after short reads. Stops
  /// once more than `limit` bytes were read (returning at most `limit + 1` bytes), so a
  /// file that grows while being read cannot make it read without end. `expected` (the
  /// size fstat reported) sizes the one allocation the usual case needs.
  ///
  /// The corresponding C function is `read`.
  static func readAll(_ file: FileDescriptor, limit: Int, expected: Int = 0) throws(Errno) -> [UInt8] {
    let capacity = min(limit, max(expected, 0)) + 1
    var failure: Errno?
    var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
      count = 0
      while count < capacity {
        do {
          let got = try file.read(into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[count...])))
          if got == 0 { return }
          count += got
        } catch {
          failure = (error as? Errno) ?? .ioError
          return
        }
      }
    }
    if let failure { throw failure }
    guard bytes.count == capacity, bytes.count <= limit else { return bytes }
    // More than fstat said: the file grew. Continue in chunks up to the cap.
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while bytes.count <= limit {
      let got: Int
      do {
        got = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
      } catch {
        throw (error as? Errno) ?? .ioError
      }
      if got == 0 { break }
      bytes.append(contentsOf: chunk[0..<min(got, limit + 1 - bytes.count)])
    }
    return bytes
  }
}
