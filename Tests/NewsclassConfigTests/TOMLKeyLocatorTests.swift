import XCTest

@testable import NewsclassConfig

final class TOMLKeyLocatorTests: XCTestCase {
    func testTablesArraysAndMultilineValues() {
        let locator = TOMLKeyLocator(text: """
            # comment
            top = 1
            [a.b]
            list = [
              "x = 1",
              "[not.a.table]",
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
            dotted.key = 4
            """)
        XCTAssertEqual(locator.position(of: "top"), .init(line: 2, column: 1))
        XCTAssertEqual(locator.position(of: "a.b"), .init(line: 3, column: 2))
        XCTAssertEqual(locator.position(of: "a.b.list"), .init(line: 4, column: 1))
        XCTAssertNil(locator.positions["a.b.x"])
        XCTAssertNil(locator.positions["not.a.table"])
        XCTAssertEqual(locator.position(of: "a.b.quoted key")?.line, 8)
        XCTAssertNil(locator.positions["a.b.inner"])
        XCTAssertEqual(locator.position(of: "a.items[0].w")?.line, 13)
        XCTAssertEqual(locator.position(of: "a.items[1].w"), .init(line: 15, column: 3))
        XCTAssertEqual(locator.position(of: "a.items[1].sub.deep")?.line, 17)
        XCTAssertEqual(locator.position(of: "a.items[1].sub.dotted.key")?.line, 18)
        XCTAssertEqual(locator.position(of: "a.items[1].missing")?.line, 14)
    }
}
