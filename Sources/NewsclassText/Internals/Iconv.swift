import Glibc

/// Where and how an iconv conversion stopped.
struct IconvFailure: Error, Equatable {
    enum Kind: Equatable {
        /// A byte sequence that is not valid in the source encoding (EILSEQ).
        case invalidSequence
        /// The input ends in the middle of a multi-byte sequence (EINVAL).
        case truncatedSequence
    }

    var kind: Kind
    /// Offset of the first byte of the offending sequence in the input.
    var offset: Int
}

/// A character-set conversion, a typed shim over glibc's iconv(3).
///
/// Swift's standard library knows only the Unicode encodings, and Foundation on Linux
/// lacks GB18030 and Big5, so legacy encodings go through glibc's gconv modules.
///
/// The converter owns its descriptor and closes it on deinit; it is noncopyable so the
/// descriptor cannot be closed twice. A descriptor carries shift state and is not safe
/// to share between threads, so make one per conversion and let it go out of scope.
struct IconvConverter: ~Copyable {
    private let descriptor: iconv_t

    /// Opens a converter from `source` to `target` (names as `iconv --list` prints them),
    /// or returns nil when glibc knows no such conversion. Wraps iconv_open(3).
    init?(from source: String, to target: String = "UTF-8") {
        let descriptor = iconv_open(target, source)
        // iconv_open signals failure with (iconv_t)-1, not NULL.
        guard let descriptor, Int(bitPattern: descriptor) != -1 else { return nil }
        self.descriptor = descriptor
    }

    deinit {
        iconv_close(descriptor)
    }

    /// Converts the whole input.
    ///
    /// Strict by default: the first invalid or truncated sequence ends the conversion with
    /// its offset. With a `replacement`, each invalid byte is replaced by it instead and
    /// the conversion goes on (used for headers, where one bad byte should not cost the
    /// whole message). With `stoppingAtTruncatedEnd`, input that ends inside a multi-byte
    /// sequence converts up to it (for a sample cut from a longer text). Wraps iconv(3).
    func convert(_ input: UnsafeBufferPointer<UInt8>, replacement: [UInt8]? = nil,
                 stoppingAtTruncatedEnd: Bool = false) -> Result<[UInt8], IconvFailure> {
        guard let base = input.baseAddress, !input.isEmpty else { return .success([]) }
        var output: [UInt8] = []
        output.reserveCapacity(input.count + input.count / 2 + 16)
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base)
            .assumingMemoryBound(to: CChar.self)
        var inLeft = input.count
        let chunkSize = 16 * 1024
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: chunkSize) { chunk -> Result<[UInt8], IconvFailure> in
            let chunkBase = chunk.baseAddress!
            func drain(_ outPointer: UnsafeMutablePointer<CChar>?) {
                let produced = outPointer.map { $0 - chunkBase } ?? 0
                let bytes = UnsafeRawBufferPointer(start: chunkBase, count: produced)
                output.append(contentsOf: bytes)
            }
            while inLeft > 0 {
                var outPointer: UnsafeMutablePointer<CChar>? = chunkBase
                var outLeft = chunkSize
                let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                let error = errno
                drain(outPointer)
                if result != -1 { break }
                switch error {
                case E2BIG:
                    continue
                case EILSEQ:
                    guard let replacement else {
                        return .failure(IconvFailure(kind: .invalidSequence, offset: input.count - inLeft))
                    }
                    output.append(contentsOf: replacement)
                    inPointer = inPointer.map { $0 + 1 }
                    inLeft -= 1
                case EINVAL where stoppingAtTruncatedEnd && replacement == nil:
                    inLeft = 0
                case EINVAL:
                    guard let replacement else {
                        return .failure(IconvFailure(kind: .truncatedSequence, offset: input.count - inLeft))
                    }
                    output.append(contentsOf: replacement)
                    inLeft = 0
                default:
                    // iconv documents no other errno for a valid descriptor.
                    return .failure(IconvFailure(kind: .invalidSequence, offset: input.count - inLeft))
                }
            }
            // Return to the initial shift state (matters for stateful encodings such as
            // ISO-2022-JP).
            var outPointer: UnsafeMutablePointer<CChar>? = chunkBase
            var outLeft = chunkSize
            _ = iconv(descriptor, nil, nil, &outPointer, &outLeft)
            drain(outPointer)
            return .success(output)
        }
    }
}
