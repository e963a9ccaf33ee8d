/// The normal form that both article text and lexicon patterns are brought to, so that a
/// pattern and the text compare byte for byte.
///
/// ## The normal form
/// Applied scalar by scalar to the source, in this order:
/// 1. **NFKC, then case folding** (the Unicode NFKC_Casefold idea): compatibility forms are
///    unfolded ("ﬁ" → "fi", "①" → "1", "ＢＩＴＣＯＩＮ" → "bitcoin", half-width katakana →
///    full-width, "ｶﾞ" → "ガ"), combining sequences are composed ("e\u{301}" → "é"), letters are
///    lower-cased with the full lowercase mapping ("ÉMISSIONS" → "émissions", "İ" → "i̇"), and
///    additionally "ß"/"ẞ" → "ss" and final "ς" → "σ" as case folding does. Default-ignorable
///    scalars (soft hyphen, zero-width space/joiners, BOM, variation selectors) are removed, so
///    "bit\u{AD}coin" is "bitcoin". Traditional and simplified Chinese are *not* unified.
/// 1a. **Script folding** (see `ScriptFolding`): Latin letters lose their diacritics
///    ("é" → "e", "ệ" → "e", "ł" → "l", "ø" → "o", "æ" → "ae", "œ" → "oe", "đ" → "d",
///    "ı"/"İ" → "i"); Arabic loses tashkeel and tatweel and unifies letter variants
///    (أ إ آ ٱ → ا, ى and Persian ی → ي, Persian ک → ك); Cyrillic "ё" → "е". Marks of other
///    scripts (Devanagari matras, Thai vowels) are kept.
/// 2. **Punctuation that varies by typography**: ’ ‘ ‛ ʼ → `'` (apostrophes stay: "l'état",
///    "bitcoin's"). Full-width ASCII (U+FF01–FF5E) becomes ASCII as part of NFKC.
/// 2a. **Quotation marks** (`"` “ ” „ ‟ « » ‹ › 「 」 『 』 and their full-width, half-width and
///    vertical forms) never sit between the words of a phrase: "„kopania” bitcoinów" reads
///    "kopania bitcoinow". Next to a letter of a script written without spaces (Han, kana,
///    Hangul, Thai…) a run of them vanishes ("「挖矿」禁令" reads "挖矿禁令", "“채굴”을" reads
///    "채굴을"); elsewhere it reads as a space, like a dash.
/// 3. **Hyphens and dashes** (ASCII `-`, ‐ ‑ ‒ – — ― −, ⸺ ⸻, and the small/full-width hyphen-minus)
///    become a space, so "crypto-mining" reads "crypto mining".
/// 4. **Whitespace**: every run of White_Space scalars (ASCII whitespace, NBSP, U+2000–200A,
///    U+3000, line/paragraph separators…) together with any dashes inside it becomes one ASCII
///    space. Leading and trailing runs are kept as one space each (not trimmed). A run that
///    contains a blank line (two or more line breaks) or U+2029 is a paragraph break, which
///    the sentence splitter sees before the run is collapsed.
///
/// The output is well-formed UTF-8 and is idempotent: normalising normalised text changes
/// nothing.
///
/// ## Sentences
/// A new sentence starts
/// - after `.` `!` `?` (optionally followed by closing `"` `'` `)` `]`) that is followed by
///   whitespace or ends the text — except after a `.` that ends an abbreviation: a single
///   letter ("J. Smith", and so "U.S. officials" is *one* sentence), a dotted letter group
///   ("e.g.", "U.S."), or a short title / month abbreviation (Mr, Dr, Inc, Corp, No, Jan, …);
///   so "3.5" and "U.S. " do not split, "rose. The" and "fell... Then" do;
/// - right after 。！？；… (and their small / half-width forms), with no whitespace needed; closing
///   brackets and quotes that follow (」』）” …) stay with the sentence they close;
/// - after a paragraph break.
///
/// ## Speed
/// The common cases never look at Unicode properties. Printable ASCII goes 8 bytes at a time
/// (SWAR on a `UInt64`: lower-casing, `-` → space, and a check that no byte needs more), with
/// a 256-entry class table and lowercase table for the bytes around spaces and punctuation;
/// runs of CJK ideographs, Hangul syllables and CJK punctuation are copied as they are. Other
/// scalars consult `Unicode.Scalar.Properties` (`changesWhenNFKCCaseFolded`, combining class,
/// general category) and only those that actually change, or combining sequences, go through
/// `NFKC` (with a per-call cache).
/// The output is written straight into the result array.
public enum TextNormalizer {
    /// The normal form of `s` (same rules as the text), e.g. of a lexicon pattern.
    public static func normalize(_ s: String) -> String {
        String(decoding: normalizedBytes(s), as: UTF8.self)
    }

    /// The normal form of `s` as UTF-8 bytes.
    public static func normalizedBytes(_ s: String) -> [UInt8] {
        run(s).bytes
    }

