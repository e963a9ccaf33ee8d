import Glibc

enum PageRelease {
    /// Gives the whole pages inside `buffer` back to the kernel (madvise MADV_DONTNEED):
    /// for bytes the caller owns and will not read again (they would read as zeros). The
    /// partial pages at either end are kept, as other data may share them.
    static func release(_ buffer: UnsafeBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress else { return }
        let pageSize = Int(getpagesize())
        let address = Int(bitPattern: base)
        let start = (address + pageSize - 1) / pageSize * pageSize
        let end = (address + buffer.count) / pageSize * pageSize
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED)
    }
}
