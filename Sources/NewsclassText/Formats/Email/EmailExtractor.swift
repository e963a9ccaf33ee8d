/// An e-mail message (RFC 5322 with MIME, RFC 2045–2047), as saved in a `.eml` file.
///
/// - Title: the Subject, with encoded-words decoded (`EncodedWords`); without one, the
///   title of an HTML body.
/// - Body: the first text/plain part in document order that is not an attachment;
///   without one (or if it is empty), the first text/html part, stripped like any HTML
///   page. Multiparts are
///   walked depth-first (nested up to 16 levels, and the first 10,000 parts of the whole
///   message: no mail has more, and a file of millions of empty parts costs no more than
///   that); a forwarded message/rfc822 part is walked like the message around it.
/// - Each part is undone from its Content-Transfer-Encoding (quoted-printable, base64)
///   and decoded from its own charset parameter; an HTML part without one may declare
///   it in a meta tag; otherwise the charset is detected. A declared charset that does not
///   fit is `bad_encoding`, as everywhere.
struct EmailExtractor {
    static let maxNesting = 16
    static let maxParts = 10_000

    struct Extracted {
        var text: ExtractedText
        var charset: String?
    }

    func extract(_ message: UnsafeBufferPointer<UInt8>) throws(ExtractionFailure) -> Extracted {
        let top = MIMEEntity(message, range: 0..<message.count)
        let fallback = top.contentType.parameters["charset"].flatMap { Charset(label: $0) }
        let subject = top.field("subject").map { EncodedWords(fallback: fallback).decode($0) }

        var plain: MIMEEntity?
        var html: MIMEEntity?
        var partBudget = Self.maxParts
        Self.findTextParts(top, in: message, depth: 0, budget: &partBudget, plain: &plain, html: &html)

        guard plain != nil || html != nil else {
            return Extracted(text: ExtractedText(title: ExtractedText.title(from: subject), body: []), charset: nil)
        }
        var body: (text: ExtractedText, charset: String)?
        for (part, isHTML) in [(plain, false), (html, true)] {
            guard let part else { continue }
            body = try Self.text(of: part, isHTML: isHTML, in: message)
            if body?.text.body.isEmpty == false { break } // an empty text/plain gives way to the HTML
        }
        let title = ExtractedText.title(from: subject) ?? body?.text.title
        return Extracted(text: ExtractedText(title: title, body: body?.text.body ?? []), charset: body?.charset)
    }

    /// A text part's text: transfer encoding undone, decoded from its charset, extracted.
    private static func text(of part: MIMEEntity, isHTML: Bool, in message: UnsafeBufferPointer<UInt8>)
        throws(ExtractionFailure) -> (text: ExtractedText, charset: String) {
        let content = transferDecoded(part, in: message)
        let declared = part.contentType.parameters["charset"].flatMap { Charset(label: $0) }
        return try content.withUnsafeBufferPointer { bytes throws(ExtractionFailure) -> (text: ExtractedText, charset: String) in
            let decoded: DecodedText
            do throws(ExtractionFailure) {
                let charset = declared ?? (isHTML ? CharsetDeclaration.html(bytes) : nil)
                decoded = try TextDecoder().decode(bytes, declared: charset)
            } catch {
                throw ExtractionFailure(reason: error.reason, detail: "\(isHTML ? "text/html" : "text/plain") part: \(error.detail)")
            }
            // Inside the closure: the decoded text may borrow `bytes`.
            let extracted = decoded.withUTF8 { utf8 in
                isHTML ? HTMLExtractor().extract(utf8) : PlainTextExtractor().extract(utf8, findTitle: false)
            }
            return (extracted, decoded.charset)
        }
    }

    private static func findTextParts(_ entity: MIMEEntity, in message: UnsafeBufferPointer<UInt8>, depth: Int,
                                      budget: inout Int, plain: inout MIMEEntity?, html: inout MIMEEntity?) {
        guard depth <= maxNesting, plain == nil || html == nil else { return }
        let type = entity.contentType
        if type.isMultipart {
            guard let boundary = type.parameters["boundary"], !boundary.isEmpty else { return }
            entity.forEachPart(message, boundary: boundary) { range in
                guard budget > 0 else { return false }
                budget -= 1
                findTextParts(MIMEEntity(message, range: range), in: message, depth: depth + 1, budget: &budget,
                              plain: &plain, html: &html)
                return plain == nil || html == nil
            }
        } else if type.type == "message", type.subtype == "rfc822", entity.transferEncoding != "base64" {
            findTextParts(MIMEEntity(message, range: entity.body), in: message, depth: depth + 1, budget: &budget,
                          plain: &plain, html: &html)
        } else if type.isText, !entity.isAttachment {
            switch type.subtype {
            case "html": if html == nil { html = entity }
            case "plain": if plain == nil { plain = entity }
            default: break
            }
        }
    }

    private static func transferDecoded(_ entity: MIMEEntity, in message: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let body = UnsafeBufferPointer(rebasing: message[entity.body])
        switch entity.transferEncoding {
        case "quoted-printable": return QuotedPrintable.decode(body)
        case "base64": return Base64.decode(body)
        default: return Array(body)
        }
    }
}