    static func run(_ source: String) -> NormalizationOutput {
        var source = source
        return source.withUTF8 { src in
            Tables.ascii.withUnsafeBufferPointer { table in
                // The output is written straight into the result array; only when NFKC
                // expands the text beyond its spare capacity does the engine move to a buffer
                // of its own, copied into a new array at the end.
                var parts: (runs: OffsetRunList, sentenceStarts: SentenceStarts, scalarCount: Int)?
                var moved: [UInt8]?
                var bytes = [UInt8](unsafeUninitializedCapacity: src.count + 64) { buffer, initialized in
                    var engine = NormalizerEngine(source: src, table: table, output: buffer)
                    parts = engine.run()
                    if engine.ownsOutput {
                        moved = engine.takeOwnedOutput()
                        initialized = 0
                    } else {
                        initialized = engine.outputCount
                    }
                }
                if let moved { bytes = moved }
                return NormalizationOutput(
                    bytes: bytes, runs: parts!.runs, sentenceStarts: parts!.sentenceStarts,
                    scalarCount: parts!.scalarCount)
            }
        }
    }
}

/// A stretch of normalised bytes whose source scalars are in arithmetic progression:
/// normalised byte `b` in the run comes from source scalar
/// `scalarStart + (b - byteStart) / width`, or from `scalarStart` for every byte when
/// `width == 0` (a collapsed whitespace run, or a segment that NFKC changed).
/// A run ends where the next one starts.
/// Stored in 32-bit fields (12 bytes a run: text that switches script every few words has
/// many runs).
struct OffsetRun: Sendable, Equatable {
    private let storedByteStart: UInt32
    private let storedScalarStart: UInt32
    private let storedWidth: UInt32

    init(byteStart: Int, scalarStart: Int, width: Int) {
        storedByteStart = UInt32(byteStart)
        storedScalarStart = UInt32(scalarStart)
        storedWidth = UInt32(width)
    }

    var byteStart: Int { Int(storedByteStart) }
    var scalarStart: Int { Int(storedScalarStart) }
    var width: Int { Int(storedWidth) }
}

struct NormalizationOutput {
    var bytes: [UInt8]
    var runs: OffsetRunList
    /// One bit per output byte (see `SentenceStarts`).
    var sentenceStarts: SentenceStarts
    var scalarCount: Int
}

enum Tables {
    /// Byte classes of the normaliser at `[0..<256]`; at `[256..<512]` the output byte of a
    /// byte of the fast loop (ASCII lowercase, and `-` → space); at `[512..<768]` flags for the
    /// fast loop: bit 0 "is a space or hyphen", bit 1 "a space or hyphen after this byte needs
    /// the slow whitespace path" (after a space or hyphen: collapse; after . ! ? and closing
    /// quotes/brackets: a possible sentence end).
    static let ascii: [UInt8] = {
        var t = [UInt8](repeating: ByteClass.plain, count: 768)
        for b in [0x2E, 0x21, 0x3F, 0x27, 0x29, 0x5D] { t[b] = ByteClass.plainSentenceEnd }
        t[0x22] = ByteClass.quote
        t[0x20] = ByteClass.space
        t[0x09] = ByteClass.space
        t[0x0A] = ByteClass.lineFeed
        t[0x0D] = ByteClass.carriageReturn
        t[0x0B] = ByteClass.lineBreak
        t[0x0C] = ByteClass.lineBreak
        t[0x2D] = ByteClass.hyphen
        for b in 0x80..<0x100 { t[b] = ByteClass.nonASCII }
        for b in 0..<256 {
            t[256 + b] = (0x41...0x5A).contains(b) ? UInt8(b + 0x20) : UInt8(b)
            let c = t[b]
            t[512 + b] = (c == ByteClass.space || c == ByteClass.hyphen ? 1 : 0) | (c != ByteClass.plain ? 2 : 0)
        }
        t[256 + 0x2D] = 0x20
        t[256 + 0x09] = 0x20
        return t
    }()

    /// Whether a lowercase ASCII word, packed by `pack`, is an abbreviation after which ". "
    /// does not end a sentence (titles, company forms, months…).
    static func isAbbreviation(_ packed: UInt64) -> Bool {
        switch packed {
        case 0x6D72 /* mr */,
             0x6D7273 /* mrs */,
             0x6D73 /* ms */,
             0x6472 /* dr */,
             0x70726F66 /* prof */,
             0x7372 /* sr */,
             0x6A72 /* jr */,
             0x7374 /* st */,
             0x6D74 /* mt */,
             0x7673 /* vs */,
             0x696E63 /* inc */,
             0x6C7464 /* ltd */,
             0x636F /* co */,
             0x636F7270 /* corp */,
             0x6E6F /* no */,
             0x6E6F73 /* nos */,
             0x676F76 /* gov */,
             0x676F7674 /* govt */,
             0x73656E /* sen */,
             0x726570 /* rep */,
             0x67656E /* gen */,
             0x636F6C /* col */,
             0x6C74 /* lt */,
             0x736774 /* sgt */,
             0x63617074 /* capt */,
             0x666967 /* fig */,
             0x617070726F78 /* approx */,
             0x64657074 /* dept */,
             0x657374 /* est */,
             0x6A616E /* jan */,
             0x666562 /* feb */,
             0x617072 /* apr */,
             0x6A756E /* jun */,
             0x6A756C /* jul */,
             0x617567 /* aug */,
             0x736570 /* sep */,
             0x73657074 /* sept */,
             0x6F6374 /* oct */,
             0x6E6F76 /* nov */,
             0x646563 /* dec */:
            return true
        default:
            return false
        }
    }

