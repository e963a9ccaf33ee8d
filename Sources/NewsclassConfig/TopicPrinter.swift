import NewsclassClassifier

/// The `[topics.*]` part of what `newsclass check-config` prints.
///
/// `.summary` (the default) keeps it to a screen: per topic its settings as TOML, then, as
/// comments, each concept with what uses it and how many terms it holds per language, and
/// each rule. The output still loads: the settings extend the built-in topics with what
/// they already have. `.full` prints every term as lexicon format v2, each topic with
/// `replace = true`, so that loading the output gives exactly the same topics.
public enum TopicPrinter {
    public enum Detail: Sendable {
        case summary
        case full
    }

    static func print(_ topic: TopicDefinition, detail: Detail, into out: inout String) {
        func line(_ text: String = "") { out += text + "\n" }
        let base = "topics.\(topic.name)"
        line()
        line("[\(base)]")
        if detail == .full { line("replace = true") }
        line("description = \(ConfigurationPrinter.quoted(topic.description))")
        line("threshold = \(topic.threshold)")
        line("saturation = \(topic.saturation)")
        if let count = topic.minSentences { line("min_sentences = \(count)") }
        switch detail {
        case .summary: summary(topic, line)
        case .full: full(topic, base, line)
        }
    }

    private static func summary(_ topic: TopicDefinition, _ line: (String) -> Void) {
        let terms = topic.concepts.reduce(0) { $0 + $1.termCount }
        line("# \(topic.concepts.count) concepts, \(terms) terms (newsclass check-config --verbose lists them):")
        let width = topic.concepts.map(\.name.count).max() ?? 0
        for concept in topic.concepts {
            var uses: [String] = []
            if let phrase = topic.phrases.first(where: { $0.concept == concept.name }) { uses.append("phrase ×\(phrase.weight)") }
            if topic.cooccurrences.contains(where: { $0.concepts.contains(concept.name) || $0.requires.contains(concept.name) }) {
                uses.append("rule")
            }
            if let negative = topic.negatives.first(where: { $0.concept == concept.name }) {
                uses.append(negative.scope == .overlap ? "negative" : "negative ×\(negative.factor)")
            }
            if topic.gates.contains(where: { $0.concept == concept.name }) { uses.append("gated") }
            if topic.gates.contains(where: { $0.intended.contains(concept.name) }) { uses.append("gate intended") }
            if topic.gates.contains(where: { $0.rivals.contains(concept.name) }) { uses.append("gate rival") }
            if uses.isEmpty { uses.append("unused") }
            let counts = concept.terms.map { "\($0.language) \($0.terms.count)" }.joined(separator: ", ")
            let name = concept.name + String(repeating: " ", count: max(0, width - concept.name.count))
            line("#   \(name)  \(counts)  [\(uses.joined(separator: ", "))]")
        }
        for rule in topic.cooccurrences {
            var text = "# cooccur: " + rule.concepts.joined(separator: " + ") + " ×\(rule.weight)"
            if !rule.requires.isEmpty { text += ", requires " + rule.requires.joined(separator: ", ") }
            line(text)
        }
        for gate in topic.gates {
            var text = "# gate: \(gate.concept) counts if \(gate.intended.joined(separator: " | ")) occur"
            if !gate.rivals.isEmpty { text += ", not outnumbered by \(gate.rivals.joined(separator: " | "))" }
            line(text)
        }
    }

    private static func full(_ topic: TopicDefinition, _ base: String, _ line: (String) -> Void) {
        for concept in topic.concepts {
            line("")
            line("[\(base).concepts.\(ConfigurationPrinter.key(concept.name))]")
            for group in concept.terms {
                line("\(ConfigurationPrinter.key(group.language)) = [" + group.terms.map(ConfigurationPrinter.quoted).joined(separator: ", ") + "]")
            }
        }
        for phrase in topic.phrases {
            line("")
            line("[[\(base).phrases]]")
            line("concept = \(ConfigurationPrinter.quoted(phrase.concept))")
            line("weight = \(phrase.weight)")
        }
        func list(_ names: [String]) -> String { "[" + names.map(ConfigurationPrinter.quoted).joined(separator: ", ") + "]" }
        for rule in topic.cooccurrences {
            line("")
            line("[[\(base).cooccur]]")
            line("concepts = \(list(rule.concepts))")
            if !rule.requires.isEmpty { line("requires = \(list(rule.requires))") }
            line("weight = \(rule.weight)")
        }
        for negative in topic.negatives {
            line("")
            line("[[\(base).negative]]")
            line("concept = \(ConfigurationPrinter.quoted(negative.concept))")
            line("scope = \(ConfigurationPrinter.quoted(negative.scope.rawValue))")
            if negative.scope == .sentence { line("factor = \(negative.factor)") }
        }
        for gate in topic.gates {
            line("")
            line("[[\(base).gates]]")
            line("concept = \(ConfigurationPrinter.quoted(gate.concept))")
            line("intended = \(list(gate.intended))")
            line("rivals = \(list(gate.rivals))")
        }
    }
}
