import NewsclassClassifier

/// Renders a configuration back to TOML, every value spelled out, in the order the
/// shipped file uses; what `newsclass check-config` prints. Parsing the output gives the
/// same configuration back (with `topics: .summary`, the same built-in topics).
public enum ConfigurationPrinter {
    public static func toml(_ config: Configuration, topics: TopicPrinter.Detail = .full) -> String {
        var out = ""
        func line(_ text: String = "") { out += text + "\n" }

        line("[spool]")
        line("path = \(quoted(config.spool.path))")
        line("include = \(list(config.spool.include))")
        line("exclude = \(list(config.spool.exclude))")
        line("unfinished = \(list(config.spool.unfinished))")
        line("max_bytes = \(config.spool.maxBytes)")
        line("after = \(quoted(config.spool.after.rawValue))")
        line("reconcile_seconds = \(number(config.spool.reconcileIntervalSeconds))")
        line()
        line("[log]")
        line("path = \(quoted(config.log.path))")
        line()
        line("[daemon]")
        line("workers = \(config.daemon.workers)")
        line()
        line("[classifier]")
        line("title_weight = \(number(config.model.titleWeight))")
        line("min_sentences = \(config.model.minSentences)")
        for topic in config.model.topics { TopicPrinter.print(topic, detail: topics, into: &out) }
        return out
    }

    private static func number(_ value: Double) -> String {
        "\(value)"
    }

    /// A key as written: bare when it can be (letters, digits, `_`, `-`), else quoted.
    static func key(_ name: String) -> String {
        let bare = !name.isEmpty && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        return bare ? name : quoted(name)
    }

    private static func list(_ items: [String]) -> String {
        "[" + items.map(quoted).joined(separator: ", ") + "]"
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
