/// The text of `config/newsclass.toml`, compiled into the binary so that `newsclass` works
/// with no file on disk.
public enum EmbeddedDefault {
    /// How errors and `check-config` name this source.
    public static let name = "(built-in default)"

    public static var text: String { String(decoding: PackageResources.newsclass_toml, as: UTF8.self) }
}
