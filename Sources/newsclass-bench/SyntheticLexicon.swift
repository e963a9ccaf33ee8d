import NewsclassClassifier

/// A made-up lexicon the size the real one is growing to: `perLanguage` terms in each of
/// 24 languages across Latin, Cyrillic, Arabic, Devanagari, Thai, Han, kana and Hangul,
/// words drawn from each script's letters (so Latin words share prefixes with English
/// prose, as real terms do), some multi-word, some with a trailing `*`. Added to the
/// built-in topics as extra concepts, so that matching and scoring see every hit.
/// Deterministic for a seed.
struct SyntheticLexicon {
    static let scripts: [(languages: [String], letters: [String], wordLength: ClosedRange<Int>, spaced: Bool)] = [
        (["en", "es", "pt", "fr", "de", "it", "nl", "pl", "tr", "vi", "id", "ms", "tl", "sv", "no"],
         "eeeeaaaiiioooonnnrrrssstttllcdumphgbfywkvzxjqéüçñ".map(String.init), 4...11, true),
        (["ru", "uk"], "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфё".map(String.init), 4...11, true),
        (["ar", "fa"], "اليمونهرتبكعفقسدذحجشصطزخضثغظءةى".map(String.init), 3...8, true),
        (["hi"], ["क", "ख", "ग", "च", "ज", "ट", "ड", "त", "द", "न", "प", "ब", "म", "य", "र", "ल", "व", "स", "ह",
                  "ा", "ि", "ी", "ु", "े", "ो", "ं", "्"], 3...8, true),
        (["th"], "กขคงจฉชซญดตถทนบปผพฟมยรลวสหอะาิีุูเแโใไ่้".map(String.init), 3...7, false),
        (["zh-Hans", "zh-Hant", "ja"], "矿币禁止整治腐败贪污受贿官员气候碳排放能源电力挖政府监管调查开除党籍违纪违法礦幣監管調查開除黨籍違紀".map(String.init), 2...4, false),
        (["ko"], "채굴금지부패뇌물기후탄소배출정부단속규제".map(String.init), 2...4, false),
    ]

    var concepts: [Concept] = []

    init(perLanguage: Int, seed: UInt64) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
        func word(_ letters: [String], _ length: ClosedRange<Int>) -> String {
            let n = length.lowerBound + next(length.count)
            return (0..<n).map { _ in letters[next(letters.count)] }.joined()
        }
        for script in Self.scripts {
            for language in script.languages {
                var terms: [String] = []
                var seen = Set<String>()
                while terms.count < perLanguage {
                    var term = word(script.letters, script.wordLength)
                    if script.spaced && next(3) == 0 { term += " " + word(script.letters, script.wordLength) }
                    if script.spaced && next(4) == 0 { term += "*" }
                    if seen.insert(TextNormalizer.normalize(term)).inserted { terms.append(term) }
                }
                // Eight concepts per language, spread over the topics by the caller.
                let chunk = (terms.count + 7) / 8
                for k in 0..<8 {
                    let slice = Array(terms.dropFirst(k * chunk).prefix(chunk))
                    guard !slice.isEmpty else { continue }
                    concepts.append(Concept(
                        name: "synthetic_\(String(language.map { $0 == "-" ? "_" : $0 }).lowercased())_\(k)",
                        terms: [LanguageTerms(language: language, terms: slice)]))
                }
            }
        }
    }

    /// `model` with the synthetic concepts added round-robin to its topics, each as a
    /// phrase of weight 0.5 or in a co-occurrence rule with a concept of its own language.
    func extend(_ model: TopicModel) -> TopicModel {
        var model = model
        for (k, concept) in concepts.enumerated() {
            let t = k % model.topics.count
            model.topics[t].concepts.append(concept)
            model.topics[t].phrases.append(PhraseGroup(concept: concept.name, weight: 0.5))
        }
        return model
    }

    var termCount: Int { concepts.reduce(0) { $0 + $1.termCount } }
}
