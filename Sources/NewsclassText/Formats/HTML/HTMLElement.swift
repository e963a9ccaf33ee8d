/// What an HTML element means for text extraction. Unknown elements are `.inline`: their
/// text flows with the surrounding text.
enum HTMLElementKind: UInt8, Sendable {
    case inline
    /// Starts and ends a paragraph (p, div, h2, li, table, …).
    case block
    /// br.
    case lineBreak
    /// td, th: cells on one line, separated by a space.
    case cell
    /// Content is not markup and not article text: script, style, template, noscript,
    /// iframe, textarea … skipped up to the matching end tag.
    case rawText
    /// title: raw text captured as a title candidate.
    case title
    /// Page furniture, skipped with everything inside: nav, header, footer, aside, form,
    /// svg, math, button, select, menu, dialog.
    case boilerplate
    /// article and main: where the article text is, when a page has them.
    case article, main
    /// h1: a block whose text is the title of last resort.
    case heading1
    /// pre: a block in which line breaks are kept.
    case pre
    /// meta: may carry og:title.
    case meta
}

enum HTMLElement {
    /// A key for a tag name, case-insensitive: the packed bytes for names of up to eight
    /// bytes, otherwise an FNV-1a hash with the top bit set (packed ASCII never has it).
    static func key(_ name: UnsafeBufferPointer<UInt8>) -> UInt64 {
        if let packed = ASCII.packedKey(name) { return packed }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name {
            hash = (hash ^ UInt64(ASCII.lowercased(byte))) &* 0x100_0000_01B3
        }
        return hash | 1 << 63
    }

    static func key(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { key($0) }
    }

    static func kind(_ key: UInt64) -> HTMLElementKind {
        kinds[key] ?? .inline
    }

    /// Elements that never have content or an end tag.
    static func isVoid(_ key: UInt64) -> Bool {
        voids[key] ?? false
    }

    /// Words in a `class` or `id` that mark page furniture: navigation, sharing and
    /// social buttons, related-story lists, comment sections, cookie and newsletter
    /// banners, advertising. Matched against whole tokens of the attribute (split at
    /// spaces, "-" and "_"), so "site-nav" matches and "canvas" does not.
    static func isFurnitureWord(_ key: UInt64) -> Bool {
        furnitureWords[key] ?? false
    }

    /// Elements whose class is never taken as a sign of furniture (a `<body class="nav-open">`
    /// is still the page).
    static func isStructural(_ key: UInt64) -> Bool {
        key == Self.key("html") || key == Self.key("body") || key == Self.key("head")
    }

    private static let voids = PackedKeyTable<Bool>(
        "area base br col embed hr img input link meta param source track wbr keygen"
            .split(separator: " ").map { (key: key(String($0)), value: true) },
        placeholder: false)

    private static let furnitureWords = PackedKeyTable<Bool>(
        """
        nav navbar navigation topnav subnav breadcrumb breadcrumbs menu sidebar share sharing \
        sharebar social related comments comment cookie cookies consent newsletter subscribe \
        subscription advert advertisement ads promo sponsored paywall
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { (key: key(String($0)), value: true) },
        placeholder: false)

    private static let kinds = PackedKeyTable<HTMLElementKind>(
        {
            var pairs: [(UInt64, HTMLElementKind)] = []
            func add(_ kind: HTMLElementKind, _ names: String) {
                for name in names.split(separator: " ") { pairs.append((key(String(name)), kind)) }
            }
            add(.block, """
                p div section h2 h3 h4 h5 h6 hgroup ul ol li dl dt dd table thead tbody tfoot tr caption \
                blockquote figure figcaption hr address details summary fieldset legend center body html head \
                dir listing
                """)
            add(.lineBreak, "br")
            add(.cell, "td th")
            add(.rawText, "script style template noscript iframe noembed noframes textarea xmp object")
            add(.title, "title")
            add(.boilerplate, "nav header footer aside form svg math button select menu dialog")
            add(.article, "article")
            add(.main, "main")
            add(.heading1, "h1")
            add(.pre, "pre")
            add(.meta, "meta")
            return pairs.map { (key: $0.0, value: $0.1) }
        }(),
        placeholder: .inline)
}
