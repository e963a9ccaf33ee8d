/// Finds every occurrence of a fixed set of patterns in a normalised text, in one pass.
///
/// ## What a match is
/// - **Patterns** are given in the user's spelling and brought to the normal form of
///   `TextNormalizer` (so case, width, NFKC variants, dashes and whitespace runs do not
///   matter: "Crypto-Mining" finds "crypto mining", "ＢＩＴＣＯＩＮ" finds "bitcoin"). After
///   normalisation, one trailing `*` is removed and makes the pattern a **prefix** pattern
///   (any word ending), then one leading `*` is removed and makes it a **suffix** pattern
///   (any word beginning: "*verbot" finds "schurfverbot"). A `*` anywhere else is an
///   ordinary character.
/// - **Empty patterns are ignored**: a pattern that is empty or only whitespace after
///   normalisation and removing the `*` never matches (it is listed in `ignoredPatterns`);
///   it is not a precondition failure, so a stray entry in a user's lexicon cannot crash
///   the daemon.
/// - A pattern **occurs** at `start..<end` when the normalised text's bytes there equal the
///   normalised pattern's bytes (so matches always start and end on scalar boundaries).
/// - **Word boundaries** (see `WordBoundary`): if the pattern's first scalar is a word scalar
///   (a letter, mark or digit of a script written with spaces), the scalar before `start`
///   must not be a word scalar (unless it is a suffix pattern); if its last scalar is a word
///   scalar and it is not a prefix pattern, the scalar at `end` must not be a word scalar.
///   **Arabic clitics**: a pattern whose first scalar is an Arabic-script letter may also
///   start right after the clitic prefixes و ف (and), ب ك ل (in, like, for) and the article
///   ال, alone or combined as Arabic writes them (وال، بال، لل، فبال …): the word before the
///   match start must then consist of such a prefix only. "فساد" finds "والفساد" but not
///   "إفساد". Checked at the boundary, so the automaton holds one entry per term. The start and end of the text
///   count as non-word. So "mining" does not match in "examining", "mine" not in "mines"
///   ("mine*" does), "bitcoin" matches in "bitcoin's" and in "比特币bitcoin挖矿" (Han is not a
///   word scalar), and a Han, kana or Hangul pattern needs no boundary at all: "挖矿"
///   matches inside "比特币挖矿活动". A side that begins or ends with punctuation or a space
///   needs no boundary.
/// - **All matches are reported**, overlapping ones included ("coal mine" and "mine" both
///   match in "coal mine"), ordered by `end`, then by pattern index. There is no
///   leftmost-first or leftmost-longest selection: scoring wants every term it can see, and
///   picking is the caller's job. A pattern listed twice reports each of its indices.
///
/// ## Cost
/// Construction normalises the patterns and builds one automaton (see `Automaton`) — about
/// 20 ms and 5 MB for the built-in lexicon (1,000 terms), about 100 ms and 9 MB for 7,000
/// terms in two dozen languages (rows for the states near the root, sparse edges beyond;
/// tables stay under ~10 MB whatever the lexicon). A search is one pass over the text, one
/// table lookup per byte (two streams interleaved for texts of 512 bytes or more), a few
/// more in the rare stretches spent in sparse states, plus a boundary check at each
/// candidate match; it allocates nothing except the result array of `matches(in:)` (and,
/// for long texts with matches, a small list of the second stream's matches). The matcher
/// is immutable and can be shared between threads.
public struct PatternMatcher: Sendable {
    /// How the automaton is stored; see `Automaton` for the trade-off.
    public enum Representation: Sendable {
        /// DFA rows for the states nearest the root, up to `Automaton.denseByteBudget`
        /// (8 MB); sparse edges for deeper states. A news-sized lexicon is all rows.
        case automatic
        /// Rows for every state: one lookup per byte; memory states × columns × 4 bytes.
        case dfa
        /// A row for the root only, sparse edges and failure links everywhere else: least
        /// memory, slowest; for tests.
        case nfa
        /// Rows for the `n` states nearest the root (at least the root); for tests of the
        /// mixed layout.
        case rows(Int)
    }

    /// The number of patterns given, ignored ones included.
    public let patternCount: Int
    /// Indices of patterns that are empty after normalisation; they never match.
    public let ignoredPatterns: [Int]
    /// Each pattern's normal form without the `*` (empty for ignored patterns).
    public let normalizedPatterns: [String]
    /// Whether each pattern ended in `*`.
    public let prefixPatterns: [Bool]
    /// Whether each pattern began with `*`.
    public let suffixPatterns: [Bool]

