import XCTest

@testable import NewsclassTOML

/// TOMLParser: the document, comments and line breaks, arrays, inline tables, positions,
/// nesting limits, and the inputs that used to abort the daemon.
final class TOMLParserTests: XCTestCase {
    func testEmptyAndBlankDocuments() {
        for text in ["", "\n", "   \t\n\n", "# only a comment", "# comment\r\n\r\n  # another\n", "\r\n"] {
            XCTAssertEqual(document(text), .t([:]), text.debugDescription)
        }
    }

    func testCommentsAndWhitespace() {
        XCTAssertEqual(document("""
            # This is a full-line comment
            key = "value"  # This is a comment at the end of a line
            another = "# This is not a comment"
            \t  indented\t=\t1\t# tabs
            [ table ] # comment after a header
            [[ list ]]#no space
            """), .t([
                "key": .s("value"), "another": .s("# This is not a comment"), "indented": .i(1),
                "table": .t([:]), "list": .a([.t([:])]),
            ]))
        // Tab and any non-control character are allowed in comments.
        XCTAssertEqual(document("a = 1 # \t é 中 😀 \u{7E}\n"), .t(["a": .i(1)]))
    }

    func testLineEndings() {
        XCTAssertEqual(document("a = 1\r\nb = 2\r\n[t]\r\nc = [\r\n1,\r\n]\r\n"),
                       .t(["a": .i(1), "b": .i(2), "t": .t(["c": .a([.i(1)])])]))
        assertError("a = 1\rb = 2", at: (1, 6), contains: "carriage return")
        assertError("a = 1 # c\rb = 2", at: (1, 10), contains: "carriage return")
        assertError("\r", at: (1, 1), contains: "carriage return")
        assertError("a = [1,\r2]", at: (1, 8), contains: "carriage return")
    }

    func testControlCharactersOutsideStrings() {
        assertError("a = 1 # \u{0}", at: (1, 9), contains: "U+0000")
        assertError("a = 1 # \u{7F}", at: (1, 9), contains: "U+007F")
        assertError("a = 1 # \u{1B}[31m", at: (1, 9), contains: "U+001B")
        assertError("\u{0}", at: (1, 1), contains: "expected a key")
        assertError("a = 1\u{0}", at: (1, 6), contains: "end of the line")
        assertError("a = \u{0}", at: (1, 5), key: "a", contains: "expected a value")
        XCTAssertEqual(parseError([0x61, 0x20, 0x3D, 0x20, 0x31, 0x0A, 0x00])?.position, TOMLPosition(line: 2, column: 1))
    }

    func testOneExpressionPerLine() {
        assertError("a = 1 b = 2", at: (1, 7), key: "a", contains: "end of the line after the value")
        assertError("[a] b = 2", at: (1, 5), contains: "end of the line after the table header")
        assertError("[a]]", at: (1, 4))
        assertError("a = 1,", at: (1, 6), key: "a")
    }

    func testKeys() {
        XCTAssertEqual(document("""
            bare_key = 1
            bare-key = 2
            1234 = 3
            -_- = 4
            true = 5
            inf = 6
            a . b . c = 7
            site."google.com" = true
            """), .t([
                "bare_key": .i(1), "bare-key": .i(2), "1234": .i(3), "-_-": .i(4), "true": .i(5), "inf": .i(6),
                "a": .t(["b": .t(["c": .i(7)])]), "site": .t(["google.com": .b(true)]),
            ]))
        assertError("= 1", at: (1, 1), contains: "expected a key")
        assertError("a b = 1", at: (1, 3), key: "a", contains: "expected '='")
        assertError("a. = 1", at: (1, 4), contains: "expected a key")
        assertError(".a = 1", at: (1, 1), contains: "expected a key")
        assertError("a..b = 1", at: (1, 3), contains: "expected a key")
        assertError("é = 1", at: (1, 1), contains: "expected a key")
        assertError("a", at: (1, 2), contains: "expected '='")
        assertError("a\n= 1", at: (1, 2), contains: "expected '='")
        assertError("a = \n1", at: (1, 5), contains: "expected a value")
        assertError("[]", at: (1, 2), contains: "expected a key")
        assertError("[a", at: (1, 3), contains: "expected ']'")
        assertError("[a\n]", at: (1, 3), contains: "expected ']'")
        assertError("[[a]", at: (1, 5), contains: "expected ']]'")
        assertError("[[a] ]", at: (1, 5), contains: "expected ']]'")
        assertError("[ [a]]", at: (1, 3), contains: "expected a key")
        assertError("[a.]", at: (1, 4), contains: "expected a key")
    }

