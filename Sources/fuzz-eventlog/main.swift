import FuzzSupport
import NewsclassEventLog

#if canImport(Glibc)
import Glibc
#endif

// libFuzzer target for the event-log reader (`newsclass log`): the line chunking, the
// in-place reading of seq, time and event, and the query filter. The first byte chooses
// the query and the read size, the next eight the --since/--until instants; the rest is
// the log file, which is written to an unlinked file in memory (/dev/shm) and read back
// through /proc/self/fd.
// Properties:
// - the reader hands out exactly the complete lines (a torn last line never), in order,
//   whatever the chunk size, with long lines growing the buffer;
// - a line is handed out exactly when the query matches it as a string;
// - every line handed out under --since/--until has a time within them.
//
// Replay (ordinary builds): .build/debug/fuzz-eventlog FILE...

/// 2026-11-23T10:00:00Z: the seeds' records are around it.
let base: Int64 = 1_795_428_000_000

final class MemoryFile: Sendable {
    let descriptor: Int32
    let path: String

    init() {
        var template = Array("/dev/shm/newsclass-fuzz-eventlog-XXXXXX".utf8CString)
        var descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if descriptor < 0 {
            template = Array("/tmp/newsclass-fuzz-eventlog-XXXXXX".utf8CString)
            descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        }
        guard descriptor >= 0 else { fuzzFailure("cannot create a scratch file") }
        unlink(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        self.descriptor = descriptor
        path = "/proc/self/fd/\(descriptor)"
    }

    func replace(with bytes: ArraySlice<UInt8>) {
        guard ftruncate(descriptor, 0) == 0 else { fuzzFailure("ftruncate: \(errno)") }
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard written == bytes.count else { fuzzFailure("pwrite wrote \(written) of \(bytes.count) bytes") }
    }
}

let file = MemoryFile()

func query(_ bytes: [UInt8]) -> EventLogQuery {
    let flags = bytes.first ?? 0
    func instant(_ offset: Int) -> Int64 {
        var seconds: Int32 = 0
        for k in 0..<4 where offset + k < bytes.count { seconds = seconds << 8 | Int32(bytes[offset + k]) }
        return base + Int64(seconds) * 1000 + Int64(seconds % 1000)
    }
    var query = EventLogQuery()
    if flags & 1 != 0 { query.since = instant(1) }
    if flags & 2 != 0 { query.until = instant(5) }
    if flags & 4 != 0 { query.topics.append("mining_ban") }
    if flags & 8 != 0 { query.topics.append("a\"b\\c") }
    if flags & 16 != 0 { query.events.append("classified") }
    if flags & 32 != 0 { query.events.append("rejected") }
    return query
}

func check(_ bytes: [UInt8]) {
    let query = query(bytes)
    let chunkSize = bytes.first.map { $0 & 64 != 0 ? 1 : 1 << 16 } ?? 1 << 16 // 1: the smallest buffer (4 KiB)
    let content = bytes.dropFirst(min(bytes.count, 9))
    file.replace(with: content)

    var handedOut: [(bytes: [UInt8], seq: Int?, time: Int64?)] = []
    do {
        try EventLogReader(path: file.path, chunkSize: chunkSize).forEach(matching: query) { line in
            handedOut.append((line.bytes, line.seq, line.timeMilliseconds))
        }
    } catch {
        fuzzFailure("reading the log failed: \(error)")
    }

    // The complete lines: everything before the last newline, split at newlines.
    var lines = content.split(separator: 0x0A, omittingEmptySubsequences: false)
    lines.removeLast() // a torn line, or the empty rest after the final newline
    var next = 0
    for line in lines {
        let isHandedOut = next < handedOut.count && handedOut[next].bytes.elementsEqual(line)
        if isHandedOut { next += 1 }
        guard String(validating: line, as: UTF8.self) != nil else { continue } // matches() takes a String
        let matches = query.matches(String(decoding: line, as: UTF8.self))
        if matches != isHandedOut {
            fuzzFailure("the line \(String(reflecting: String(decoding: line.prefix(300), as: UTF8.self))) "
                + "matches the query: \(matches), handed out: \(isHandedOut)")
        }
    }
    if next != handedOut.count {
        fuzzFailure("the reader handed out \(handedOut.count - next) lines that are not complete lines of the file, "
            + "the first \(String(reflecting: String(decoding: handedOut[next].bytes.prefix(300), as: UTF8.self)))")
    }
    for line in handedOut {
        if let since = query.since, !(line.time.map { $0 >= since } ?? false) {
            fuzzFailure("a line with time \(line.time.map(String.init) ?? "none") passed --since \(since)")
        }
        if let until = query.until, !(line.time.map { $0 < until } ?? false) {
            fuzzFailure("a line with time \(line.time.map(String.init) ?? "none") passed --until \(until)")
        }
    }
}

FuzzDriver.main(name: "eventlog", check: check)
