/// The kind of document a dropped file was read as.
public enum ArticleFormat: String, Sendable, Codable {
    case text, markdown, html, json, email
}

/// One news article, reduced to readable text.
///
/// `body` holds paragraphs separated by a blank line ("\n\n"); lines inside a paragraph
/// are separated by "\n", runs of spaces are collapsed and there is no leading or
/// trailing whitespace. The text is not case-folded or NFKC-normalised: that is the
/// classifier's business, and the event log shows titles as written.
public struct Article: Sendable, Equatable {
    /// The headline, or nil when none was found.
    public var title: String?
    /// The readable text, paragraphs separated by "\n\n". It does not repeat the title
    /// as its first paragraph.
    public var body: String
    /// How the file was read.
    public var format: ArticleFormat
    /// A BCP 47 guess ("en", "zh", …) or "und" when unsure; see `LanguageGuesser`.
    public var language: String
    /// The encoding the text was decoded from, e.g. "UTF-8", "GB18030", "BIG5",
    /// "WINDOWS-1252", "UTF-16LE". For e-mail it is the charset of the body part used.
    public var charset: String

    public init(title: String?, body: String, format: ArticleFormat, language: String, charset: String) {
        self.title = title
        self.body = body
        self.format = format
        self.language = language
        self.charset = charset
    }

    /// The body, leaving an empty one: for a consumer that needs the text once and the
    /// other fields after it (the classifier then holds the only copy and can free it).
    public mutating func takeBody() -> String {
        var body = ""
        swap(&body, &self.body)
        return body
    }
}
