import Glibc

extension String {
    /// Bytes at which `handingOver(_:)` starts giving memory back; below it a plain
    /// copy is as good.
    static let handoverThreshold = 4 << 20

    /// A String of the UTF-8 in `utf8` (which must be valid, as `TextBuilder` makes it),
    /// copied so that the array's memory is given back as the copy goes: every 1 MiB, the
    /// whole pages already copied are released (madvise MADV_DONTNEED). Making a 10 MB
    /// body into the article's String then costs about 1 MiB more at the peak instead of
    /// 10 MB. `utf8` is left empty (its released pages would read as zeros).
    static func handingOver(_ utf8: inout [UInt8]) -> String {
        let count = utf8.count
        guard count >= String.handoverThreshold else {
            defer { utf8 = [] }
            return String(decoding: utf8, as: UTF8.self)
        }
        let pageSize = Int(getpagesize())
        let step = 1 << 20
        // Unique storage: if the array were shared this makes it a copy of its own, so no
        // other holder's bytes are released.
        let string = utf8.withUnsafeMutableBufferPointer { source in
            String(unsafeUninitializedCapacity: count) { target in
                let base = UnsafeMutableRawPointer(source.baseAddress!)
                let address = Int(bitPattern: base)
                var released = (address + pageSize - 1) / pageSize * pageSize // whole pages only
                var done = 0
                while done < count {
                    let n = Swift.min(step, count - done)
                    (target.baseAddress! + done).update(from: source.baseAddress! + done, count: n)
                    done += n
                    let end = (address + done) / pageSize * pageSize
                    if end > released {
                        _ = madvise(UnsafeMutableRawPointer(bitPattern: released), end - released, MADV_DONTNEED)
                        released = end
                    }
                }
                return count
            }
        }
        utf8 = []
        return string
    }
}
