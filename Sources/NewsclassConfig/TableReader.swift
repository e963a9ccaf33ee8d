import TOMLKit

/// Typed, position-aware access to one TOML table: every getter checks the value's type
/// and every error names the key's full path with its line and column.
struct TableReader {
    let table: TOMLTable
    let path: String
    let file: String
    let locator: TOMLKeyLocator

    func fullPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    func error(_ key: String?, _ message: String) -> ConfigurationError {
        let keyPath = key.map(fullPath) ?? (path.isEmpty ? nil : path)
        let position = keyPath.flatMap(locator.position(of:))
        return ConfigurationError(
            file: file, line: position?.line, column: position?.column, key: keyPath, message: message)
    }

    /// Keys in the order they are written, so that topics keep the order the user gave them.
    var keysInTextOrder: [String] {
        let keys = table.keys
        let rank = { (key: String) in
            locator.order.firstIndex(of: fullPath(key)) ?? Int.max
        }
        return keys.sorted { (rank($0), $0) < (rank($1), $1) }
    }

    func rejectUnknownKeys(allowed: Set<String>) throws(ConfigurationError) {
        for key in keysInTextOrder where !allowed.contains(key) {
            let known = allowed.sorted().joined(separator: ", ")
            throw error(key, "unknown key (known here: \(known))")
        }
    }

    func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw error(key, "expected a string, found \(describe(value))") }
        return string
    }

    func number(_ key: String) throws(ConfigurationError) -> Double? {
        guard let value = table[key] else { return nil }
        if let double = value.double { return double }
        if let int = value.int { return Double(int) }
        throw error(key, "expected a number, found \(describe(value))")
    }

    func integer(_ key: String) throws(ConfigurationError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let int = value.int else { throw error(key, "expected an integer, found \(describe(value))") }
        return int
    }

    func strings(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else {
            throw error(key, "expected an array of strings, found \(describe(value))")
        }
        var strings: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element.string else {
                throw error(key, "element \(index) should be a string, found \(describe(element))")
            }
            strings.append(string)
        }
        return strings
    }

    func table(_ key: String) throws(ConfigurationError) -> TableReader? {
        guard let value = table[key] else { return nil }
        guard let sub = value.table else { throw error(key, "expected a table, found \(describe(value))") }
        return TableReader(table: sub, path: fullPath(key), file: file, locator: locator)
    }

    func tables(_ key: String) throws(ConfigurationError) -> [TableReader]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else {
            throw error(key, "expected an array of tables ([[\(fullPath(key))]]), found \(describe(value))")
        }
        var readers: [TableReader] = []
        for (index, element) in array.enumerated() {
            guard let sub = element.table else {
                throw error(key, "element \(index) should be a table, found \(describe(element))")
            }
            readers.append(TableReader(table: sub, path: "\(fullPath(key))[\(index)]", file: file, locator: locator))
        }
        return readers
    }

    private func describe(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a number"
        case .bool: return "a boolean"
        case .array: return "an array"
        case .table: return "a table"
        default: return "a date or time"
        }
    }
}
