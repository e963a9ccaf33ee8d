/// What one article shows for one topic, gathered while the matcher runs, in memory bounded
/// by the lexicon (not by the article): a hit is held only until nothing reported later can
/// cancel or cover it, then folded into per-term and per-rule tallies sentence by sentence.
///
/// Why a hit can be finalised early: matches are reported by end offset, and a negative
/// phrase that overlaps a hit, or a longer phrase that covers it, starts before the hit
/// ends and is at most `longest` bytes long. So once a match ending `2 × longest` bytes after
/// the hit has been reported, everything that can cancel the hit, or cancel what covers it,
/// is known. Sentence damping needs the whole sentence: tallies take a sentence's hits when
/// the next sentence begins. Sense gates need the whole article: the gated concepts' hits
/// are tallied apart and dropped at the end if their gate fails.
struct TopicEvidence {
    struct Hit {
        var pattern: Int32
        var concept: Int32
        var language: Int32
        /// The concept's bit in rule masks, or -1.
        var bit: Int32
        /// The concept's phrase weight, or 0.
        var phraseWeight: Double
        var start: Int
        var end: Int
        var sentence: Int
    }

    /// Hits of one term counted as a phrase: the exact count, the first offsets, and the
    /// weights as a histogram (few distinct values: weight × title × damping).
    struct PhraseTally {
        var pattern: Int32
        var concept: Int32
        var language: Int32
        var weight: Double
        var count = 0
        var inSentence = 0
        var offsets: [Int] = []
        var weights: [(weight: Double, count: Int)] = []
    }

    struct RuleTally {
        var count = 0
        var offsets: [Int] = []
        var weights: [(weight: Double, count: Int)] = []
        /// Pattern and language per rule concept in the first sentence where they met.
        var firstMeeting: [(pattern: Int32, language: Int32)] = []
    }

    struct Span {
        var start: Int
        var end: Int
        var pattern: Int32
        var concept: Int32
        var language: Int32
    }

    struct Damping {
        var sentence: Int
        var factor: Double
        var pattern: Int32
        var concept: Int32
        var language: Int32
        var start: Int
    }

    /// Recorded only when explaining.
    struct Cancellation {
        var negative: Span
        var cancelled: Int32
    }

    var pending: [Hit] = []
    var pendingHead = 0
    var spans: [Span] = []
    var dampings: [Damping] = []

    var sentence = -1
    var sentenceMask: UInt64 = 0
    var sentenceInTitle = false
    var sentenceFirstStart = Int.max
    var sentenceFirst: [(pattern: Int32, language: Int32)] = []
    var touchedPhrases: [Int] = []

    var phraseTallies: [PhraseTally] = []
    var phraseIndex: [Int32: Int] = [:]
    var rules: [RuleTally]
    var documentMask: UInt64 = 0

    /// Occurrences per concept (only concepts a gate names), and per term when explaining.
    var conceptCounts: [Int]
    var conceptTerms: [[(pattern: Int32, language: Int32, count: Int)]]

    var cancellations: [Cancellation] = []
    var dampingEffects: [(damping: Damping, affected: [String])] = []

    init(plan: TopicPlan) {
        rules = [RuleTally](repeating: RuleTally(), count: plan.rules.count)
        conceptCounts = plan.hasGates ? [Int](repeating: 0, count: plan.concepts.count) : []
        conceptTerms = []
        sentenceFirst = [(pattern: Int32, language: Int32)](repeating: (-1, -1), count: plan.bitConcepts.count)
    }

    static func addWeight(_ weight: Double, count: Int, to weights: inout [(weight: Double, count: Int)]) {
        for k in weights.indices where weights[k].weight == weight {
            weights[k].count += count
            return
        }
        weights.append((weight, count))
    }
}
