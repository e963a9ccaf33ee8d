/// One header field, unfolded (RFC 5322 §2.2.3: the line breaks of continuation lines
/// are removed, their leading whitespace kept). The value is raw bytes: decoding
/// encoded-words is the caller's business.
struct MIMEHeaderField {
    var name: String
    var value: [UInt8]
}

/// A message or body part: its header fields and where its body lies in the bytes.
struct MIMEEntity {
    var fields: [MIMEHeaderField] = []
    var body: Range<Int>

    /// Parses the header block at the start of `range`. A message that starts with an
    /// mbox "From " line has that line skipped. A part whose first line is not a header
    /// field has no header (RFC 2046 allows that: it is then text/plain in US-ASCII).
    init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        var i = range.lowerBound
        let end = range.upperBound
        if bytes.hasPrefix("From ", at: i, ignoringCase: false) {
            i = min(bytes.lineEnd(from: i) + 1, end)
        }
        body = i..<end
        while i < end {
            let lineEnd = min(bytes.lineEnd(from: i), end)
            var contentEnd = lineEnd
            if contentEnd > i, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let next = min(lineEnd + 1, end)
            if contentEnd == i { // the blank line: the body follows
                body = next..<end
                return
            }
            let first = bytes[i]
            if first == 0x20 || first == 0x09 {
                guard !fields.isEmpty else { return } // not a header block after all
                fields[fields.count - 1].value += bytes[i..<contentEnd]
            } else if let colon = Self.colon(bytes, from: i, to: contentEnd) {
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<colon]), as: UTF8.self)
                    .trimmingWhitespace().lowercased()
                let valueStart = bytes.skippingWhitespace(from: colon + 1)
                fields.append(MIMEHeaderField(name: name, value: Array(bytes[min(valueStart, contentEnd)..<contentEnd])))
            } else {
                guard !fields.isEmpty else { return }
                // A stray line inside the header block: the block ends here (lenient).
                body = i..<end
                return
            }
            i = next
        }
        body = end..<end // headers only
    }

    private static func colon(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var i = start
        while i < end, bytes[i] != 0x3A {
            guard bytes[i] > 0x20, bytes[i] < 0x7F else { return nil }
            i += 1
        }
        return i < end && i > start ? i : nil
    }

    /// The raw value of the first field called `name` (lowercase).
    func field(_ name: String) -> [UInt8]? {
        fields.first { $0.name == name }?.value
    }

    /// A field's value as ASCII text (for structured fields such as Content-Type).
    func fieldText(_ name: String) -> String? {
        field(name).map { String(decoding: $0, as: UTF8.self) }
    }

    var contentType: MIMEContentType {
        fieldText("content-type").flatMap(MIMEContentType.init) ?? .defaultType
    }

    var transferEncoding: String {
        fieldText("content-transfer-encoding")?.trimmingWhitespace().lowercased() ?? "7bit"
    }

    var isAttachment: Bool {
        fieldText("content-disposition")?.trimmingWhitespace().lowercased().hasPrefix("attachment") ?? false
    }

    /// Calls `body` with the range of each body part of a multipart body, in order, until
    /// it returns false; the body is split at the boundary delimiter lines (RFC 2046
    /// §5.1.1) as it goes, so a body of millions of parts costs no list of them. The
    /// preamble and epilogue are dropped; the line break before a delimiter belongs to the
    /// delimiter.
    func forEachPart(_ bytes: UnsafeBufferPointer<UInt8>, boundary: String, _ body: (Range<Int>) -> Bool) {
        let delimiter = Array(("--" + boundary).utf8)
        var partStart: Int?
        var i = self.body.lowerBound
        let end = self.body.upperBound
        while i < end {
            let lineEnd = min(bytes.lineEnd(from: i), end)
            if lineEnd - i >= delimiter.count, bytes[i..<(i + delimiter.count)].elementsEqual(delimiter) {
                let afterDelimiter = i + delimiter.count
                let isClose = afterDelimiter + 1 < lineEnd && bytes[afterDelimiter] == 0x2D && bytes[afterDelimiter + 1] == 0x2D
                if let start = partStart {
                    var partEnd = i
                    if partEnd > start, bytes[partEnd - 1] == 0x0A { partEnd -= 1 }
                    if partEnd > start, bytes[partEnd - 1] == 0x0D { partEnd -= 1 }
                    guard body(start..<max(start, partEnd)) else { return }
                }
                if isClose { return }
                partStart = min(lineEnd + 1, end)
            }
            i = lineEnd + 1
        }
        if let start = partStart, start < end { _ = body(start..<end) } // unclosed
    }
}
