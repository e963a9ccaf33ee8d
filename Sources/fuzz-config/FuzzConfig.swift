import CLibFuzzer
import NewsclassConfig

#if canImport(Glibc)
import Glibc
#endif

// libFuzzer target for the configuration loader: any bytes, as a file's bytes and as
// text, must give a configuration or a ConfigurationError, never a trap; and a
// configuration that loads must print (check-config) as TOML that loads back to itself.
//
// `make fuzz` builds it with -sanitize=fuzzer,address -D FUZZING: main() hands over to
// libFuzzer (LLVMFuzzerRunDriver, so that libFuzzer's own main() is never linked in).
// In ordinary builds it is a replay tool:
//   .build/debug/fuzz-config FILE...   runs each file through the same checks.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    check(bytes)
    return 0
}

func check(_ bytes: [UInt8]) {
    let fromBytes = try? ConfigurationLoader.parse(bytes: bytes, file: "fuzz.toml")
    let fromText = try? ConfigurationLoader.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.toml")
    guard let config = fromBytes ?? fromText else { return }
    let printed = ConfigurationPrinter.toml(config)
    do {
        let again = try ConfigurationLoader.parse(printed, file: "printed.toml")
        guard again == config else {
            fatalError("the printed configuration loads as a different one:\n\(printed)")
        }
    } catch {
        fatalError("the printed configuration does not load: \(error)\n\(printed)")
    }
}

@main
enum FuzzConfigMain {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, { data, size in fuzzConfig(data, size) }))
        #else
        let files = CommandLine.arguments.dropFirst()
        if files.isEmpty { print("usage: fuzz-config FILE...  (each file's bytes through the fuzz checks)") }
        for path in files {
            guard let bytes = readFile(path) else {
                print("\(path): cannot read")
                continue
            }
            check(bytes)
            print("\(path): ok")
        }
        #endif
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes
    }
}
