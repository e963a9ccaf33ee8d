import SystemPackage

/// Reads a file forward in large chunks (pread, never mmap: the writer truncates a failed
/// batch away, and a truncated mapping would kill a reader with SIGBUS) and hands out
/// its complete lines without the newline. Bytes after the last newline wait for the
/// next read: at the end of a finished file they are a torn line and are never handed
/// out; a follower keeps them until the rest arrives.
final class LineChunker {
    private var buffer: UnsafeMutableRawBufferPointer
    /// First byte of the line not yet handed out.
    private var start = 0
    /// End of the bytes read so far.
    private var end = 0
    /// Where the next read starts in the file.
    private(set) var readOffset: Int64

    /// The file offset just after the last complete line handed out.
    var consumedOffset: Int64 { readOffset - Int64(end - start) }
    /// Bytes of an unfinished last line held back.
    var pendingByteCount: Int { end - start }

    init(chunkSize: Int = 4 << 20, offset: Int64 = 0) {
        buffer = .allocate(byteCount: max(chunkSize, 4096), alignment: 64)
        readOffset = offset
    }

    deinit {
        buffer.deallocate()
    }

    /// Reads from `readOffset` to the end of the file (or to `limit`), calling `body` with
    /// each complete line. The line's bytes are valid only during the call. Returns the
    /// number of bytes read.
    @discardableResult
    func readLines(
        from descriptor: FileDescriptor,
        limit: Int64? = nil,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws -> Int64 {
        var total: Int64 = 0
        while true {
            var space = makeRoom()
            if let limit {
                guard readOffset < limit else { break }
                space = min(space, Int(clamping: limit - readOffset))
            }
            let target = UnsafeMutableRawBufferPointer(rebasing: buffer[end..<(end + space)])
            let count = try descriptor.read(at: readOffset, into: target)
            if count == 0 { break }
            var searchFrom = end
            end += count
            readOffset += Int64(count)
            total += Int64(count)
            let view = UnsafeRawBufferPointer(buffer)
            while let newline = view.firstIndex(of: 0x0A, from: searchFrom, to: end) {
                let line = UnsafeRawBufferPointer(rebasing: view[start..<newline])
                start = newline + 1
                searchFrom = start
                try body(line)
            }
        }
        return total
    }

    /// Forgets an unfinished last line and rereads from just after the last complete one;
    /// used when the file shrank under it (the writer rolled back a failed batch).
    func discardPending() {
        readOffset = consumedOffset
        start = 0
        end = 0
    }

    /// Starts over at `offset` (a truncated or replaced file).
    func reset(to offset: Int64) {
        readOffset = offset
        start = 0
        end = 0
    }

    /// Moves a held-back partial line to the front when the tail runs short, and doubles
    /// the buffer when one line is longer than all of it. Returns the free bytes at the end.
    private func makeRoom() -> Int {
        if start == end {
            start = 0
            end = 0
        } else if start > 0, buffer.count - end < buffer.count / 4 {
            let pending = end - start
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: pending)
            start = 0
            end = pending
        }
        if end == buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 64)
            larger.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: end - start)
            end -= start
            start = 0
            buffer.deallocate()
            buffer = larger
        }
        return buffer.count - end
    }
}