    func testArrays() {
        XCTAssertEqual(value("[]"), .a([]))
        XCTAssertEqual(value("[ ]"), .a([]))
        XCTAssertEqual(value("[1, 2, 3]"), .a([.i(1), .i(2), .i(3)]))
        XCTAssertEqual(value("[1,2,3,]"), .a([.i(1), .i(2), .i(3)]))
        XCTAssertEqual(value("[ \"red\", 'yellow', \"\"\"green\"\"\" ]"), .a([.s("red"), .s("yellow"), .s("green")]))
        XCTAssertEqual(value("[ [ 1, 2 ], [\"a\", 'b', {c = 1}], [] ]"),
                       .a([.a([.i(1), .i(2)]), .a([.s("a"), .s("b"), .t(["c": .i(1)])]), .a([])]))
        // Mixed types are allowed in TOML 1.0.
        XCTAssertEqual(value("[ 0.1, 0.2, 1, \"x\", true, 1979-05-27, [], {} ]"),
                       .a([.f(0.1), .f(0.2), .i(1), .s("x"), .b(true), .d("1979-05-27"), .a([]), .t([:])]))
        XCTAssertEqual(value("""
            [  # comment after the bracket
              1,  # one
            \t# a line of comment
              2
              ,
              3 , # trailing comma
            ]
            """), .a([.i(1), .i(2), .i(3)]))
        XCTAssertEqual(value("[\n\n]"), .a([]))
    }

    func testBrokenArrays() {
        assertError("a = [", at: (1, 6), key: "a", contains: "not closed")
        assertError("a = [1", at: (1, 7), key: "a", contains: "not closed")
        assertError("a = [1,", at: (1, 8), key: "a", contains: "not closed")
        assertError("a = [1 2]", at: (1, 8), key: "a", contains: "expected ',' or ']'")
        assertError("a = [,]", at: (1, 6), key: "a[0]", contains: "expected a value")
        assertError("a = [1,,2]", at: (1, 8), key: "a[1]", contains: "expected a value")
        assertError("a = [1]]", at: (1, 8), key: "a", contains: "end of the line")
        assertError("a = [\"x\", 'y', [z]]", at: (1, 17), key: "a[2][0]", contains: "strings need quotes")
        assertError("a = [\n  1,\n  2 # c\n  3\n]", at: (4, 3), key: "a", contains: "expected ',' or ']'")
        assertError("a = [[1], [2,]", key: "a", contains: "not closed")
    }

    func testInlineTables() {
        XCTAssertEqual(value("{}"), .t([:]))
        XCTAssertEqual(value("{ first = \"Tom\", last = \"Preston-Werner\" }"),
                       .t(["first": .s("Tom"), "last": .s("Preston-Werner")]))
        XCTAssertEqual(value("{ x = 1, y = 2 }"), .t(["x": .i(1), "y": .i(2)]))
        XCTAssertEqual(value("{ type.name = \"pug\", type.size = 'small' }"),
                       .t(["type": .t(["name": .s("pug"), "size": .s("small")])]))
        XCTAssertEqual(value("{a={b={c=[{d=1}]}}}"), .t(["a": .t(["b": .t(["c": .a([.t(["d": .i(1)])])])])]))
        XCTAssertEqual(value("{ a = [\n1,\n2] }"), .t(["a": .a([.i(1), .i(2)])]))  // newlines inside a value are the value's
        XCTAssertEqual(value("{\ta\t=\t1\t}"), .t(["a": .i(1)]))
    }

    func testBrokenInlineTables() {
        assertError("a = {b = 1,}", at: (1, 12), key: "a", contains: "may not end with a comma")
        assertError("a = {b = 1, }", at: (1, 13), key: "a", contains: "may not end with a comma")
        assertError("a = {\nb = 1}", at: (1, 6), key: "a", contains: "one line")
        assertError("a = {b = 1\n}", at: (1, 11), key: "a", contains: "one line")
        assertError("a = {b = 1 # c\n}", at: (1, 12), key: "a", contains: "one line")
        assertError("a = {b = 1", at: (1, 11), key: "a", contains: "not closed")
        assertError("a = {", at: (1, 6), key: "a", contains: "not closed")
        assertError("a = {b = 1 c = 2}", at: (1, 12), key: "a", contains: "expected ',' or '}'")
        assertError("a = {,}", at: (1, 6), contains: "expected a key")
        assertError("a = {b}", at: (1, 7), key: "a.b", contains: "expected '='")
        assertError("a = {b = }", at: (1, 10), key: "a.b", contains: "expected a value")
        assertError("a = {b = 1, b = 2}", at: (1, 13), key: "a.b", contains: "defined twice")
    }

