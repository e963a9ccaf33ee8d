/// A `Content-Type` value: type and subtype lowercased, parameter names lowercased,
/// values as written (a boundary is case-sensitive).
struct MIMEContentType {
    var type: String
    var subtype: String
    var parameters: [String: String]

    static let defaultType = MIMEContentType(type: "text", subtype: "plain", parameters: [:])

    var isMultipart: Bool { type == "multipart" }
    var isText: Bool { type == "text" }

    init(type: String, subtype: String, parameters: [String: String]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// Parses "type/subtype; name=value; name="quoted value"". RFC 2231 continuations
    /// are not joined; an extended `charset*=utf-8''…` is read for its charset.
    init?(_ value: String) {
        var fields = value.split(separator: ";", omittingEmptySubsequences: false).makeIterator()
        guard let media = fields.next() else { return nil }
        let parts = media.trimmingWhitespace().lowercased().split(separator: "/", maxSplits: 1)
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        type = String(parts[0])
        subtype = String(parts[1]).trimmingWhitespace()
        parameters = [:]
        // Rejoin the rest so that quoted values containing ";" survive.
        let rest = value.drop { $0 != ";" }
        for name in ["charset", "boundary", "name", "format"] {
            if let found = CharsetDeclaration.parameter(name, in: String(rest)) {
                parameters[name] = found
            } else if name == "charset", let extended = CharsetDeclaration.parameter("charset*", in: String(rest)) {
                parameters[name] = String(extended.prefix { $0 != "'" })
            }
        }
    }
}
