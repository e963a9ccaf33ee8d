/// Integers, floats, and dates and times: one run of the characters they are made of,
/// then checked against the TOML grammar.
extension Parser {
    func parseNumberOrDate() throws(TOMLError) -> TOMLValue.Kind {
        let start = i
        scanToken()
        // "1979-05-27 07:32:00": a space may stand between a date and a time.
        if i - start == 10, isFullDate(bytes[start..<i]), peek() == ASCII.space,
           let h1 = peek(1), let h2 = peek(2), ASCII.isDigit(h1), ASCII.isDigit(h2), peek(3) == ASCII.colon {
            i += 1
            scanToken()
        }
        let token = bytes[start..<i]
        guard !token.isEmpty else { throw error("expected a value, found \(describe())") }
        let isDate = token.count >= 5 && token.prefix(4).allSatisfy(ASCII.isDigit) && token.dropFirst(4).first == ASCII.minus
        let isTime = token.count >= 3 && token.prefix(2).allSatisfy(ASCII.isDigit) && token.dropFirst(2).first == ASCII.colon
        if isDate || isTime {
            guard let value = DateTimeReader(token).read() else {
                throw error("invalid date or time \(quoted(token)) (RFC 3339: 1979-05-27T07:32:00Z, 1979-05-27, 07:32:00)", at: start)
            }
            return .dateTime(value)
        }
        if let first = token.first, ASCII.isLetter(first), !token.elementsEqual("inf".utf8), !token.elementsEqual("nan".utf8) {
            throw error("\(quoted(token)) is not a value (strings need quotes; booleans are true and false)", at: start)
        }
        return try number(token, at: start)
    }

    /// Letters, digits and `_ + - . :` (what numbers, dates and times are written with).
    private func scanToken() {
        while let c = peek(), ASCII.isBareKey(c) || c == ASCII.plus || c == ASCII.dot || c == ASCII.colon { i += 1 }
    }

    private func isFullDate(_ token: ArraySlice<UInt8>) -> Bool {
        var reader = DateTimeReader(token)
        return reader.readDate() != nil && reader.at == token.count
    }

    private func quoted(_ token: ArraySlice<UInt8>) -> String {
        let text = String(decoding: token.prefix(40), as: UTF8.self)
        return "\"\(text)\(token.count > 40 ? "…" : "")\""
    }

    private func number(_ token: ArraySlice<UInt8>, at start: Int) throws(TOMLError) -> TOMLValue.Kind {
        var body = token
        var negative = false
        var signed = false
        if let first = body.first, first == ASCII.plus || first == ASCII.minus {
            negative = first == ASCII.minus
            signed = true
            body = body.dropFirst()
        }
        if body.elementsEqual("inf".utf8) { return .float(negative ? -.infinity : .infinity) }
        if body.elementsEqual("nan".utf8) { return .float(.nan) }

        if body.count >= 2, body.first == UInt8(ascii: "0"), let marker = body.dropFirst().first,
           let radix = [UInt8(ascii: "x"): 16, UInt8(ascii: "o"): 8, UInt8(ascii: "b"): 2][marker] {
            guard !signed else { throw error("a hexadecimal, octal or binary integer cannot have a sign", at: start) }
            let name = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary"
            guard let digits = Self.digits(body.dropFirst(2), radix: radix) else {
                throw error("invalid \(name) integer \(quoted(token)) (digits, with single '_' only between them)", at: start)
            }
            guard let value = Self.integer(digits, radix: radix, negative: false) else {
                throw error("the integer \(quoted(token)) does not fit in 64 bits", at: start)
            }
            return .integer(value)
        }

        let intEnd = body.firstIndex { $0 == ASCII.dot || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? body.endIndex
        let intPart = body[..<intEnd]
        guard let intDigits = Self.digits(intPart, radix: 10) else {
            throw error("invalid number \(quoted(token))", at: start)
        }
        if intPart.count > 1, intPart.first == UInt8(ascii: "0") {
            throw error("invalid number \(quoted(token)): leading zeros are not allowed", at: start)
        }
        if intEnd == body.endIndex {
            guard let value = Self.integer(intDigits, radix: 10, negative: negative) else {
                throw error("the integer \(quoted(token)) does not fit in 64 bits", at: start)
            }
            return .integer(value)
        }

        var clean: [UInt8] = negative ? [ASCII.minus] : []
        clean += intDigits
        var rest = body[intEnd...]
        if rest.first == ASCII.dot {
            let fractionEnd = rest.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? rest.endIndex
            guard let fraction = Self.digits(rest[(rest.startIndex + 1)..<fractionEnd], radix: 10) else {
                throw error("invalid float \(quoted(token)): a '.' needs digits on both sides", at: start)
            }
            clean.append(ASCII.dot)
            clean += fraction
            rest = rest[fractionEnd...]
        }
        if !rest.isEmpty {
            var exponent = rest.dropFirst()
            clean.append(UInt8(ascii: "e"))
            if let sign = exponent.first, sign == ASCII.plus || sign == ASCII.minus {
                clean.append(sign)
                exponent = exponent.dropFirst()
            }
            guard let digits = Self.digits(exponent, radix: 10) else {
                throw error("invalid float \(quoted(token)): the exponent needs digits", at: start)
            }
            clean += digits
        }
        guard let value = Double(String(decoding: clean, as: UTF8.self)) else {
            throw error("invalid float \(quoted(token))", at: start)
        }
        guard value.isFinite else { throw error("the float \(quoted(token)) is too large for 64 bits", at: start) }
        return .float(value)
    }

    /// The digits of `text` without its underscores, or nil if it is empty, holds another
    /// character, or has an underscore that is not between two digits.
    static func digits(_ text: ArraySlice<UInt8>, radix: Int) -> [UInt8]? {
        var digits: [UInt8] = []
        digits.reserveCapacity(text.count)
        var previousWasDigit = false
        for c in text {
            if c == ASCII.underscore {
                guard previousWasDigit else { return nil }
                previousWasDigit = false
                continue
            }
            let valid: Bool
            switch radix {
            case 16: valid = ASCII.isHexDigit(c)
            case 8: valid = c >= 0x30 && c <= 0x37
            case 2: valid = c == 0x30 || c == 0x31
            default: valid = ASCII.isDigit(c)
            }
            guard valid else { return nil }
            digits.append(c)
            previousWasDigit = true
        }
        return previousWasDigit ? digits : nil
    }

    /// The value of checked digits, or nil if it does not fit in an Int64.
    static func integer(_ digits: [UInt8], radix: Int, negative: Bool) -> Int64? {
        var value: Int64 = 0
        for c in digits {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: Int64(radix))
            guard !overflow else { return nil }
            let digit = ASCII.digitValue(c)
            let (next, overflow2) = negative
                ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow2 else { return nil }
            value = next
        }
        return value
    }
}

