import XCTest

@testable import NewsclassTOML

/// Parser+Scalars: booleans, integers, floats, dates and times.
final class ScalarTests: XCTestCase {
    func testBooleans() {
        XCTAssertEqual(value("true"), .b(true))
        XCTAssertEqual(value("false"), .b(false))
        for bad in ["True", "FALSE", "truex", "tru", "yes", "on"] {
            XCTAssertNotNil(parseError("k = \(bad)"), bad)
        }
    }

    func testDecimalIntegers() {
        let cases: [(String, Int64)] = [
            ("+99", 99), ("42", 42), ("0", 0), ("-17", -17), ("+0", 0), ("-0", 0),
            ("1_000", 1000), ("5_349_221", 5_349_221), ("53_49_221", 5_349_221), ("1_2_3_4_5", 12345),
            ("9223372036854775807", .max), ("-9223372036854775808", .min), ("+9_223_372_036_854_775_807", .max),
        ]
        for (text, expected) in cases { XCTAssertEqual(value(text), .i(expected), text) }
    }

    func testHexOctalBinaryIntegers() {
        let cases: [(String, Int64)] = [
            ("0xDEADBEEF", 0xDEADBEEF), ("0xdeadbeef", 0xDEADBEEF), ("0xdead_beef", 0xDEADBEEF), ("0x00", 0),
            ("0o01234567", 0o1234567), ("0o755", 0o755), ("0b11010110", 0b11010110), ("0b0", 0),
            ("0x7FFFFFFFFFFFFFFF", .max), ("0o777777777777777777777", .max),
            ("0b111111111111111111111111111111111111111111111111111111111111111", .max),
        ]
        for (text, expected) in cases { XCTAssertEqual(value(text), .i(expected), text) }
    }

    func testIntegersPastSixtyFourBitsAreErrors() {
        for text in ["9223372036854775808", "-9223372036854775809", "99999999999999999999999999",
                     "0x8000000000000000", "0xFFFFFFFFFFFFFFFFFF", "0o1000000000000000000000",
                     "0b1000000000000000000000000000000000000000000000000000000000000000"] {
            assertError("k = \(text)", at: (1, 5), key: "k", contains: "does not fit in 64 bits")
        }
    }

    func testMalformedIntegers() {
        for text in ["01", "-01", "00", "0_0", "1__2", "_1", "1_", "+0x1F", "-0x1F", "0X1F", "0x", "0x_1", "0xG",
                     "0o8", "0b2", "0b", "1a", "1-2", "++1", "--1", "+", "-", "0x1F.0", "1e", "1e+", "1_e2"] {
            XCTAssertNotNil(parseError("k = \(text)"), text)
        }
    }

    func testFloats() {
        let cases: [(String, Double)] = [
            ("+1.0", 1), ("3.1415", 3.1415), ("-0.01", -0.01), ("5e+22", 5e22), ("1e06", 1e6), ("-2E-2", -0.02),
            ("6.626e-34", 6.626e-34), ("224_617.445_991_228", 224_617.445_991_228), ("0.0", 0), ("-0.0", -0.0),
            ("+0.0", 0), ("0e0", 0), ("1e1_0", 1e10), ("9_224_617.445_991_228_313", 9_224_617.445_991_228_313),
            ("1.7976931348623157e308", .greatestFiniteMagnitude), ("4.9e-324", .leastNonzeroMagnitude), ("1e-400", 0),
            ("inf", .infinity), ("+inf", .infinity), ("-inf", -.infinity),
        ]
        for (text, expected) in cases { XCTAssertEqual(value(text), .f(expected), text) }
        for text in ["nan", "+nan", "-nan"] {
            guard case .f(let nan)? = value(text) else { XCTFail(text); continue }
            XCTAssertTrue(nan.isNaN, text)
        }
        if case .f(let negativeZero)? = value("-0.0") { XCTAssertEqual(negativeZero.sign, .minus) }
    }

    func testMalformedFloats() {
        for text in [".7", "7.", "3.e+20", "+.1", "-.1", "1.2.3", "1e2.3", "01.5", "00.0", "-01.0", "1._5", "1.5_",
                     "1_.5", "1e_5", "1e5_", "1.e5", "infinity", "Inf", "NaN", "+-1.0", "1e++5", "1.0e", "0x1p3",
                     "inf_", "nan1", "1.0f"] {
            XCTAssertNotNil(parseError("k = \(text)"), text)
        }
        assertError("k = 1e309", at: (1, 5), key: "k", contains: "too large")
        assertError("k = -1.8e308", contains: "too large")
    }

