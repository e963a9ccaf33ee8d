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
///
/// The JSON is read in place (`JSONParser`): strings without escapes are never copied,
/// so a large article costs its own bytes and the text extracted from them.
struct JSONArticleExtractor {
    private static let primaryBodyKeys: [StaticString] = ["articlebody", "body", "content", "text", "fulltext", "bodytext"]
    private static let secondaryBodyKeys: [StaticString] = ["description", "summary", "abstract"]
    private static let titleKeys: [StaticString] = ["headline", "title", "name"]
    /// The wrapper keys (`article`, `data`, …) and then the list keys (`articles`, …).
    private static let containerKeys: [StaticString] = [
        "article", "data", "item", "post", "story", "result", "payload", "response", "doc",
        "articles", "items", "results", "posts", "stories", "entries", "news", "data",
        "@graph", "hits", "docs", "documents",
    ]
    private static let textMemberKeys: [StaticString] = ["rendered", "html", "text", "value", "content", "body", "raw"]
    private static let maxSearchDepth = 8

    func extract(_ bytes: UnsafeBufferPointer<UInt8>) -> ExtractedText? {
        guard let json = JSONParser.parse(bytes) else { return nil }
        var articles: [Found] = []
        Self.articles(in: json, json.root, bodyKeys: Self.primaryBodyKeys, depth: 0, into: &articles)
        if articles.isEmpty { Self.articles(in: json, json.root, bodyKeys: Self.secondaryBodyKeys, depth: 0, into: &articles) }

        var builder = TextBuilder(capacity: bytes.count)
        switch articles.count {
        case 0:
            Self.appendProse(of: json, json.root, to: &builder)
            return ExtractedText(title: nil, body: builder.finish())
        case 1:
            let article = articles[0]
            Self.appendText(json, article.body, to: &builder)
            return ExtractedText(title: Self.title(json, of: article.object), body: builder.finish())
        default:
            for article in articles {
                if let title = Self.title(json, of: article.object) {
                    builder.paragraphBreak()
                    builder.append(title, newlines: .whitespace)
                    builder.paragraphBreak()
                }
                Self.appendText(json, article.body, to: &builder)
                builder.paragraphBreak()
            }
            return ExtractedText(title: nil, body: builder.finish())
        }
    }

    /// An article: the object and its body value, as positions in the JSON.
    private struct Found {
        var object: Int
        var body: Int
    }

    private static func articles(in json: JSONParser, _ value: Int, bodyKeys: [StaticString], depth: Int, into found: inout [Found]) {
        guard depth <= maxSearchDepth else { return }
        switch json.kind(at: value) {
        case .object:
            var body: Int?
            json.firstValues(ofObjectAt: value, keys: bodyKeys) { values in
                body = values.first { $0 >= 0 && hasText(json, $0) }
            }
            if let body {
                found.append(Found(object: value, body: body))
                return
            }
            json.firstValues(ofObjectAt: value, keys: containerKeys) { values in
                for child in values where child >= 0 && found.isEmpty {
                    articles(in: json, child, bodyKeys: bodyKeys, depth: depth + 1, into: &found)
                }
            }
            if !found.isEmpty { return }
            json.forEachMember(ofObjectAt: value) { _, member in
                if json.kind(at: member) == .object || json.kind(at: member) == .array {
                    articles(in: json, member, bodyKeys: bodyKeys, depth: depth + 1, into: &found)
                }
                return found.isEmpty
            }
        case .array:
            json.forEachElement(ofArrayAt: value) { element in
                articles(in: json, element, bodyKeys: bodyKeys, depth: depth + 1, into: &found)
                return true
            }
        case .string, .other:
            return
        }
    }

    /// Whether a body value holds any text.
    private static func hasText(_ json: JSONParser, _ value: Int) -> Bool {
        switch json.kind(at: value) {
        case .string:
            return json.withString(at: value) { utf8 in containsScalar(utf8) { !$0.properties.isWhitespace } }
        case .array:
            var any = false
            json.forEachElement(ofArrayAt: value) { element in
                any = hasText(json, element)
                return !any
            }
            return any
        case .object:
            return textMember(json, of: value).map { hasText(json, $0) } ?? false
        case .other:
            return false
        }
    }

    /// Whether any scalar of the UTF-8 satisfies `predicate`, decoded in place.
    private static func containsScalar(_ utf8: UnsafeBufferPointer<UInt8>, where predicate: (Unicode.Scalar) -> Bool) -> Bool {
        var iterator = utf8.makeIterator()
        var decoder = UTF8()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            if predicate(scalar) { return true }
        }
        return false
    }

    /// The text-bearing member of a body object: `{"rendered": …}`, `{"html": …}`, ….
    private static func textMember(_ json: JSONParser, of object: Int) -> Int? {
        var member: Int?
        json.firstValues(ofObjectAt: object, keys: textMemberKeys) { values in
            member = values.first { $0 >= 0 }
        }
        return member
    }

    private static func appendText(_ json: JSONParser, _ value: Int, to builder: inout TextBuilder) {
        switch json.kind(at: value) {
        case .string:
            json.withString(at: value) { appendString($0, to: &builder) }
        case .array:
            json.forEachElement(ofArrayAt: value) { element in
                appendText(json, element, to: &builder)
                builder.paragraphBreak()
                return true
            }
        case .object:
            if let member = textMember(json, of: value) { appendText(json, member, to: &builder) }
        case .other:
            break
        }
    }

    /// A string from the body: HTML when it has tags, else plain text with its line breaks.
    private static func appendString(_ utf8: UnsafeBufferPointer<UInt8>, to builder: inout TextBuilder) {
        if FormatSniffer.containsTag(utf8) {
            HTMLExtractor().appendText(of: utf8, to: &builder)
        } else {
            builder.append(utf8, newlines: .lineBreaks)
        }
    }

    private static func title(_ json: JSONParser, of article: Int) -> String? {
        var candidates: [Int] = []
        json.firstValues(ofObjectAt: article, keys: titleKeys) { values in candidates = values.filter { $0 >= 0 } }
        for value in candidates {
            var text = value
            if json.kind(at: value) == .object, let member = textMember(json, of: value) { text = member }
            guard json.kind(at: text) == .string else { continue }
            let title = json.withString(at: text) { utf8 -> String? in
                let utf8 = ExtractedText.titleSource(utf8)
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

    /// Every string value with at least two words, as paragraphs. (The recursion is as
    /// deep as the JSON, which `JSONParser` limits.)
    private static func appendProse(of json: JSONParser, _ root: Int, to builder: inout TextBuilder) {
        func visit(_ value: Int, depth: Int) {
            switch json.kind(at: value) {
            case .string:
                json.withString(at: value) { utf8 in
                    guard isProse(utf8) else { return }
                    appendString(utf8, to: &builder)
                    builder.paragraphBreak()
                }
            case .array:
                guard depth < JSONParser.maxDepth else { return }
                json.forEachElement(ofArrayAt: value) { visit($0, depth: depth + 1); return true }
            case .object:
                guard depth < JSONParser.maxDepth else { return }
                json.forEachMember(ofObjectAt: value) { _, member in visit(member, depth: depth + 1); return true }
            case .other:
                break
            }
        }
        visit(root, depth: 0)
    }

    /// A space, a letter, and not a URL: prose rather than an id, a date or a link.
    private static func isProse(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard utf8.contains(0x20), !utf8.hasPrefix("http://", at: 0, ignoringCase: false),
              !utf8.hasPrefix("https://", at: 0, ignoringCase: false) else { return false }
        return containsScalar(utf8) { $0.properties.isAlphabetic }
    }
}
