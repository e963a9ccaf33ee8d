import XCTest

@testable import NewsclassTOML

/// Parser+Strings: basic, literal and multi-line strings.
final class StringTests: XCTestCase {
    func testBasicStringEscapes() {
        XCTAssertEqual(value(#""a\tb\nc\\d\"e\bf\fg\rh""#), .s("a\tb\nc\\d\"e\u{8}f\u{C}g\rh"))
        XCTAssertEqual(value(#""\u00E9\u4E2D\U0001F600\U0010FFFF\u0000""#), .s("é中😀\u{10FFFF}\u{0}"))
        XCTAssertEqual(value("\"\""), .s(""))
        XCTAssertEqual(value("\"tab\there\""), .s("tab\there"))
        XCTAssertEqual(value("\"# not a comment\""), .s("# not a comment"))
    }

    func testBadEscapesAreErrors() {
        assertError(#"k = "\x41""#, at: (1, 6), key: "k", contains: "unknown escape")
        assertError(#"k = "\e""#, at: (1, 6), contains: "unknown escape")
        assertError(#"k = "\ ""#, at: (1, 6), contains: "unknown escape")
        assertError(#"k = "\u12""#, at: (1, 6), contains: "4 hexadecimal digits")
        assertError(#"k = "\u12G4""#, at: (1, 6), contains: "4 hexadecimal digits")
        assertError(#"k = "\U0001F60""#, at: (1, 6), contains: "8 hexadecimal digits")
        assertError(#"k = "\uD800""#, at: (1, 6), contains: "not a Unicode scalar")
        assertError(#"k = "\uDFFF""#, contains: "not a Unicode scalar")
        assertError(#"k = "\U00110000""#, contains: "not a Unicode scalar")
        assertError(#"k = "\UFFFFFFFF""#, contains: "not a Unicode scalar")
        assertError("k = \"abc\\", contains: "end of the file")
    }

    func testBasicStringsEndOnTheirLine() {
        assertError("k = \"abc\nx = 1\n", at: (1, 9), key: "k", contains: "not closed on its line")
        assertError("k = \"abc\r\nx = 1\n", contains: "not closed on its line")
        assertError("k = 'abc\nx = 1\n", at: (1, 9), contains: "not closed on its line")
        assertError("k = \"abc", at: (1, 9), contains: "not closed")
        assertError("k = 'abc", contains: "not closed")
    }

    func testControlCharactersMustBeEscaped() {
        for c in [0x00, 0x01, 0x08, 0x0B, 0x0C, 0x0D, 0x1F, 0x7F] as [UInt8] {
            let prefix = Array("k = ".utf8)
            XCTAssertNotNil(parseError(prefix + [0x22, 0x61, c, 0x22]), "basic \(c)")
            XCTAssertNotNil(parseError(prefix + [0x27, 0x61, c, 0x27]), "literal \(c)")
            XCTAssertNotNil(parseError(prefix + Array("\"\"\"a".utf8) + [c] + Array("\"\"\"".utf8)), "multi-line \(c)")
            XCTAssertNotNil(parseError(prefix + Array("'''a".utf8) + [c] + Array("'''".utf8)), "multi-line literal \(c)")
        }
        XCTAssertEqual(parseError(Array("k = \"ab".utf8) + [0x00, 0x22])?.position, TOMLPosition(line: 1, column: 8))
    }

    func testLiteralStringsKeepBackslashes() {
        XCTAssertEqual(value(#"'C:\Users\nodejs\templates'"#), .s(#"C:\Users\nodejs\templates"#))
        XCTAssertEqual(value(#"'<\i\c*\s*>'"#), .s(#"<\i\c*\s*>"#))
        XCTAssertEqual(value("''"), .s(""))
        XCTAssertEqual(value("'\"quoted\"'"), .s("\"quoted\""))
    }

    func testMultilineBasicStrings() {
        XCTAssertEqual(value("\"\"\"\nRoses\nViolets\"\"\""), .s("Roses\nViolets"))
        XCTAssertEqual(value("\"\"\"\r\nRoses\r\nViolets\"\"\""), .s("Roses\r\nViolets"))
        XCTAssertEqual(value("\"\"\"\n\nx\"\"\""), .s("\nx"))
        XCTAssertEqual(value("\"\"\"\"\"\""), .s(""))
        // Line-ending backslash: the break and all whitespace after it go.
        XCTAssertEqual(value("\"\"\"\nThe quick \\\n\n   brown \\   \n\t fox.\\\n\"\"\""), .s("The quick brown fox."))
        XCTAssertEqual(value("\"\"\"a \\\r\n  b\"\"\""), .s("a b"))
        // One or two quotes inside, and right before the closing delimiter.
        let q = "\"\"\""
        XCTAssertEqual(value(q + "Here are two quotation marks: \"\". Simple enough." + q), .s("Here are two quotation marks: \"\". Simple enough."))
        XCTAssertEqual(value(q + "\"This,\" she said, \"is just a pointless statement.\"" + q),
                       .s("\"This,\" she said, \"is just a pointless statement.\""))
        XCTAssertEqual(value(q + "a\"\"" + q), .s("a\"\""))
        XCTAssertEqual(value(q + "\"" + q), .s("\""))
        XCTAssertEqual(value(q + "\\\"" + q), .s("\""))
        XCTAssertEqual(value(q + "\\u00E9\\U0001F600" + q), .s("é😀"))
    }

    func testMultilineStringErrors() {
        assertError("k = \"\"\"abc", at: (1, 11), contains: "not closed")
        assertError("k = \"\"\"a\"\"\"\"\"\"", contains: "too many quotes")
        assertError("k = '''a''''''", contains: "too many quotes")
        assertError("k = \"\"\"a \\ b\"\"\"", contains: "unknown escape")
        assertError("k = \"\"\"a\rb\"\"\"", at: (1, 9), contains: "carriage return")
        assertError("k = '''a\rb'''", at: (1, 9), contains: "carriage return")
        assertError("k = \"\"\"a\"\"\" x", at: (1, 13), contains: "end of the line")
    }

    func testMultilineLiteralStrings() {
        XCTAssertEqual(value("'''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''"),
                       .s("The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n"))
        XCTAssertEqual(value("'''I [dw]on't need \\d{2} apples'''"), .s("I [dw]on't need \\d{2} apples"))
        XCTAssertEqual(value("''''That,' she said, 'is still pointless.''''"), .s("'That,' she said, 'is still pointless.'"))
        XCTAssertEqual(value("'''a \\\n b'''"), .s("a \\\n b"))
    }

    func testQuotedKeys() throws {
        let table = try TOMLParser.parse(#"""
            "127.0.0.1" = "value"
            "character encoding" = "value"
            "ʎǝʞ" = "value"
            'key2' = "value"
            'quoted "value"' = "value"
            "" = "blank"
            "a\tb" = 1
            "\u00E9" = 2
            """#)
        XCTAssertEqual(table.keys, ["127.0.0.1", "character encoding", "ʎǝʞ", "key2", "quoted \"value\"", "", "a\tb", "é"])
        assertError("\"\"\"k\"\"\" = 1", at: (1, 1), contains: "multi-line")
        assertError("'''k''' = 1", at: (1, 1), contains: "multi-line")
        assertError("\"a\" = 1\n'a' = 2", at: (2, 1), contains: "defined twice")
        assertError("\"é\" = 1\n\"\\u00E9\" = 2", at: (2, 1), contains: "defined twice")
    }
}
