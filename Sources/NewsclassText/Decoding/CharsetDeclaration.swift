/// Finds the charset a document declares about itself, by looking at its raw bytes
/// before decoding (possible because every encoding that can declare itself this way is
/// ASCII-compatible).
enum CharsetDeclaration {
    /// How far into an HTML document to look. Browsers stop at 1024 bytes; pages with
    /// long heads put the declaration later, and looking further costs little.
    static let htmlPrescanLimit = 8 * 1024

    /// The charset of an HTML (or XHTML) document: an XML declaration's `encoding`, or a
    /// `<meta charset>`, or a `<meta http-equiv="Content-Type" content="…; charset=…">`
    /// within the first 8 KiB, whichever comes first.
    static func html(_ bytes: UnsafeBufferPointer<UInt8>) -> Charset? {
        let start = bytes.skippingWhitespace(from: 0)
        if bytes.hasPrefix("<?xml", at: start) {
            let end = bytes.firstIndex(of: 0x3E, from: start)
            let declaration = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            if let label = parameter("encoding", in: declaration), let charset = Charset(label: label) {
                return charset
            }
        }
        let limit = min(bytes.count, htmlPrescanLimit)
        let window = UnsafeBufferPointer(rebasing: bytes[0..<limit])
        var i = 0
        while let found = window.firstIndex(of: "<meta", from: i) {
            let afterName = found + 5
            guard afterName < limit, ASCII.isWhitespace(window[afterName]) || window[afterName] == 0x2F else {
                i = afterName
                continue
            }
            let (attributes, end) = HTMLTag.attributes(window, from: afterName)
            var isContentType = false
            var content: String?
            for attribute in attributes {
                let value = String(decoding: attribute.value, as: UTF8.self)
                switch attribute.name {
                case "charset":
                    if let charset = Charset(label: value) { return charset }
                case "http-equiv":
                    isContentType = value.lowercased() == "content-type"
                case "content":
                    content = value
                default:
                    break
                }
            }
            if isContentType, let content, let label = parameter("charset", in: content), let charset = Charset(label: label) {
                return charset
            }
            i = end
        }
        return nil
    }

    /// A `name=value` parameter of a header-like value ("text/html; charset=gbk"),
    /// case-insensitive in the name, with quotes removed.
    static func parameter(_ name: String, in value: String) -> String? {
        let bytes = Array(value.utf8)
        let key = Array(name.lowercased().utf8)
        var i = 0
        while i + key.count <= bytes.count {
            defer { i += 1 }
            // The name must stand alone: at the start or after a separator, then "=".
            if i > 0 {
                let before = bytes[i - 1]
                guard before == 0x3B || ASCII.isWhitespace(before) else { continue }
            }
            guard (0..<key.count).allSatisfy({ ASCII.lowercased(bytes[i + $0]) == key[$0] }) else { continue }
            var j = i + key.count
            while j < bytes.count, ASCII.isWhitespace(bytes[j]) { j += 1 }
            guard j < bytes.count, bytes[j] == 0x3D else { continue }
            j += 1
            while j < bytes.count, ASCII.isWhitespace(bytes[j]) { j += 1 }
            guard j < bytes.count else { return "" }
            var end = j
            if bytes[j] == 0x22 || bytes[j] == 0x27 {
                let quote = bytes[j]
                j += 1
                end = j
                while end < bytes.count, bytes[end] != quote { end += 1 }
            } else {
                while end < bytes.count, bytes[end] != 0x3B, !ASCII.isWhitespace(bytes[end]) { end += 1 }
            }
            return String(decoding: bytes[j..<end], as: UTF8.self)
        }
        return nil
    }
}
