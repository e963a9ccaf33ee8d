import NewsclassRecords

/// Where the fields a scan needs sit in one record line, found by bytes instead of a JSON
/// parse.
///
/// `EventRecord.jsonLine()` writes the fields in a fixed order,
/// `{"v":1,"seq":N,"time":"…","event":"…","file":"…","id":"…","bytes":N,…`, so the fast
/// path walks that prefix with a handful of comparisons. A line in another shape (edited
/// by hand, a later schema) falls back to searching for each `"key":`.
///
/// Why a key search cannot be fooled by text inside a value: inside a JSON string every
/// `"` is escaped as `\"`, so a pattern such as `"id":"` (a quote right after `d`) can only
/// match real string delimiters, i.e. a real key. The keys searched for come before the
/// nested `scores` and `evidence` objects, whose keys are topic names, so the first match
/// is the top-level field.
struct RecordFields {
    var seq: Int?
    /// The bytes inside the quotes of `time`.
    var time: Range<Int>?
    /// The bytes inside the quotes of `event`.
    var event: Range<Int>?
    /// Where the scan stopped: just after the event value's closing quote, or 0 when the
    /// prefix was not in the usual shape.
    var resumeAt: Int

    /// Locates `seq`, `time` and `event`.
    static func locate(in line: UnsafeRawBufferPointer) -> RecordFields {
        if let fields = locateInOrder(line) { return fields }
        return RecordFields(
            seq: number(after: "\"seq\":", in: line),
            time: string(after: "\"time\":\"", in: line, from: 0),
            event: string(after: "\"event\":\"", in: line, from: 0),
            resumeAt: 0
        )
    }

    private static func locateInOrder(_ line: UnsafeRawBufferPointer) -> RecordFields? {
        guard line.hasBytes("{\"v\":", at: 0), let version = line.decimal(at: 5),
              line.hasBytes(",\"seq\":", at: version.end), let seq = line.decimal(at: version.end + 7),
              line.hasBytes(",\"time\":\"", at: seq.end)
        else { return nil }
        let timeStart = seq.end + 9
        guard let timeEnd = line.firstIndex(of: UInt8(ascii: "\""), from: timeStart, to: line.count),
              line.hasBytes(",\"event\":\"", at: timeEnd + 1)
        else { return nil }
        let eventStart = timeEnd + 11
        guard let eventEnd = line.firstIndex(of: UInt8(ascii: "\""), from: eventStart, to: line.count)
        else { return nil }
        return RecordFields(seq: seq.value, time: timeStart..<timeEnd, event: eventStart..<eventEnd, resumeAt: eventEnd + 1)
    }

    /// The raw (still JSON-escaped) bytes of `file` and `id`, searched from `from`.
    static func fileAndID(in line: UnsafeRawBufferPointer, from: Int) -> (file: Range<Int>?, id: Range<Int>?) {
        if line.hasBytes(",\"file\":\"", at: from), let fileEnd = line.closingQuote(from: from + 9, to: line.count) {
            let file = (from + 9)..<fileEnd
            if line.hasBytes(",\"id\":\"", at: fileEnd + 1) {
                let idStart = fileEnd + 8
                let idEnd = line.firstIndex(of: UInt8(ascii: "\""), from: idStart, to: line.count)
                return (file, idEnd.map { idStart..<$0 })
            }
            if line.hasBytes(",\"bytes\":", at: fileEnd + 1) { return (file, nil) }
        }
        // A record without an id has no `"id":"` before `bytes`; the search is bounded by
        // `"bytes":` so it cannot reach into the payload.
        let file = string(after: "\"file\":\"", in: line, from: 0)
        let bytesKey = line.firstIndex(of: "\"bytes\":", from: file?.upperBound ?? 0, to: line.count) ?? line.count
        var id: Range<Int>?
        if let key = line.firstIndex(of: "\"id\":\"", from: file?.upperBound ?? 0, to: bytesKey) {
            let start = key + 6
            id = line.firstIndex(of: UInt8(ascii: "\""), from: start, to: line.count).map { start..<$0 }
        }
        return (file, id)
    }