/// RFC 3339 dates and times as TOML 1.0 has them: `1979-05-27T07:32:00.999-07:00`,
/// `1979-05-27T07:32:00`, `1979-05-27`, `07:32:00` ('T' may be 't' or a space; seconds
/// are required).
struct DateTimeReader {
    let token: [UInt8]
    var at = 0

    init(_ token: ArraySlice<UInt8>) {
        self.token = Array(token)
    }

    func read() -> TOMLDateTime? {
        var reader = self
        let text = String(decoding: token, as: UTF8.self)
        if let (year, month, day) = reader.readDate() {
            if reader.at == token.count {
                return TOMLDateTime(kind: .localDate, year: year, month: month, day: day, text: text)
            }
            guard let delimiter = reader.next(), delimiter == UInt8(ascii: "T") || delimiter == UInt8(ascii: "t")
                || delimiter == ASCII.space,
                let (hour, minute, second, nanosecond) = reader.readTime()
            else { return nil }
            if reader.at == token.count {
                return TOMLDateTime(
                    kind: .localDateTime, year: year, month: month, day: day, hour: hour, minute: minute,
                    second: second, nanosecond: nanosecond, text: text)
            }
            guard let offset = reader.readOffset(), reader.at == token.count else { return nil }
            return TOMLDateTime(
                kind: .offsetDateTime, year: year, month: month, day: day, hour: hour, minute: minute,
                second: second, nanosecond: nanosecond, offsetMinutes: offset, text: text)
        }
        reader.at = 0
        guard let (hour, minute, second, nanosecond) = reader.readTime(), reader.at == token.count else { return nil }
        return TOMLDateTime(
            kind: .localTime, hour: hour, minute: minute, second: second, nanosecond: nanosecond, text: text)
    }

    /// `YYYY-MM-DD`, checked against the calendar (leap years included).
    mutating func readDate() -> (Int, Int, Int)? {
        guard let year = number(4), expect(ASCII.minus), let month = number(2), expect(ASCII.minus),
              let day = number(2), (1...12).contains(month)
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day >= 1, day <= days[month - 1] else { return nil }
        return (year, month, day)
    }

    /// `HH:MM:SS[.fraction]`; a leap second (60) is allowed.
    mutating func readTime() -> (Int, Int, Int, Int?)? {
        guard let hour = number(2), expect(ASCII.colon), let minute = number(2), expect(ASCII.colon),
              let second = number(2), hour <= 23, minute <= 59, second <= 60
        else { return nil }
        guard peek() == ASCII.dot else { return (hour, minute, second, nil) }
        at += 1
        var nanosecond = 0
        var count = 0
        while let c = peek(), ASCII.isDigit(c) {
            if count < 9 { nanosecond = nanosecond * 10 + Int(c - 0x30) }
            count += 1
            at += 1
        }
        guard count > 0 else { return nil }
        for _ in min(count, 9)..<9 { nanosecond *= 10 }
        return (hour, minute, second, nanosecond)
    }

    /// `Z` or `±HH:MM`, as minutes east of UTC.
    mutating func readOffset() -> Int? {
        guard let c = next() else { return nil }
        if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") { return 0 }
        guard c == ASCII.plus || c == ASCII.minus, let hours = number(2), expect(ASCII.colon), let minutes = number(2),
              hours <= 23, minutes <= 59
        else { return nil }
        return (c == ASCII.minus ? -1 : 1) * (hours * 60 + minutes)
    }

    private func peek() -> UInt8? { at < token.count ? token[at] : nil }

    private mutating func next() -> UInt8? {
        defer { at += 1 }
        return peek()
    }

    private mutating func expect(_ c: UInt8) -> Bool {
        guard peek() == c else { return false }
        at += 1
        return true
    }

    /// Exactly `count` digits.
    private mutating func number(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let c = peek(), ASCII.isDigit(c) else { return nil }
            value = value * 10 + Int(c - 0x30)
            at += 1
        }
        return value
    }
}
