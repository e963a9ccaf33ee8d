import NewsclassRecords
import XCTest

final class JSONValueTests: XCTestCase {
    private func parse(_ text: String) -> JSONValue? { JSONValue.parse(Array(text.utf8)) }

    func testReadsARecordLine() throws {
        let line = #"{"v":1,"seq":42,"time":"2026-11-23T10:00:00.000Z","event":"classified","file":"a\/b \"c\".txt","#
            + #""archived":null,"topics":["climate"],"evidence":{"climate":[{"term":"emissions","count":3}]},"#
            + #""score":0.654,"labelled":true,"big":-1.5e3}"#
        let record = try XCTUnwrap(parse(line))
        XCTAssertEqual(record["seq"]?.int, 42)
        XCTAssertEqual(record["event"]?.string, "classified")
        XCTAssertEqual(record["file"]?.string, #"a/b "c".txt"#)
        XCTAssertEqual(record["archived"]?.isNull, true)
        XCTAssertNil(record["missing"])
        XCTAssertEqual(record["topics"]?.array, [.string("climate")])
        XCTAssertEqual(record["evidence"]?["climate"]?.array?.first?["count"]?.int, 3)
        XCTAssertEqual(record["score"], .number(0.654))
        XCTAssertNil(record["score"]?.int)
        XCTAssertEqual(record["labelled"], .bool(true))
        XCTAssertEqual(record["big"]?.int, -1500)
    }

    func testEscapes() {
        XCTAssertEqual(parse(#""\n\t\r\b\f\/\\\"""#)?.string, "\n\t\r\u{08}\u{0C}/\\\"")
        XCTAssertEqual(parse(#""\u00e9\u4E2D\ud83d\ude00""#)?.string, "é中😀")
        // A lone surrogate is replaced, not refused.
        XCTAssertEqual(parse(#""a\ud800b\udc00""#)?.string, "a\u{FFFD}b\u{FFFD}")
        XCTAssertEqual(parse("\"ümlaut 中文\"")?.string, "ümlaut 中文")
    }

    func testRefusesWhatIsNotOneJSONValue() {
        let bad = [
            "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "1.", ".5", "-", "1e",
            "+1", "0x10", "tru", "nul", "\"abc", "\"a\u{01}b\"", #""\x""#, #""\u12""#, "[1]]", "{} {}", "NaN",
            "1e999", "// comment\n1", "'a'",
        ]
        for text in bad { XCTAssertNil(parse(text), text.debugDescription) }
        XCTAssertNil(JSONValue.parse([0x22, 0xFF, 0x22]), "invalid UTF-8")
    }

    func testAcceptsScalarsAndWhitespace() {
        XCTAssertEqual(parse(" \n\t1 \r\n"), .number(1))
        XCTAssertEqual(parse("-0.25e+1"), .number(-2.5))
        XCTAssertEqual(parse("null"), .null)
        XCTAssertEqual(parse("[]"), .array([]))
        XCTAssertEqual(parse("{}"), .object([:]))
        XCTAssertEqual(parse(#"{"a":1,"a":2}"#)?["a"]?.int, 2)
    }

    func testNestingIsLimited() {
        let deep = JSONValue.maxDepth
        XCTAssertNotNil(parse(String(repeating: "[", count: deep) + String(repeating: "]", count: deep)))
        XCTAssertNil(parse(String(repeating: "[", count: deep + 1) + String(repeating: "]", count: deep + 1)))
        // Far deeper than any stack could recurse: refused, not a crash.
        XCTAssertNil(parse(String(repeating: "{\"a\":[", count: 100_000)))
    }

    func testTextReadsBackAsTheSameValue() throws {
        let value = JSONValue.object([
            "b": .array([.number(1), .number(0.5), .number(1e-7), .number(-3), .bool(false), .null]),
            "a": .string("quote \" backslash \\ newline \n control \u{01} slash / é"),
        ])
        XCTAssertEqual(
            value.text,
            #"{"a":"quote \" backslash \\ newline \n control \u0001 slash / é","b":[1,0.5,1e-07,-3,false,null]}"#)
        XCTAssertEqual(parse(value.text), value)
    }
}
