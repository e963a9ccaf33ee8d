import CLibFuzzer

#if canImport(Glibc)
import Glibc
#endif

// What the libFuzzer targets share: the entry point libFuzzer calls, the hand-over to
// libFuzzer in fuzzing builds, and the replay tool that ordinary builds make of a target.
//
// A target sets its check and calls `FuzzDriver.main(name:usage:check:)`:
// - built with -sanitize=fuzzer,address -D FUZZING (`make fuzz`), main() hands over to
//   libFuzzer (LLVMFuzzerRunDriver, so that libFuzzer's own main() is never linked in),
//   which calls the check with each input;
// - in ordinary builds, `fuzz-NAME FILE...` runs each file's bytes through the same check.
//
// A check reports a broken property with `fuzzFailure`, which aborts: libFuzzer (or the
// replay tool's exit status) then shows the input as a crash.

/// The check of this process's target; set once, before any input is run.
nonisolated(unsafe) private var currentCheck: (([UInt8]) -> Void)?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
    currentCheck?(bytes)
    return 0
}

/// Stops the run on a broken property: the message, then an abort that libFuzzer reports
/// as a crash (with the input saved as crash-*).
public func fuzzFailure(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    var text = "fuzz property broken at \(file):\(line): \(message())\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    abort()
}

public enum FuzzDriver {
    public static func main(name: String, check: @escaping ([UInt8]) -> Void) -> Never {
        currentCheck = check
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, { data, size in fuzzTestOneInput(data, size) }))
        #else
        let files = CommandLine.arguments.dropFirst()
        if files.isEmpty {
            print("usage: fuzz-\(name) FILE...  (each file's bytes through the fuzz checks)")
            exit(2)
        }
        var status: Int32 = 0
        for path in files {
            guard let bytes = readFile(path) else {
                print("\(path): cannot read")
                status = 1
                continue
            }
            check(bytes)
            print("\(path): ok")
        }
        exit(status)
        #endif
    }

    /// A file's bytes, read into an array of exactly its size (no growth on the way, so
    /// that a memory measurement sees the input once).
    public static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let n = read(descriptor, buffer.baseAddress! + done, size - done)
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                done += n
            }
            failed = done != size
            count = done
        }
        return failed ? nil : bytes
    }
}
