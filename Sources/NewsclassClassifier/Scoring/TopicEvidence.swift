/// The matches that concern one topic in one article, gathered before any scoring so that
/// negative contexts can be applied to all of them at once.
struct TopicEvidence {
    struct Hit {
        var pattern: Int
        var start: Int
        var end: Int
        var sentence: Int
        var inTitle: Bool
        var weight: Double
        var concept: Int
    }

    var phraseHits: [Hit] = []
    var conceptHits: [Hit] = []
    var cancelledSpans: [Range<Int>] = []
    /// Sentence index → the smallest damping factor any negative context put on it.
    var sentenceFactors: [Int: Double] = [:]

    var isEmpty: Bool { phraseHits.isEmpty && conceptHits.isEmpty }

    func factor(forSentence sentence: Int) -> Double {
        sentenceFactors[sentence] ?? 1
    }

    /// Drops hits inside a cancelling negative phrase, and phrase hits inside a longer
    /// phrase hit of the same topic ("bitcoin mining ban" is one piece of evidence, not
    /// three).
    mutating func resolveOverlaps() {
        if !cancelledSpans.isEmpty {
            let spans = cancelledSpans
            let outside = { (hit: Hit) in !spans.contains { $0.overlaps(hit.start..<hit.end) } }
            phraseHits.removeAll { !outside($0) }
            conceptHits.removeAll { !outside($0) }
        }
        guard phraseHits.count > 1 else { return }
        let hits = phraseHits
        phraseHits.removeAll { inner in
            hits.contains { outer in
                outer.start <= inner.start && inner.end <= outer.end
                    && (outer.end - outer.start) > (inner.end - inner.start)
            }
        }
    }
}
