@testable import NewsclassEventLog
import NewsclassRecords
import XCTest

final class LineTemplateTests: XCTestCase {
    /// The committer's splice must give byte for byte what `jsonLine()` gives.
    func testSplicedLineEqualsTheRenderedLine() throws {
        var duplicate = Records.rejected(file: "dup.txt", id: Records.id(3))
        duplicate.payload = .duplicate(of: 17)
        let records = [
            Records.classified(file: "a.txt", id: Records.id(1), topics: ["climate", "corruption"]),
            Records.classified(file: "sub/\"odd\"\n名前.txt", id: nil, topics: [], title: nil),
            Records.rejected(file: "binary.bin", id: Records.id(2)),
            Records.rejected(file: "gone.txt", reason: "unreadable"),
            duplicate,
        ]
        let times: [Int64] = [0, 1_795_428_000_123, 253_402_300_799_999]
        for record in records {
            let template = try XCTUnwrap(LineTemplate(record))
            for seq in [0, 7, 1_234_567_890_123] {
                for time in times {
                    var stamped = record
                    stamped.seq = seq
                    stamped.timeMilliseconds = time
                    var spliced: [UInt8] = []
                    template.write(seq: seq, time: Array(RecordTime.format(millisecondsSinceEpoch: time).utf8), into: &spliced)
                    XCTAssertEqual(String(decoding: spliced, as: UTF8.self), stamped.jsonLine())
                }
            }
        }
    }
}
