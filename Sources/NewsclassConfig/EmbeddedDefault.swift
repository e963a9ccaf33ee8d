/// The text of `config/newsclass.toml`, compiled into the binary so that a bare
/// `newsclass` works with no file on disk.
public enum EmbeddedDefault {
    public static var text: String { String(decoding: PackageResources.newsclass_toml, as: UTF8.self) }
}
