import NewsclassRecords

/// Reads RFC 3339 timestamps into milliseconds since the epoch, arithmetically (no
/// DateFormatter: the reader may meet one on every line of a large log).
///
/// Accepted: `2026-11-23T10:00:00Z`, an offset instead of `Z` (`+08:00`, also `+0800`),
/// fractional seconds of any length (cut to milliseconds), `t` or a space for `T`, `z`
/// for `Z`, seconds left out (`10:00Z`), and a date alone (`2026-11-23`, midnight UTC).
/// A time without any zone is read as UTC, the zone of every record in the log.
enum RFC3339 {
    static func milliseconds<Bytes: Collection>(_ text: Bytes) -> Int64? where Bytes.Element == UInt8 {
        var reader = Reader(Array(text))
        guard let year = reader.digits(4), reader.skip("-"), let month = reader.digits(2), reader.skip("-"),
              let day = reader.digits(2), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let days = RecordTime.days(year: year, month: month, day: day)
        if reader.atEnd { return days * 86_400_000 }

        guard reader.skip("T") || reader.skip("t") || reader.skip(" "),
              let hour = reader.digits(2), reader.skip(":"), let minute = reader.digits(2),
              hour <= 23, minute <= 59
        else { return nil }
        var second = 0
        var milli = 0
        if reader.skip(":") {
            // 60 is a leap second; it counts as the first second of the next minute.
            guard let value = reader.digits(2), value <= 60 else { return nil }
            second = value
            if reader.skip(".") || reader.skip(",") {
                var places = 0
                while let digit = reader.digit() {
                    if places < 3 { milli = milli * 10 + digit }
                    places += 1
                }
                guard places > 0 else { return nil }
                for _ in min(places, 3)..<3 { milli *= 10 }
            }
        }
        var offsetMinutes = 0
        if reader.skip("Z") || reader.skip("z") || reader.atEnd {
            offsetMinutes = 0
        } else {
            let sign: Int
            if reader.skip("+") { sign = 1 } else if reader.skip("-") { sign = -1 } else { return nil }
            guard let hours = reader.digits(2), hours <= 23 else { return nil }
            _ = reader.skip(":")
            guard let minutes = reader.digits(2), minutes <= 59 else { return nil }
            offsetMinutes = sign * (hours * 60 + minutes)
        }
        guard reader.atEnd else { return nil }
        let local = ((days * 24 + Int64(hour)) * 60 + Int64(minute)) * 60_000 + Int64(second) * 1000 + Int64(milli)
        return local - Int64(offsetMinutes) * 60_000
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard position < bytes.count, bytes[position] == UInt8(ascii: character) else { return false }
            position += 1
            return true
        }

        mutating func digit() -> Int? {
            guard position < bytes.count, (48...57).contains(bytes[position]) else { return nil }
            defer { position += 1 }
            return Int(bytes[position]) - 48
        }

        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }
    }
}
