/// One line of the log as the reader hands it out: the raw bytes, without the newline,
/// valid only during the call that receives it (they point into the reader's buffer).
/// Copy with `text` or `bytes` to keep it.
public struct EventLogLine {
    public let raw: UnsafeRawBufferPointer

    init(_ raw: UnsafeRawBufferPointer) {
        self.raw = raw
    }

    public var text: String { String(decoding: raw, as: UTF8.self) }
    public var bytes: [UInt8] { Array(raw) }

    /// The record's seq, read in place.
    public var seq: Int? { RecordFields.locate(in: raw).seq }

    /// The record's time in ms since the epoch, read in place.
    public var timeMilliseconds: Int64? {
        RecordFields.locate(in: raw).time.flatMap { RecordFields.milliseconds(ofTime: $0, in: raw) }
    }
}
