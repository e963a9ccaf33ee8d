/// A configuration that cannot be used, with where it went wrong: file, line, column and
/// the key's full path. Printed as `FILE:LINE:COLUMN: KEY: MESSAGE`, the form editors
/// and compilers use, so a terminal click or `vim +LINE` takes the user there.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var key: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": "
        if let key { text += "\(key): " }
        return text + message
    }
}
