/// The matches that concern one topic in one article, gathered before any scoring so that
/// negative contexts can be applied to all of them at once.
struct TopicEvidence {
    struct Hit {
        var pattern: Int
        var start: Int
        var end: Int
        var sentence: Int
        var inTitle: Bool
        /// Phrase hits: the group weight. Concept hits: unused.
        var weight: Double
        /// Concept hits: the concept's index in the topic. Phrase hits: -1.
        var concept: Int
    }

    var phraseHits: [Hit] = []
    /// In text order (by end offset), as the matcher reports them.
    var conceptHits: [Hit] = []
    var cancelledSpans: [Range<Int>] = []
    /// (sentence, factor) for every damping negative context found; usually empty.
    var dampedSentences: [(sentence: Int, factor: Double)] = []

    var isEmpty: Bool { phraseHits.isEmpty && conceptHits.isEmpty }

    func factor(forSentence sentence: Int) -> Double {
        var factor = 1.0
        for damped in dampedSentences where damped.sentence == sentence { factor = min(factor, damped.factor) }
        return factor
    }

    /// Drops hits inside a cancelling negative phrase, and phrase hits inside a longer
    /// phrase hit of the same topic ("bitcoin mining ban" is one piece of evidence, not
    /// three). `longestPattern` bounds how far apart a covering hit can end.
    mutating func resolveOverlaps(longestPattern: Int) {
        if !cancelledSpans.isEmpty {
            let spans = cancelledSpans
            let cancelled = { (hit: Hit) in spans.contains { $0.overlaps(hit.start..<hit.end) } }
            phraseHits.removeAll(where: cancelled)
            conceptHits.removeAll(where: cancelled)
        }
        guard phraseHits.count > 1 else { return }
        // Hits are ordered by end offset. A hit that covers `inner` ends at or after it and
        // starts at most `longestPattern` bytes before its own end, so only a short window
        // of neighbours needs checking.
        let hits = phraseHits
        func covers(_ outer: Hit, _ inner: Hit) -> Bool {
            outer.start <= inner.start && inner.end <= outer.end && outer.end - outer.start > inner.end - inner.start
        }
        var kept: [Hit] = []
        kept.reserveCapacity(hits.count)
        for i in hits.indices {
            let inner = hits[i]
            var covered = false
            var j = i + 1
            while !covered, j < hits.count, hits[j].end - longestPattern <= inner.start {
                covered = covers(hits[j], inner)
                j += 1
            }
            var k = i - 1
            while !covered, k >= 0, hits[k].end == inner.end {
                covered = covers(hits[k], inner)
                k -= 1
            }
            if !covered { kept.append(inner) }
        }
        phraseHits = kept
    }
}
