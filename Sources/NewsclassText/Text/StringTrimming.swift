/// Whitespace trimming without Foundation, which this module does not import.
extension StringProtocol {
    func trimmingWhitespace() -> String {
        let string = String(self)
        guard let first = string.firstIndex(where: { !$0.isWhitespace }),
              let last = string.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(string[first...last])
    }
}
