/// An attribute as written: the name lowercased, the value raw (entities not decoded).
struct HTMLAttribute {
    var name: String
    var value: [UInt8]
}

/// Scanning of one tag's insides, shared by the extractor and the charset prescan.
/// Follows the HTML tokenizer loosely: names end at whitespace, "/" or ">"; values may be
/// quoted with " or ' (and may then contain ">"), or unquoted.
enum HTMLTag {
    /// The end of a tag name starting at `start`.
    static func nameEnd(_ html: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        while i < html.count {
            let byte = html[i]
            if ASCII.isWhitespace(byte) || byte == 0x2F || byte == 0x3E { break }
            i += 1
        }
        return i
    }

    /// Skips the attributes after a tag name: the index of the closing ">" (or `count`)
    /// and whether the tag closes itself ("/>").
    static func end(_ html: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, selfClosing: Bool) {
        var i = start
        var previous: UInt8 = 0x20
        while i < html.count {
            let byte = html[i]
            if byte == 0x3E { return (i, previous == 0x2F) }
            if (byte == 0x22 || byte == 0x27), previous == 0x3D {
                i = html.firstIndex(of: byte, from: i + 1)
                previous = byte
                i += 1
                continue
            }
            if !ASCII.isWhitespace(byte) { previous = byte }
            i += 1
        }
        return (html.count, false)
    }

    /// How much of an attribute value `attributes` keeps: the values read (charsets,
    /// http-equiv, og:title) are short, and a longer one is cut rather than copied whole.
    static let maxAttributeValueBytes = 4096

    /// Parses the attributes after a tag name, up to the closing ">". Values longer than
    /// `maxAttributeValueBytes` are cut there.
    static func attributes(_ html: UnsafeBufferPointer<UInt8>, from start: Int) -> (attributes: [HTMLAttribute], end: Int) {
        var attributes: [HTMLAttribute] = []
        var i = start
        while i < html.count {
            while i < html.count, ASCII.isWhitespace(html[i]) || html[i] == 0x2F { i += 1 }
            guard i < html.count, html[i] != 0x3E else { break }
            let nameStart = i
            while i < html.count, !ASCII.isWhitespace(html[i]), html[i] != 0x3D, html[i] != 0x3E, html[i] != 0x2F {
                i += 1
            }
            let name = String(decoding: UnsafeBufferPointer(rebasing: html[nameStart..<i]), as: UTF8.self).lowercased()
            i = html.skippingWhitespace(from: i)
            var value: [UInt8] = []
            if i < html.count, html[i] == 0x3D {
                i = html.skippingWhitespace(from: i + 1)
                if i < html.count, html[i] == 0x22 || html[i] == 0x27 {
                    let close = html.firstIndex(of: html[i], from: i + 1)
                    value = Array(html[(i + 1)..<cut(html, i + 1, close)])
                    i = min(close + 1, html.count)
                } else {
                    let valueStart = i
                    while i < html.count, !ASCII.isWhitespace(html[i]), html[i] != 0x3E { i += 1 }
                    value = Array(html[valueStart..<cut(html, valueStart, i)])
                }
            }
            if !name.isEmpty { attributes.append(HTMLAttribute(name: name, value: value)) }
        }
        return (attributes, min(i, html.count))
    }

    /// The end of a value from `start` to `end`, cut to `maxAttributeValueBytes` before a
    /// UTF-8 lead byte (never inside a character).
    private static func cut(_ html: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        guard end - start > maxAttributeValueBytes else { return end }
        var cut = start + maxAttributeValueBytes
        while cut > start, html[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut
    }

    /// Whether the attributes between `start` and `end` (the closing ">") hide the
    /// element or mark it as page furniture: a `hidden` attribute, `aria-hidden="true"`,
    /// or a `class`/`id` with a furniture word (`HTMLElement.isFurnitureWord`). Scans the
    /// bytes without building strings, as it runs for every tag with attributes.
    static func marksFurniture(_ html: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var i = start
        while i < end {
            while i < end, ASCII.isWhitespace(html[i]) || html[i] == 0x2F { i += 1 }
            let nameStart = i
            while i < end, !ASCII.isWhitespace(html[i]), html[i] != 0x3D, html[i] != 0x2F { i += 1 }
            let name = UnsafeBufferPointer(rebasing: html[nameStart..<i])
            guard !name.isEmpty || (i < end && html[i] == 0x3D) else { continue }
            while i < end, ASCII.isWhitespace(html[i]) { i += 1 }
            var value = i..<i
            if i < end, html[i] == 0x3D {
                i += 1
                while i < end, ASCII.isWhitespace(html[i]) { i += 1 }
                if i < end, html[i] == 0x22 || html[i] == 0x27 {
                    let close = html.firstIndex(of: html[i], from: i + 1, to: end)
                    value = (i + 1)..<close
                    i = min(close + 1, end)
                } else {
                    let valueStart = i
                    while i < end, !ASCII.isWhitespace(html[i]) { i += 1 }
                    value = valueStart..<i
                }
            }
            switch name.count {
            case 6 where name.hasPrefix("hidden", at: 0):
                return true
            case 11 where name.hasPrefix("aria-hidden", at: 0):
                if UnsafeBufferPointer(rebasing: html[value]).hasPrefix("true", at: 0), value.count == 4 { return true }
            case 5 where name.hasPrefix("class", at: 0), 2 where name.hasPrefix("id", at: 0):
                if containsFurnitureWord(html, value) { return true }
            default:
                break
            }
        }
        return false
    }

    private static func containsFurnitureWord(_ html: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        var i = value.lowerBound
        while i < value.upperBound {
            while i < value.upperBound, !ASCII.isLetter(html[i]) { i += 1 }
            let tokenStart = i
            while i < value.upperBound, ASCII.isLetter(html[i]) { i += 1 }
            if i > tokenStart, HTMLElement.isFurnitureWord(HTMLElement.key(UnsafeBufferPointer(rebasing: html[tokenStart..<i]))) {
                return true
            }
        }
        return false
    }
}
