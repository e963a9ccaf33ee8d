import SystemPackage

/// Which file a path or descriptor names (`st_dev`, `st_ino`). Rotation is noticed by
/// comparing the path's identity with the open descriptor's: after logrotate renames the
/// log and creates a new one, the path names another inode while the descriptor still
/// writes to the old one.
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64

    init(_ status: Stat) {
        device = UInt64(status.deviceID.rawValue)
        inode = UInt64(status.inode.rawValue)
    }

    /// The file the path names now, following symlinks as `open` would; nil when nothing
    /// is there.
    ///
    /// The corresponding C function is `stat`.
    static func of(path: FilePath) throws(Errno) -> FileIdentity? {
        do {
            return FileIdentity(try path.stat())
        } catch Errno.noSuchFileOrDirectory {
            return nil
        }
    }
}

/// What the committer and the follower want from `fstat`: identity and current size.
struct OpenFileStatus: Sendable {
    var identity: FileIdentity
    var size: Int64

    /// The corresponding C function is `fstat`.
    init(_ descriptor: FileDescriptor) throws(Errno) {
        let status = try descriptor.stat()
        identity = FileIdentity(status)
        size = status.size
    }
}
