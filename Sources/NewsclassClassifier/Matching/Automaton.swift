// The Aho-Corasick automaton behind `PatternMatcher`.
//
// Design (after BurntSushi's aho-corasick DESIGN.md, adapted to what newsclass needs)
// ----------------------------------------------------------------------------------
// Semantics. newsclass wants *every* occurrence of every term (overlapping search), so there
// is no leftmost-first/leftmost-longest machinery: the automaton is the textbook one. Each
// state's output set is the patterns ending at it *including* those reached through failure
// links (the outputs of the longest proper suffix), merged once at build time and sorted by
// pattern index, which gives the promised order "by end, then pattern index" for free.
//
// Word starts in the alphabet. Word boundaries are decided exactly at each candidate match
// (decode the scalar before the start and at the end). But the automaton also knows a cheap,
// conservative part of the start rule, through a virtual symbol W ("a word may start here"):
// the text is read as if W stood before every byte that can begin a word scalar (an ASCII
// letter/digit or a UTF-8 lead byte) whose preceding byte is not an ASCII letter/digit.
// Patterns get the same W's inside them, and a pattern whose first scalar is a word scalar
// starts with W. The W's inside a pattern depend only on the pattern's own bytes, so a
// pattern occurs in the W-text exactly where it occurs in the text and, if it begins with W,
// the byte before is not an ASCII letter/digit — a necessary condition of the real boundary
// rule. Why bother: without W, inside every word the automaton tracks every suffix that could
// begin a term ("examining" walks through "e", "ex", "m", "mi", "min", "mini", …) and stops
// at candidates the boundary check then throws away ("ban" in "urban", "mining" in
// "examining"); with W a Latin term can only begin at a word start, so mid-word the
// automaton is back at the root almost at once, and a candidate needs a start check only
// after a non-ASCII byte. W is never a separate step: a byte preceded by W is its own column
// of the DFA ("b after W"), chosen by a 512-entry class table indexed by (previous byte is
// not alphanumeric, byte).
//
// Alphabet. Bytes (and W) are mapped to equivalence classes first: every symbol that labels a
// trie edge gets its own class, the rest share class 0 (minimal for a trie: two used symbols
// never label the same edge). English and Chinese lexicons use ~30 ASCII bytes plus the
// UTF-8 bytes of their Han characters: ~100 classes, plus ~40 "after W" columns.
//
// Representation: DFA rows for the states the scan visits, sparse edges for the rest. Failure
// transitions are compiled away for *dense* states: each has a full row, so a step is one
// dependent load: `s = table[s + column]`. State ids are
// premultiplied by the row stride (no multiply in the loop) and renumbered so that every
// state with outputs comes after every state without: "is this a match?" is one comparison.
// Each row has one extra slot holding the state's index into the output lists (no division
// on a match). Cost: states × (columns + 1) × 4 bytes. Measured for 1,000 patterns: the
// built-in lexicon (615 English and Chinese terms) plus 385 synthetic news phrases gives
// 10,228 states × 166 = 6.5 MB; 700 English + 300 Chinese synthetic phrases give 10,461
// states × 128 = 5.2 MB (the NFA for the same: ~150 KB). Only rows of states actually
// visited are touched; with W those are the root and shallow states, so shrinking the table
// (English-only patterns: 1.5 MB) changed the scan time by only ~10%.
//
// Scanning. One DFA step costs the latency of a load (~6 cycles), not its throughput, so a
// text of 512 bytes or more is scanned as two streams in lockstep: A reads the first half
// and reports as it goes; B starts `maxPatternLength` bytes before the middle, from the root
// (by the middle its state is the true one, as no match is longer), keeps the matches that
// end after the middle for after A's, then runs on alone. The two chains overlap, which
// nearly halves the time on prose. Short texts and B's tail run one stream that, at the
// root, skips bytes that lead back to the root without the dependent load. What remains
// per match (≈ 20-30 ns: a mispredicted branch, leaving and re-entering the loop, the
// boundary check, the caller's closure) dominates term-dense text.
//
// Dead rows. The state reached by a W edge is never a DFA state (W is folded into the "after
// W" columns), so it gets no row. In non-ASCII patterns, where W stands before every scalar,
// that is a quarter to a third of all states.
//
// Hybrid layout for large lexicons. Thousands of terms in two dozen scripts make ~75,000
// states × ~170 columns: 50 MB of rows, nearly all for deep states that prose rarely
// reaches. So only the states nearest the root — ordered by depth in scalars, so that a
// Chinese or Hindi term's first characters count like an English term's first letters —
// get rows, up to `denseByteBudget` (9 MB); the others are *sparse*: their own edges (by
// symbol, W included) and a failure link. Sparse states are numbered after the dense ones,
// so the hot loop's one comparison `s >= firstMatch` also catches entering a sparse state;
// from there the scan steps byte by byte through edges and failure links until it is back
// in a dense state (usually within a byte or two, as a deep prefix fails). A lexicon whose
// rows fit the budget (the built-in one: ~5 MB) is a pure DFA and never takes that path.
// `PatternMatcher.Representation` can force all rows (`.dfa`) or only the root's (`.nfa`,
// everything else sparse) for tests and benchmarks; all give identical results (the
// property tests check both extremes).
//
// Not done, on purpose: no prefilter (memchr-style skipping helps when patterns start with
// rare bytes; news terms start with common letters), no leftmost-first/longest semantics.

