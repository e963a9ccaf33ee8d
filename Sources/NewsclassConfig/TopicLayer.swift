import NewsclassClassifier

/// Where a key is written, kept with what was read from it so that an error found later
/// (after built-in and user topics are merged) still names FILE:LINE:COLUMN: KEY.
struct KeyLocation: Sendable, Equatable {
    var file: String
    var line: Int?
    var column: Int?
    var key: String?

    init(_ reader: TableReader, _ key: String?) {
        let template = reader.error(key, "")
        self.file = template.file
        self.line = template.line
        self.column = template.column
        self.key = template.key
    }

    func error(_ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line, column: column, key: key, message: message)
    }
}

/// One `[topics.NAME]` table as written in one file: a built-in topic file or the user's
/// config. Every entry keeps where it was written. `TopicComposer` merges layers.
struct TopicLayer {
    struct Located<Value> {
        var value: Value
        var location: KeyLocation
    }

    var name: String
    var location: KeyLocation
    var description: String?
    var threshold: Double?
    var saturation: Double?
    var minSentences: Int?
    /// `replace = true`: this table defines the topic whole instead of extending it.
    var replace = false
    /// `enabled = false`: the topic is dropped.
    var enabled = true
    var concepts: [Located<Concept>] = []
    var phrases: [Located<PhraseGroup>] = []
    /// Locations of `concepts` and of `requires` (or of the rule when absent).
    var cooccurrences: [(rule: Cooccurrence, concepts: KeyLocation, requires: KeyLocation)] = []
    var negatives: [Located<NegativeContext>] = []
    /// Locations of `concept`, `intended` and `rivals`.
    var gates: [(gate: SenseGate, concept: KeyLocation, intended: KeyLocation, rivals: KeyLocation)] = []

    static let keys: Set<String> = [
        "description", "threshold", "saturation", "min_sentences", "concepts", "phrases", "cooccur", "negative", "gates",
        "replace", "enabled",
    ]

    /// Reads `table`, the value of `[topics.NAME]`. Checks types, ranges, names and terms;
    /// references between concepts are checked after merging, by `TopicComposer`.
    init(name: String, table: TableReader) throws(ConfigurationError) {
        self.name = name
        self.location = KeyLocation(table, nil)
        try table.rejectUnknownKeys(allowed: Self.keys)
        if let replace = try table.bool("replace") { self.replace = replace }
        if let enabled = try table.bool("enabled") { self.enabled = enabled }
        description = try table.string("description")
        if let threshold = try table.number("threshold") {
            guard threshold > 0, threshold <= 1 else {
                throw table.error("threshold", "must be more than 0 and at most 1 (found \(threshold))")
            }
            self.threshold = threshold
        }
        if let count = try table.number("min_sentences") {
            guard count >= 1, count <= 100, count == count.rounded() else {
                throw table.error("min_sentences", "must be a whole number from 1 to 100 (found \(count))")
            }
            self.minSentences = Int(count)
        }
        if let saturation = try table.number("saturation") {
            guard saturation > 0 else { throw table.error("saturation", "must be more than 0 (found \(saturation))") }
            self.saturation = saturation
        }
        try readConcepts(table)
        var declared = Set(concepts.map(\.value.name))
        // An old-style entry's inline `terms` become a concept of its own, named after the entry.
        func inlineConcept(_ entry: TableReader, kind: String, index: Int) throws(ConfigurationError) -> String {
            var name = "\(kind)_\(index)"
            var suffix = 2
            while declared.contains(name) {
                name = "\(kind)_\(index)_\(suffix)"
                suffix += 1
            }
            let terms = try Self.terms(entry, "terms")
            declared.insert(name)
            concepts.append(Located(value: Concept(name: name, terms: terms), location: KeyLocation(entry, "terms")))
            return name
        }
        func conceptReference(_ entry: TableReader, kind: String, index: Int) throws(ConfigurationError) -> String {
            let named = try entry.string("concept")
            let hasTerms = try entry.strings("terms") != nil
            switch (named, hasTerms) {
            case (let name?, false):
                try Self.checkConceptName(name, entry, "concept")
                return name
            case (nil, true):
                return try inlineConcept(entry, kind: kind, index: index)
            case (_?, true):
                throw entry.error("terms", "give either `concept` (a concept's name) or `terms` (a list), not both")
            case (nil, false):
                throw entry.error("concept", "missing: name a concept (or list `terms`)")
            }
        }

        for (index, entry) in (try table.tables("phrases") ?? []).enumerated() {
            try entry.rejectUnknownKeys(allowed: ["concept", "terms", "weight"])
            let concept = try conceptReference(entry, kind: "phrases", index: index)
            guard let weight = try entry.number("weight") else { throw entry.error("weight", "missing") }
            guard weight > 0 else { throw entry.error("weight", "must be more than 0 (found \(weight))") }
            phrases.append(Located(value: PhraseGroup(concept: concept, weight: weight), location: KeyLocation(entry, "concept")))
        }
        for entry in try table.tables("cooccur") ?? [] {
            try entry.rejectUnknownKeys(allowed: ["concepts", "requires", "weight"])
            guard let names = try entry.strings("concepts"), !names.isEmpty else {
                throw entry.error("concepts", "missing: name the concepts that must meet in one sentence")
            }
            let requires = try entry.strings("requires") ?? []
            for name in names { try Self.checkConceptName(name, entry, "concepts") }
            for name in requires { try Self.checkConceptName(name, entry, "requires") }
            guard let weight = try entry.number("weight") else { throw entry.error("weight", "missing") }
            guard weight > 0 else { throw entry.error("weight", "must be more than 0 (found \(weight))") }
            cooccurrences.append((
                Cooccurrence(concepts: names, requires: requires, weight: weight),
                KeyLocation(entry, "concepts"), KeyLocation(entry, "requires")))
        }
        for (index, entry) in (try table.tables("negative") ?? []).enumerated() {
            try entry.rejectUnknownKeys(allowed: ["concept", "terms", "scope", "factor"])
            let concept = try conceptReference(entry, kind: "negative", index: index)
            var negative = NegativeContext(concept: concept)
            if let scope = try entry.string("scope") {
                guard let parsed = NegativeContext.Scope(rawValue: scope) else {
                    throw entry.error("scope", "must be \"overlap\" or \"sentence\" (found \"\(scope)\")")
                }
                negative.scope = parsed
            }
            if let factor = try entry.number("factor") {
                guard (0...1).contains(factor) else {
                    throw entry.error("factor", "must be between 0 and 1 (found \(factor))")
                }
                negative.factor = factor
            }
            negatives.append(Located(value: negative, location: KeyLocation(entry, "concept")))
        }
        for entry in try table.tables("gates") ?? [] {
            try entry.rejectUnknownKeys(allowed: ["concept", "intended", "rivals"])
            guard let head = try entry.string("concept") else {
                throw entry.error("concept", "missing: name the ambiguous concept this gate guards")
            }
            try Self.checkConceptName(head, entry, "concept")
            guard let intended = try entry.strings("intended"), !intended.isEmpty else {
                throw entry.error("intended", "missing: name the concepts that show the intended sense")
            }
            let rivals = try entry.strings("rivals") ?? []
            for name in intended { try Self.checkConceptName(name, entry, "intended") }
            for name in rivals { try Self.checkConceptName(name, entry, "rivals") }
            gates.append((
                SenseGate(concept: head, intended: intended, rivals: rivals),
                KeyLocation(entry, "concept"), KeyLocation(entry, "intended"), KeyLocation(entry, "rivals")))
        }
    }

