import NewsclassClassifier

/// Builds the effective topics from the built-in topic files and the user's `[topics.*]`.
///
/// - A user topic whose name is built-in **extends** it: concept terms are unioned per
///   language, new concepts, rules, negatives and gates are appended; an entry for a concept
///   (or co-occurrence rule) the topic already has changes it instead: a phrase or negative
///   naming the same concept takes the new weight/scope, a rule with the same concepts and
///   requires takes the new weight, a gate on the same concept gains the new intended and
///   rival concepts. So identical entries merge into one. Scalars (description, threshold,
///   saturation, min_sentences) override.
/// - `replace = true` defines the built-in topic whole; `enabled = false` drops it.
/// - Any other name adds a topic, after the built-in ones, in the order written.
///
/// References (phrases, rules, negatives, gates naming concepts) are checked after merging,
/// so an extension may use the built-in concepts; an error names the file and line where
/// the reference is written.
enum TopicComposer {
    /// A topic being assembled, with where each entry came from.
    struct Draft {
        var definition: TopicDefinition
        var location: KeyLocation
        var conceptLocations: [KeyLocation] = []
        var phraseLocations: [KeyLocation] = []
        var ruleLocations: [(concepts: KeyLocation, requires: KeyLocation)] = []
        var negativeLocations: [KeyLocation] = []
        /// Per gate: where its concept is named, and where each intended and rival concept is.
        var gateLocations: [(concept: KeyLocation, names: [String: KeyLocation])] = []

        init(name: String, location: KeyLocation) {
            self.definition = TopicDefinition(name: name)
            self.location = location
        }

        /// An entry for something the topic already has (`isSame`) replaces it; else it is added.
        private static func replaceOrAppend<Value>(
            _ entry: TopicLayer.Located<Value>, in values: inout [Value], _ locations: inout [KeyLocation],
            isSame: (Value) -> Bool
        ) {
            if let k = values.firstIndex(where: isSame) {
                values[k] = entry.value
                locations[k] = entry.location
            } else {
                values.append(entry.value)
                locations.append(entry.location)
            }
        }

        mutating func apply(_ layer: TopicLayer) {
            if let description = layer.description { definition.description = description }
            if let threshold = layer.threshold { definition.threshold = threshold }
            if let saturation = layer.saturation { definition.saturation = saturation }
            if let count = layer.minSentences { definition.minSentences = count }
            for entry in layer.concepts {
                if let k = definition.concepts.firstIndex(where: { $0.name == entry.value.name }) {
                    definition.concepts[k] = Self.union(definition.concepts[k], entry.value)
                } else {
                    definition.concepts.append(entry.value)
                    conceptLocations.append(entry.location)
                }
            }
            for entry in layer.phrases {
                Self.replaceOrAppend(entry, in: &definition.phrases, &phraseLocations) { $0.concept == entry.value.concept }
            }
            for entry in layer.cooccurrences {
                let rule = entry.rule
                if let k = definition.cooccurrences.firstIndex(where: {
                    Set($0.concepts) == Set(rule.concepts) && Set($0.requires) == Set(rule.requires)
                }) {
                    definition.cooccurrences[k].weight = rule.weight
                } else {
                    definition.cooccurrences.append(rule)
                    ruleLocations.append((entry.concepts, entry.requires))
                }
            }
            for entry in layer.negatives {
                Self.replaceOrAppend(entry, in: &definition.negatives, &negativeLocations) { $0.concept == entry.value.concept }
            }
            for entry in layer.gates {
                if let k = definition.gates.firstIndex(where: { $0.concept == entry.gate.concept }) {
                    for name in entry.gate.intended where !definition.gates[k].intended.contains(name) {
                        definition.gates[k].intended.append(name)
                        gateLocations[k].names[name] = entry.intended
                    }
                    for name in entry.gate.rivals where !definition.gates[k].rivals.contains(name) {
                        definition.gates[k].rivals.append(name)
                        gateLocations[k].names[name] = entry.rivals
                    }
                } else {
                    definition.gates.append(entry.gate)
                    var names: [String: KeyLocation] = [:]
                    for name in entry.gate.rivals { names[name] = entry.rivals }
                    for name in entry.gate.intended { names[name] = entry.intended }
                    gateLocations.append((entry.concept, names))
                }
            }
        }

        /// Terms of `extra` added to `base`, per language, skipping terms already there.
        static func union(_ base: Concept, _ extra: Concept) -> Concept {
            var result = base
            for group in extra.terms {
                if let k = result.terms.firstIndex(where: { $0.language == group.language }) {
                    var seen = Set(result.terms[k].terms.map(TextNormalizer.normalize))
                    for term in group.terms where seen.insert(TextNormalizer.normalize(term)).inserted {
                        result.terms[k].terms.append(term)
                    }
                } else {
                    result.terms.append(group)
                }
            }
            return result
        }

        /// Every reference names a concept of the topic; at most 64 concepts.
        func validate() throws(ConfigurationError) {
            let names = Set(definition.concepts.map(\.name))
            if definition.concepts.count > Classifier.maxConceptsPerTopic {
                throw location.error("at most \(Classifier.maxConceptsPerTopic) concepts per topic (found \(definition.concepts.count))")
            }
            func check(_ list: [String], _ location: KeyLocation) throws(ConfigurationError) {
                if let unknown = list.first(where: { !names.contains($0) }) {
                    throw location.error("unknown concept \"\(unknown)\"")
                }
            }
            for (phrase, location) in zip(definition.phrases, phraseLocations) { try check([phrase.concept], location) }
            for (rule, location) in zip(definition.cooccurrences, ruleLocations) {
                try check(rule.concepts, location.concepts)
                try check(rule.requires, location.requires)
            }
            for (negative, location) in zip(definition.negatives, negativeLocations) {
                try check([negative.concept], location)
            }
            for (gate, location) in zip(definition.gates, gateLocations) {
                try check([gate.concept], location.concept)
                for name in gate.intended + gate.rivals {
                    if let place = location.names[name] { try check([name], place) }
                }
            }
        }
    }

    /// The effective topics: the built-in ones changed by `user` (the user's `[topics]`
    /// table, if any).
    static func compose(user: TableReader?) throws(ConfigurationError) -> [TopicDefinition] {
        var drafts: [Draft] = []
        for file in BuiltInTopics.files {
            let layer = try BuiltInTopics.layer(file)
            var draft = Draft(name: layer.name, location: layer.location)
            draft.apply(layer)
            drafts.append(draft)
        }
        if let user {
            var kept: [Draft] = []
            for name in user.keysInTextOrder {
                guard ConfigurationLoader.isValidTopicName(name) else {
                    throw user.error(name, "a topic name is lower-case letters, digits and _, starting with a letter (it becomes a journal field)")
                }
                guard let table = try user.table(name) else { continue }
                let layer = try TopicLayer(name: name, table: table)
                if let k = drafts.firstIndex(where: { $0.definition.name == name }) {
                    if !layer.enabled {
                        drafts.remove(at: k)
                        continue
                    }
                    if layer.replace { drafts[k] = Draft(name: name, location: layer.location) }
                    drafts[k].apply(layer)
                } else if layer.enabled {
                    var draft = Draft(name: name, location: layer.location)
                    draft.apply(layer)
                    kept.append(draft)
                }
            }
            drafts += kept
            if drafts.isEmpty { throw user.error(nil, "at least one topic is needed (every built-in topic is disabled)") }
        }
        for draft in drafts { try draft.validate() }
        return drafts.map(\.definition)
    }
}
