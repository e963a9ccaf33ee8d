import SystemPackage

/// The log file as the committer holds it: an append-only descriptor and the identity of
/// the file it writes to.
struct LogFile {
    let path: FilePath
    let descriptor: FileDescriptor
    let identity: FileIdentity

    /// Opens the log for appending, creating it (mode `permissions`) if missing; takes the
    /// writer lock; makes its directory entry durable; cuts a torn tail. Returns the file
    /// and how many torn bytes were cut.
    ///
    /// The descriptor is O_RDWR rather than O_WRONLY so recovery reads the tail through the
    /// very descriptor it will append to: a second open by path could meet a file rotated
    /// in between. Reads go through pread; O_APPEND still sends every write to the end.
    static func open(_ path: FilePath, permissions: FilePermissions) throws(EventLogError) -> (file: LogFile, tornBytes: Int64) {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(
                path, .readWrite, options: [.append, .create, .closeOnExec], permissions: permissions)
        } catch {
            throw .cannotOpen(path: path.string, error as? Errno ?? .ioError)
        }
        do {
            // Two writers on one log would interleave and reuse seqs; the second one stops here.
            // A filesystem without flock support (ENOLCK, EOPNOTSUPP) is written unlocked.
            guard (try? descriptor.tryLockExclusive()) ?? true else {
                try? descriptor.close()
                throw EventLogError.inUse(path: path.string)
            }
            let status = try OpenFileStatus(descriptor)
            try refuseForeignFile(descriptor, size: status.size, path: path)
            synchronizeDirectory(of: path)
            let file = LogFile(path: path, descriptor: descriptor, identity: status.identity)
            let torn = try file.cutTornTail(size: status.size)
            return (file, torn)
        } catch let error as EventLogError {
            try? descriptor.close()
            throw error
        } catch {
            try? descriptor.close()
            throw .cannotOpen(path: path.string, error as? Errno ?? .ioError)
        }
    }

    /// Every record line starts with `{`: a non-empty file that does not is not an event
    /// log (a mistyped `--log`), and cutting its "torn tail" would destroy someone's data.
    private static func refuseForeignFile(_ descriptor: FileDescriptor, size: Int64, path: FilePath) throws {
        guard size > 0 else { return }
        var first: UInt8 = 0
        let count = try withUnsafeMutableBytes(of: &first) { try descriptor.read(at: 0, into: $0) }
        if count == 1, first != UInt8(ascii: "{") { throw EventLogError.notAnEventLog(path: path.string) }
    }

    /// fsyncs the directory so a newly created log survives a crash along with the records
    /// in it. Best effort: a directory the daemon may write but not read cannot be opened.
    private static func synchronizeDirectory(of path: FilePath) {
        var directory = path.removingLastComponent()
        if directory.isEmpty { directory = "." }
        guard let handle = try? FileDescriptor.open(directory, .readOnly, options: [.directory, .closeOnExec])
        else { return }
        try? handle.synchronize()
        try? handle.close()
    }

    /// Cuts the bytes after the last newline — a line a crash left half-written — so the
    /// next record starts on a line of its own and is never glued to it.
    private func cutTornTail(size: Int64) throws(Errno) -> Int64 {
        guard size > 0 else { return 0 }
        let chunk = 64 * 1024
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var keep: Int64 = 0
        var end = size
        search: while end > 0 {
            let start = max(0, end - Int64(chunk))
            let wanted = Int(end - start)
            var filled = 0
            while filled < wanted {
                let count = try descriptor.read(
                    at: start + Int64(filled), into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<wanted]))
                if count == 0 { break }
                filled += count
            }
            var index = filled - 1
            if end == size, index >= 0, buffer[index] == 0x0A { return 0 }
            while index >= 0 {
                if buffer[index] == 0x0A {
                    keep = start + Int64(index) + 1
                    break search
                }
                index -= 1
            }
            end = start
        }
        try truncate(to: keep)
        return size - keep
    }

    func status() throws(Errno) -> OpenFileStatus {
        try OpenFileStatus(descriptor)
    }

    /// Appends the bytes (one batch of whole lines); on failure a prefix may have landed,
    /// which the caller truncates away.
    func append(_ bytes: UnsafeRawBufferPointer) throws(Errno) {
        try descriptor.writeEverything(bytes)
    }

    func synchronize() throws(Errno) {
        try descriptor.synchronizeData()
    }

    /// Cuts the file back to `size` and makes that durable, so a half-written batch cannot
    /// reappear after a crash next to its rewritten copy.
    func truncate(to size: Int64) throws(Errno) {
        do {
            try descriptor.resize(to: size)
        } catch {
            throw error as? Errno ?? .ioError
        }
        try descriptor.synchronizeData()
    }

    func close() {
        try? descriptor.close()
    }
}