    /// `[topics.T.concepts.NAME]` with a list per language key, or (old style)
    /// `concepts.NAME = [...]`, a flat list filed under "any".
    private mutating func readConcepts(_ table: TableReader) throws(ConfigurationError) {
        guard let concepts = try table.table("concepts") else { return }
        for name in concepts.keysInTextOrder {
            try Self.checkConceptName(name, concepts, name, isDefinition: true)
            if let perLanguage = try? concepts.table(name) {
                var groups: [LanguageTerms] = []
                for language in perLanguage.keysInTextOrder {
                    guard Self.isValidLanguageKey(language) else {
                        throw perLanguage.error(language, "a language key is an ISO 639-1 code (en, ru, ar …), zh-Hans, zh-Hant or any")
                    }
                    groups.append(LanguageTerms(language: language, terms: try Self.terms(perLanguage, language)))
                }
                if groups.isEmpty { throw concepts.error(name, "a concept needs terms under at least one language key") }
                self.concepts.append(Located(value: Concept(name: name, terms: groups), location: KeyLocation(concepts, name)))
            } else {
                let list = try Self.terms(concepts, name)
                self.concepts.append(Located(value: Concept(name: name, terms: list), location: KeyLocation(concepts, name)))
            }
        }
    }

    static func isValidConceptName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    /// "any", or an ISO 639 code with optional subtags ("zh-Hans", "pt-BR").
    static func isValidLanguageKey(_ key: String) -> Bool {
        if key == LanguageTerms.anyLanguage { return true }
        let parts = key.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
              first.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) })
        else { return false }
        return parts.dropFirst().allSatisfy { part in
            (2...8).contains(part.count) && part.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
            }
        }
    }

    private static func checkConceptName(
        _ name: String, _ table: TableReader, _ key: String, isDefinition: Bool = false
    ) throws(ConfigurationError) {
        guard isValidConceptName(name) else {
            let what = isDefinition ? "a concept name" : "\"\(name)\": a concept name"
            throw table.error(key, "\(what) is lower-case letters, digits and _")
        }
    }

    /// The list of terms at `key`, each checked: not empty after normalisation, and a leading
    /// `*` followed by at least 4 letters.
    static func terms(_ table: TableReader, _ key: String) throws(ConfigurationError) -> [String] {
        guard let list = try table.strings(key) else { throw table.error(key, "missing") }
        if list.isEmpty { throw table.error(key, "must list at least one term") }
        for (index, term) in list.enumerated() {
            let normal = TextNormalizer.normalize(term)
            if normal.allSatisfy({ $0 == " " || $0 == "*" }) {
                throw table.error(key, "term \(index) (\"\(term)\") is empty after normalisation")
            }
            if normal.hasPrefix("*") {
                var stem = normal.dropFirst()
                if stem.hasSuffix("*") { stem = stem.dropLast() }
                let letters = stem.unicodeScalars.filter(\.properties.isAlphabetic).count
                if letters < 4 {
                    throw table.error(key, "term \(index) (\"\(term)\"): a leading \"*\" needs at least 4 letters after it")
                }
            }
        }
        return list
    }
}

extension TableReader {
    /// A boolean value, type-checked like the other getters.
    func bool(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let bool = value.boolean else { throw error(key, "expected true or false") }
        return bool
    }
}
