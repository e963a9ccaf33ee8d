/// The times `newsclass log --since/--until` accepts, as milliseconds since the epoch.
///
/// - RFC 3339: `2026-11-23T10:00:00Z`, `2026-11-23T18:00:00+08:00`, with or without
///   fractional seconds; a date alone (`2026-11-23`) is midnight UTC (see `RFC3339`).
/// - A span before `now`: a number and a unit, `90s`, `15m`, `2h`, `3d`, `1w`; several
///   may be chained (`1h30m`).
/// - `now`, `today` (the last UTC midnight), `yesterday` (the one before).
///
/// Days are UTC days because every record's time is UTC; "today" in another zone is
/// written with an offset (`2026-11-23T00:00:00+08:00`).
public enum TimeSpec {
    public static func parse(_ text: String, now: Int64) -> Int64? {
        let spec = text.trimmingSpaces().lowercased()
        switch spec {
        case "": return nil
        case "now": return now
        case "today": return startOfDay(now)
        case "yesterday": return startOfDay(now) - 86_400_000
        default: break
        }
        if let span = span(spec) { return now - span }
        return RFC3339.milliseconds(text.trimmingSpaces().utf8)
    }

    /// `90s`, `15m`, `2h`, `3d`, `1w`, or several chained, in milliseconds.
    static func span(_ text: String) -> Int64? {
        var total: Int64 = 0
        var number: Int64?
        var sawUnit = false
        for character in text.utf8 {
            if (48...57).contains(character) {
                let digit = Int64(character - 48)
                let (shifted, overflow) = (number ?? 0).multipliedReportingOverflow(by: 10)
                guard !overflow, shifted <= Int64.max - digit else { return nil }
                number = shifted + digit
                continue
            }
            let unit: Int64
            switch character {
            case UInt8(ascii: "s"): unit = 1000
            case UInt8(ascii: "m"): unit = 60_000
            case UInt8(ascii: "h"): unit = 3_600_000
            case UInt8(ascii: "d"): unit = 86_400_000
            case UInt8(ascii: "w"): unit = 604_800_000
            default: return nil
            }
            guard let value = number else { return nil }
            let (amount, overflow) = value.multipliedReportingOverflow(by: unit)
            guard !overflow, amount <= Int64.max - total else { return nil }
            total += amount
            number = nil
            sawUnit = true
        }
        return sawUnit && number == nil ? total : nil
    }

    private static func startOfDay(_ milliseconds: Int64) -> Int64 {
        let day: Int64 = 86_400_000
        return milliseconds >= 0 ? milliseconds / day * day : (milliseconds - day + 1) / day * day
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
