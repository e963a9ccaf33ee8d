import NewsclassClassifier
import NewsclassDigest

#if canImport(Glibc)
import Glibc
#endif

/// Compiled matcher tables kept as files in one folder (`/var/cache/newsclass` under the
/// unit), mapped read-only: only the rows a scan reaches are resident, the kernel can drop
/// them under memory pressure and read them back, feeds on one host with the same lexicon
/// share one copy, and a start or reload with an unchanged lexicon skips the build.
///
/// A file is `matcher-<digest of the key>.tables`: the image, then the key's SHA-256 and
/// the image's SHA-256. It is taken only if it is a regular file owned by this user,
/// writable by nobody else, and both digests match; then the automaton checks every table
/// (`refused` when it fails), after which the pages checked leave memory again. Anything
/// else is built again and the file replaced.
/// Files are written under a temporary name and renamed into place, so a reader never
/// sees half of one. The `keepFiles` most recently used stay; older ones (other
/// lexicons) are removed when a new one is written.
public struct MatcherCacheDirectory: MatcherTableStore {
    public let path: String
    /// How many table files stay in the folder (feeds with their own lexicons each have one).
    public static let keepFiles = 8
    /// Larger files are not ours (the built-in lexicon's are about 12 MB).
    static let largestFile = 1 << 30
    private let warn: @Sendable (String) -> Void

    /// `warn` hears why the folder could not be used (the tables then stay in memory).
    public init(path: String, warn: @escaping @Sendable (String) -> Void) {
        self.path = path
        self.warn = warn
    }

    public func image(forKey key: [UInt8]) -> MatcherImage? {
        let keyDigest = SHA256.hash(key)
        let file = fileName(keyDigest)
        let fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            // A folder that is missing or not one is `keep`'s to report.
            if errno != ENOENT && errno != ENOTDIR { warn("matcher cache: cannot open \(file): \(Self.describe(errno))") }
            return nil
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid(),
              status.st_mode & 0o022 == 0, status.st_size > 64, status.st_size <= Self.largestFile
        else {
            warn("matcher cache: \(file) is not a table file of this user (not a regular file, another owner, "
                + "writable by others, or of a wrong size); building the tables instead")
            return nil
        }
        let imageSize = Int(status.st_size) - 64
        guard let (storedKey, storedImage) = readTrailer(fd, imageSize: imageSize),
              storedKey == keyDigest, let digest = digestOfImage(fd, size: imageSize), digest == storedImage
        else {
            warn("matcher cache: \(file) does not hold the tables it names (a damaged file); building them again")
            return nil
        }
        _ = futimens(fd, nil)  // most recently used: the last to be pruned
        return map(fd, imageSize: imageSize, name: file, checkedFromCache: true)
    }

    public func refused(forKey key: [UInt8]) {
        warn("matcher cache: \(fileName(SHA256.hash(key))) holds tables that fail the matcher's check "
            + "(written by another version, or altered); building them again")
    }

    public func keep(_ image: UnsafeRawBufferPointer, forKey key: [UInt8]) -> MatcherImage? {
        let keyDigest = SHA256.hash(key)
        let file = fileName(keyDigest)
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            warn("matcher cache: cannot create \(path): \(Self.describe(errno)); the tables stay in memory")
            return nil
        }
        var template = Array("\(path)/.matcher-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            warn("matcher cache: cannot write in \(path): \(Self.describe(errno)); the tables stay in memory")
            return nil
        }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let imageDigest = SHA256.Stream() else { unlink(temporary); return nil }
        imageDigest.update(image)
        let trailer = keyDigest + imageDigest.finish()
        let written = writeAll(fd, image) && trailer.withUnsafeBytes { writeAll(fd, $0) }
        guard written, rename(temporary, file) == 0 else {
            let problem = Self.describe(errno)
            unlink(temporary)
            warn("matcher cache: cannot write \(file): \(problem); the tables stay in memory")
            return nil
        }
        prune(keeping: file)
        // Written pages sit in the page cache in large blocks, and a fault maps a whole block:
        // every row would be resident at once. On disk and out of the cache, the rows come
        // back a page at a time, as scans reach them (MADV_RANDOM, see `map`).
        if fsync(fd) == 0 { _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) }
        return map(fd, imageSize: image.count, name: file, checkedFromCache: false)
    }

    // MARK: - Files

    private func fileName(_ keyDigest: [UInt8]) -> String {
        "\(path)/matcher-\(SHA256.hex(keyDigest.prefix(16))).tables"
    }

    /// Maps the image read-only. An image read from the cache (`checkedFromCache`) is read
    /// whole once more by the automaton's check; then its pages leave the mapping and the
    /// page cache (through a duplicate of `fd`, closed with the mapping), as after writing.
    private func map(_ fd: Int32, imageSize: Int, name: String, checkedFromCache: Bool) -> MatcherImage? {
        guard let base = mmap(nil, imageSize, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            warn("matcher cache: cannot map \(name): \(Self.describe(errno)); the tables stay in memory")
            return nil
        }
        // No read-ahead and no fault-around: a scan reaches scattered rows, and only those
        // should be resident.
        _ = madvise(base, imageSize, MADV_RANDOM)
        let file = checkedFromCache ? dup(fd) : -1
        if file >= 0 { _ = fcntl(file, F_SETFD, FD_CLOEXEC) }
        return MatcherImage(
            bytes: UnsafeRawBufferPointer(start: base, count: imageSize),
            release: { bytes in
                _ = munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
                if file >= 0 { close(file) }
            },
            afterCheck: { bytes in
                _ = madvise(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count, MADV_DONTNEED)
                if file >= 0 { _ = posix_fadvise(file, 0, 0, POSIX_FADV_DONTNEED) }
            })
    }

    private func readTrailer(_ fd: Int32, imageSize: Int) -> (key: [UInt8], image: [UInt8])? {
        var trailer = [UInt8](repeating: 0, count: 64)
        let got = trailer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 64, off_t(imageSize)) }
        guard got == 64 else { return nil }
        return (Array(trailer[0..<32]), Array(trailer[32..<64]))
    }

    /// The image's digest, read in chunks (a mapping would leave every page resident).
    private func digestOfImage(_ fd: Int32, size: Int) -> [UInt8]? {
        guard let digest = SHA256.Stream() else { return nil }
        let chunk = 1 << 16
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while offset < size {
            let got = pread(fd, buffer.baseAddress, min(chunk, size - offset), off_t(offset))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return nil }
            digest.update(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            offset += got
        }
        return digest.finish()
    }

    private func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let wrote = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { return false }
            offset += wrote
        }
        return true
    }

    /// Removes table files beyond the `keepFiles` most recently used, and temporary files a
    /// crash left behind (older than an hour).
    private func prune(keeping current: String) {
        guard let folder = opendir(path) else { return }
        defer { closedir(folder) }
        var tables: [(name: String, used: Int)] = []
        let now = time(nil)
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            let full = "\(path)/\(name)"
            var status = stat()
            guard lstat(full, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid() else { continue }
            if name.hasPrefix("matcher-") && name.hasSuffix(".tables") && full != current {
                tables.append((full, status.st_mtim.tv_sec))
            } else if name.hasPrefix(".matcher-") && now - status.st_mtim.tv_sec > 3600 {
                unlink(full)
            }
        }
        tables.sort { $0.used > $1.used }
        for table in tables.dropFirst(Self.keepFiles - 1) { unlink(table.name) }
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
