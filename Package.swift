// swift-tools-version:6.0
import PackageDescription

// The module graph points one way:
//   NewsclassText (bytes -> Article)  <-  NewsclassClassifier (Article -> Classification)
//   <-  NewsclassConfig (TOML -> settings + topic model)  <-  newsclass (CLI)
// NewsclassTOML (bytes -> TOML document with positions) is ours, in pure Swift, and
// depends on nothing; NewsclassConfig reads the document it returns.
// NewsclassRecords turns a classification into the event-log object (and reads one back,
// JSONValue); it does no I/O.
// No module of the programs imports Foundation: it would link ICU and its data (30 MB) in
// (tests may; fuzz-json uses it as a reference).
// swift-argument-parser brings FoundationEssentials, which has no ICU.
// The built-in topic lexicons, one file per topic (config/topics/NAME.toml), each embedded.
let builtInTopics: [Resource] = ["mining_ban", "corruption", "climate"].map {
    .embedInCode("Resources/topics/\($0).toml")
}

let package = Package(
    name: "newsclass",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "newsclass", targets: ["newsclass"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.12.0"),
    ],
    targets: [
        .target(name: "NewsclassText"),
        .target(name: "NewsclassClassifier", dependencies: ["NewsclassText"]),
        .target(name: "NewsclassTOML"),
        .target(
            name: "NewsclassConfig",
            dependencies: ["NewsclassClassifier", "NewsclassTOML"],
            resources: [.embedInCode("Resources/newsclass.toml")] + builtInTopics
        ),
        .target(name: "NewsclassRecords", dependencies: ["NewsclassClassifier", "NewsclassText"]),
        .target(
            name: "NewsclassEventLog",
            dependencies: [
                "NewsclassRecords", "NewsclassThreads", .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // Detached, named POSIX threads (the daemon's and the event log writer's).
        .target(name: "NewsclassThreads"),
        // SHA-256 of a file's bytes, the article id, by libgcrypt (which libsystemd0 depends
        // on already: no new package, no code in the binary).
        .systemLibrary(name: "CGcrypt", pkgConfig: "libgcrypt", providers: [.apt(["libgcrypt20-dev"])]),
        .target(name: "NewsclassDigest", dependencies: ["CGcrypt"]),
        // The matcher's compiled tables as files the kernel maps (the classifier's
        // MatcherTableStore), for the daemon.
        .target(name: "NewsclassMatcherCache", dependencies: ["NewsclassClassifier", "NewsclassDigest"]),
        .target(
            name: "NewsclassSpool",
            dependencies: [.product(name: "SystemPackage", package: "swift-system")]
        ),
        .target(
            name: "NewsclassDaemon",
            dependencies: [
                "NewsclassText", "NewsclassClassifier", "NewsclassConfig", "NewsclassRecords",
                "NewsclassEventLog", "NewsclassSpool", "NewsclassSystemd", "NewsclassThreads", "NewsclassDigest",
                "NewsclassMatcherCache",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .executableTarget(
            name: "newsclass",
            dependencies: [
                "NewsclassText", "NewsclassClassifier", "NewsclassConfig", "NewsclassRecords",
                "NewsclassDaemon", "NewsclassEventLog", "NewsclassSystemd",
                "NewsclassDigest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .executableTarget(
            name: "newsclass-eval",
            dependencies: ["NewsclassText", "NewsclassClassifier", "NewsclassConfig"]
        ),
        .executableTarget(
            name: "newsclass-bench",
            dependencies: ["NewsclassText", "NewsclassClassifier", "NewsclassConfig"]
        ),
        // libFuzzer targets, one per folder Sources/fuzz-NAME: `make fuzz` builds them with
        // -sanitize=fuzzer,address -D FUZZING; an ordinary build makes replay tools of them.
        // FuzzSupport (Sources/fuzz-support) is what they share: the driver and article checks.
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(name: "fuzz-config", dependencies: ["NewsclassConfig", "FuzzSupport"]),
        .target(name: "FuzzSupport", dependencies: ["NewsclassText", "CLibFuzzer"], path: "Sources/fuzz-support"),
        .executableTarget(name: "fuzz-extract", dependencies: ["NewsclassText", "FuzzSupport"]),
        .executableTarget(name: "fuzz-email", dependencies: ["NewsclassText", "FuzzSupport"]),
        .executableTarget(name: "fuzz-html", dependencies: ["NewsclassText", "FuzzSupport"]),
        .executableTarget(name: "fuzz-json", dependencies: ["NewsclassText", "NewsclassRecords", "FuzzSupport"]),
        .executableTarget(name: "fuzz-eventlog", dependencies: ["NewsclassEventLog", "FuzzSupport"]),
        .executableTarget(name: "fuzz-time", dependencies: ["NewsclassEventLog", "NewsclassRecords", "FuzzSupport"]),
        .testTarget(name: "NewsclassTextTests", dependencies: ["NewsclassText"]),
        .testTarget(
            name: "NewsclassClassifierTests",
            dependencies: ["NewsclassClassifier", "NewsclassConfig", "NewsclassText", "NewsclassTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "NewsclassTOMLTests", dependencies: ["NewsclassTOML"]),
        .testTarget(name: "NewsclassDigestTests", dependencies: ["NewsclassDigest"]),
        .testTarget(
            name: "NewsclassMatcherCacheTests",
            dependencies: ["NewsclassMatcherCache", "NewsclassClassifier", "NewsclassDigest", "NewsclassTestSupport"]
        ),
        .testTarget(name: "NewsclassConfigTests", dependencies: ["NewsclassConfig"]),
        .target(name: "NewsclassTestSupport", path: "Tests/NewsclassTestSupport"),
        .testTarget(name: "NewsclassCLITests", dependencies: ["NewsclassTestSupport"]),
        .testTarget(name: "NewsclassEventLogTests", dependencies: ["NewsclassEventLog", "NewsclassRecords", "NewsclassTestSupport"]),
        .testTarget(name: "NewsclassSpoolTests", dependencies: ["NewsclassSpool"]),
        .testTarget(name: "NewsclassDaemonTests", dependencies: ["NewsclassTestSupport", "NewsclassDaemon"]),
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .target(name: "NewsclassSystemd", dependencies: ["CSystemd", .product(name: "Logging", package: "swift-log")]),
        .executableTarget(
            name: "newsclass-systemd-probe",
            dependencies: ["NewsclassSystemd", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "NewsclassSystemdTests",
            dependencies: [
                "NewsclassSystemd", "NewsclassTestSupport", "newsclass-systemd-probe",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