/// A compiled multi-pattern automaton over normalised UTF-8. Immutable.
struct Automaton: Sendable {
    /// Largest table of dense rows (bytes) `Representation.automatic` builds; deeper states
    /// are sparse.
    static let denseByteBudget = 9 << 20

    /// The word-start marker W as a symbol (bytes are 0...255).
    static let wordStart = 256

    /// Number of trie states (dead W states and sparse ones included).
    let stateCount: Int
    /// Number of states with a row.
    let denseCount: Int
    var isDFA: Bool { denseCount == liveCount }
    let liveCount: Int

    /// Index `(previous byte is not an ASCII letter/digit) << 8 | byte` → DFA column (the
    /// "after W" column for bytes that can begin a word scalar).
    let columns: ImageArray<UInt16>
    let columnCount: Int
    /// `0x100` for bytes that are not ASCII letters or digits, else 0.
    let wordStartFlag: ImageArray<UInt16>

    // Rows of dense state number `s` start at `s * stride`; entries are premultiplied state
    // numbers (`number * stride`, sparse ones included); the entry at `columnCount` is the
    // output index of a dense match state.
    let transitions: ImageArray<UInt32>
    let stride: Int
    /// Premultiplied number of the first dense state with outputs; every later number is a
    /// dense match state or a sparse state.
    let firstMatch: UInt32
    /// Premultiplied number of the first sparse state.
    let firstSparse: UInt32

    // Every state by number: edges `edgeStart[s] ..< edgeStart[s + 1]` (symbol, target
    // number), failure link, output index (-1: none). Used for sparse states.
    let edgeStart: ImageArray<UInt32>
    let edgeSymbol: ImageArray<UInt16>
    let edgeTarget: ImageArray<UInt32>
    let failure: ImageArray<UInt32>
    let outputIndex: ImageArray<Int32>

    /// Outputs of output index `m` are `outputPattern[outputStart[m] ..< outputStart[m + 1]]`,
    /// ascending.
    let outputStart: ImageArray<UInt32>
    let outputPattern: ImageArray<UInt32>
    /// Per pattern: `length << 3 | allowsArabicClitics << 2 | needsEndBoundary << 1 | needsStartBoundary`.
    let patternInfo: ImageArray<UInt64>
    /// Length in bytes of the longest pattern.
    let maxPatternLength: Int

    /// The bytes all the tables above live in (see `AutomatonImage`).
    let image: MatcherImage