    /// Up to 8 bytes as one integer, first byte most significant.
    @inline(__always)
    static func pack(_ bytes: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        var value: UInt64 = 0
        for k in 0..<count { value = value << 8 | UInt64(bytes[k]) }
        return value
    }
}

/// Classes of source bytes. Both "plain" classes (below 2) map to one output byte through the
/// lowercase table; the second marks the bytes a sentence may end with (. ! ? and closers).
enum ByteClass {
    static let plain: UInt8 = 0
    static let plainSentenceEnd: UInt8 = 1
    static let space: UInt8 = 2
    static let hyphen: UInt8 = 3
    static let lineFeed: UInt8 = 4
    static let carriageReturn: UInt8 = 5
    static let lineBreak: UInt8 = 6
    static let nonASCII: UInt8 = 7
    static let quote: UInt8 = 8
}

/// How a non-ASCII scalar takes part in whitespace collapsing.
enum SpaceKind {
    static let none: UInt8 = 0
    static let space: UInt8 = 1
    static let lineBreak: UInt8 = 2
    static let paragraph: UInt8 = 3
    static let dash: UInt8 = 4
    static let quote: UInt8 = 5

    @inline(__always)
    static func of(_ v: UInt32) -> UInt8 {
        if v < 0x85 { return none }
        switch v {
        case 0x85, 0x2028: return lineBreak
        case 0x2029: return paragraph
        case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return space
        case 0x2010...0x2015, 0x2212, 0x2E3A, 0x2E3B, 0xFE58, 0xFE63, 0xFF0D: return dash
        case 0xAB, 0xBB, 0x201C...0x201F, 0x2039, 0x203A, 0x300C...0x300F, 0xFE41...0xFE44, 0xFF02,
             0xFF62, 0xFF63:
            return quote
        default: return none
        }
    }
}

/// One normalisation pass. Writes into a manually managed buffer whose free space always
/// covers the unread input (every fast path writes at most as many bytes as it reads), so
/// only the NFKC slow path ever has to check capacity.
struct NormalizerEngine {
    private let src: UnsafeBufferPointer<UInt8>
    private let table: UnsafeBufferPointer<UInt8>
    private var out: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0

    private var runs = OffsetRunList()
    /// Width of the last run, and the source scalar its next byte group would come from
    /// (-1: the run cannot be extended).
    private var runWidth = -1
    private var runNextScalar = -1

    private var sentenceStarts = SentenceStarts()

    /// Continuation bytes read so far: the scalar index of source byte `i` is `i - extra`.
    private var extra = 0

    /// The last non-ASCII segment a following combining mark may compose with.
    private var segSrcStart = -1
    private var segSrcEnd = -1
    private var segOutStart = 0
    private var segScalar = 0

    private var cache: [UInt32: [Unicode.Scalar]] = [:]

    /// Whether `out` was allocated by the engine (after outgrowing the caller's buffer).
    private(set) var ownsOutput = false

    /// `output` must hold at least `source.count + 64` bytes.
    init(source: UnsafeBufferPointer<UInt8>, table: UnsafeBufferPointer<UInt8>,
         output: UnsafeMutableBufferPointer<UInt8>) {
        precondition(output.count >= source.count + 64)
        self.src = source
        self.table = table
        self.capacity = output.count
        self.out = output.baseAddress!
        self.runs.reserveCapacity(8)
        self.sentenceStarts.reserveCapacity(forBytes: source.count)
    }

    var outputCount: Int { count }

    /// The output as an array, freeing the engine's own buffer (only when `ownsOutput`).
    mutating func takeOwnedOutput() -> [UInt8] {
        precondition(ownsOutput)
        let bytes = [UInt8](UnsafeBufferPointer(start: out, count: count))
        out.deallocate()
        ownsOutput = false
        return bytes
    }

