/// Text after normalisation (see `TextNormalizer`), as UTF-8 bytes, plus what is needed to map
/// byte offsets back to the source and to find sentences.
///
/// ## Mapping back to the source
/// `sourceOffset(ofByte:)` answers in Unicode scalars of the source string. The map is stored
/// as *runs* (see `OffsetRunList`): maximal stretches where every source scalar became the same number of bytes
/// (1 for ASCII, 3 for CJK, …), plus one run for every stretch that did not map one scalar to
/// one byte group (a collapsed whitespace run, a segment NFKC changed; all of its bytes map to
/// the segment's first scalar). Plain English text with single spaces is one run; a Chinese
/// paragraph is one run; mixed text has a run per change of script. A lookup is a binary
/// search over blocks of runs and a short decoding — no per-byte table, and nearly free
/// to build.
///
/// ## Sentences
/// Sentence starts are one bit per byte (see `SentenceStarts`), so
/// `sentenceIndex(ofByte:)` is a count of bits. See `TextNormalizer` for where sentences split.
/// Whitespace, closing quotes and brackets after a sentence end belong to the sentence they
/// follow. Every text, even the empty one, has at least one sentence.
public struct NormalizedText: Sendable {
    /// Normalised UTF-8.
    public let bytes: [UInt8]
    /// Number of Unicode scalars in the source string.
    public let sourceScalarCount: Int

    let runs: OffsetRunList
    let sentenceStarts: SentenceStarts

    /// Runs the normaliser over `source`.
    public init(_ source: String) {
        let output = TextNormalizer.run(source)
        self.bytes = output.bytes
        self.runs = output.runs
        var sentenceStarts = output.sentenceStarts
        sentenceStarts.seal()
        self.sentenceStarts = sentenceStarts
        self.sourceScalarCount = output.scalarCount
    }

    /// The normalised text as a `String`.
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Offset, in Unicode scalars of the source string, of the scalar that produced normalised
    /// byte `i`. For bytes that came from a segment NFKC rewrote (e.g. "e\u{301}" → "é") or a
    /// collapsed whitespace run, that is the segment's first scalar. `i == bytes.count` gives
    /// `sourceScalarCount`, so exclusive ends map too.
    public func sourceOffset(ofByte i: Int) -> Int {
        precondition(i >= 0 && i <= bytes.count, "byte offset \(i) outside 0...\(bytes.count)")
        if i == bytes.count { return sourceScalarCount }
        let run = runs.run(containing: i).run
        if run.width == 0 { return run.scalarStart }
        return run.scalarStart + (i - run.byteStart) / run.width
    }

    /// The source scalars that produced the normalised bytes `range`: from the scalar of the
    /// first byte up to and including every scalar that produced the last byte. An empty
    /// range maps to an empty range.
    public func sourceScalarRange(ofBytes range: Range<Int>) -> Range<Int> {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count,
                     "byte range \(range) outside 0..<\(bytes.count)")
        let lower = sourceOffset(ofByte: range.lowerBound)
        guard !range.isEmpty else { return lower..<lower }
        let (run, next) = runs.run(containing: range.upperBound - 1)
        let upper: Int
        if run.width == 0 {
            upper = next ?? sourceScalarCount
        } else {
            upper = run.scalarStart + (range.upperBound - 1 - run.byteStart) / run.width + 1
        }
        return lower..<max(upper, lower)
    }

    /// Index of the sentence containing normalised byte `i` (0-based). `i == bytes.count` is
    /// allowed and gives the last sentence. O(1).
    public func sentenceIndex(ofByte i: Int) -> Int {
        precondition(i >= 0 && i <= bytes.count, "byte offset \(i) outside 0...\(bytes.count)")
        return sentenceStarts.index(ofByte: i)
    }

    /// Number of sentences (at least 1).
    public var sentenceCount: Int { sentenceStarts.count }

    /// The normalised bytes of sentence `index`.
    public func byteRange(ofSentence index: Int) -> Range<Int> {
        precondition(index >= 0 && index < sentenceStarts.count, "no sentence \(index)")
        let end = index + 1 < sentenceStarts.count ? Int(sentenceStarts[index + 1]) : bytes.count
        return Int(sentenceStarts[index])..<end
    }
}
