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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Check the configuration of this instance of newsclass@.service: /etc/newsclass/NAME.toml when it exists (without --config).",
            valueName: "name"))
    var instance: String?

    func run() throws {
        let instance = try InstanceName.resolve(instance, readsEnvironment: false)
        let config = try options.load(instance: instance)
        let source = options.source(instance: instance)
        print("# effective configuration from \(source)")
        print(ConfigurationPrinter.toml(config, topics: verbose ? .full : .summary), terminator: "")
        let classifier = Classifier(model: config.model)
        let topics = config.model.topics.map(\.name).joined(separator: ", ")
        let megabytes = Double(classifier.matcherMemoryFootprint) / 1_048_576
        printError("newsclass: \(source): ok; topics: \(topics); \(classifier.patternCount) distinct terms "
            + "in one automaton (\((megabytes * 10).rounded() / 10) MB)")
    }
}
