/// A character encoding, as named by a charset label in a document or a MIME header.
///
/// Labels are mapped the way browsers map them (WHATWG Encoding Standard) where that
/// matters: GB2312 and GBK are read as their superset GB18030, ISO-8859-1 and its
/// aliases as Windows-1252, so text labelled with the narrower name still decodes.
enum Charset: Equatable, Sendable {
    case utf8
    case utf16LE, utf16BE
    case utf32LE, utf32BE
    case gb18030
    case big5
    case windows1252
    /// Any other encoding, by the name glibc's iconv knows it under.
    case other(String)

    /// The charset a label names, or nil when the label carries no information (or is not
    /// a plausible name at all).
    ///
    /// "us-ascii" and its aliases give nil: ASCII is a subset of every encoding we read,
    /// and when a file so labelled contains 8-bit bytes the label is wrong, so the bytes
    /// are better detected than rejected.
    init?(label: some StringProtocol) {
        var name = ""
        for character in label.unicodeScalars {
            switch character {
            case "\"", "'", " ", "\t", "\r", "\n": continue
            default: name.unicodeScalars.append(character.properties.lowercaseMapping.unicodeScalars.first ?? character)
            }
        }
        switch name {
        case "":
            return nil
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "cp367", "ibm367", "csascii":
            return nil
        case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8":
            self = .utf8
        case "utf-16le", "utf-16", "utf16", "ucs-2", "unicode", "csunicode", "iso-10646-ucs-2", "unicodefeff":
            self = .utf16LE
        case "utf-16be", "unicodefffe":
            self = .utf16BE
        case "utf-32le", "utf-32", "utf32":
            self = .utf32LE
        case "utf-32be":
            self = .utf32BE
        case "gb18030", "gbk", "gb2312", "gb_2312", "gb_2312-80", "cp936", "ms936", "windows-936",
             "x-gbk", "euc-cn", "csgb2312", "csiso58gb231280", "iso-ir-58", "chinese", "x-euc-cn":
            self = .gb18030
        case "big5", "big-5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950", "ms950", "windows-950":
            self = .big5
        case "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987",
             "iso88591", "latin1", "l1", "cp819", "ibm819", "csisolatin1", "iso-ir-100", "8859-1":
            self = .windows1252
        default:
            // Only plain names reach iconv: no "//TRANSLIT"-style suffixes, no paths.
            guard name.count <= 40, name.unicodeScalars.allSatisfy({ $0.isASCII
                && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0)) })
            else { return nil }
            self = .other(name.uppercased())
        }
    }

    /// The name reported in `Article.charset`.
    var name: String {
        switch self {
        case .utf8: "UTF-8"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .utf32LE: "UTF-32LE"
        case .utf32BE: "UTF-32BE"
        case .gb18030: "GB18030"
        case .big5: "BIG5"
        case .windows1252: "WINDOWS-1252"
        case .other(let name): name
        }
    }

    /// Whether ASCII bytes mean ASCII characters in this encoding, so that markup can be
    /// found in the raw bytes before decoding (true for all but UTF-16 and UTF-32).
    var isASCIICompatible: Bool {
        switch self {
        case .utf16LE, .utf16BE, .utf32LE, .utf32BE: false
        default: true
        }
    }
}

extension Charset {
    /// The encoding a byte-order mark at the start of `bytes` announces, and the mark's
    /// length. A BOM overrides any declared charset, as in browsers.
    static func byteOrderMark(in bytes: UnsafeBufferPointer<UInt8>) -> (charset: Charset, length: Int)? {
        let n = bytes.count
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return (.utf8, 3) }
        // UTF-32LE's mark begins with UTF-16LE's; it wins only when the length fits.
        if n >= 4, n % 4 == 0, bytes[0] == 0xFF, bytes[1] == 0xFE, bytes[2] == 0, bytes[3] == 0 { return (.utf32LE, 4) }
        if n >= 4, n % 4 == 0, bytes[0] == 0, bytes[1] == 0, bytes[2] == 0xFE, bytes[3] == 0xFF { return (.utf32BE, 4) }
        if n >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return (.utf16LE, 2) }
        if n >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return (.utf16BE, 2) }
        return nil
    }
}
