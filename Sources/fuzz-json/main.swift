import Foundation
import FuzzSupport
import NewsclassRecords
import NewsclassText

// libFuzzer target for JSON articles: the bytes as a .json file (the parser, the search
// for article objects, bodies as strings, lists and HTML fragments, the prose fallback).
// Any bytes must give an article or a rejection, never a trap, hang, stack overflow or
// leak, and the article must have the shape `Article` promises (`ArticleChecks`).
// Differential check: UTF-8 that Foundation's JSONSerialization accepts as an object or
// array (nested less than our limit of 200) must be read as JSON, not as plain text
// (unless the binary sniffer, which looks first, calls it binary).
// The same bytes go to JSONValue, the reader of event-log records: it must not trap, and
// what it accepts must read back as the same value from its own text.
//
// Replay (ordinary builds): .build/debug/fuzz-json FILE...

/// The deepest nesting of brackets outside strings.
func nesting(_ bytes: [UInt8]) -> Int {
    var depth = 0, deepest = 0, inString = false, escaped = false
    for byte in bytes {
        if inString {
            if escaped { escaped = false } else if byte == 0x5C { escaped = true } else if byte == 0x22 { inString = false }
            continue
        }
        switch byte {
        case 0x22: inString = true
        case 0x5B, 0x7B: depth += 1; deepest = max(deepest, depth)
        case 0x5D, 0x7D: depth -= 1
        default: break
        }
    }
    return deepest
}

FuzzDriver.main(name: "json") { bytes in
    if let value = JSONValue.parse(bytes), JSONValue.parse(Array(value.text.utf8)) != value {
        fuzzFailure("JSONValue's text does not read back as the same value: \(value.text)")
    }
    let result = ArticleChecks.extract(bytes, fileName: "article.json")
    guard bytes.first != 0xEF, String(validating: bytes, as: UTF8.self) != nil, nesting(bytes) < 190,
          (try? JSONSerialization.jsonObject(with: Data(bytes))) != nil else { return }
    switch result {
    case .success(let article) where article.format == .json:
        break
    case .failure(let failure) where failure.reason == .empty && failure.detail.hasPrefix("no article text in the JSON"):
        break
    case .failure(let failure) where failure.reason == .binary:
        // The binary sniffer looks before any format: a file that is a quarter control
        // bytes (DEL inside the strings, say) is not text, whatever it parses as.
        break
    default:
        fuzzFailure("valid JSON (for Foundation) was not read as JSON: \(result)")
    }
}
