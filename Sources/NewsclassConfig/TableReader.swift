import NewsclassTOML

/// Typed, position-aware access to one TOML table: every getter checks the value's type
/// and every error names the key's full path with its line and column.
struct TableReader {
    let table: TOMLTable
    let path: String
    let file: String
    /// Where the table itself is written (its header); nil for the document's root.
    let position: TOMLPosition?

    func fullPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// An error about `key` at the key's position; about a key that is missing (or about
    /// the table, `key` nil) at the table's.
    func error(_ key: String?, _ message: String) -> ConfigurationError {
        let keyPath = key.map(fullPath) ?? (path.isEmpty ? nil : path)
        let at = key.flatMap { table.entry($0)?.keyPosition } ?? position
        return ConfigurationError(file: file, line: at?.line, column: at?.column, key: keyPath, message: message)
    }

    /// Keys in the order they are written, so that topics keep the order the user gave them.
    var keysInTextOrder: [String] {
        table.keys
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
        if let double = value.float { return double }
        if let int = value.integer { return Double(int) }
        throw error(key, "expected a number, found \(describe(value))")
    }

    func integer(_ key: String) throws(ConfigurationError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let int = value.integer else { throw error(key, "expected an integer, found \(describe(value))") }
        return Int(exactly: int) ?? (int < 0 ? Int.min : Int.max)
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
        return TableReader(table: sub, path: fullPath(key), file: file, position: value.position)
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
            readers.append(TableReader(table: sub, path: "\(fullPath(key))[\(index)]", file: file, position: element.position))
        }
        return readers
    }

    private func describe(_ value: TOMLValue) -> String {
        switch value.kind {
        case .float: return "a number"
        case .dateTime: return "a date or time"
        default: return value.typeDescription
        }
    }
}
