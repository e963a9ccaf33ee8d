import Crypto

/// The article id of the event log: `sha256:` and the hex digest of the file's bytes.
enum ArticleID {
    private static let digits = Array("0123456789abcdef".utf8)

    static func of(_ bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        var raw: [UInt8] = Array("sha256:".utf8)
        raw.reserveCapacity(7 + 64)
        for byte in digest {
            raw.append(digits[Int(byte >> 4)])
            raw.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: raw, as: UTF8.self)
    }
}
