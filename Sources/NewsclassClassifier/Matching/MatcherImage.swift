/// The bytes of a compiled automaton (see `AutomatonImage` for the layout), and who frees
/// them: memory of our own, or a file the kernel maps (`MatcherTableStore`).
///
/// The automaton reads its tables in place, so the image lives as long as the matcher.
public final class MatcherImage: @unchecked Sendable {
    /// Read-only from construction on; the automaton's arrays point into it.
    public let bytes: UnsafeRawBufferPointer
    private let release: @Sendable (UnsafeRawBufferPointer) -> Void
    private let afterCheck: (@Sendable (UnsafeRawBufferPointer) -> Void)?

    /// Wraps `bytes`, which `release` frees (or unmaps) when the image goes. `afterCheck`
    /// runs once the automaton has read every table to check it (for a mapped file: let
    /// the pages go again, so that only what scans reach stays resident).
    public init(
        bytes: UnsafeRawBufferPointer, release: @escaping @Sendable (UnsafeRawBufferPointer) -> Void,
        afterCheck: (@Sendable (UnsafeRawBufferPointer) -> Void)? = nil
    ) {
        self.bytes = bytes
        self.release = release
        self.afterCheck = afterCheck
    }

    func checked() { afterCheck?(bytes) }

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
    /// The image kept under `key`, if there is one whose bytes are the ones the store
    /// kept. The automaton checks every table before it scans with them.
    func image(forKey key: [UInt8]) -> MatcherImage?

    /// The image `image(forKey:)` gave failed the automaton's check (not tables of this
    /// format, or damaged in a way the store could not see); it is built again and
    /// `keep` replaces it.
    func refused(forKey key: [UInt8])

    /// Keeps `image` under `key`. Returns the kept copy for the matcher to use instead of
    /// the built one (which is freed then), or nil to go on with the built one.
    func keep(_ image: UnsafeRawBufferPointer, forKey key: [UInt8]) -> MatcherImage?
}
