/// Two glibc malloc knobs that keep the daemon's resident size down for a run of months.
/// (Both live in <malloc.h>, which the Glibc module does not bring in.)
public enum MallocTuning {
    /// glibc gives each thread its own arena, each keeping freed memory for itself; the
    /// pipeline's threads hand buffers to one another, so a few shared arenas keep the
    /// resident size down (about 4 MB measured) at no measurable CPU cost. Call before
    /// starting threads.
    public static func shareArenas(_ count: Int32) {
        #if canImport(Glibc)
        _ = glibcMallopt(-8 /* M_ARENA_MAX */, count)
        #endif
    }

    /// Blocks of `bytes` or more always get their own mapping, which free returns to the
    /// kernel at once. glibc otherwise raises this threshold each time such a block is
    /// freed, after which the matcher's tables (about 12 MB, rebuilt at every reload) and
    /// large articles land in the heap and stay resident after they are freed: the soak
    /// saw 8–16 MB more after a few reloads. Call before starting threads.
    public static func mapLargeBlocks(from bytes: Int32) {
        #if canImport(Glibc)
        _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD */, bytes)
        #endif
    }

    /// Hands memory malloc holds free back to the kernel: after building the matcher's
    /// tables, which need several MB of scratch space once (about 4 MB measured).
    public static func releaseFreeMemory() {
        #if canImport(Glibc)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if canImport(Glibc)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32

@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