    /// The bytes between the brackets of `"topics":[…]`, searched from `from`.
    static func topics(in line: UnsafeRawBufferPointer, from: Int) -> Range<Int>? {
        guard let key = line.firstIndex(of: "\"topics\":[", from: from, to: line.count) else { return nil }
        let start = key + 10
        // Topic names are strings: a `]` inside one does not end the array.
        var position = start
        while position < line.count {
            switch line[position] {
            case UInt8(ascii: "]"):
                return start..<position
            case UInt8(ascii: "\""):
                guard let close = line.closingQuote(from: position + 1, to: line.count) else { return nil }
                position = close + 1
            default:
                position += 1
            }
        }
        return nil
    }

    /// The `inode` object of a record about a file left in place (`InodeStamp`), searched
    /// from `from`; nil when the line has none or it is not in the writer's shape.
    ///
    /// Only `rejected` records carry one, and their other fields are flat strings and
    /// numbers, so the first `"inode":{` is the top-level key (see above on why a key
    /// search cannot match inside a string value).
    static func inode(in line: UnsafeRawBufferPointer, from: Int) -> InodeStamp? {
        guard let key = line.firstIndex(of: "\"inode\":{\"dev\":", from: from, to: line.count),
              let device = line.unsignedDecimal(at: key + 15),
              line.hasBytes(",\"ino\":", at: device.end), let inode = line.unsignedDecimal(at: device.end + 7),
              line.hasBytes(",\"ctime\":", at: inode.end), let seconds = line.decimal(at: inode.end + 9),
              line.hasBytes(",\"ctime_nsec\":", at: seconds.end), let nanoseconds = line.decimal(at: seconds.end + 14),
              line.hasBytes("}", at: nanoseconds.end)
        else { return nil }
        return InodeStamp(
            device: device.value, inode: inode.value, changeSeconds: Int64(seconds.value),
            changeNanoseconds: Int64(nanoseconds.value))
    }

    /// Milliseconds since the epoch of a `time` value. The writer's own form
    /// (`2026-11-23T10:15:02.347Z`) is read by position; anything else goes through the
    /// general RFC 3339 parser.
    static func milliseconds(ofTime range: Range<Int>, in line: UnsafeRawBufferPointer) -> Int64? {
        let text = UnsafeRawBufferPointer(rebasing: line[range])
        if text.count == 24, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"),
           text[10] == UInt8(ascii: "T"), text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"),
           text[19] == UInt8(ascii: "."), text[23] == UInt8(ascii: "Z"),
           let year = digits(text, 0, 4), let month = digits(text, 5, 2), let day = digits(text, 8, 2),
           let hour = digits(text, 11, 2), let minute = digits(text, 14, 2), let second = digits(text, 17, 2),
           let milli = digits(text, 20, 3), (1...12).contains(month), (1...31).contains(day)
        {
            let days = RecordTime.days(year: year, month: month, day: day)
            return ((days * 24 + Int64(hour)) * 60 + Int64(minute)) * 60_000 + Int64(second) * 1000 + Int64(milli)
        }
        return RFC3339.milliseconds(text)
    }

    @inline(__always)
    private static func digits(_ text: UnsafeRawBufferPointer, _ offset: Int, _ count: Int) -> Int? {
        var value = 0
        for index in offset..<(offset + count) {
            let digit = Int(text[index]) &- 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private static func number(after key: StaticString, in line: UnsafeRawBufferPointer) -> Int? {
        guard let at = line.firstIndex(of: key, from: 0, to: line.count) else { return nil }
        return line.decimal(at: at + key.utf8CodeUnitCount)?.value
    }

    private static func string(after key: StaticString, in line: UnsafeRawBufferPointer, from: Int) -> Range<Int>? {
        guard let at = line.firstIndex(of: key, from: from, to: line.count) else { return nil }
        let start = at + key.utf8CodeUnitCount
        return line.closingQuote(from: start, to: line.count).map { start..<$0 }
    }
}
