import CGcrypt

/// SHA-256, for the article ids of the event log (`sha256:` + hex): a content
/// fingerprint, computed by libgcrypt. libgcrypt comes with libsystemd0 (which the daemon
/// needs anyway), is thread-safe, and uses the processor's SHA instructions where it has
/// them; a cryptography package of our own would bring about 3 MB of C into the binary for
/// this one function.
public enum SHA256 {
    /// libgcrypt's start-up, done once, before the first digest (a `static let` is
    /// initialised exactly once, whichever thread gets there first).
    fileprivate static let initialized: Bool = newsclass_gcrypt_initialize() != 0

    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        // Should the start-up be refused (a library older than our headers, which the
        // package's dependencies rule out), libgcrypt initialises itself on first use.
        _ = initialized
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBytes { out in
            bytes.withUnsafeBytes { input in
                gcry_md_hash_buffer(Int32(GCRY_MD_SHA256.rawValue), out.baseAddress, input.baseAddress, input.count)
            }
        }
        return digest
    }

    /// `sha256:` and the digest of `bytes` in lower-case hex, as the event log's `id`.
    public static func articleID(_ bytes: [UInt8]) -> String {
        "sha256:" + hex(hash(bytes))
    }

    /// `bytes` in lower-case hex, two digits each.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension SHA256 {
    /// A digest fed in pieces, for data read in chunks (a file that should not be mapped
    /// or read whole).
    public final class Stream {
        private var handle: gcry_md_hd_t?

        /// nil when libgcrypt cannot open a context (out of memory).
        public init?() {
            _ = SHA256.initialized
            guard gcry_md_open(&handle, Int32(GCRY_MD_SHA256.rawValue), 0) == 0, handle != nil else { return nil }
        }

        public func update(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            gcry_md_write(handle, base, bytes.count)
        }

        /// The 32-byte digest of everything fed so far.
        public func finish() -> [UInt8] {
            guard let digest = gcry_md_read(handle, Int32(GCRY_MD_SHA256.rawValue)) else { return [] }
            return Array(UnsafeBufferPointer(start: digest, count: 32))
        }

        deinit { gcry_md_close(handle) }
    }
}