    let automaton: Automaton

    /// Compiles `patterns` (user spelling; a trailing `*` marks a prefix, a leading one a
    /// suffix) into one automaton.
    public init(patterns: [String]) {
        self.init(patterns: patterns, representation: .automatic)
    }

    /// Compiles `patterns`, choosing how the automaton is stored; with `tables`, the
    /// automaton's tables come from that store when it kept them for the same patterns and
    /// representation, or are built and handed to it.
    public init(patterns: [String], representation: Representation, tables: (any MatcherTableStore)? = nil) {
        var compiled: [CompiledPattern] = []
        compiled.reserveCapacity(patterns.count)
        var ignored: [Int] = []
        var normalized: [String] = []
        var prefixes: [Bool] = []
        var suffixes: [Bool] = []
        for (index, pattern) in patterns.enumerated() {
            var bytes = TextNormalizer.normalizedBytes(pattern)
            var isPrefix = false
            var isSuffix = false
            if bytes.last == UInt8(ascii: "*") {
                bytes.removeLast()
                isPrefix = true
            }
            if bytes.first == UInt8(ascii: "*") {
                bytes.removeFirst()
                isSuffix = true
            }
            if bytes.allSatisfy({ $0 == 0x20 }) {
                bytes = []
                ignored.append(index)
            }
            normalized.append(String(decoding: bytes, as: UTF8.self))
            prefixes.append(isPrefix)
            suffixes.append(isSuffix)
            compiled.append(CompiledPattern(bytes: bytes, isPrefix: isPrefix, isSuffix: isSuffix))
        }
        self.patternCount = patterns.count
        self.ignoredPatterns = ignored
        self.normalizedPatterns = normalized
        self.prefixPatterns = prefixes
        self.suffixPatterns = suffixes
        self.automaton = Automaton(patterns: compiled, representation: representation, store: tables)
    }

    /// Every occurrence of every pattern that satisfies the boundary rules, overlapping ones
    /// included, ordered by end offset then pattern index.
    public func matches(in text: NormalizedText) -> [PatternMatch] {
        var result: [PatternMatch] = []
        forEachMatch(in: text) { result.append($0) }
        return result
    }

    /// Calls `body` for every match, in the order of `matches(in:)`, without building an array.
    public func forEachMatch(in text: NormalizedText, _ body: (PatternMatch) -> Void) {
        text.bytes.withUnsafeBufferPointer { automaton.search($0, body) }
    }

    /// Whether any pattern matches (stops at the first match).
    public func hasMatch(in text: NormalizedText) -> Bool {
        text.bytes.withUnsafeBufferPointer { automaton.firstMatch($0) != nil }
    }

    /// Bytes held by the automaton's tables.
    public var memoryFootprint: Int { automaton.memoryFootprint }

    /// Whether every state the scan can be in has a row (a pure DFA).
    public var isDFA: Bool { automaton.isDFA }

    /// Number of states with a DFA row.
    public var denseStateCount: Int { automaton.denseCount }

    /// Number of automaton states (trie nodes).
    public var stateCount: Int { automaton.stateCount }

    /// Number of columns of the DFA: byte equivalence classes, plus the classes of bytes that
    /// can begin a word, read right after a word start (see `Automaton`).
    public var columnCount: Int { automaton.columnCount }
}

/// A pattern after normalisation, ready for the automaton.
struct CompiledPattern {
    var bytes: [UInt8]
    var isPrefix: Bool
    var isSuffix: Bool = false

    /// The first scalar is a word scalar and the pattern is not a suffix: the scalar before a
    /// match must not be one.
    var needsStartBoundary: Bool {
        !isSuffix && bytes.withUnsafeBufferPointer { WordBoundary.isWordScalar(at: 0, in: $0) }
    }

    /// The pattern starts with an Arabic-script letter: it may follow a clitic prefix.
    var allowsArabicClitics: Bool {
        needsStartBoundary && bytes.withUnsafeBufferPointer {
            ArabicClitics.isArabicLetter(UTF8Decoding.decode($0, at: 0).value)
        }
    }

    /// The last scalar is a word scalar and the pattern is not a prefix.
    var needsEndBoundary: Bool {
        !isPrefix && bytes.withUnsafeBufferPointer { WordBoundary.isWordScalar(before: $0.count, in: $0) }
    }
}
