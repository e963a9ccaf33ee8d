/// Writes one JSON object with its keys in the order given, which JSONEncoder on Linux does
/// not promise; records read best, and diff best, when `v`, `seq`, `time` come first.
struct JSONObjectWriter {
    private(set) var text = "{"
    private var isEmpty = true

    private mutating func key(_ name: String) {
        if !isEmpty { text += "," }
        isEmpty = false
        Self.appendString(name, to: &text)
        text += ":"
    }

    mutating func field(_ name: String, _ value: String) {
        key(name)
        Self.appendString(value, to: &text)
    }

    mutating func field(_ name: String, _ value: Int) {
        key(name)
        text += String(value)
    }

    mutating func field(_ name: String, _ value: Double) {
        key(name)
        text += Self.number(value)
    }

    mutating func field(_ name: String, _ value: String?) {
        key(name)
        if let value { Self.appendString(value, to: &text) } else { text += "null" }
    }

    mutating func field(_ name: String, json: String) {
        key(name)
        text += json
    }

    func finished() -> String { text + "}" }

    static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }

    static func string(_ value: String) -> String {
        var out = ""
        appendString(value, to: &out)
        return out
    }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    static func appendString(_ value: String, to out: inout String) {
        out += "\""
        var pending = Substring.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            let escape: String?
            switch scalar {
            case "\"": escape = "\\\""
            case "\\": escape = "\\\\"
            case "\n": escape = "\\n"
            case "\r": escape = "\\r"
            case "\t": escape = "\\t"
            case _ where scalar.value < 0x20 || scalar == "\u{2028}" || scalar == "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escape = nil
            }
            if let escape {
                out.unicodeScalars.append(contentsOf: pending)
                pending.removeAll(keepingCapacity: true)
                out += escape
            } else {
                pending.append(scalar)
            }
        }
        out.unicodeScalars.append(contentsOf: pending)
        out += "\""
    }
}
