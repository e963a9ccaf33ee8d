/// A parsed JSON value (RFC 8259), just enough to find an article in it: object members
/// keep their order, keys are stored lowercased (they are only ever looked up, ignoring
/// case), numbers are not converted.
indirect enum JSONValue {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    case number
    case bool(Bool)
    case null

    /// The first member whose key equals `key` (lowercase) ignoring case.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }
}
