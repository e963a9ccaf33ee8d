import ArgumentParser
import NewsclassConfig

/// `--config FILE`, shared by every command that needs a configuration.
struct ConfigurationOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Configuration file (TOML).",
            discussion: "Without it: $NEWSCLASS_CONFIG, then /etc/newsclass/newsclass.toml if present, then the built-in default.",
            valueName: "file"))
    var config: String?

    var source: ConfigurationSource { ConfigurationSource.resolve(explicit: config) }

    /// Loads the configuration or exits 78 with the error's file, line, column and key.
    func load() throws -> Configuration {
        do {
            return try source.load()
        } catch {
            printError("newsclass: \(error)")
            throw ExitStatus.configError
        }
    }
}
