/// The part of a content id the writer remembers: 88 bits of the SHA-256 digest.
///
/// `sha256:` + 64 hex digits gives `prefix` (the first 64 bits, also the hash-table
/// position: a digest is already uniformly spread) and `check` (the next 24 bits). Two
/// different articles are taken for the same one only if all 88 bits agree: among n
/// articles that happens with probability about n²/2⁸⁹, about 2·10⁻⁹ for a billion
/// articles, against about 3·10⁻⁴ for a 64-bit key at 10⁸. Ids in another form (not
/// written by the daemon) are hashed with FNV-1a into the same two parts.
struct ContentKey: Hashable, Sendable {
    var prefix: UInt64
    /// 24 bits.
    var check: UInt32

    static let checkBits = 24

    init(prefix: UInt64, check: UInt32) {
        self.prefix = prefix
        self.check = check & ((1 << Self.checkBits) - 1)
    }

    init?(id: String) {
        var id = id
        guard let key = id.withUTF8({ ContentKey(idBytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = key
    }

    /// From the id's bytes as they appear in a record (a sha256 id never needs escaping).
    init?(idBytes bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return nil }
        if bytes.count >= 7 + 22, bytes.hasBytes("sha256:", at: 0),
           let prefix = Self.hex(bytes, from: 7, digits: 16), let check = Self.hex(bytes, from: 23, digits: 6)
        {
            self.init(prefix: prefix, check: UInt32(check))
            return
        }
        self.init(prefix: Self.fnv1a(bytes, basis: 0xcbf2_9ce4_8422_2325),
                  check: UInt32(truncatingIfNeeded: Self.fnv1a(bytes, basis: 0x8422_2325_cbf2_9ce4) >> 40))
    }

    private static func hex(_ bytes: UnsafeRawBufferPointer, from: Int, digits: Int) -> UInt64? {
        var value: UInt64 = 0
        for index in from..<(from + digits) {
            let byte = bytes[index]
            let nibble: UInt8
            switch byte {
            case 48...57: nibble = byte - 48
            case 97...102: nibble = byte - 87
            case 65...70: nibble = byte - 55
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    static func fnv1a(_ bytes: UnsafeRawBufferPointer, basis: UInt64) -> UInt64 {
        var hash = basis
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
