import NewsclassRecords

/// A record's line rendered ahead of time, on the appending thread, minus the two fields
/// only the committer knows when it writes: `seq` (known at append, but rendered here
/// before it is assigned, outside the lock) and `time` (the moment of writing).
///
/// Why: rendering JSON is the one costly step per record, and on the committer it would
/// run on a single thread between fsyncs. Rendered by the callers (the daemon's workers)
/// it runs in parallel, and the committer only splices bytes:
///
///     rendered:  {"v":1,"time":"1970-01-01T00:00:00.000Z","event":…
///     written:   {"v":1,"seq":42,"time":"2026-11-23T10:15:02.347Z","event":…
///
/// which is exactly what `jsonLine()` gives with seq and time set (a test holds the two
/// together). A record whose line does not have this shape gets no template, and the
/// committer renders it whole.
struct LineTemplate: Sendable {
    private let bytes: [UInt8]
    /// Where `"time":"` starts, just after `{"v":1,`.
    private let timeKey: Int

    private static let placeholder = Array(#""time":"1970-01-01T00:00:00.000Z""#.utf8)
    static let timeWidth = 24

    init?(_ record: EventRecord) {
        var unstamped = record
        unstamped.seq = nil
        unstamped.timeMilliseconds = 0
        let bytes = Array(unstamped.jsonLine().utf8)
        let version = Array(#"{"v":"#.utf8)
        guard bytes.starts(with: version) else { return nil }
        var position = version.count
        while position < bytes.count, (48...57).contains(bytes[position]) { position += 1 }
        guard position > version.count, position < bytes.count, bytes[position] == UInt8(ascii: ","),
              bytes[(position + 1)...].starts(with: Self.placeholder)
        else { return nil }
        self.bytes = bytes
        timeKey = position + 1
    }

    /// Appends the finished line (without newline); `time` is the 24-byte RFC 3339 form.
    func write(seq: Int, time: [UInt8], into out: inout [UInt8]) {
        precondition(time.count == Self.timeWidth && seq >= 0)
        out.append(contentsOf: bytes[..<timeKey])
        out.append(contentsOf: #""seq":"#.utf8)
        Self.appendDecimal(seq, to: &out)
        out.append(UInt8(ascii: ","))
        out.append(contentsOf: Self.placeholder[..<8])
        out.append(contentsOf: time)
        out.append(contentsOf: bytes[(timeKey + 8 + Self.timeWidth)...])
    }

    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var remaining = value
            var start = buffer.count
            repeat {
                start -= 1
                buffer[start] = UInt8(48 + remaining % 10)
                remaining /= 10
            } while remaining > 0
            out.append(contentsOf: buffer[start...])
        }
    }
}
