import FuzzSupport
import NewsclassConfig

// libFuzzer target for the configuration loader: any bytes, as a file's bytes and as
// text, must give a configuration or a ConfigurationError, never a trap; and a
// configuration that loads must print (check-config) as TOML that loads back to itself.
//
// Replay (ordinary builds): .build/debug/fuzz-config FILE...

FuzzDriver.main(name: "config") { bytes in
    let fromBytes = try? ConfigurationLoader.parse(bytes: bytes, file: "fuzz.toml")
    let fromText = try? ConfigurationLoader.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.toml")
    guard let config = fromBytes ?? fromText else { return }
    let printed = ConfigurationPrinter.toml(config)
    do {
        let again = try ConfigurationLoader.parse(printed, file: "printed.toml")
        guard again == config else { fuzzFailure("the printed configuration loads as a different one:\n\(printed)") }
    } catch {
        fuzzFailure("the printed configuration does not load: \(error)\n\(printed)")
    }
}
