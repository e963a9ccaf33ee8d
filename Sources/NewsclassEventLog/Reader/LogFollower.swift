import SystemPackage

/// `newsclass log --follow`: polls the log (every `pollInterval`, at most 200 ms) and
/// passes on complete lines as they appear.
///
/// Rotation: when the path names another file, the old descriptor is kept ("retiring")
/// and read to its end until the new file has data. The writer moves to the new file at
/// its next batch, and its last write to the old file returns before its first write to
/// the new one; so once the new file is seen non-empty, one more read of the old file
/// gets everything it will ever hold, and lines come out in order.
///
/// Shrinking: a file cut below what was read was either truncated by logrotate's
/// copytruncate (read it again from the start) or cut back by the writer after a failed
/// batch that it will rewrite (read from where it was cut). Both are handled by reading
/// from the start again and passing on only seqs above the last one passed on.
final class LogFollower {
    private struct Source {
        let descriptor: FileDescriptor
        let identity: FileIdentity
        let chunker: LineChunker
    }

    private let path: FilePath
    private let matcher: LineMatcher
    private let chunkSize: Int
    private let pollInterval: Duration
    private let stop: FollowStop
    private var current: Source?
    private var retiring: Source?
    /// The highest seq passed on (or skipped when starting at the end).
    private var lastSeq: Int?

    init(path: FilePath, matcher: LineMatcher, chunkSize: Int, pollInterval: Duration, stop: FollowStop) {
        self.path = path
        self.matcher = matcher
        self.chunkSize = chunkSize
        self.pollInterval = pollInterval
        self.stop = stop
    }

    deinit {
        if let current { try? current.descriptor.close() }
        if let retiring { try? retiring.descriptor.close() }
    }

    func run(from start: EventLogReader.FollowStart, _ body: (EventLogLine) throws -> Void) throws {
        var firstOpen = true
        while !stop.isStopped {
            if current == nil {
                current = try openSource(atEnd: firstOpen && start == .end)
                firstOpen = false
                guard current != nil else {
                    stop.wakeup.wait(timeout: pollInterval)
                    continue
                }
            }
            var readAny = false
            try noticeRotation()
            if let old = retiring {
                // Measured before the last read of the old file; see the type's comment.
                let newFileHasData = (try? OpenFileStatus(current!.descriptor).size > 0) ?? false
                readAny = try drain(old, body) > 0
                guard newFileHasData else {
                    if !readAny { stop.wakeup.wait(timeout: pollInterval) }
                    continue
                }
                try? old.descriptor.close()
                retiring = nil
            }
            if let source = current {
                readAny = try drain(source, body) > 0 || readAny
                try noticeShrinking(source)
            }
            if !readAny { stop.wakeup.wait(timeout: pollInterval) }
        }
    }

    /// Opens the path; nil while it names nothing. At the end means after the last
    /// complete line (never inside a line being written).
    private func openSource(atEnd: Bool) throws -> Source? {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(path, .readOnly, options: [.closeOnExec])
        } catch Errno.noSuchFileOrDirectory {
            return nil
        } catch {
            throw EventLogError.cannotOpen(path: path.string, error as? Errno ?? .ioError)
        }
        return try EventLogReader.reading(path.string) {
            do {
                let status = try OpenFileStatus(descriptor)
                var offset: Int64 = 0
                if atEnd {
                    // Read the existing lines without passing them on, to learn their last seq
                    // and stop after the last newline.
                    let chunker = LineChunker(chunkSize: chunkSize)
                    try chunker.readLines(from: descriptor, limit: status.size) { line in
                        if let seq = RecordFields.locate(in: line).seq { lastSeq = max(lastSeq ?? seq, seq) }
                    }
                    offset = chunker.consumedOffset
                }
                return Source(
                    descriptor: descriptor, identity: status.identity,
                    chunker: LineChunker(chunkSize: chunkSize, offset: offset))
            } catch {
                try? descriptor.close()
                throw error
            }
        }
    }

    /// Reads what is there; returns the bytes read.
    private func drain(_ source: Source, _ body: (EventLogLine) throws -> Void) throws -> Int64 {
        try EventLogReader.reading(path.string) {
            try source.chunker.readLines(from: source.descriptor) { line in
                if let seq = RecordFields.locate(in: line).seq {
                    if let last = lastSeq, seq <= last { return }
                    lastSeq = seq
                }
                if matcher.matches(line) { try body(EventLogLine(line)) }
            }
        }
    }

    private func noticeRotation() throws {
        guard retiring == nil, let source = current,
              let identity = try? FileIdentity.of(path: path), identity != source.identity,
              let replacement = try openSource(atEnd: false)
        else { return }
        retiring = source
        current = replacement
    }

    private func noticeShrinking(_ source: Source) throws {
        let size = try EventLogReader.reading(path.string) { try OpenFileStatus(source.descriptor).size }
        if size < source.chunker.consumedOffset {
            source.chunker.reset(to: 0)
        } else if size < source.chunker.readOffset {
            source.chunker.discardPending()
        }
    }
}