    mutating func run() -> (runs: OffsetRunList, sentenceStarts: SentenceStarts, scalarCount: Int) {
        let n = src.count
        var i = 0
        while i < n {
            let c = table[Int(src[i])]
            if c <= ByteClass.plainSentenceEnd {
                // A run of ASCII bytes that map one to one: the bulk of English text. A single
                // space or hyphen between two such bytes stays in the run (it maps to one
                // space; after . ! ? the sentence check is made on the way); runs of spaces,
                // line breaks and the like go to `whitespace`.
                let scalar = i - extra
                openRun(scalar: scalar, width: 1)
                // Locals, not fields: stores through `o` could alias `self`.
                let o = out
                let s = src.baseAddress!
                let t = table.baseAddress!
                var k = count
                var j = i
                o[k] = t[256 &+ Int(s[j])]
                k &+= 1
                j &+= 1
                // 8 bytes at a time while they are plain, then one byte by the exact rules,
                // and back; branch-light: word ends are not branches.
                while true {
                    while j &+ 8 <= n {
                        let taken = Self.fastChunk(s + j, into: o + k)
                        j &+= taken
                        k &+= taken
                        if taken < 8 { break }
                    }
                    guard j < n else { break }
                    let y = Int(s[j])
                    if t[y] > ByteClass.hyphen { break }
                    let x = Int(s[j &- 1])
                    if t[512 &+ y] & (t[512 &+ x] >> 1) != 0 {
                        // The common sentence end, ". X": one space after . ! ? or a closer,
                        // before a plain byte. Anything else goes to `whitespace`.
                        guard y == 0x20, t[x] == ByteClass.plainSentenceEnd, j &+ 1 < n,
                              t[Int(s[j &+ 1])] <= ByteClass.plainSentenceEnd else { break }
                        o[k] = 0x20
                        k &+= 1
                        j &+= 1
                        if Self.asciiSentenceEnds(o, before: k &- 1) { addSentenceStart(k) }
                        continue
                    }
                    o[k] = t[256 &+ y]
                    k &+= 1
                    j &+= 1
                }
                count = k
                runNextScalar = j - extra
                i = j
            } else if c == ByteClass.nonASCII {
                if Self.isCopiedCJK(src, at: i) {
                    i = copyCJK(at: i)
                } else {
                    i = nonASCII(at: i)
                }
            } else {
                i = whitespace(at: i)
            }
        }
        while sentenceStarts.count > 1 && Int(sentenceStarts[sentenceStarts.count - 1]) >= count {
            sentenceStarts.removeLast()
        }
        return (runs, sentenceStarts, n - extra)
    }

    /// Writes the normal form of the 8 source bytes at `source` to `output` as long as each
    /// maps to exactly one byte by the fast-loop rules: printable ASCII, lower-cased, `-` as a
    /// space. It also stops at a space or punctuation byte that follows a space or punctuation
    /// byte (a superset of what needs collapsing or a sentence check, which the caller then
    /// decides byte by byte). `source[-1]` must be the byte already written before.
    /// Returns how many bytes were taken (8, or the index of the first that was not); the
    /// output bytes after those are scratch. SWAR on a `UInt64`: lanes below the first
    /// non-ASCII lane are exact, lanes above it are never used.
    @inline(__always)
    private static func fastChunk(
        _ source: UnsafePointer<UInt8>, into output: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let w = UInt64(littleEndian: UnsafeRawPointer(source).loadUnaligned(as: UInt64.self))
        let p = UInt64(littleEndian: UnsafeRawPointer(source - 1).loadUnaligned(as: UInt64.self))
        // High bit of each lane set where the lane's byte is >= c (bytes < 0x80, 1 <= c <= 0x80).
        @inline(__always) func atLeast(_ x: UInt64, _ c: UInt64) -> UInt64 { (x &+ (0x80 &- c) &* ones) & high }
        @inline(__always) func equal(_ x: UInt64, _ c: UInt64) -> UInt64 {
            let t = x ^ (c &* ones)
            return ~(t &+ 0x7F &* ones) & high
        }
        let rare = (w & high) | (~atLeast(w, 0x20) & high) | equal(w, 0x22)
        let punctuation = ~atLeast(w, 0x30) & high  // space and ! " # $ % & ' ( ) * + , - . /
        let afterPunctuation = (~atLeast(p, 0x30) & high) | equal(p, 0x3F) | equal(p, 0x5D)
        let stop = rare | (punctuation & afterPunctuation)
        let upper = atLeast(w, 0x41) & ~atLeast(w, 0x5B)
        let hyphen = equal(w, 0x2D)
        let lowered = (w | (upper >> 2)) ^ ((hyphen >> 7) &* 0x0D)
        UnsafeMutableRawPointer(output).storeBytes(of: lowered.littleEndian, as: UInt64.self)
        return stop == 0 ? 8 : stop.trailingZeroBitCount >> 3
    }

    // MARK: Offset runs

    /// Makes the next byte group (of `width` bytes, from source scalar `scalar`) part of the
    /// current run, or starts a new run. The caller sets `runNextScalar` afterwards.
    @inline(__always)
    private mutating func openRun(scalar: Int, width: Int) {
        if runWidth != width || runNextScalar != scalar {
            runs.append(OffsetRun(byteStart: count, scalarStart: scalar, width: width))
            runWidth = width
        }
    }

    @inline(__always)
    private mutating func noteSingleScalar(_ scalar: Int, width: Int) {
        openRun(scalar: scalar, width: width)
        runNextScalar = scalar + 1
    }

    // MARK: Sentences

    @inline(__always)
    private mutating func addSentenceStart(_ offset: Int) {
        if offset > Int(sentenceStarts[sentenceStarts.count - 1]) {
            sentenceStarts.append(UInt32(offset))
        }
    }

