import XCTest

@testable import NewsclassTOML

/// TableNode: which tables and keys may be defined where, and what may not be redefined.
final class TableNodeTests: XCTestCase {
    func testTablesHeadersAndImplicitTables() {
        XCTAssertEqual(document("""
            [x.y.z.w] # x, x.y and x.y.z are made on the way
            a = 1
            [x] # and x may still be defined, once
            b = 2
            [ x . y . q ]
            c = 3
            ["dog"."tater.man"]
            type.name = "pug"
            [a.'b'."c"]
            """), .t([
                "x": .t(["b": .i(2), "y": .t(["z": .t(["w": .t(["a": .i(1)])]), "q": .t(["c": .i(3)])])]),
                "dog": .t(["tater.man": .t(["type": .t(["name": .s("pug")])])]),
                "a": .t(["b": .t(["c": .t([:])])]),
            ]))
    }

    func testDottedKeysMakeTables() {
        XCTAssertEqual(document("""
            fruit.apple.color = "red"
            fruit.apple.taste.sweet = true
            fruit.orange = 2
            3.14159 = "pi"
            """), .t([
                "fruit": .t(["apple": .t(["color": .s("red"), "taste": .t(["sweet": .b(true)])]), "orange": .i(2)]),
                "3": .t(["14159": .s("pi")]),
            ]))
        // A header may go through a table made by dotted keys to make a sub-table.
        XCTAssertEqual(document("""
            [fruit]
            apple.color = "red"
            apple.taste.sweet = true
            [fruit.apple.texture]
            smooth = true
            """), .t(["fruit": .t(["apple": .t([
                "color": .s("red"), "taste": .t(["sweet": .b(true)]), "texture": .t(["smooth": .b(true)]),
            ])])]))
    }

    func testArraysOfTables() {
        XCTAssertEqual(document("""
            [[fruits]]
            name = "apple"
            [fruits.physical]
            color = "red"
            [[fruits.varieties]]
            name = "red delicious"
            [[fruits.varieties]]
            name = "granny smith"
            [[fruits]]
            name = "banana"
            [[fruits.varieties]]
            name = "plantain"
            """), .t(["fruits": .a([
                .t(["name": .s("apple"), "physical": .t(["color": .s("red")]),
                    "varieties": .a([.t(["name": .s("red delicious")]), .t(["name": .s("granny smith")])])]),
                .t(["name": .s("banana"), "varieties": .a([.t(["name": .s("plantain")])])]),
            ])]))
        XCTAssertEqual(document("[[a]]\n[[a]]\n[[a.b]]\n"), .t(["a": .a([.t([:]), .t(["b": .a([.t([:])])])])]))
    }

    func testKeysAndTablesAreDefinedOnce() {
        assertError("a = 1\na = 2", at: (2, 1), key: "a", contains: "defined twice (first on line 1)")
        assertError("a = 1\n\"a\" = 2", at: (2, 1), key: "a", contains: "defined twice")
        assertError("[t]\na.b = 1\na.b = 2", at: (3, 3), key: "t.a.b", contains: "defined twice")
        assertError("[a]\n[a]", at: (2, 2), key: "a", contains: "defined twice")
        assertError("[a.b]\n[a]\n[a]", at: (3, 2), key: "a", contains: "defined twice")
        assertError("[a]\nb = 1\n[a.b]", at: (3, 4), key: "a.b", contains: "already an integer")
        assertError("[a.b]\n[a]\nb = 1", at: (3, 1), key: "a.b", contains: "defined twice")
        assertError("[a]\n[x]\n[a]", at: (3, 2), key: "a")
    }

    func testDottedKeysAndHeadersDoNotMix() {
        // A table made by dotted keys cannot get a header later…
        assertError("a.b = 1\n[a]", at: (2, 2), key: "a", contains: "dotted keys")
        assertError("[fruit]\napple.color = \"red\"\n[fruit.apple]", at: (3, 8), key: "fruit.apple", contains: "dotted keys")
        assertError("[fruit]\napple.taste.sweet = true\n[fruit.apple.taste]", at: (3, 14), key: "fruit.apple.taste")
        // … and dotted keys cannot add to a table a header made (explicitly or on the way).
        assertError("[a.b.c]\nz = 9\n[a]\nb.c.t = 1", at: (4, 1), key: "a.b", contains: "[header]")
        assertError("[a.b.c.d]\nz = 9\n[a]\nb.c.d.k.t = 1", at: (4, 1), key: "a.b")
        XCTAssertEqual(document("[[a]]\n[b]\n[a.x]\n"), .t(["a": .a([.t(["x": .t([:])])]), "b": .t([:])]))
    }

