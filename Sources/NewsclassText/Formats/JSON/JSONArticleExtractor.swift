/// An article inside JSON: a news API response, a CMS export, schema.org JSON-LD.
///
/// Where the article is:
/// - an object with a body field is an article (`articleBody`, `body`, `content`, `text`,
///   `fullText`, `bodyText`; `description`, `summary`, `abstract` only when none of those
///   exists anywhere);
/// - otherwise it is looked for under wrapper keys (`article`, `data`, `item`, `post`,
///   `story`, `result`, …), in lists (`articles`, `items`, `results`, `@graph`, …), in a
///   top-level array, and finally in any nested object or array (up to 8 levels).
/// A body may be a string, an array of strings or of `{"text": …}` blocks, or an object
/// such as WordPress's `{"rendered": "<p>…"}`. A body (or title) with HTML tags in it is
/// read as an HTML fragment.
///
/// The title is `headline`, then `title`, then `name`.
///
/// One article found: that article. Several: they are one text, each one's title
/// and body as paragraphs in order, and no single title (none describes them all).
/// None: the JSON is not an article but may still hold prose, so every string value with
/// at least two words becomes a paragraph, in document order; keys, numbers, URLs and
/// one-word values (ids, dates, names of types) are left out. Unparseable JSON returns
/// nil and is read as plain text by the caller.
struct JSONArticleExtractor {
    private static let primaryBodyKeys = ["articlebody", "body", "content", "text", "fulltext", "bodytext"]
    private static let secondaryBodyKeys = ["description", "summary", "abstract"]
    private static let titleKeys = ["headline", "title", "name"]
    private static let wrapperKeys = ["article", "data", "item", "post", "story", "result", "payload", "response", "doc"]
    private static let listKeys = ["articles", "items", "results", "posts", "stories", "entries", "news", "data",
                                   "@graph", "hits", "docs", "documents"]
    private static let maxSearchDepth = 8

    func extract(_ json: UnsafeBufferPointer<UInt8>) -> ExtractedText? {
        guard let root = JSONParser.parse(json) else { return nil }
        var articles = Self.articles(in: root, bodyKeys: Self.primaryBodyKeys, depth: 0)
        if articles.isEmpty { articles = Self.articles(in: root, bodyKeys: Self.secondaryBodyKeys, depth: 0) }

        var builder = TextBuilder(capacity: json.count)
        switch articles.count {
        case 0:
            Self.appendProse(of: root, to: &builder, depth: 0)
            return ExtractedText(title: nil, body: builder.finish())
        case 1:
            let article = articles[0]
            Self.appendText(article.body, to: &builder)
            return ExtractedText(title: Self.title(of: article.object), body: builder.finish())
        default:
            for article in articles {
                if let title = Self.title(of: article.object) {
                    builder.paragraphBreak()
                    builder.append(title, newlines: .whitespace)
                    builder.paragraphBreak()
                }
                Self.appendText(article.body, to: &builder)
                builder.paragraphBreak()
            }
            return ExtractedText(title: nil, body: builder.finish())
        }
    }

    private struct Found {
        var object: JSONValue
        var body: JSONValue
    }

    private static func articles(in value: JSONValue, bodyKeys: [String], depth: Int) -> [Found] {
        guard depth <= maxSearchDepth else { return [] }
        switch value {
        case .object(let members):
            for key in bodyKeys {
                if let body = value[key], hasText(body) { return [Found(object: value, body: body)] }
            }
            for key in wrapperKeys + listKeys {
                guard let child = value[key] else { continue }
                let found = articles(in: child, bodyKeys: bodyKeys, depth: depth + 1)
                if !found.isEmpty { return found }
            }
            for member in members {
                switch member.value {
                case .object, .array:
                    let found = articles(in: member.value, bodyKeys: bodyKeys, depth: depth + 1)
                    if !found.isEmpty { return found }
                default:
                    continue
                }
            }
            return []
        case .array(let elements):
            return elements.flatMap { articles(in: $0, bodyKeys: bodyKeys, depth: depth + 1) }
        default:
            return []
        }
    }

    /// Whether a body value holds any text.
    private static func hasText(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let string): return string.contains { !$0.isWhitespace }
        case .array(let elements): return elements.contains(where: hasText)
        case .object: return textMember(of: value).map(hasText) ?? false
        default: return false
        }
    }

    /// The text-bearing member of a body object: `{"rendered": …}`, `{"html": …}`, ….
    private static func textMember(of value: JSONValue) -> JSONValue? {
        for key in ["rendered", "html", "text", "value", "content", "body", "raw"] {
            if let member = value[key] { return member }
        }
        return nil
    }

    private static func appendText(_ value: JSONValue, to builder: inout TextBuilder) {
        switch value {
        case .string(let string):
            appendString(string, to: &builder)
        case .array(let elements):
            for element in elements {
                appendText(element, to: &builder)
                builder.paragraphBreak()
            }
        case .object:
            if let member = textMember(of: value) { appendText(member, to: &builder) }
        default:
            break
        }
    }

    /// A string from the body: HTML when it has tags, else plain text with its line breaks.
    private static func appendString(_ string: String, to builder: inout TextBuilder) {
        var string = string
        string.withUTF8 { utf8 in
            if FormatSniffer.containsTag(utf8) {
                HTMLExtractor().appendText(of: utf8, to: &builder)
            } else {
                builder.append(utf8, newlines: .lineBreaks)
            }
        }
    }

    private static func title(of article: JSONValue) -> String? {
        for key in titleKeys {
            guard let value = article[key] else { continue }
            let text: String?
            switch value {
            case .string(let string): text = string
            case .object: text = textMember(of: value)?.stringValue
            default: text = nil
            }
            guard var text else { continue }
            let title = text.withUTF8 { utf8 -> String? in
                if FormatSniffer.containsTag(utf8) || utf8.contains(0x26) {
                    var builder = TextBuilder()
                    HTMLExtractor().appendText(of: utf8, to: &builder)
                    return ExtractedText.title(from: builder)
                }
                return ExtractedText.title(from: utf8)
            }
            if let title { return title }
        }
        return nil
    }

    /// Every string value with at least two words, as paragraphs.
    private static func appendProse(of value: JSONValue, to builder: inout TextBuilder, depth: Int) {
        guard depth <= JSONParser.maxDepth else { return }
        switch value {
        case .string(let string):
            guard string.contains(where: { $0 == " " }), string.contains(where: \.isLetter),
                  !string.hasPrefix("http://"), !string.hasPrefix("https://") else { return }
            appendString(string, to: &builder)
            builder.paragraphBreak()
        case .array(let elements):
            for element in elements { appendProse(of: element, to: &builder, depth: depth + 1) }
        case .object(let members):
            for member in members { appendProse(of: member.value, to: &builder, depth: depth + 1) }
        default:
            break
        }
    }
}
