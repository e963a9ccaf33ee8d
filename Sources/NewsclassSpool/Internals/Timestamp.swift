/// RFC 3339 UTC timestamps with milliseconds, as the event log writes them
/// (`2025-11-23T11:12:13.456Z`).
internal enum Timestamp {
  /// The current time.
  static func now() -> String {
    let now = system_realtime()
    return format(seconds: Int(now.tv_sec), milliseconds: Int(now.tv_nsec) / 1_000_000)
  }

  static func format(seconds: Int, milliseconds: Int) -> String {
    let parts = system_gmtime(seconds)
    func pad(_ value: Int32, _ width: Int) -> String {
      let digits = String(value)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2)
      + "T" + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2)
      + "." + pad(Int32(milliseconds), 3) + "Z"
  }
}