    func testBareWordsAreNotValues() {
        assertError("k = hello", at: (1, 5), key: "k", contains: "strings need quotes")
        assertError("k = ", at: (1, 5), key: "k", contains: "expected a value")
        assertError("k =\n", at: (1, 4), key: "k", contains: "expected a value")
        assertError("k = # comment", key: "k", contains: "expected a value")
        assertError("k = ,", key: "k", contains: "expected a value")
    }

    func testDatesAndTimes() throws {
        let table = try TOMLParser.parse("""
            odt1 = 1979-05-27T07:32:00Z
            odt2 = 1979-05-27T00:32:00-07:00
            odt3 = 1979-05-27T00:32:00.999999+05:30
            odt4 = 1979-05-27 07:32:00z
            ldt1 = 1979-05-27T07:32:00
            ldt2 = 1979-05-27t00:32:00.123456789123
            ld1 = 1979-05-27
            lt1 = 07:32:00
            lt2 = 00:32:00.5
            leap = 2000-02-29
            leapsecond = 1990-12-31T23:59:60Z
            """)
        let odt3 = try XCTUnwrap(table["odt3"]?.dateTime)
        XCTAssertEqual(odt3, TOMLDateTime(
            kind: .offsetDateTime, year: 1979, month: 5, day: 27, hour: 0, minute: 32, second: 0,
            nanosecond: 999_999_000, offsetMinutes: 330, text: "1979-05-27T00:32:00.999999+05:30"))
        XCTAssertEqual(table["odt1"]?.dateTime?.offsetMinutes, 0)
        XCTAssertEqual(table["odt2"]?.dateTime?.offsetMinutes, -420)
        XCTAssertEqual(table["odt4"]?.dateTime?.kind, .offsetDateTime)
        XCTAssertEqual(table["odt4"]?.dateTime?.text, "1979-05-27 07:32:00z")
        XCTAssertEqual(table["ldt1"]?.dateTime?.kind, .localDateTime)
        XCTAssertEqual(table["ldt2"]?.dateTime?.nanosecond, 123_456_789)
        XCTAssertEqual(table["ld1"]?.dateTime, TOMLDateTime(kind: .localDate, year: 1979, month: 5, day: 27, text: "1979-05-27"))
        XCTAssertEqual(table["lt1"]?.dateTime, TOMLDateTime(kind: .localTime, hour: 7, minute: 32, second: 0, text: "07:32:00"))
        XCTAssertEqual(table["lt2"]?.dateTime?.nanosecond, 500_000_000)
        XCTAssertEqual(table["leap"]?.dateTime?.day, 29)
        XCTAssertEqual(table["leapsecond"]?.dateTime?.second, 60)
        XCTAssertEqual(table["ld1"]?.typeDescription, "a local date")
        // A date then a space then something that is not a time: the date, then an error.
        assertError("d = 1979-05-27 x", at: (1, 16), contains: "end of the line")
        XCTAssertEqual(value("[1979-05-27 , 07:32:00]"), .a([.d("1979-05-27"), .d("07:32:00")]))
    }

    func testMalformedDatesAndTimes() {
        for text in ["1979-05-27T07:32", "1979-05-27T07:32Z", "1979-5-27", "79-05-27", "1979-05-27T7:32:00",
                     "1979-13-01", "1979-00-10", "1979-02-30", "1900-02-29", "2001-02-29", "1979-04-31", "1979-05-00",
                     "1979-05-27T24:00:00", "1979-05-27T23:60:00", "1979-05-27T23:59:61", "1979-05-27T07:32:00.",
                     "1979-05-27T07:32:00+7:00", "1979-05-27T07:32:00+24:00", "1979-05-27T07:32:00+05:60",
                     "1979-05-27T07:32:00+0530", "1979-05-27T07:32:00ZZ", "1979-05-27T", "1979-05-27X07:32:00",
                     "1979-05-27T07:32:00-", "07:32", "7:32:00", "07:32:00Z", "07:32:00+01:00", "1979-05-27_07:32:00",
                     "1979-05-27T07:32:00.1.2", "1979-05-27 07:32", "0000-00-00"] {
            XCTAssertNotNil(parseError("k = \(text)"), text)
        }
        assertError("k = 1979-02-30", at: (1, 5), key: "k", contains: "invalid date or time")
    }
}