    /// Bytes just written at `from..<count` (a space, a closing bracket, a terminator) stay
    /// with the sentence before them: a start that was placed at `from` moves past them.
    @inline(__always)
    private mutating func absorb(from: Int) {
        let k = sentenceStarts.count - 1
        if k > 0 && Int(sentenceStarts[k]) == from {
            sentenceStarts[k] = UInt32(count)
        }
    }

    private mutating func terminator(from: Int) {
        absorb(from: from)
        addSentenceStart(count)
    }

    /// Whether the ASCII text ending at output offset `p` (exclusive) ends a sentence when
    /// whitespace follows. (Static, so that calling it does not copy the engine.)
    private static func asciiSentenceEnds(_ out: UnsafeMutablePointer<UInt8>, before p: Int) -> Bool {
        var q = p
        var closers = 0
        while q > 0 && closers < 3 {
            let x = out[q - 1]
            guard x == 0x22 || x == 0x27 || x == 0x29 || x == 0x5D else { break }
            q -= 1
            closers += 1
        }
        guard q > 0 else { return false }
        let last = out[q - 1]
        if last == 0x21 || last == 0x3F { return true }  // ! ?
        guard last == 0x2E else { return false }          // .
        if q >= 2 && out[q - 2] == 0x2E { return true }   // ... ellipsis
        // The token before the dot: ASCII letters, digits and inner dots.
        var t = q - 1
        var letters = 0
        var digits = 0
        var dots = 0
        while t > 0 && q - 1 - t < 16 {
            let x = out[t - 1]
            if (x &- 0x61) < 26 {
                letters += 1
            } else if (x &- 0x30) < 10 {
                digits += 1
            } else if x == 0x2E {
                dots += 1
            } else {
                break
            }
            t -= 1
        }
        // A word that ends in a non-ASCII letter is no abbreviation, unless it is an initial
        // or a dotted group of single letters in another script ("А. Иванов", "т.е.", "ป.ป.ช.").
        if t > 0 && out[t - 1] >= 0x80 { return t == q - 1 ? !isDottedNonASCIIGroup(out, dot: q - 1) : true }
        if digits > 0 || letters == 0 { return true }
        if letters == 1 && dots == 0 { return false }  // an initial: "J. Smith"
        if dots > 0 { return false }                   // "e.g.", "U.S."
        let length = q - 1 - t
        guard length <= 8 else { return true }
        return !Tables.isAbbreviation(Tables.pack(out + t, count: length))
    }

    /// Whether the dot at `dot` ends single non-ASCII letters each followed by a dot, the
    /// first one at a word's start: an initial or an abbreviation, not a sentence's end.
    static func isDottedNonASCIIGroup(_ out: UnsafeMutablePointer<UInt8>, dot: Int) -> Bool {
        var p = dot
        while true {
            var s = p - 1
            while s > 0 && out[s] & 0xC0 == 0x80 { s -= 1 }
            guard out[s] >= 0xC0 else { return false }
            if s > 0 && out[s - 1] == 0x2E { p = s - 1; continue }
            return s == 0 || out[s - 1] == 0x20 || out[s - 1] == 0x28 || out[s - 1] == 0x22
        }
    }

    // MARK: Whitespace

    /// Reads a run of whitespace and dashes starting at `start`, writes one space (unless the
    /// last byte written is a space) and records sentence and paragraph breaks.
    private mutating func whitespace(at start: Int) -> Int {
        let n = src.count
        let firstScalar = start - extra
        var j = start
        var lineBreaks = 0
        var paragraph = false
        var sawSpace = false
        var sawDash = false
        var sawQuote = false
        scan: while j < n {
            let b = src[j]
            switch table[Int(b)] {
            case ByteClass.space:
                sawSpace = true
            case ByteClass.lineFeed, ByteClass.lineBreak:
                sawSpace = true
                lineBreaks += 1
            case ByteClass.carriageReturn:
                sawSpace = true
                if j + 1 >= n || src[j + 1] != 0x0A { lineBreaks += 1 }
            case ByteClass.hyphen:
                sawDash = true
            case ByteClass.quote:
                sawQuote = true
            case ByteClass.nonASCII:
                let (v, len) = UTF8Decoding.decode(src, at: j)
                switch SpaceKind.of(v) {
                case SpaceKind.space: sawSpace = true
                case SpaceKind.lineBreak: sawSpace = true; lineBreaks += 1
                case SpaceKind.paragraph: sawSpace = true; paragraph = true
                case SpaceKind.dash: sawDash = true
                case SpaceKind.quote: sawQuote = true
                default: break scan
                }
                extra += len - 1
                j += len
                continue scan
            default:
                break scan
            }
            j += 1
        }
        if lineBreaks >= 2 { paragraph = true }
        if sawQuote && !sawSpace && !sawDash && (spacelessBefore(count) || spacelessAt(j)) {
            // Only quotation marks, touching a script written without spaces: they vanish.
            return j
        }
        let scalars = (j - extra) - firstScalar
        let p = count
        var spaceAt = p - 1
        if p == 0 || out[p - 1] != 0x20 {
            if scalars == 1 {
                noteSingleScalar(firstScalar, width: 1)
            } else {
                runs.append(OffsetRun(byteStart: p, scalarStart: firstScalar, width: 0))
                runWidth = 0
                runNextScalar = -1
            }
            out[p] = 0x20
            count = p + 1
            spaceAt = p
            absorb(from: p)
        }
        if paragraph || (sawSpace && Self.asciiSentenceEnds(out, before: spaceAt)) {
            addSentenceStart(count)
        }
        return j
    }

