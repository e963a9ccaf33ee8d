import SystemPackage

/// Reads the event log for `newsclass log`: matching lines in file order, fast enough to
/// filter a million records in well under two seconds (large preads, memchr line
/// splitting, byte-level filtering; see `LineMatcher`), and a follow mode that keeps
/// reading as the log grows and across rotation (see `LogFollower`).
public struct EventLogReader: Sendable {
    public enum FollowStart: Sendable {
        /// Everything already in the log, then what is appended.
        case start
        /// Only what is appended after the call.
        case end
    }

    public let path: String
    public var chunkSize: Int

    public init(path: String, chunkSize: Int = 4 << 20) {
        self.path = path
        self.chunkSize = chunkSize
    }

    /// Calls `body` with each complete line that matches, in file order. A torn last line
    /// (no newline yet) is skipped. Throws `EventLogError.cannotOpen`/`.cannotRead`, or
    /// what `body` throws.
    public func forEach(matching query: EventLogQuery = EventLogQuery(), _ body: (EventLogLine) throws -> Void) throws {
        let descriptor = try Self.open(FilePath(path))
        defer { try? descriptor.close() }
        let matcher = LineMatcher(query)
        let chunker = LineChunker(chunkSize: chunkSize)
        _ = try Self.reading(path) {
            try chunker.readLines(from: descriptor) { line in
                if matcher.matches(line) { try body(EventLogLine(line)) }
            }
        }
    }

    /// The matching lines as strings.
    public func lines(matching query: EventLogQuery = EventLogQuery()) throws -> [String] {
        var lines: [String] = []
        try forEach(matching: query) { lines.append($0.text) }
        return lines
    }

    /// Calls `body` with each matching line as it is appended, until `stop` is stopped;
    /// `body` runs on the calling thread. Survives rotation: when the path names a new
    /// file, the old one is read to its end first. Waits for a log that does not exist
    /// yet. Each seq is passed on at most once, in increasing order, so a batch the writer
    /// rolled back and rewrote is not shown twice.
    public func follow(
        _ query: EventLogQuery = EventLogQuery(),
        from start: FollowStart = .end,
        pollInterval: Duration = .milliseconds(100),
        until stop: FollowStop,
        _ body: (EventLogLine) throws -> Void
    ) throws {
        let follower = LogFollower(
            path: FilePath(path), matcher: LineMatcher(query), chunkSize: chunkSize,
            pollInterval: min(pollInterval, .milliseconds(200)), stop: stop)
        try follower.run(from: start, body)
    }

    static func open(_ path: FilePath) throws(EventLogError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(path, .readOnly, options: [.closeOnExec])
        } catch {
            throw .cannotOpen(path: path.string, error as? Errno ?? .ioError)
        }
    }

    /// Runs a read, turning an `Errno` from the file into `EventLogError.cannotRead`.
    static func reading<Result>(_ path: String, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as Errno {
            throw EventLogError.cannotRead(path: path, error)
        }
    }
}
