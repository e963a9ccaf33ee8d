import ArgumentParser
import NewsclassClassifier
import NewsclassConfig

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a configuration and print the effective result.",
        discussion: """
            Prints the configuration newsclass would use, every default filled in, as TOML. \
            On error prints FILE:LINE:COLUMN: KEY: MESSAGE and exits 78; unknown keys are \
            errors. A summary of the compiled lexicon goes to standard error.
            """
    )

    @OptionGroup var options: ConfigurationOption

    func run() throws {
        let config = try options.load()
        print("# effective configuration from \(options.source)")
        print(ConfigurationPrinter.toml(config), terminator: "")
        let classifier = Classifier(model: config.model)
        let topics = config.model.topics.map(\.name).joined(separator: ", ")
        printError("newsclass: \(options.source): ok; topics: \(topics); \(classifier.patternCount) distinct terms in one automaton")
    }
}