    func testInlineTablesAreCompleteWhereWritten() {
        assertError("a = {}\n[a]", at: (2, 2), key: "a", contains: "inline table")
        assertError("a = {b = 1}\n[a.c]", at: (2, 2), key: "a", contains: "inline table")
        assertError("a = {b = 1}\na.c = 2", at: (2, 1), key: "a", contains: "inline table")
        assertError("a = {b = {c = 1}}\n[a.b]", at: (2, 2), key: "a", contains: "inline table")
        assertError("a = {b = 1}\n[[a]]", at: (2, 3), key: "a")
        assertError("[product]\ntype = { name = \"Nail\" }\ntype.edible = false", at: (3, 1), key: "product.type")
        assertError("[product]\ntype.name = \"Nail\"\ntype = { edible = false }", at: (3, 1), key: "product.type", contains: "defined twice")
        assertError("a = {b.c = 1, b = 2}", at: (1, 15), key: "a.b", contains: "defined twice")
        assertError("a = {b = {c = 1}, b.d = 2}", at: (1, 19), key: "a.b", contains: "inline table")
    }

    func testArraysOfTablesAndStaticArrays() {
        assertError("a = []\n[[a]]", at: (2, 3), key: "a", contains: "static array")
        assertError("a = [{b = 1}]\n[[a]]", at: (2, 3), key: "a", contains: "static array")
        assertError("a = [{b = 1}]\n[a.c]", at: (2, 2), key: "a", contains: "already an array")
        assertError("[a]\n[[a]]", at: (2, 3), key: "a", contains: "is a table")
        assertError("[[a]]\n[a]", at: (2, 2), key: "a", contains: "array of tables")
        assertError("[a.b]\n[[a]]", at: (2, 3), key: "a", contains: "is a table")
        assertError("[[a]]\nb = 1\n[[a.b]]", at: (3, 5), key: "a[0].b", contains: "already an integer")
        assertError("[[a]]\n[[a.b]]\n[a.b]", at: (3, 4), key: "a[0].b", contains: "array of tables")
        XCTAssertEqual(document("[[a]]\n[b]\na.c = 1"), .t(["a": .a([.t([:])]), "b": .t(["a": .t(["c": .i(1)])])]))
        assertError("[[a]]\nx = 1\n[t]\n[[a]]\nx = 1\nx = 2", at: (6, 1), key: "a[1].x", contains: "defined twice")
    }

    func testValuesAreNotTables() {
        assertError("a = 1\n[a]", at: (2, 2), key: "a", contains: "already an integer")
        assertError("a = 1\na.b = 2", at: (2, 1), key: "a", contains: "already an integer")
        assertError("a = \"s\"\n[a.b]", at: (2, 2), key: "a", contains: "already a string")
        assertError("a = 1979-05-27\n[[a.b]]", at: (2, 3), key: "a", contains: "already a local date")
    }

    func testTablesNestAtMostMaxDepth() throws {
        let deepest = Array(repeating: "a", count: TOMLParser.maxDepth).joined(separator: ".")
        XCTAssertNoThrow(try TOMLParser.parse("[\(deepest)]\n"))
        XCTAssertNoThrow(try TOMLParser.parse("\(deepest) = 1\n"))
        assertError("[\(deepest).a]", key: nil, contains: "at most \(TOMLParser.maxDepth) dotted parts")
        // Depth adds up across headers and dotted keys.
        let half = Array(repeating: "a", count: 100).joined(separator: ".")
        assertError("[\(half)]\n\(half) = 1", at: (2, 57), contains: "nested too deeply")
        assertError("[\(half)]\nk = \(String(repeating: "[", count: 40))", at: (2, 33), contains: "nested too deeply")
        // A 100 000-part key is an error, quickly, not a stack overflow.
        let huge = Array(repeating: "a", count: 100_000).joined(separator: ".")
        assertError("[\(huge)]")
        assertError("\(huge) = 1")
    }
}
