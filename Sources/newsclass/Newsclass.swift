import ArgumentParser

@main
struct Newsclass: ParsableCommand {
    static let version = "1.0.0"

    static let configuration = CommandConfiguration(
        commandName: "newsclass",
        abstract: "Classify news articles by topic and explain every label.",
        discussion: """
            newsclass labels articles with the topics of its configuration (built in: \
            mining_ban, corruption, climate) and names the evidence for every label. It reads \
            plain text, Markdown, HTML, JSON article objects and e-mail, in UTF-8, UTF-16, \
            GB18030/GBK, Big5 or Windows-1252.

            Configuration is read from --config, else $NEWSCLASS_CONFIG, else (with \
            --instance NAME) /etc/newsclass/NAME.toml if it exists, else \
            /etc/newsclass/newsclass.toml if it exists, else the built-in default.

            Exit codes: 0 ok, 1 newsclass log --check found a gap, 64 usage, 65 an input was \
            rejected (binary, empty, too large, bad encoding), 66 an input is missing or \
            unreadable, 74 I/O error, 78 configuration error.
            """,
        version: "newsclass \(version)",
        subcommands: [ClassifyCommand.self, CheckConfigCommand.self, RunCommand.self, LogCommand.self]
    )
}