    /// Whether the scalar written last, before output offset `p`, belongs to a script
    /// written without spaces.
    private func spacelessBefore(_ p: Int) -> Bool {
        guard p > 0, out[p - 1] >= 0x80 else { return false }
        var s = p - 1
        while s > 0 && out[s] & 0xC0 == 0x80 { s -= 1 }
        let (v, _) = UTF8Decoding.decode(UnsafeBufferPointer(start: out, count: p), at: s)
        return WordBoundary.isSpaceless(v)
    }

    /// Whether the next source scalar from byte `j` on that is not default-ignorable (and so
    /// removed) belongs to a script written without spaces.
    private func spacelessAt(_ j: Int) -> Bool {
        var j = j
        while j < src.count && src[j] >= 0x80 {
            let (v, len) = UTF8Decoding.decode(src, at: j)
            if WordBoundary.isSpaceless(v) { return true }
            guard Unicode.Scalar(v)?.properties.isDefaultIgnorableCodePoint == true else { return false }
            j += len
        }
        return false
    }

    // MARK: Non-ASCII

    private mutating func nonASCII(at i: Int) -> Int {
        let (v, len) = UTF8Decoding.decode(src, at: i)
        // Scalars that NFKC_Casefold leaves alone and that need no special treatment:
        // CJK ideographs (and extension A), Hangul syllables, hiragana, katakana, lower-case
        // Latin-1, Greek and Cyrillic letters. They are copied; a combining mark or jamo that
        // follows can still compose with them (see `slowSegment`).
        if (v &- 0x4E00) < 0x5200 || (v &- 0xAC00) < 0x2BA4 || (v &- 0x3041) < 0x56
            || (v &- 0x30A1) < 0x5A || (v &- 0x3400) < 0x19C0
            || ((v &- 0x430) < 0x30 && v != 0x451) || ((v &- 0x3AC) < 0x23 && v != 0x3C2)
        {
            return copyScalar(at: i, length: len, composable: true)
        }
        let scalar = i - extra
        if SpaceKind.of(v) != SpaceKind.none {
            return whitespace(at: i)
        }
        if (v &- 0xFF01) < 0x5E {
            // Full-width ASCII.
            let a = Int(v - 0xFEE0)
            let p = count
            noteSingleScalar(scalar, width: 1)
            out[p] = table[256 + a]
            count = p + 1
            extra += len - 1
            switch a {
            case 0x21, 0x3F, 0x3B:  // ！？；
                terminator(from: p)
            case 0x29, 0x5D, 0x7D, 0x27:
                absorb(from: p)
            default:
                segSrcStart = i
                segSrcEnd = i + len
                segOutStart = p
                segScalar = scalar
            }
            return i + len
        }
        if (v &- 0x3001) < 0x35 {
            // CJK symbols and punctuation U+3001–3035: unchanged by NFKC_Casefold.
            let p = count
            let next = copyScalar(at: i, length: len, composable: false)
            switch v {
            case 0x3002:
                terminator(from: p)
            case 0x3009, 0x300B, 0x3011, 0x3015, 0x3017, 0x3019, 0x301B, 0x301E,
                 0x301F:
                absorb(from: p)
            default:
                break
            }
            return next
        }
        switch v {
        case 0x2018, 0x2019, 0x201B, 0x02BC:
            return quote(0x27, at: i, length: len, closing: v == 0x2019)
        case 0x2026, 0xFF61, 0xFE12, 0xFE54, 0xFE56, 0xFE57:
            // … ｡ ︒ ﹔ ﹖ ﹗: NFKC changes them, and they end a sentence.
            let p = count
            let next = slowSegment(at: i, value: v, length: len, rollback: false)
            segSrcEnd = -1
            terminator(from: p)
            return next
        default:
            break
        }
        if (v &- 0x13A0) < 0x60 {
            // Cherokee: case folding maps small letters to capitals, the reverse of every
            // other script; lower-case both, like the rest.
            return slowSegment(at: i, value: v, length: len, rollback: false)
        }
        let properties = Unicode.Scalar(v)!.properties
        // A default-ignorable scalar disappears, after which what follows it may compose with
        // what precedes it ("e\u{AD}\u{301}" is "é"), so it is treated like a combining mark.
        if Self.composesWithPrevious(v, properties) || properties.isDefaultIgnorableCodePoint {
            return slowSegment(at: i, value: v, length: len, rollback: true)
        }
        if properties.changesWhenNFKCCaseFolded || ScriptFolding.mayChange(v) {
            return slowSegment(at: i, value: v, length: len, rollback: false)
        }
        return copyScalar(at: i, length: len, composable: true)
    }