    func testPositionsOfKeysAndValues() throws {
        let table = try TOMLParser.parse("""
            # comment
            top = 1
            [a.b]
            list = [
              "x = 1",
              { k = 'v' },
            ]
              "quoted key" = 'v'
            text = \"\"\"
            inner = 2
            \"\"\"
            [[a.items]]
            w = 1
            [[a.items]]
              w = 2
            [a.items.sub]
            deep = 3
            dotted  .  key = 4
            [a]
            """)
        XCTAssertEqual(table.keys, ["top", "a"])
        XCTAssertEqual(table.entry("top")?.keyPosition, TOMLPosition(line: 2, column: 1))
        XCTAssertEqual(table["top"]?.position, TOMLPosition(line: 2, column: 7))
        let a = try XCTUnwrap(table.entry("a"))
        XCTAssertEqual(a.keyPosition, TOMLPosition(line: 3, column: 2), "where a is first named")
        XCTAssertEqual(a.value.position, TOMLPosition(line: 19, column: 2), "where [a] defines it")
        let b = try XCTUnwrap(a.value.table?.entry("b"))
        XCTAssertEqual(b.keyPosition, TOMLPosition(line: 3, column: 4))
        XCTAssertEqual(b.value.position, TOMLPosition(line: 3, column: 4))
        let bTable = try XCTUnwrap(b.value.table)
        XCTAssertEqual(bTable.keys, ["list", "quoted key", "text"])
        let list = try XCTUnwrap(bTable["list"])
        XCTAssertEqual(list.position, TOMLPosition(line: 4, column: 8))
        XCTAssertEqual(list.array?.map(\.position), [TOMLPosition(line: 5, column: 3), TOMLPosition(line: 6, column: 3)])
        XCTAssertEqual(list.array?.last?.table?.entry("k")?.keyPosition, TOMLPosition(line: 6, column: 5))
        XCTAssertEqual(list.array?.last?.table?["k"]?.position, TOMLPosition(line: 6, column: 9))
        XCTAssertEqual(bTable.entry("quoted key")?.keyPosition, TOMLPosition(line: 8, column: 3))
        XCTAssertEqual(bTable["text"]?.string, "inner = 2\n")
        let items = try XCTUnwrap(a.value.table?["items"])
        XCTAssertEqual(items.position, TOMLPosition(line: 12, column: 5))
        XCTAssertEqual(items.array?.map(\.position), [TOMLPosition(line: 12, column: 5), TOMLPosition(line: 14, column: 5)])
        let second = try XCTUnwrap(items.array?.last?.table)
        XCTAssertEqual(second.entry("w")?.keyPosition, TOMLPosition(line: 15, column: 3))
        let sub = try XCTUnwrap(second.entry("sub"))
        XCTAssertEqual(sub.keyPosition, TOMLPosition(line: 16, column: 10))
        XCTAssertEqual(sub.value.table?.entry("deep")?.keyPosition, TOMLPosition(line: 17, column: 1))
        let dotted = try XCTUnwrap(sub.value.table?.entry("dotted"))
        XCTAssertEqual(dotted.keyPosition, TOMLPosition(line: 18, column: 1))
        XCTAssertEqual(dotted.value.table?.entry("key")?.keyPosition, TOMLPosition(line: 18, column: 12))
        XCTAssertEqual(dotted.value.table?["key"]?.position, TOMLPosition(line: 18, column: 18))
    }

    func testKeysKeepTheirWrittenOrder() throws {
        let table = try TOMLParser.parse("zebra = 1\napple = 2\n[mango]\n[banana.x]\n[cherry]\n[banana]\n")
        XCTAssertEqual(table.keys, ["zebra", "apple", "mango", "banana", "cherry"])
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let limit = TOMLParser.maxDepth
        // At the limit: fine.
        XCTAssertNoThrow(try TOMLParser.parse("a = " + String(repeating: "[", count: limit) + String(repeating: "]", count: limit)))
        XCTAssertNoThrow(try TOMLParser.parse("a = " + String(repeating: "{b=", count: limit - 1) + "1" + String(repeating: "}", count: limit - 1)))
        // One past, and 100 000 deep, arrays and inline tables and both mixed.
        for count in [limit + 1, 100_000] {
            assertError("a = " + String(repeating: "[", count: count), at: (1, 5 + limit), contains: "nested too deeply")
            assertError("a = " + String(repeating: "{b=", count: count), at: (1, 5 + 3 * limit), contains: "nested too deeply")
            assertError("a = " + String(repeating: "[{b=", count: count / 2 + 1), contains: "nested too deeply")
        }
        assertError("a=[[[[", at: (1, 7), key: "a[0][0][0]", contains: "not closed")
        // The error names the outer levels, not 100 000 indices.
        let error = parseError("a = " + String(repeating: "[", count: 100_000))
        XCTAssertLessThan(error?.key?.count ?? .max, 200)
    }

    func testBrokenHeaderAppendedToTheShippedConfig() throws {
        let shipped = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/newsclass.toml")
        let text = try String(contentsOf: shipped, encoding: .utf8)
        XCTAssertNoThrow(try TOMLParser.parse(text))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        let withNewline = text.hasSuffix("\n") ? text : text + "\n"
        let error = parseError(withNewline + "[[[broken\n")
        XCTAssertEqual(error?.position, TOMLPosition(line: withNewline == text ? lines : lines + 1, column: 3))
        XCTAssertTrue(error?.message.contains("expected a key") ?? false, "\(String(describing: error))")
        // And without a final line break, and the other ways it can be cut short.
        for tail in ["[[[broken", "[[", "[", "[[broken", "[broken", "[[broken]", "[a.", "x = [[[", "x = {"] {
            XCTAssertNotNil(parseError(withNewline + tail), tail)
        }
    }
}
