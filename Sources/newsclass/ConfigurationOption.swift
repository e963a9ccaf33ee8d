import ArgumentParser
import NewsclassConfig

/// `--config FILE`, shared by every command that needs a configuration.
struct ConfigurationOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Configuration file (TOML).",
            discussion: "Without it: $NEWSCLASS_CONFIG, then (run, check-config) /etc/newsclass/NAME.toml for --instance NAME if present, then /etc/newsclass/newsclass.toml if present, then the built-in default.",
            valueName: "file"))
    var config: String?

    var source: ConfigurationSource { source(instance: nil) }

    func source(instance: String?) -> ConfigurationSource {
        ConfigurationSource.resolve(explicit: config, instance: instance)
    }

    /// Loads the configuration or exits 78 with the error's file, line, column and key.
    func load(instance: String? = nil) throws -> Configuration {
        do {
            return try source(instance: instance).load()
        } catch {
            printError("newsclass: \(error)")
            throw ExitStatus.configError
        }
    }
}
