import NewsclassDigest

/// The article id of the event log: `sha256:` and the hex digest of the file's bytes.
enum ArticleID {
    static func of(_ bytes: [UInt8]) -> String {
        SHA256.articleID(bytes)
    }
}