    /// ASCII letters and digits: a W never stands after them.
    @inline(__always)
    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b &- 0x30) < 10 || ((b | 0x20) &- 0x61) < 26
    }

    /// Bytes that can begin a word scalar: W may stand before them.
    @inline(__always)
    static func canBeginWord(_ b: UInt8) -> Bool {
        isAlphanumeric(b) || b >= 0xC0
    }

    /// The pattern as the automaton reads it: its bytes with the W's inserted.
    static func symbols(of pattern: CompiledPattern) -> [UInt16] {
        var result: [UInt16] = []
        result.reserveCapacity(pattern.bytes.count + 4)
        if pattern.needsStartBoundary { result.append(UInt16(wordStart)) }
        for (j, b) in pattern.bytes.enumerated() {
            if j > 0 && canBeginWord(b) && !isAlphanumeric(pattern.bytes[j - 1]) {
                result.append(UInt16(wordStart))
            }
            result.append(UInt16(b))
        }
        return result
    }

    /// Compiles `patterns`; with a `store`, takes the tables it kept for the same patterns
    /// and layout, or builds them and hands them over to it.
    init(patterns: [CompiledPattern], representation: PatternMatcher.Representation, store: (any MatcherTableStore)? = nil) {
        guard let store else {
            self.init(image: Self.build(patterns: patterns, representation: representation), patternCount: patterns.count)!
            return
        }
        let key = Self.key(patterns: patterns, representation: representation)
        if let kept = store.image(forKey: key) {
            if let automaton = Automaton(image: kept, patternCount: patterns.count), automaton.tablesAreSound() {
                kept.checked()
                self = automaton
                return
            }
            store.refused(forKey: key)
        }
        let built = Self.build(patterns: patterns, representation: representation)
        if let kept = store.keep(built.bytes, forKey: key), let automaton = Automaton(image: kept, patternCount: patterns.count) {
            self = automaton
        } else {
            self.init(image: built, patternCount: patterns.count)!
        }
    }

    /// What identifies the tables of `patterns` in `representation`: the format, the
    /// layout choice and every pattern's bytes and boundary rules.
    static func key(patterns: [CompiledPattern], representation: PatternMatcher.Representation) -> [UInt8] {
        var key = AutomatonImage.magic
        func append(_ value: Int) { withUnsafeBytes(of: UInt64(value).littleEndian) { key.append(contentsOf: $0) } }
        switch representation {
        case .automatic: append(0); append(denseByteBudget)
        case .dfa: append(1)
        case .nfa: append(2)
        case .rows(let rows): append(3); append(rows)
        }
        append(patterns.count)
        for pattern in patterns {
            append(pattern.bytes.count << 3 | (pattern.allowsArabicClitics ? 4 : 0) | (pattern.needsEndBoundary ? 2 : 0)
                | (pattern.needsStartBoundary ? 1 : 0))
            key.append(contentsOf: pattern.bytes)
        }
        return key
    }

    /// The automaton whose tables are `image`, if its header is sound and fits
    /// `patternCount` patterns. Only the header is read: rows are touched as scans reach them.
    init?(image: MatcherImage, patternCount: Int) {
        guard let header = AutomatonImage.readHeader(image.bytes) else { return nil }
        let scalar = { (name: AutomatonImage.Scalar) in header.scalars[name]! }
        let count = { (name: AutomatonImage.Section) in header.sections[name]!.count }
        let stateCount = scalar(.stateCount)
        let denseCount = scalar(.denseCount)
        let columnCount = scalar(.columnCount)
        let stride = scalar(.stride)
        guard stateCount >= 1, denseCount >= 1, denseCount <= stateCount, scalar(.liveCount) <= stateCount,
              stride == columnCount + 1, columnCount <= 512,
              count(.columns) == 512, count(.wordStartFlag) == 256, count(.transitions) == denseCount * stride,
              count(.edgeStart) == stateCount + 1, count(.failure) == stateCount, count(.outputIndex) == stateCount,
              count(.outputStart) >= 1, count(.patternInfo) == patternCount,
              scalar(.firstSparse) == denseCount * stride, scalar(.firstMatch) <= scalar(.firstSparse),
              scalar(.firstMatch) % stride == 0
        else { return nil }
        func array<T>(_ section: AutomatonImage.Section) -> ImageArray<T> {
            ImageArray(image, offset: header.sections[section]!.offset, count: header.sections[section]!.count)
        }
        self.image = image
        self.stateCount = stateCount
        self.liveCount = scalar(.liveCount)
        self.denseCount = denseCount
        self.columnCount = columnCount
        self.stride = stride
        self.firstMatch = UInt32(scalar(.firstMatch))
        self.firstSparse = UInt32(scalar(.firstSparse))
        self.maxPatternLength = scalar(.maxPatternLength)
        self.columns = array(.columns)
        self.wordStartFlag = array(.wordStartFlag)
        self.transitions = array(.transitions)
        self.edgeStart = array(.edgeStart)
        self.edgeSymbol = array(.edgeSymbol)
        self.edgeTarget = array(.edgeTarget)
        self.failure = array(.failure)
        self.outputIndex = array(.outputIndex)
        self.outputStart = array(.outputStart)
        self.outputPattern = array(.outputPattern)
        self.patternInfo = array(.patternInfo)
    }

    /// Builds the tables of `patterns` into an image of our own memory.
    static func build(patterns: [CompiledPattern], representation: PatternMatcher.Representation) -> MatcherImage {
        // 1. The trie over symbols. Node 0 is the root.
        var children: [[(symbol: UInt16, node: Int32)]] = [[]]
        var terminal: [[UInt32]] = [[]]
        var incoming: [UInt16] = [0]
        var scalarDepth: [Int32] = [0]
        var info: [UInt64] = []
        info.reserveCapacity(patterns.count)
        for (index, pattern) in patterns.enumerated() {
            var flags: UInt64 = 0
            if pattern.needsStartBoundary { flags |= 1 }
            if pattern.needsEndBoundary { flags |= 2 }
            if !pattern.bytes.isEmpty && pattern.allowsArabicClitics { flags |= 4 }
            info.append(UInt64(pattern.bytes.count) << 3 | flags)
            guard !pattern.bytes.isEmpty else { continue }
            var node = 0
            for symbol in Self.symbols(of: pattern) {
                if let edge = children[node].first(where: { $0.symbol == symbol }) {
                    node = Int(edge.node)
                } else {
                    let new = children.count
                    children.append([])
                    terminal.append([])
                    incoming.append(symbol)
                    // A byte that begins a scalar (not W, not a continuation byte) is one scalar deeper.
                    let beginsScalar = symbol < 0x80 || (symbol >= 0xC0 && symbol < 0x100)
                    scalarDepth.append(scalarDepth[node] + (beginsScalar ? 1 : 0))
                    children[node].append((symbol, Int32(new)))
                    node = new
                }
            }
            terminal[node].append(UInt32(index))
        }
        let n = children.count

        // 2. Symbol classes: one per symbol used on an edge, class 0 for the rest.
        var used = [Bool](repeating: false, count: 257)
        for edges in children { for edge in edges { used[Int(edge.symbol)] = true } }
        var symbolClasses = [UInt8](repeating: 0, count: 257)
        var classCount = 1
        var representative: [UInt16] = [0]
        for symbol in 0..<257 where used[symbol] {
            symbolClasses[symbol] = UInt8(truncatingIfNeeded: classCount)
            representative.append(UInt16(symbol))
            classCount += 1
        }
        // An unused byte for class 0, if there is one (else class 0 is never looked up).
        representative[0] = UInt16((0..<256).first { !used[$0] } ?? 0)
        precondition(classCount <= 256, "too many byte classes")

        // 3. Breadth-first order, failure links, merged outputs.
        var order = [0]
        order.reserveCapacity(n)
        var k = 0
        while k < order.count {
            for edge in children[order[k]] { order.append(Int(edge.node)) }
            k += 1
        }
        func child(_ node: Int, _ symbol: UInt16) -> Int? {
            for edge in children[node] where edge.symbol == symbol { return Int(edge.node) }
            return nil
        }
        var fail = [Int](repeating: 0, count: n)
        var outputs = terminal
        for u in order {
            for edge in children[u] {
                let v = Int(edge.node)
                if u != 0 {
                    var f = fail[u]
                    while true {
                        if let t = child(f, edge.symbol) { fail[v] = t; break }
                        if f == 0 { fail[v] = 0; break }
                        f = fail[f]
                    }
                }
                // fail[v] is shallower than v, so its outputs are final already.
                if !outputs[fail[v]].isEmpty {
                    outputs[v] = Self.mergeSorted(outputs[v], outputs[fail[v]])
                }
            }
        }

        // 4. DFA columns: one per byte class ("plain"), one per class of bytes that can begin
        // a word ("after W").
        var columns = [UInt16](repeating: 0, count: 512)
        var plainColumn = [Int](repeating: -1, count: classCount)
        var afterWColumn = [Int](repeating: -1, count: classCount)
        var columnSources: [(afterW: Bool, symbolClass: Int)] = []
        for b in 0..<256 {
            let c = Int(symbolClasses[b])
            if plainColumn[c] < 0 {
                plainColumn[c] = columnSources.count
                columnSources.append((false, c))
            }
            columns[b] = UInt16(plainColumn[c])
        }
        for b in 0..<256 {
            let c = Int(symbolClasses[b])
            if Self.canBeginWord(UInt8(b)) {
                if afterWColumn[c] < 0 {
                    afterWColumn[c] = columnSources.count
                    columnSources.append((true, c))
                }
                columns[256 + b] = UInt16(afterWColumn[c])
            } else {
                columns[256 + b] = columns[b]
            }
        }
        let columnCount = columnSources.count
        let stride = columnCount + 1

        // 5. Which states get rows: live states (not reached by W), nearest the root first
        // (depth in scalars, then breadth-first), as many as the budget allows.
        let wordStartSymbol = UInt16(Self.wordStart)
        var live: [Int] = []
        live.reserveCapacity(n)
        for u in order where u == 0 || incoming[u] != wordStartSymbol { live.append(u) }
        var rank = [Int](repeating: 0, count: n)
        for (position, u) in order.enumerated() { rank[u] = position }
        live.sort { (scalarDepth[$0], rank[$0]) < (scalarDepth[$1], rank[$1]) }
        let denseLimit: Int
        switch representation {
        case .dfa: denseLimit = live.count
        case .nfa: denseLimit = 1
        case .rows(let rows): denseLimit = max(1, min(live.count, rows))
        case .automatic: denseLimit = max(1, min(live.count, Self.denseByteBudget / (stride * 4)))
        }
        let dense = Array(live.prefix(denseLimit))
        var isDense = [Bool](repeating: false, count: n)
        for u in dense { isDense[u] = true }

        // 6. Numbering: dense states without outputs, dense states with outputs, then the rest.
        var number = [Int](repeating: 0, count: n)
        var byNumber: [Int] = []
        byNumber.reserveCapacity(n)
        for u in dense where outputs[u].isEmpty { number[u] = byNumber.count; byNumber.append(u) }
        let firstMatchNumber = byNumber.count
        for u in dense where !outputs[u].isEmpty { number[u] = byNumber.count; byNumber.append(u) }
        let denseCount = byNumber.count
        for u in order where !isDense[u] { number[u] = byNumber.count; byNumber.append(u) }
        precondition(n * stride < Int(UInt32.max), "automaton too large: \(n) states")

        var outputStart: [UInt32] = [0]
        var outputPattern: [UInt32] = []
        var outputIndex = [Int32](repeating: -1, count: n)
        for s in 0..<n where !outputs[byNumber[s]].isEmpty {
            outputIndex[s] = Int32(outputStart.count - 1)
            outputPattern.append(contentsOf: outputs[byNumber[s]])
            outputStart.append(UInt32(outputPattern.count))
        }

        // 7. Edges, failure links and outputs of every state, by number.
        var edgeStart: [UInt32] = [0]
        var edgeSymbol: [UInt16] = []
        var edgeTarget: [UInt32] = []
        var failure = [UInt32](repeating: 0, count: n)
        edgeStart.reserveCapacity(n + 1)
        for s in 0..<n {
            let u = byNumber[s]
            // Dense states answer from their rows; only sparse ones need their edges.
            if s >= denseCount {
                for edge in children[u] {
                    edgeSymbol.append(edge.symbol)
                    edgeTarget.append(UInt32(number[Int(edge.node)]))
                }
            }
            edgeStart.append(UInt32(edgeSymbol.count))
            failure[s] = UInt32(number[fail[u]])
        }
        let wordStartFlag: [UInt16] = (0..<256).map { Self.isAlphanumeric(UInt8($0)) ? 0 : 0x100 }

        // 8. The image: the tables above copied in, then the rows built in place.
        typealias Section = AutomatonImage.Section
        let counts: [Section: Int] = [
            .columns: columns.count, .wordStartFlag: wordStartFlag.count, .transitions: denseCount * stride,
            .edgeStart: edgeStart.count, .edgeSymbol: edgeSymbol.count, .edgeTarget: edgeTarget.count,
            .failure: failure.count, .outputIndex: outputIndex.count, .outputStart: outputStart.count,
            .outputPattern: outputPattern.count, .patternInfo: info.count,
        ]
        let (offsets, size) = AutomatonImage.layout(counts: counts)
        let (image, base) = MatcherImage.allocate(byteCount: size)
        AutomatonImage.writeHeader(
            into: base,
            scalars: [
                .stateCount: n, .liveCount: live.count, .denseCount: denseCount, .columnCount: columnCount,
                .stride: stride, .firstMatch: firstMatchNumber * stride, .firstSparse: denseCount * stride,
                .maxPatternLength: patterns.map(\.bytes.count).max() ?? 0,
            ],
            offsets: offsets, counts: counts)
        func copy<T>(_ array: [T], to section: Section) {
            array.withUnsafeBytes { (base + offsets[section]!).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
        copy(columns, to: .columns)
        copy(wordStartFlag, to: .wordStartFlag)
        copy(edgeStart, to: .edgeStart)
        copy(edgeSymbol, to: .edgeSymbol)
        copy(edgeTarget, to: .edgeTarget)
        copy(failure, to: .failure)
        copy(outputIndex, to: .outputIndex)
        copy(outputStart, to: .outputStart)
        copy(outputPattern, to: .outputPattern)
        copy(info, to: .patternInfo)

        // The rows of the dense states. The transition on a symbol follows failure links
        // until a state has an edge for it (or the root); rows already built short-cut the walk.
        let table = (base + offsets[.transitions]!).assumingMemoryBound(to: UInt32.self)
        var rowBuilt = [Bool](repeating: false, count: n)
        func delta(_ start: Int, _ symbol: UInt16) -> Int {
            var u = start
            while true {
                if let t = child(u, symbol) { return t }
                if u == 0 { return 0 }
                u = fail[u]
            }
        }
        var denseByDepth = dense
        denseByDepth.sort { rank[$0] < rank[$1] }
        for u in denseByDepth {
            let row = number[u] * stride
            let afterW = delta(u, wordStartSymbol)
            for (column, source) in columnSources.enumerated() {
                let symbol = representative[source.symbolClass]
                let target: Int
                if source.symbolClass == 0 {
                    target = 0  // a byte no pattern uses leads back to the root
                } else if source.afterW {
                    target = delta(afterW, symbol)
                } else if u != 0, rowBuilt[fail[u]], child(u, symbol) == nil {
                    target = byNumber[Int(table[number[fail[u]] * stride + column]) / stride]
                } else {
                    target = delta(u, symbol)
                }
                table[row + column] = UInt32(number[target] * stride)
            }
            if outputIndex[number[u]] >= 0 { table[row + columnCount] = UInt32(outputIndex[number[u]]) }
            rowBuilt[u] = true
        }
        return image
    }

    private static func mergeSorted(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] <= b[j] { result.append(a[i]); i += 1 } else { result.append(b[j]); j += 1 }
        }
        result.append(contentsOf: a[i...])
        result.append(contentsOf: b[j...])
        return result
    }

    var memoryFootprint: Int { image.bytes.count }

    // MARK: Search

    /// Calls `body` for each match in order.
    func search(_ text: UnsafeBufferPointer<UInt8>, _ body: (PatternMatch) -> Void) {
        scan(text) { body($0); return true }
    }

    /// The first match in order, if any.
    func firstMatch(_ text: UnsafeBufferPointer<UInt8>) -> PatternMatch? {
        var found: PatternMatch?
        scan(text) { found = $0; return false }
        return found
    }

    /// Texts shorter than this are scanned as one stream.
    static let twoStreamMinimum = 512

    /// Most matches the second stream keeps before the first one has finished.
    static let pendingLimit = 4096

    /// The state after reading byte `b` from sparse state number `state` (`w`: a W stands
    /// before `b`): edges and failure links until a dense state, whose row answers.
    @inline(never)
    private func sparseStep(_ state: Int, w: Bool, _ b: UInt8, table: UnsafePointer<UInt32>) -> Int {
        var u = state
        if w {
            while true {
                if u < denseCount { return Int(table[u * stride + Int(columns[0x100 | Int(b)])]) / stride }
                if let t = edge(u, UInt16(Self.wordStart)) { u = t; break }
                u = Int(failure[u])
            }
        }
        while true {
            if u < denseCount { return Int(table[u * stride + Int(columns[Int(b)])]) / stride }
            if let t = edge(u, UInt16(b)) { return t }
            u = Int(failure[u])
        }
    }

    @inline(__always)
    private func edge(_ u: Int, _ symbol: UInt16) -> Int? {
        var e = Int(edgeStart[u])
        let end = Int(edgeStart[u + 1])
        while e < end {
            if edgeSymbol[e] == symbol { return Int(edgeTarget[e]) }
            e += 1
        }
        return nil
    }

    /// Takes stream state `state` (premultiplied) out of the sparse states: steps byte by
    /// byte from `i` until the state is dense or `end` is reached. The matches of sparse
    /// states are reported through `body`, or, when `keepAfter >= 0`, kept in `pending` if
    /// they end after `keepAfter`. Returns `false` when `body` asked to stop.
    @inline(__always)
    private func leaveSparse(
        _ text: UnsafeBufferPointer<UInt8>, from i: inout Int, end: Int, state: inout Int, flag: inout Int,
        table: UnsafePointer<UInt32>, keepAfter: Int, pending: inout [UInt64], _ body: (PatternMatch) -> Bool
    ) -> Bool {
        let firstSparse = Int(self.firstSparse)
        while state >= firstSparse && i < end {
            let b = text[i]
            let w = flag != 0 && Self.canBeginWord(b)
            flag = Int(wordStartFlag[Int(b)])
            let next = sparseStep(state / stride, w: w, b, table: table)
            state = next * stride
            i += 1
            // A dense match state is the caller's to report.
            guard next >= denseCount, outputIndex[next] >= 0 else { continue }
            if !deliver(Int(outputIndex[next]), end: i, text, keepAfter: keepAfter, pending: &pending, body) {
                return false
            }
        }
        return true
    }

    /// Reports output index `m` ending at `end`, or keeps it (see `leaveSparse`).
    @inline(__always)
    private func deliver(
        _ m: Int, end: Int, _ text: UnsafeBufferPointer<UInt8>, keepAfter: Int, pending: inout [UInt64],
        _ body: (PatternMatch) -> Bool
    ) -> Bool {
        if keepAfter < 0 { return report(m, end: end, text, body) }
        if end > keepAfter { pending.append(UInt64(m) << 32 | UInt64(end)) }
        return true
    }

    /// Runs the automaton over `text`; `body` returns `false` to stop.
    private func scan(_ text: UnsafeBufferPointer<UInt8>, _ body: (PatternMatch) -> Bool) {
        guard let bytes = text.baseAddress, text.count > 0 else { return }
        let n = text.count
        columns.withUnsafeBufferPointer { columns in
        wordStartFlag.withUnsafeBufferPointer { wordStartFlag in
        transitions.withUnsafeBufferPointer { table in
            let columns = columns.baseAddress!
            let wordStartFlag = wordStartFlag.baseAddress!
            let table = table.baseAddress!
            let firstMatch = Int(self.firstMatch)
            let firstSparse = Int(self.firstSparse)
            let outputSlot = columnCount
            var pending: [UInt64] = []

            // Two streams in lockstep hide the latency of the dependent loads: stream A reads
            // [0, mid) and reports as it goes; stream B starts `maxPatternLength` bytes before
            // `mid` (from the root: by `mid` its state is the true one) and keeps the matches
            // that end after `mid` for after A's. Then B goes on alone to the end. A stream in
            // a sparse state steps alone until it is dense again.
            var i = 0
            var state = 0
            var flag = 0x100  // the start of the text is a word start
            if n >= Self.twoStreamMinimum && maxPatternLength * 4 < n && n < Int(UInt32.max) {
                let mid = n / 2
                let bStart = mid - maxPatternLength
                var j = bStart
                var stateB = 0
                var flagB = Int(wordStartFlag[Int(bytes[bStart - 1])])
                // B's matches wait in `pending` until A is done; a text dense with matches
                // would make that list grow with the text, so past `pendingLimit` of them A
                // finishes alone and B goes on from where it is.
                while i < mid && j < n && pending.count < Self.pendingLimit {
                    if state >= firstSparse {
                        guard leaveSparse(text, from: &i, end: mid, state: &state, flag: &flag, table: table,
                                          keepAfter: -1, pending: &pending, body) else { return }
                        if state >= firstMatch && state < firstSparse {
                            if !report(Int(table[state &+ outputSlot]), end: i, text, body) { return }
                        }
                        continue
                    }
                    if stateB >= firstSparse {
                        _ = leaveSparse(text, from: &j, end: n, state: &stateB, flag: &flagB, table: table,
                                        keepAfter: mid, pending: &pending, body)
                        if stateB >= firstMatch && stateB < firstSparse, j > mid {
                            pending.append(UInt64(table[stateB &+ outputSlot]) << 32 | UInt64(j))
                        }
                        continue
                    }
                    let hit = Self.runTwoDFA(
                        bytes, aFrom: &i, aEnd: min(mid, i + (n - j)), aState: &state, aFlag: &flag,
                        bFrom: &j, bState: &stateB, bFlag: &flagB,
                        columns: columns, wordStartFlag: wordStartFlag, table: table, firstMatch: firstMatch)
                    if hit & 1 != 0 {
                        let m = state < firstSparse ? Int(table[state &+ outputSlot]) : Int(outputIndex[state / stride])
                        if m >= 0 && !report(m, end: i, text, body) { return }
                    }
                    if hit & 2 != 0 && j > mid {
                        let m = stateB < firstSparse ? Int(table[stateB &+ outputSlot]) : Int(outputIndex[stateB / stride])
                        if m >= 0 { pending.append(UInt64(m) << 32 | UInt64(j)) }
                    }
                }
                if i < mid {
                    // B reached the end first (it stepped ahead alone) or kept enough matches:
                    // A finishes its half alone.
                    guard scanOne(text, from: &i, end: mid, state: &state, flag: &flag, columns: columns,
                                  wordStartFlag: wordStartFlag, table: table, body) else { return }
                }
                for entry in pending {
                    if !report(Int(entry >> 32), end: Int(entry & 0xFFFF_FFFF), text, body) { return }
                }
                i = j
                state = stateB
                flag = flagB
            }
            _ = scanOne(text, from: &i, end: n, state: &state, flag: &flag, columns: columns,
                        wordStartFlag: wordStartFlag, table: table, body)
        }}}
    }

    /// One stream from `i` to `end`; `false` when `body` asked to stop.
    @inline(__always)
    private func scanOne(
        _ text: UnsafeBufferPointer<UInt8>, from i: inout Int, end: Int, state: inout Int, flag: inout Int,
        columns: UnsafePointer<UInt16>, wordStartFlag: UnsafePointer<UInt16>, table: UnsafePointer<UInt32>,
        _ body: (PatternMatch) -> Bool
    ) -> Bool {
        let bytes = text.baseAddress!
        let firstMatch = Int(self.firstMatch)
        let firstSparse = Int(self.firstSparse)
        var unused: [UInt64] = []
        while true {
            if state >= firstSparse {
                guard leaveSparse(text, from: &i, end: end, state: &state, flag: &flag, table: table,
                                  keepAfter: -1, pending: &unused, body)
                else { return false }
                if state >= firstSparse { return true }  // the end
                if state >= firstMatch && !report(Int(table[state &+ columnCount]), end: i, text, body) { return false }
                continue
            }
            let hit = Self.runDFA(
                bytes, count: end, from: &i, state: &state, flag: &flag,
                columns: columns, wordStartFlag: wordStartFlag, table: table, firstMatch: firstMatch)
            guard hit else { return true }
            // `state` is a match state or a sparse state, reached by the byte before `i`.
            let m = state < firstSparse ? Int(table[state &+ columnCount]) : Int(outputIndex[state / stride])
            if m >= 0 && !report(m, end: i, text, body) { return false }
        }
    }

    /// Advances streams A (until `aEnd`) and B one byte each per step until either reaches a
    /// match or sparse state. Returns bit 0 if A did, bit 1 if B did, 0 when A reached `aEnd`.
    @inline(__always)
    private static func runTwoDFA(
        _ text: UnsafePointer<UInt8>,
        aFrom i: inout Int, aEnd: Int, aState: inout Int, aFlag: inout Int,
        bFrom j: inout Int, bState: inout Int, bFlag: inout Int,
        columns: UnsafePointer<UInt16>, wordStartFlag: UnsafePointer<UInt16>, table: UnsafePointer<UInt32>,
        firstMatch: Int
    ) -> Int {
        var a = i
        var b = j
        var sa = aState
        var sb = bState
        var fa = aFlag
        var fb = bFlag
        defer {
            i = a
            j = b
            aState = sa
            bState = sb
            aFlag = fa
            bFlag = fb
        }
        while a < aEnd {
            let xa = Int(text[a])
            let xb = Int(text[b])
            let ca = Int(columns[fa | xa])
            let cb = Int(columns[fb | xb])
            fa = Int(wordStartFlag[xa])
            fb = Int(wordStartFlag[xb])
            sa = Int(table[sa &+ ca])
            sb = Int(table[sb &+ cb])
            a &+= 1
            b &+= 1
            if sa >= firstMatch || sb >= firstMatch {
                return (sa >= firstMatch ? 1 : 0) | (sb >= firstMatch ? 2 : 0)
            }
        }
        return 0
    }

    /// Runs the DFA from `i` until it reaches a match or sparse state (returns `true`, with
    /// `i` just past the byte that reached it) or `n` (returns `false`). Kept small and free
    /// of calls so that the state stays in a register: the loop's speed is the latency of
    /// one dependent load per byte.
    @inline(__always)
    private static func runDFA(
        _ text: UnsafePointer<UInt8>, count n: Int, from i: inout Int, state: inout Int, flag: inout Int,
        columns: UnsafePointer<UInt16>, wordStartFlag: UnsafePointer<UInt16>, table: UnsafePointer<UInt32>,
        firstMatch: Int
    ) -> Bool {
        var j = i
        var s = state
        var f = flag
        defer {
            i = j
            state = s
            flag = f
        }
        while j < n {
            if s == 0 {
                // At the root, skip the bytes that lead back to the root (most of a word once
                // its start matched nothing): these iterations do not depend on each other,
                // unlike transitions.
                while true {
                    let b = Int(text[j])
                    if table[Int(columns[f | b])] != 0 { break }
                    f = Int(wordStartFlag[b])
                    j &+= 1
                    if j == n { return false }
                }
            }
            let b = Int(text[j])
            let column = Int(columns[f | b])
            f = Int(wordStartFlag[b])
            s = Int(table[s &+ column])
            j &+= 1
            if s >= firstMatch { return true }
        }
        return false
    }

    /// Reports the outputs of match state `m` (counted from the first match state) ending at
    /// `end` that pass the boundary rules. Returns `false` when `body` asked to stop.
    ///
    /// The start rule needs a check only after a non-ASCII byte: a pattern that needs a word
    /// boundary at its start begins with W, which the automaton reads only after a byte that
    /// is not an ASCII letter or digit, i.e. (for ASCII) not a word scalar.
    private func report(
        _ m: Int, end: Int, _ text: UnsafeBufferPointer<UInt8>, _ body: (PatternMatch) -> Bool
    ) -> Bool {
        let next: UInt8 = end < text.count ? text[end] : 0x20
        let endIsWord = next < 0x80 ? Self.isAlphanumeric(next) : WordBoundary.isWordScalar(at: end, in: text)
        var k = Int(outputStart[m])
        let last = Int(outputStart[m + 1])
        repeat {
            let pattern = Int(outputPattern[k])
            let info = patternInfo[pattern]
            let start = end - Int(info >> 3)
            k += 1
            // Only tables from outside could say so (see `tablesAreSound`); never ours.
            if start < 0 { continue }
            if info & 2 != 0 && endIsWord { continue }
            if info & 1 != 0 && start > 0 && text[start - 1] >= 0x80
                && WordBoundary.isWordScalar(before: start, in: text)
                && (info & 4 == 0 || !ArabicClitics.isCliticPrefix(before: start, in: text))
            {
                continue
            }
            if !body(PatternMatch(pattern: pattern, start: start, end: end)) { return false }
        } while k < last
        return true
    }
}
