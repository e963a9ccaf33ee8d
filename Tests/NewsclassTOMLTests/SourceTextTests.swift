import XCTest

@testable import NewsclassTOML

final class SourceTextTests: XCTestCase {
    func testInvalidUTF8IsAnErrorAtTheBadByte() {
        let cases: [(String, [UInt8])] = [
            ("lone continuation byte", [0x80]),
            ("0xFF", [0xFF]),
            ("0xC0 overlong", [0xC0, 0xAF]),
            ("0xE0 overlong", [0xE0, 0x80, 0xAF]),
            ("surrogate U+D800", [0xED, 0xA0, 0x80]),
            ("past U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
            ("0xF5", [0xF5, 0x80, 0x80, 0x80]),
            ("truncated at the end", [0xE2, 0x82]),
            ("truncated before ASCII", [0xE2, 0x82, 0x22]),
        ]
        for (name, bad) in cases {
            let bytes = Array("a = 1\nb = \"é".utf8) + bad + Array("\"\n".utf8)
            let error = parseError(bytes)
            XCTAssertEqual(error?.position, TOMLPosition(line: 2, column: 7), name)
            XCTAssertTrue(error?.message.contains("not valid UTF-8") ?? false, name)
        }
        // In a comment too, and in a key.
        XCTAssertEqual(parseError(Array("# x".utf8) + [0xFF])?.position, TOMLPosition(line: 1, column: 4))
        XCTAssertEqual(parseError([0x61, 0xC3, 0x20, 0x3D, 0x20, 0x31])?.position, TOMLPosition(line: 1, column: 2))
    }

    func testWellFormedMultiByteTextParses() {
        XCTAssertEqual(value("\"é中😀\u{10FFFF}\u{FFFD}\""), .s("é中😀\u{10FFFF}\u{FFFD}"))
    }

    func testColumnsCountUnicodeScalars() throws {
        let table = try TOMLParser.parse("\"中文\" = \"😀\"\n")
        XCTAssertEqual(table.entry("中文")?.keyPosition, TOMLPosition(line: 1, column: 1))
        XCTAssertEqual(table["中文"]?.position, TOMLPosition(line: 1, column: 8))
        assertError("\"中文\" = \"😀\" x", at: (1, 12))
    }

    func testALeadingByteOrderMarkIsSkipped() throws {
        let table = try TOMLParser.parse([0xEF, 0xBB, 0xBF] + Array("a = 1\n".utf8))
        XCTAssertEqual(table["a"]?.integer, 1)
        XCTAssertEqual(table.entry("a")?.keyPosition, TOMLPosition(line: 1, column: 1))
        // Anywhere else it is an ordinary character, not allowed between expressions.
        XCTAssertNotNil(parseError(Array("a = 1\n".utf8) + [0xEF, 0xBB, 0xBF]))
    }

    func testPositionsOnLongLinesAndOutOfOrder() throws {
        let source = try SourceText(Array("ab\ncd\u{E9}f\n\nlast".utf8))
        XCTAssertEqual(source.position(of: 0), TOMLPosition(line: 1, column: 1))
        XCTAssertEqual(source.position(of: 2), TOMLPosition(line: 1, column: 3))
        XCTAssertEqual(source.position(of: 3), TOMLPosition(line: 2, column: 1))
        XCTAssertEqual(source.position(of: 7), TOMLPosition(line: 2, column: 4))
        XCTAssertEqual(source.position(of: 9), TOMLPosition(line: 3, column: 1))
        XCTAssertEqual(source.position(of: 10), TOMLPosition(line: 4, column: 1))
        XCTAssertEqual(source.position(of: 1000), TOMLPosition(line: 4, column: 5))
        XCTAssertEqual(source.position(of: -5), TOMLPosition(line: 1, column: 1))
        var cached = source
        XCTAssertEqual(cached.rememberingPosition(of: 7), TOMLPosition(line: 2, column: 4))
        XCTAssertEqual(cached.rememberingPosition(of: 4), TOMLPosition(line: 2, column: 2))
        XCTAssertEqual(cached.rememberingPosition(of: 1), TOMLPosition(line: 1, column: 2))
        XCTAssertEqual(cached.rememberingPosition(of: 8), TOMLPosition(line: 2, column: 5))
    }
}
