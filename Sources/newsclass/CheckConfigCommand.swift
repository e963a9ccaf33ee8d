import ArgumentParser
import NewsclassClassifier
import NewsclassConfig

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a configuration and print the effective result.",
        discussion: """
            Prints the configuration newsclass would use, every default filled in, as TOML. \
            Topics are summarised: their settings, then per concept its term count per \
            language key and what uses it, and the rules (as comments); --verbose prints \
            every term instead (lexicon format v2, each topic with replace = true). Either \
            output loads back as a configuration with the same topics. The built-in topic \
            files are checked as well as the given file. On error prints \
            FILE:LINE:COLUMN: KEY: MESSAGE and exits 78; unknown keys are errors. A summary \
            of the compiled lexicon goes to standard error.
            """
    )

    @OptionGroup var options: ConfigurationOption

    @Flag(name: .long, help: "Print every term of every topic, not a summary.")
    var verbose = false

    func run() throws {
        let config = try options.load()
        print("# effective configuration from \(options.source)")
        print(ConfigurationPrinter.toml(config, topics: verbose ? .full : .summary), terminator: "")
        let classifier = Classifier(model: config.model)
        let topics = config.model.topics.map(\.name).joined(separator: ", ")
        let megabytes = Double(classifier.matcherMemoryFootprint) / 1_048_576
        printError("newsclass: \(options.source): ok; topics: \(topics); \(classifier.patternCount) distinct terms "
            + "in one automaton (\((megabytes * 10).rounded() / 10) MB)")
    }
}
