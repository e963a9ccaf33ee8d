/// Why a file could not be turned into an article. The raw values are the machine
/// words of the event log's `reason` field.
public enum RejectionReason: String, Sendable, Codable {
    /// Not a text file: a known binary signature, NUL bytes, or mostly control bytes.
    case binary
    /// Nothing readable: zero bytes, only whitespace, or no text left after removing
    /// markup and boilerplate.
    case empty
    /// The bytes are not valid in the declared or detected character encoding.
    case badEncoding = "bad_encoding"
    /// Larger than the extractor's `maxBytes`.
    case tooLarge = "too_large"
}

/// A rejected file: the reason, and one line of human text for the log's `detail`.
public struct ExtractionFailure: Error, Sendable, Equatable {
    public var reason: RejectionReason
    /// Says what was found and where, e.g. "NUL bytes at offset 12: not a text file".
    public var detail: String

    public init(reason: RejectionReason, detail: String) {
        self.reason = reason
        self.detail = detail
    }
}
