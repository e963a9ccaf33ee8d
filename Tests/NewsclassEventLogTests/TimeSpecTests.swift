import NewsclassEventLog
import XCTest

final class TimeSpecTests: XCTestCase {
    /// 2026-11-23T10:00:00Z
    private let tenUTC: Int64 = 1_795_428_000_000
    /// 2026-11-23T15:30:45.678Z
    private var now: Int64 { tenUTC + 5 * 3_600_000 + 30 * 60_000 + 45_678 }

    private func parse(_ text: String) -> Int64? { TimeSpec.parse(text, now: now) }

    func testRFC3339() {
        XCTAssertEqual(parse("2026-11-23T10:00:00Z"), tenUTC)
        XCTAssertEqual(parse("2026-11-23t10:00:00z"), tenUTC)
        XCTAssertEqual(parse("2026-11-23 10:00:00Z"), tenUTC)
        XCTAssertEqual(parse("2026-11-23T18:00:00+08:00"), tenUTC)
        XCTAssertEqual(parse("2026-11-23T05:30:00-04:30"), tenUTC)
        XCTAssertEqual(parse("2026-11-23T18:00:00+0800"), tenUTC)
        XCTAssertEqual(parse("2026-11-23T10:00:00.25Z"), tenUTC + 250)
        XCTAssertEqual(parse("2026-11-23T10:00:00.123456789Z"), tenUTC + 123)
        XCTAssertEqual(parse("2026-11-23T10:00Z"), tenUTC)
        XCTAssertEqual(parse("2026-11-23T10:00:00"), tenUTC, "no zone: UTC, like the log")
        XCTAssertEqual(parse("  2026-11-23T10:00:00Z "), tenUTC)
        XCTAssertEqual(parse("1970-01-01T00:00:00Z"), 0)
        XCTAssertEqual(parse("2024-02-29T00:00:00Z"), 1_709_164_800_000)
    }

    func testDateAloneIsMidnightUTC() {
        XCTAssertEqual(parse("2026-11-23"), tenUTC - 10 * 3_600_000)
        XCTAssertEqual(parse("2000-01-01"), 946_684_800_000)
    }

    func testRelativeSpansCountBackFromNow() {
        XCTAssertEqual(parse("90s"), now - 90_000)
        XCTAssertEqual(parse("15m"), now - 15 * 60_000)
        XCTAssertEqual(parse("2h"), now - 2 * 3_600_000)
        XCTAssertEqual(parse("3d"), now - 3 * 86_400_000)
        XCTAssertEqual(parse("1w"), now - 7 * 86_400_000)
        XCTAssertEqual(parse("1h30m"), now - 90 * 60_000)
        XCTAssertEqual(parse("2H"), now - 2 * 3_600_000)
        XCTAssertEqual(parse("0s"), now)
    }

    func testNamedDays() {
        XCTAssertEqual(parse("now"), now)
        XCTAssertEqual(parse("today"), tenUTC - 10 * 3_600_000)
        XCTAssertEqual(parse("Yesterday"), tenUTC - 34 * 3_600_000)
    }

    func testNonsenseIsRefused() {
        for text in ["", "h", "2", "5x", "2h5", "-2h", "tomorrow", "2026-13-01", "2026-02-29", "2026-11-31",
                     "2026-11-23T24:00:00Z", "2026-11-23T10:60:00Z", "2026-11-23T10:00:00+25:00",
                     "2026-11-23T10:00:00.Z", "2026-11-23T10:00:00Zjunk", "26-11-23", "99999999999999999999h"]
        {
            XCTAssertNil(parse(text), text)
        }
    }
}