    /// Whether the scalar at `i` (a non-ASCII lead byte) is one that `copyCJK` copies:
    /// U+4000–9FFF (CJK ideographs), U+B000–D7FF (Hangul syllables and jamo extension B) and
    /// the CJK punctuation U+3001–3011 (、。〃〄々〆〇〈〉《》【】) but the corner brackets, which are
    /// quotation marks: three bytes each, none changed by NFKC_Casefold.
    @inline(__always)
    private static func isCopiedCJK(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let lead = s[i]
        return (lead &- 0xE4) < 6 || (lead &- 0xEB) < 3
            || (lead == 0xE3 && s[i + 1] == 0x80 && (s[i + 2] &- 0x81) < 0x11 && (s[i + 2] &- 0x8C) >= 4)
    }

    /// Copies the run of scalars starting at `i` that `isCopiedCJK` accepts, noting sentence
    /// ends (。) and closing brackets on the way.
    private mutating func copyCJK(at i: Int) -> Int {
        let n = src.count
        openRun(scalar: i - extra, width: 3)
        let o = out
        let s = src.baseAddress!
        var k = count
        var j = i
        var lastIsPunctuation = false
        repeat {
            let lead = s[j]
            o[k] = lead
            o[k &+ 1] = s[j &+ 1]
            let last = s[j &+ 2]
            o[k &+ 2] = last
            k &+= 3
            j &+= 3
            lastIsPunctuation = lead == 0xE3
            if lastIsPunctuation {
                switch last {
                case 0x82:  // 。
                    count = k
                    terminator(from: k - 3)
                case 0x89, 0x8B, 0x91:  // 〉》】
                    count = k
                    absorb(from: k - 3)
                default:
                    break
                }
            }
        } while j < n && Self.isCopiedCJK(src, at: j)
        count = k
        extra += (j - i) / 3 * 2
        runNextScalar = j - extra
        // A combining mark after the last ideograph may compose with it (not after
        // punctuation, whose sentence bookkeeping a redo would lose).
        segSrcStart = j - 3
        segSrcEnd = lastIsPunctuation ? -1 : j
        segOutStart = k - 3
        segScalar = runNextScalar - 1
        return j
    }

    @inline(__always)
    private mutating func copyScalar(at i: Int, length len: Int, composable: Bool) -> Int {
        let p = count
        noteSingleScalar(i - extra, width: len)
        for k in 0..<len { out[p + k] = src[i + k] }
        count = p + len
        if composable {
            segSrcStart = i
            segSrcEnd = i + len
            segOutStart = p
            segScalar = i - extra
        }
        extra += len - 1
        return i + len
    }

    private mutating func quote(_ ascii: UInt8, at i: Int, length len: Int, closing: Bool) -> Int {
        let p = count
        noteSingleScalar(i - extra, width: 1)
        out[p] = ascii
        count = p + 1
        extra += len - 1
        if closing { absorb(from: p) }
        return i + len
    }

