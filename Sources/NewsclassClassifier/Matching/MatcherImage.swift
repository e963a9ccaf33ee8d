/// The bytes of a compiled automaton (see `AutomatonImage` for the layout), and who frees
/// them: memory of our own, or a file the kernel maps (`MatcherTableStore`).
///
/// The automaton reads its tables in place, so the image lives as long as the matcher.
public final class MatcherImage: @unchecked Sendable {
    /// Read-only from construction on; the automaton's arrays point into it.
    public let bytes: UnsafeRawBufferPointer
    private let release: @Sendable (UnsafeRawBufferPointer) -> Void

    /// Wraps `bytes`, which `release` frees (or unmaps) when the image goes.
    public init(bytes: UnsafeRawBufferPointer, release: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) {
        self.bytes = bytes
        self.release = release
    }

    /// Fresh, zeroed memory of our own, page-aligned.
    static func allocate(byteCount: Int) -> (image: MatcherImage, bytes: UnsafeMutableRawPointer) {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: AutomatonImage.pageSize)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        let image = MatcherImage(bytes: UnsafeRawBufferPointer(start: pointer, count: byteCount)) {
            $0.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() }
        }
        return (image, pointer)
    }

    deinit { release(bytes) }
}

/// Where compiled matcher tables are kept between runs, so that they need not be built
/// again and can live in a file the kernel maps instead of in the process's own memory:
/// only the rows a scan reaches are then resident, the kernel may drop them under memory
/// pressure and read them back, and processes with the same lexicon share one copy.
///
/// The classifier stays free of I/O: it hands the store a key (the patterns and the
/// layout, see `PatternMatcher`) and the image it built; the store does the files.
public protocol MatcherTableStore: Sendable {
    /// The image kept under `key`, if there is a sound one. The automaton checks the
    /// layout's header; the store answers for the bytes being the ones it kept.
    func image(forKey key: [UInt8]) -> MatcherImage?

    /// Keeps `image` under `key`. Returns the kept copy for the matcher to use instead of
    /// the built one (which is freed then), or nil to go on with the built one.
    func keep(_ image: UnsafeRawBufferPointer, forKey key: [UInt8]) -> MatcherImage?
}
