/// Which file a record is about, for a file that stays where it was dropped: its device,
/// inode number and change time (`st_dev`, `st_ino`, `st_ctim`).
///
/// Written as the record's `inode` object, `{"dev":…,"ino":…,"ctime":…,"ctime_nsec":…}`
/// (ctime in seconds since the epoch, and its nanoseconds), on `rejected` records with
/// reason `unclaimable` only. A file the daemon cannot move out of `incoming/` is
/// recorded once per stamp: the log is read back at start-up to learn which stamps have
/// their record, so neither the next scan nor a restart records it again. Anything that
/// changes the file — a touch, a rename onto a new inode, a rewrite — changes the stamp,
/// and the file is judged again.
public struct InodeStamp: Sendable, Hashable, CustomStringConvertible {
    public var device: UInt64
    public var inode: UInt64
    /// Seconds since the epoch.
    public var changeSeconds: Int64
    /// 0…999,999,999.
    public var changeNanoseconds: Int64

    public init(device: UInt64, inode: UInt64, changeSeconds: Int64, changeNanoseconds: Int64) {
        self.device = device
        self.inode = inode
        self.changeSeconds = changeSeconds
        self.changeNanoseconds = changeNanoseconds
    }

    public var description: String {
        "dev \(device) ino \(inode) ctime \(changeSeconds).\(changeNanoseconds)"
    }

    func write(to json: inout JSONObjectWriter) {
        json.key("inode")
        json.beginObject()
        json.field("dev", device)
        json.field("ino", inode)
        json.field("ctime", Int(changeSeconds))
        json.field("ctime_nsec", Int(changeNanoseconds))
        json.endObject()
    }
}