    /// A scalar that can change the scalar before it under NFKC: a combining mark (non-zero
    /// combining class or general category M), a conjoining Hangul vowel/trailing jamo, a
    /// compatibility or half-width Hangul jamo (NFKC turns them into conjoining jamo), or the
    /// half-width (semi-)voiced sound marks, which become combining marks under NFKC.
    static func composesWithPrevious(_ v: UInt32, _ properties: Unicode.Scalar.Properties) -> Bool {
        if (v &- 0x1160) < 0xA0 || (v &- 0x3131) < 0x5E || (v &- 0xFFA0) < 0x3D
            || v == 0xFF9E || v == 0xFF9F
        {
            return true
        }
        if properties.canonicalCombiningClass != .notReordered { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    @inline(__always)
    private static func composesWithPrevious(_ v: UInt32) -> Bool {
        // Cheap exits for the scalars that are certainly starters.
        if v < 0x300 || (v &- 0x4E00) < 0x5200 || (v &- 0xAC00) < 0x2BA4 { return false }
        guard let scalar = Unicode.Scalar(v) else { return false }
        return composesWithPrevious(v, scalar.properties)
    }

    // MARK: Slow path

    /// Normalises one segment with NFKC: the scalar at `i`, the combining marks
    /// that follow it and, when `rollback` is set, the starter already written before it
    /// (whose output is taken back and redone, since the mark may compose with it).
    private mutating func slowSegment(at i: Int, value v: UInt32, length len: Int, rollback: Bool) -> Int {
        let n = src.count
        var segmentStart = i
        var segmentScalar = i - extra
        if rollback {
            if i > 0 && src[i - 1] < 0x80 {
                if table[Int(src[i - 1])] <= ByteClass.plainSentenceEnd {
                    segmentStart = i - 1
                    segmentScalar -= 1
                    takeBack(to: count - 1)
                }
            } else if segSrcEnd == i {
                segmentStart = segSrcStart
                segmentScalar = segScalar
                takeBack(to: segOutStart)
            }
        }
        var j = i + len
        extra += len - 1
        while j < n && src[j] >= 0x80 {
            let (w, l) = UTF8Decoding.decode(src, at: j)
            guard Self.composesWithPrevious(w) else { break }
            j += l
            extra += l - 1
        }

        let folded: [Unicode.Scalar]
        if segmentStart == i && j == i + len {
            if let hit = cache[v] {
                folded = hit
            } else {
                folded = Self.nfkcCaseFold(String(Unicode.Scalar(v)!))
                cache[v] = folded
            }
        } else {
            let segment = UnsafeBufferPointer(rebasing: src[segmentStart..<j])
            folded = Self.nfkcCaseFold(String(decoding: segment, as: UTF8.self))
        }

        // Keep the free space at least as large as the unread input. A segment that does
        // not grow (folding mostly shrinks) never needs more than the buffer has.
        var needed = 0
        for u in folded { needed += UTF8.width(u) }
        reserve(needed + (n - j) + 64)
        let p = count
        for u in folded { writePostMapped(u) }
        let written = count - p
        if written > 0 && segmentStart == i && j == i + len {
            // One source scalar became `written` bytes ("é" → "e", "æ" → "ae"): a group of
            // the current run when the widths agree, so folded Latin text stays one run.
            if runWidth != written || runNextScalar != segmentScalar {
                runs.append(OffsetRun(byteStart: p, scalarStart: segmentScalar, width: written))
                runWidth = written
            }
            runNextScalar = segmentScalar + 1
        } else {
            if written > 0 { runs.append(OffsetRun(byteStart: p, scalarStart: segmentScalar, width: 0)) }
            runWidth = -1
            runNextScalar = -1
        }
        segSrcStart = segmentStart
        segSrcEnd = j
        segOutStart = p
        segScalar = segmentScalar
        return j
    }

    private mutating func takeBack(to newCount: Int) {
        count = newCount
        while let last = runs.last, last.byteStart >= newCount { runs.removeLast() }
        while sentenceStarts.count > 1 && Int(sentenceStarts[sentenceStarts.count - 1]) > newCount {
            sentenceStarts.removeLast()
        }
        runWidth = -1
        runNextScalar = -1
    }

    private mutating func reserve(_ needed: Int) {
        guard capacity - count < needed else { return }
        // Grow by a quarter: a text that expands under NFKC (ß → ss) does so by little.
        let newCapacity = max(capacity + capacity / 4, count + needed)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: out, count: count)
        if ownsOutput { out.deallocate() }
        out = bigger
        ownsOutput = true
        capacity = newCapacity
    }

    /// Writes one NFKC_Casefold output scalar, applying the punctuation, dash and whitespace
    /// rules (capacity was reserved by the caller).
    private mutating func writePostMapped(_ u: Unicode.Scalar) {
        let v = u.value
        if v < 0x80 {
            let c = table[Int(v)]
            if c <= ByteClass.plainSentenceEnd {
                out[count] = table[256 + Int(v)]
                count += 1
            } else {
                writeSpace()
            }
            return
        }
        if SpaceKind.of(v) != SpaceKind.none {
            writeSpace()
            return
        }
        switch v {
        case 0x2018, 0x2019, 0x201B, 0x02BC:
            out[count] = 0x27
            count += 1
        default:
            for byte in UTF8.encode(u)! {
                out[count] = byte
                count += 1
            }
        }
    }

    private mutating func writeSpace() {
        if count == 0 || out[count - 1] != 0x20 {
            out[count] = 0x20
            count += 1
        }
    }

    /// NFKC, default-ignorable removal and case folding of a short string.
    static func nfkcCaseFold(_ s: String) -> [Unicode.Scalar] {
        var folded = String.UnicodeScalarView()
        var changed = false
        for u in nfkc(s).unicodeScalars {
            let properties = u.properties
            if properties.isDefaultIgnorableCodePoint {
                changed = true
                continue
            }
            switch u.value {
            case 0xDF, 0x1E9E:
                folded.append(contentsOf: "ss".unicodeScalars)
                changed = true
            case 0x3C2:
                folded.append(Unicode.Scalar(0x3C3)!)
                changed = true
            default:
                if properties.changesWhenLowercased {
                    folded.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
                    changed = true
                } else {
                    folded.append(u)
                }
            }
        }
        var result = changed ? Array(nfkc(String(folded)).unicodeScalars) : Array(folded)
        // Script folding (diacritics, Arabic letter variants) can leave a sequence that NFKC
        // changes again; repeat until stable (once or twice in practice).
        for _ in 0..<3 {
            guard let refolded = ScriptFolding.fold(result) else { break }
            result = Array(nfkc(String(String.UnicodeScalarView(refolded))).unicodeScalars)
        }
        return result
    }

    static func nfkc(_ s: String) -> String {
        NFKC.normalize(s)
    }
}
