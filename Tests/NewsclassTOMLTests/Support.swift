import XCTest

@testable import NewsclassTOML

/// A TOML value without positions, easy to write out in a test.
enum Plain: Equatable, CustomStringConvertible {
    case s(String)
    case i(Int64)
    case f(Double)
    case b(Bool)
    case d(String)
    case a([Plain])
    case t([String: Plain])

    init(_ value: TOMLValue) {
        switch value.kind {
        case .string(let v): self = .s(v)
        case .integer(let v): self = .i(v)
        case .float(let v): self = .f(v)
        case .boolean(let v): self = .b(v)
        case .dateTime(let v): self = .d(v.text)
        case .array(let v): self = .a(v.map(Plain.init))
        case .table(let v): self = Plain(v)
        }
    }

    init(_ table: TOMLTable) {
        var entries: [String: Plain] = [:]
        for entry in table.entries { entries[entry.key] = Plain(entry.value) }
        self = .t(entries)
    }

    var description: String {
        switch self {
        case .s(let v): return "\"\(v)\""
        case .i(let v): return "\(v)"
        case .f(let v): return "\(v)"
        case .b(let v): return "\(v)"
        case .d(let v): return v
        case .a(let v): return "[" + v.map(\.description).joined(separator: ", ") + "]"
        case .t(let v): return "{" + v.keys.sorted().map { "\($0) = \(v[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}

/// The document as plain values, failing the test on an error.
func document(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Plain? {
    do {
        return Plain(try TOMLParser.parse(text))
    } catch {
        XCTFail("\(error)\n--- in:\n\(text)", file: file, line: line)
        return nil
    }
}

/// The one value `key = …` in a document holding only it.
func value(_ valueText: String, file: StaticString = #filePath, line: UInt = #line) -> Plain? {
    guard case .t(let entries)? = document("key = \(valueText)\n", file: file, line: line) else { return nil }
    return entries["key"]
}

/// The error `text` gives, failing the test if it parses.
@discardableResult
func parseError(
    _ text: String, file: StaticString = #filePath, line: UInt = #line
) -> TOMLError? {
    do {
        let parsed = try TOMLParser.parse(text)
        XCTFail("parsed, but should not have: \(Plain(parsed))\n--- from:\n\(text)", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

func parseError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> TOMLError? {
    do {
        _ = try TOMLParser.parse(bytes)
        XCTFail("parsed, but should not have: \(bytes)", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// Checks where an error is and what it says.
func assertError(
    _ text: String, at position: (Int, Int)? = nil, key: String? = nil, contains fragment: String? = nil,
    file: StaticString = #filePath, line: UInt = #line
) {
    guard let error = parseError(text, file: file, line: line) else { return }
    if let position {
        XCTAssertEqual(error.position, TOMLPosition(line: position.0, column: position.1), "\(error)", file: file, line: line)
    }
    if let key { XCTAssertEqual(error.key, key, "\(error)", file: file, line: line) }
    if let fragment {
        XCTAssertTrue(error.message.contains(fragment), "\"\(error.message)\" lacks \"\(fragment)\"", file: file, line: line)
    }
}
