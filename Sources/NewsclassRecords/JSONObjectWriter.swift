/// Writes one JSON value (a record line) as UTF-8, in one pass, straight into the storage of
/// the String it returns. Keys come in the order written, which JSONEncoder on Linux does not
/// promise; records read best, and diff best, when `v`, `seq`, `time` come first.
///
/// Why not a String per object: a record is rendered for every article, thousands a second,
/// and nested writers, joined arrays and one small String per evidence item made rendering
/// cost half as much as classifying. Here there is one allocation per line in the usual case.
///
/// Use `render(capacity:_:)`: the writer counts every byte it is asked for, but stores only
/// what fits, so a too-small estimate costs a second pass (with the exact size), never a
/// wrong line.
///
/// Commas are automatic: a value (or key) written after a complete value in the same
/// container gets one. Structure is the caller's business (`beginObject`/`key`/value/…/
/// `endObject`); the writer does not check it.
struct JSONObjectWriter {
    private let start: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// Bytes written so far, including those that did not fit.
    private(set) var count = 0
    /// Whether the last thing written was a complete value, so the next one needs a comma.
    private var afterValue = false

    private init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        // A zero-capacity buffer may have no address; it then stores nothing anyway.
        start = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 1)!
        capacity = buffer.baseAddress == nil ? 0 : buffer.count
    }

    /// The text `body` writes, allocated once with room for `capacity` bytes (or, when
    /// that was too little, rendered again with the exact size).
    @inline(__always)
    static func render(capacity: Int, _ body: (inout JSONObjectWriter) -> Void) -> String {
        var needed = 0
        var fitted = false
        let text = String(unsafeUninitializedCapacity: capacity) { buffer in
            var writer = JSONObjectWriter(buffer)
            body(&writer)
            needed = writer.count
            fitted = writer.count <= writer.capacity
            return fitted ? writer.count : 0
        }
        if fitted { return text }
        return String(unsafeUninitializedCapacity: needed) { buffer in
            var writer = JSONObjectWriter(buffer)
            body(&writer)
            precondition(writer.count == needed && needed <= writer.capacity, "JSON rendering is not deterministic")
            return writer.count
        }
    }

    // MARK: Structure

    mutating func beginObject() {
        separate()
        byte(0x7B)  // {
        afterValue = false
    }

    mutating func endObject() {
        byte(0x7D)  // }
        afterValue = true
    }

    mutating func beginArray() {
        separate()
        byte(0x5B)  // [
        afterValue = false
    }

    mutating func endArray() {
        byte(0x5D)  // ]
        afterValue = true
    }

    /// A key known to need no escaping (ASCII letters, digits, `_`).
    mutating func key(_ name: StaticString) {
        separate()
        byte(0x22)
        bytes(name.utf8Start, name.utf8CodeUnitCount)
        byte(0x22)
        byte(0x3A)  // :
        afterValue = false
    }

    mutating func key(_ name: String) {
        separate()
        escaped(name)
        byte(0x3A)
        afterValue = false
    }

    // MARK: Values

    mutating func string(_ value: String) {
        separate()
        escaped(value)
        afterValue = true
    }

    mutating func null() {
        separate()
        bytes("null")
        afterValue = true
    }

    mutating func int(_ value: Int) {
        separate()
        if value < 0 { byte(0x2D) }
        decimal(value.magnitude)
        afterValue = true
    }

    mutating func uint(_ value: UInt64) {
        separate()
        decimal(UInt(value))
        afterValue = true
    }

    /// `number(_:)`'s text: an integral value without ".0", otherwise the shortest
    /// round-trip form; 0 for NaN and infinities.
    mutating func number(_ value: Double) {
        separate()
        afterValue = true
        guard value.isFinite else { return byte(0x30) }
        if value == value.rounded(), abs(value) < 1e15 {
            let integer = Int(value)
            if integer < 0 { byte(0x2D) }
            return decimal(integer.magnitude)
        }
        // Scores carry three decimals and evidence weights two: write those without
        // `description`. For |x| in [0.001, 1e6) the doubles are far closer together than
        // 0.001, so if x is the double nearest to k/1000, no decimal with fewer significant
        // digits maps to x and k/1000 without trailing zeros *is* the shortest round-trip
        // form; and Swift writes such magnitudes without an exponent.
        let magnitude = abs(value)
        if magnitude >= 0.001, magnitude < 1e6 {
            let thousandths = (magnitude * 1000).rounded()
            if thousandths / 1000 == magnitude {
                let k = UInt(thousandths)
                if value < 0 { byte(0x2D) }
                decimal(k / 1000)
                byte(0x2E)  // .
                var fraction = k % 1000  // not 0: the value is not integral
                var width = 3
                while fraction % 10 == 0 { fraction /= 10; width -= 1 }
                return fixed(fraction, width: width)
            }
        }
        var text = value.description
        text.withUTF8 { utf8 in
            if let base = utf8.baseAddress { bytes(base, utf8.count) }
        }
    }

    /// An RFC 3339 time string, as `RecordTime.format(millisecondsSinceEpoch:)` writes it.
    mutating func time(millisecondsSinceEpoch ms: Int64) {
        // Years 1970…9999 (all four digits): written here; anything else goes the long way.
        guard ms >= 0, ms < 253_402_300_800_000 else {
            return string(RecordTime.format(millisecondsSinceEpoch: ms))
        }
        separate()
        let days = ms / 86_400_000
        let msOfDay = UInt(ms - days * 86_400_000)
        let (year, month, day) = RecordTime.civil(fromDays: days)
        byte(0x22)
        fixed(UInt(year), width: 4)
        byte(0x2D)
        fixed(UInt(month), width: 2)
        byte(0x2D)
        fixed(UInt(day), width: 2)
        byte(0x54)  // T
        fixed(msOfDay / 3_600_000, width: 2)
        byte(0x3A)
        fixed(msOfDay / 60_000 % 60, width: 2)
        byte(0x3A)
        fixed(msOfDay / 1000 % 60, width: 2)
        byte(0x2E)
        fixed(msOfDay % 1000, width: 3)
        byte(0x5A)  // Z
        byte(0x22)
        afterValue = true
    }

    // MARK: Fields (key and value)

    mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { string(value) } else { null() }
    }

    mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    mutating func field(_ name: StaticString, _ value: UInt64) {
        key(name)
        uint(value)
    }

    mutating func field(_ name: StaticString, _ value: Double) {
        key(name)
        number(value)
    }

    // MARK: Text forms shared with other code

    /// A number as the writer writes it (see `number(_:)` above), for `EventRecord.scoreText`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    // MARK: Bytes

    @inline(__always)
    private mutating func separate() {
        if afterValue { byte(0x2C) }  // ,
    }

    @inline(__always)
    private mutating func byte(_ value: UInt8) {
        if count < capacity { start[count] = value }
        count &+= 1
    }

    @inline(__always)
    private mutating func bytes(_ source: UnsafePointer<UInt8>, _ length: Int) {
        if length <= capacity &- count { (start + count).update(from: source, count: length) }
        count &+= length
    }

    @inline(__always)
    private mutating func bytes(_ text: StaticString) {
        bytes(text.utf8Start, text.utf8CodeUnitCount)
    }

    /// `value` in decimal, digit by digit.
    private mutating func decimal(_ value: UInt) {
        var width = 1
        var rest = value
        while rest >= 10 { rest /= 10; width += 1 }
        fixed(value, width: width)
    }

    /// The last `width` decimal digits of `value`, zero-padded.
    private mutating func fixed(_ value: UInt, width: Int) {
        if width <= capacity &- count {
            var position = start + count + width
            var rest = value
            for _ in 0..<width {
                position -= 1
                position.pointee = UInt8(truncatingIfNeeded: 0x30 &+ rest % 10)
                rest /= 10
            }
        }
        count &+= width
    }

    /// A JSON string: `"`, `\`, control characters, U+2028 and U+2029 escaped; runs of other
    /// bytes copied as they are.
    private mutating func escaped(_ value: String) {
        byte(0x22)
        if value.utf8.withContiguousStorageIfAvailable({ escapedBytes($0) }) == nil {
            var value = value
            value.withUTF8 { escapedBytes($0) }
        }
        byte(0x22)
    }

    private mutating func escapedBytes(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard let base = utf8.baseAddress else { return }
        let length = utf8.count
        var run = 0
        var index = 0
        while index < length {
            // Eight bytes at a time while none of them needs a look.
            if index &+ 8 <= length,
               !Self.mayNeedEscaping(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            {
                index &+= 8
                continue
            }
            let current = base[index]
            // Most bytes: nothing to do.
            if current >= 0x20, current != 0x22, current != 0x5C, current != 0xE2 {
                index &+= 1
                continue
            }
            var width = 1
            switch current {
            case 0x22, 0x5C:
                bytes(base + run, index &- run)
                byte(0x5C)
                byte(current)
            case 0x0A:
                bytes(base + run, index &- run)
                bytes("\\n")
            case 0x0D:
                bytes(base + run, index &- run)
                bytes("\\r")
            case 0x09:
                bytes(base + run, index &- run)
                bytes("\\t")
            case 0..<0x20:
                bytes(base + run, index &- run)
                bytes("\\u00")
                byte(0x30 &+ current >> 4)  // 0 or 1
                byte(Self.lowercaseHexDigit(current & 0xF))
            default:  // 0xE2: U+2028 and U+2029 are E2 80 A8 and E2 80 A9
                guard index &+ 2 < length, base[index &+ 1] == 0x80,
                      base[index &+ 2] == 0xA8 || base[index &+ 2] == 0xA9
                else {
                    index &+= 1
                    continue
                }
                bytes(base + run, index &- run)
                bytes(base[index &+ 2] == 0xA8 ? "\\u2028" : "\\u2029")
                width = 3
            }
            index &+= width
            run = index
        }
        bytes(base + run, length &- run)
    }

    /// Whether any of the eight bytes is below 0x20, `"`, `\` or 0xE2, by the "has a byte
    /// less than n" and "has a zero byte" word tricks. It never misses one (a false alarm
    /// would only cost the byte-by-byte path).
    @inline(__always)
    private static func mayNeedEscaping(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let lead = word ^ (ones &* 0xE2)
        let found = ((word &- ones &* 0x20) & ~word) | ((quote &- ones) & ~quote)
            | ((backslash &- ones) & ~backslash) | ((lead &- ones) & ~lead)
        return found & (ones &* 0x80) != 0
    }

    @inline(__always)
    private static func lowercaseHexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 &+ nibble : 0x57 &+ nibble  // 0x57 + 10 = "a"
    }
}
