import Foundation
import NewsclassClassifier

/// The normal form computed the slow, obvious way: whole-string NFKC with Foundation,
/// case folding, then punctuation/dash/whitespace rules. The real normaliser must agree with
/// it byte for byte while taking its fast paths scalar by scalar.
enum ReferenceNormalizer {
    static let dashes: Set<UInt32> = [
        0x2D, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x2E3A, 0x2E3B, 0xFE58, 0xFE63,
        0xFF0D,
    ]
    static let apostrophes: Set<UInt32> = [0x2018, 0x2019, 0x201B, 0x02BC]
    static let doubleQuotes: Set<UInt32> = [0x201C, 0x201D, 0x201E, 0x201F]

    /// NFKC as NFC of NFKD (Foundation's direct NFKC misses compositions on Linux).
    static func nfkc(_ s: String) -> String {
        s.decomposedStringWithCompatibilityMapping.precomposedStringWithCanonicalMapping
    }

    static func normalize(_ s: String) -> [UInt8] {
        var folded = String.UnicodeScalarView()
        for u in nfkc(s).unicodeScalars {
            if u.properties.isDefaultIgnorableCodePoint { continue }
            switch u.value {
            case 0xDF, 0x1E9E: folded.append(contentsOf: "ss".unicodeScalars)
            case 0x3C2: folded.append("σ")
            default: folded.append(contentsOf: u.properties.lowercaseMapping.unicodeScalars)
            }
        }
        let composed = nfkc(String(folded))
        var out: [UInt8] = []
        for u in composed.unicodeScalars {
            if u.properties.isWhitespace || dashes.contains(u.value) {
                if out.last != 0x20 { out.append(0x20) }
            } else if apostrophes.contains(u.value) {
                out.append(0x27)
            } else if doubleQuotes.contains(u.value) {
                out.append(0x22)
            } else {
                out.append(contentsOf: Array(String(u).utf8))
            }
        }
        return out
    }
}

/// Matching done the obvious way: every pattern at every start offset, with boundaries
/// decided from general categories and a fixed list of spaceless blocks.
enum ReferenceMatcher {
    static func isSpaceless(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x3040...0x30FF).contains(v)
            || (0xAC00...0xD7AF).contains(v) || (0x1100...0x11FF).contains(v) || (0x0E00...0x0E7F).contains(v)
    }

    static func isWord(_ u: Unicode.Scalar) -> Bool {
        if isSpaceless(u.value) { return false }
        switch u.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    static func matches(patterns: [String], in text: NormalizedText) -> [PatternMatch] {
        let bytes = text.bytes
        // Scalar at each scalar-start byte offset, and the scalar ending at each offset.
        var scalarAt: [Int: Unicode.Scalar] = [:]
        var scalarBefore: [Int: Unicode.Scalar] = [:]
        var offset = 0
        for u in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            scalarAt[offset] = u
            offset += String(u).utf8.count
            scalarBefore[offset] = u
        }
        var result: [PatternMatch] = []
        for (index, raw) in patterns.enumerated() {
            var p = Array(TextNormalizer.normalize(raw).utf8)
            var isPrefix = false
            if p.last == UInt8(ascii: "*") { p.removeLast(); isPrefix = true }
            if p.allSatisfy({ $0 == 0x20 }) { continue }
            let pScalars = Array(String(decoding: p, as: UTF8.self).unicodeScalars)
            let needStart = isWord(pScalars.first!)
            let needEnd = !isPrefix && isWord(pScalars.last!)
            guard p.count <= bytes.count else { continue }
            for start in 0...(bytes.count - p.count) where scalarAt[start] != nil {
                guard Array(bytes[start..<start + p.count]) == p else { continue }
                let end = start + p.count
                if needStart, let before = scalarBefore[start], isWord(before) { continue }
                if needEnd, let after = scalarAt[end], isWord(after) { continue }
                result.append(PatternMatch(pattern: index, start: start, end: end))
            }
        }
        return result.sorted { ($0.end, $0.pattern) < ($1.end, $1.pattern) }
    }
}
