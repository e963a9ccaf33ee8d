import NewsclassRecords
import NewsclassSpool
import Synchronization

/// What the intake has already said about what it cannot take, so that it says it once:
///
/// - Files it cannot move out of `incoming/` (`UnclaimableFile`), by stamp (device,
///   inode, change time). Each gets one `unclaimable` record. The stamps are in those
///   records, and the log writer reads them back at start-up (`recovery.inodes`), so a
///   restart does not record them again either. A file that changes (touched, renamed
///   onto another inode, rewritten) has a new stamp and is judged again. The claim itself
///   is still tried at every event and scan: once the folder is fixed, the file is taken.
/// - Folders a scan cannot read or search (`UnreadableFolder`): their files cannot even
///   be seen, so no record per file is possible. One warning per folder and stamp in the
///   life of the process (a chmod of the folder gives a new stamp); a restart warns again.
///
/// Neither set shrinks: an entry is 32 bytes, and there are as many as files were found
/// stuck, which is few.
final class UnclaimableMemory: Sendable {
    private let files: Mutex<Set<InodeStamp>>
    private let folders = Mutex<Set<String>>([])

    /// `recorded`: the stamps whose records are already in the log.
    init(recorded: Set<InodeStamp>) {
        files = Mutex(recorded)
    }

    /// True the first time this file (by stamp) is met: its record is due.
    func isNew(_ file: UnclaimableFile) -> Bool {
        let stamp = InodeStamp(file.stamp)
        return files.withLock { $0.insert(stamp).inserted }
    }

    /// True the first time this folder, in this state, is met: worth a warning.
    func isNew(_ folder: UnreadableFolder) -> Bool {
        let key = folder.folder + "\u{0}" + (folder.stamp.map { "\($0)" } ?? "errno \(folder.errno.rawValue)")
        return folders.withLock { $0.insert(key).inserted }
    }
}

extension InodeStamp {
    /// The record's form of what the spool saw.
    init(_ stamp: FileStamp) {
        self.init(
            device: stamp.device, inode: stamp.inode, changeSeconds: stamp.changeSeconds,
            changeNanoseconds: stamp.changeNanoseconds)
    }
}
