/// A string as JSON text, escaped as the event log escapes it, for the small objects the
/// command line prints beside records (`newsclass log --check --json`).
public enum JSONText {
    public static func quoted(_ text: String) -> String {
        JSONObjectWriter.render(capacity: text.utf8.count + 8) { $0.string(text) }
    }
}
