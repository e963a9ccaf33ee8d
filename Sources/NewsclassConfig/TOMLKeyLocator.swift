/// Finds where each key of an already-valid TOML document is written, so that errors found
/// after parsing (unknown keys, wrong types, values out of range) can name a line and column.
///
/// TOMLKit reports positions for syntax errors only; this scanner recovers them for keys.
/// It understands what our configs use: `[table]`, `[[array.of.tables]]`, bare, quoted and
/// dotted keys, comments, and values spanning lines (arrays, inline tables, multi-line
/// strings). Paths are written `topics.climate.phrases[1].weight` (array-of-tables
/// elements counted from 0).
struct TOMLKeyLocator {
    struct Position: Equatable, Sendable {
        var line: Int
        var column: Int
    }

    private(set) var positions: [String: Position] = [:]
    /// Every key and table path in the order it first appears in the text.
    private(set) var order: [String] = []

    init(text: String) {
        var prefix: [String] = []
        var arrayCounts: [String: Int] = [:]
        var continuation = ValueScanner()

        for (lineIndex, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = Array(rawLine.unicodeScalars)
            let lineNumber = lineIndex + 1
            if continuation.isOpen {
                continuation.scan(line, from: 0)
                continue
            }
            var i = 0
            while i < line.count, line[i] == " " || line[i] == "\t" { i += 1 }
            guard i < line.count, line[i] != "#", line[i] != "\r" else { continue }

            if line[i] == "[" {
                let isArray = i + 1 < line.count && line[i + 1] == "["
                let start = i + (isArray ? 2 : 1)
                let (segments, _) = Self.readKey(line, from: start)
                guard !segments.isEmpty else { continue }
                var resolved: [String] = []
                for (n, segment) in segments.enumerated() {
                    var path = (resolved + [segment]).joined(separator: ".")
                    let isLast = n == segments.count - 1
                    if isArray && isLast {
                        let index = arrayCounts[path, default: 0]
                        arrayCounts[path] = index + 1
                        record(path, lineNumber, start + 1)
                        resolved.append("\(segment)[\(index)]")
                        path = resolved.joined(separator: ".")
                    } else if let count = arrayCounts[path] {
                        resolved.append("\(segment)[\(count - 1)]")
                        path = resolved.joined(separator: ".")
                    } else {
                        resolved.append(segment)
                    }
                    record(path, lineNumber, start + 1)
                }
                prefix = resolved
                continue
            }

            let (segments, afterKey) = Self.readKey(line, from: i)
            guard !segments.isEmpty else { continue }
            for n in 1...segments.count {
                record((prefix + segments.prefix(n)).joined(separator: "."), lineNumber, i + 1)
            }
            var j = afterKey
            while j < line.count, line[j] == " " || line[j] == "\t" { j += 1 }
            if j < line.count, line[j] == "=" {
                continuation.scan(line, from: j + 1)
            }
        }
    }

    func position(of path: String) -> Position? {
        if let exact = positions[path] { return exact }
        // A missing key is reported where its table is written.
        var parent = path
        while let dot = parent.lastIndex(of: ".") {
            parent = String(parent[..<dot])
            if let found = positions[parent] { return found }
        }
        return nil
    }

    private mutating func record(_ path: String, _ line: Int, _ column: Int) {
        if positions[path] == nil {
            positions[path] = Position(line: line, column: column)
            order.append(path)
        }
    }

    /// Reads a possibly dotted, possibly quoted key; returns its segments and the index after it.
    static func readKey(_ line: [Unicode.Scalar], from start: Int) -> ([String], Int) {
        var segments: [String] = []
        var i = start
        while i < line.count {
            while i < line.count, line[i] == " " || line[i] == "\t" { i += 1 }
            guard i < line.count else { break }
            var segment = ""
            if line[i] == "\"" || line[i] == "'" {
                let quote = line[i]
                i += 1
                while i < line.count, line[i] != quote {
                    if quote == "\"", line[i] == "\\", i + 1 < line.count { i += 1 }
                    segment.unicodeScalars.append(line[i])
                    i += 1
                }
                i += 1
            } else {
                while i < line.count, isBareKeyScalar(line[i]) {
                    segment.unicodeScalars.append(line[i])
                    i += 1
                }
                if segment.isEmpty { break }
            }
            segments.append(segment)
            while i < line.count, line[i] == " " || line[i] == "\t" { i += 1 }
            if i < line.count, line[i] == "." { i += 1; continue }
            break
        }
        return (segments, i)
    }

    static func isBareKeyScalar(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-": return true
        default: return false
        }
    }
}

/// Tracks whether a value that started on one line goes on to the next: an open array or
/// inline table, or a multi-line string.
private struct ValueScanner {
    private var depth = 0
    private var multiline: Unicode.Scalar?

    var isOpen: Bool { depth > 0 || multiline != nil }

    mutating func scan(_ line: [Unicode.Scalar], from start: Int) {
        var i = start
        while i < line.count {
            let c = line[i]
            if let quote = multiline {
                if c == quote, i + 2 < line.count, line[i + 1] == quote, line[i + 2] == quote {
                    multiline = nil
                    i += 3
                    continue
                }
                if quote == "\"", c == "\\" { i += 2; continue }
                i += 1
                continue
            }
            switch c {
            case "#":
                return
            case "[", "{":
                depth += 1
            case "]", "}":
                depth = max(0, depth - 1)
            case "\"", "'":
                if i + 2 < line.count, line[i + 1] == c, line[i + 2] == c {
                    multiline = c
                    i += 3
                    continue
                }
                i += 1
                while i < line.count, line[i] != c {
                    if c == "\"", line[i] == "\\" { i += 1 }
                    i += 1
                }
            default:
                break
            }
            i += 1
        }
    }
}
