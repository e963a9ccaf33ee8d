import Glibc
import XCTest

@testable import NewsclassClassifier

/// Our NFKC and NFD against Python's unicodedata (Fixtures/nfkc-cases.txt, written by
/// tools/gen-nfkc.py): every code point that either form changes, and sequences that
/// exercise canonical ordering, blocked and unblocked composition and Hangul.
final class NFKCTests: XCTestCase {
    private struct Case {
        let form: Substring
        let input: [Unicode.Scalar]
        let expected: [Unicode.Scalar]
    }

    private static func cases() throws -> [Case] {
        var path = #filePath
        path.removeLast("Matching/NFKCTests.swift".count)
        path += "Fixtures/nfkc-cases.txt"
        let text = try XCTUnwrap(readText(path), "cannot read \(path)")
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: ";", omittingEmptySubsequences: false)
            func scalars(_ field: Substring) -> [Unicode.Scalar] {
                field.split(separator: " ").map { Unicode.Scalar(UInt32($0, radix: 16)!)! }
            }
            return Case(form: fields[0], input: scalars(fields[1]), expected: scalars(fields[2]))
        }
    }

    private static func readText(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hex(_ scalars: [Unicode.Scalar]) -> String {
        scalars.map { String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
    }

    func testNFKCMatchesUnicodeData() throws {
        let cases = try Self.cases().filter { $0.form == "NFKC" }
        XCTAssertGreaterThan(cases.count, 4000)
        var failures = 0
        for c in cases {
            let got = Array(NFKC.normalize(String(String.UnicodeScalarView(c.input))).unicodeScalars)
            if got != c.expected {
                failures += 1
                if failures <= 20 {
                    XCTFail("NFKC(\(Self.hex(c.input))) = \(Self.hex(got)), expected \(Self.hex(c.expected))")
                }
            }
        }
        XCTAssertEqual(failures, 0)
    }

    func testCanonicalDecompositionMatchesUnicodeData() throws {
        let cases = try Self.cases().filter { $0.form == "NFD" }
        XCTAssertGreaterThan(cases.count, 2000)
        var failures = 0
        for c in cases {
            let got = NFKC.decomposeCanonically(c.input)
            if got != c.expected {
                failures += 1
                if failures <= 20 {
                    XCTFail("NFD(\(Self.hex(c.input))) = \(Self.hex(got)), expected \(Self.hex(c.expected))")
                }
            }
        }
        XCTAssertEqual(failures, 0)
    }

    func testUnchangedTextStaysUnchanged() {
        for s in ["", "bitcoin", "比特币挖矿", "가각", "ελληνικά", "é", "\u{301}"] {
            XCTAssertEqual(Array(NFKC.normalize(s).unicodeScalars), Array(s.unicodeScalars), s)
        }
    }
}
