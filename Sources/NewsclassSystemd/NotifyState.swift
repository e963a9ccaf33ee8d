/// One thing to tell the service manager: one or more `KEY=value` lines of sd_notify(3).
///
/// Pass several to `ServiceNotifier.notify` to send them in one datagram, which systemd
/// applies together (e.g. `.stopping, .status("draining 3 articles")`).
public struct NotifyState: Hashable, Sendable, CustomStringConvertible {
  /// The assignments, newline-separated, without a trailing newline.
  public let text: String

  private init(_ text: String) {
    self.text = text
  }

  public var description: String { text }

  /// Start-up (or a reload) is complete: `READY=1`.
  public static let ready = NotifyState("READY=1")

  /// Shutdown has begun: `STOPPING=1`.
  public static let stopping = NotifyState("STOPPING=1")

  /// The service is alive: `WATCHDOG=1`. Send it only while work is getting done, or the
  /// watchdog cannot catch a stuck pipeline.
  public static let watchdog = NotifyState("WATCHDOG=1")

  /// A one-line summary for `systemctl status`: `STATUS=…`.
  ///
  /// A newline would end the assignment and start a bogus one, so control characters
  /// (newlines included) become single spaces.
  public static func status(_ summary: String) -> NotifyState {
    NotifyState("STATUS=" + oneLine(summary))
  }

  /// A reload has begun: `RELOADING=1` and `MONOTONIC_USEC=` as one state, so they always
  /// travel in the same datagram as systemd requires.
  ///
  /// - Parameter monotonicMicroseconds: CLOCK_MONOTONIC when the reload began; by
  ///   default, now.
  public static func reloading(
    monotonicMicroseconds: UInt64 = MonotonicClock.microseconds()
  ) -> NotifyState {
    NotifyState("RELOADING=1\nMONOTONIC_USEC=\(monotonicMicroseconds)")
  }

  /// The service failed with this errno: `ERRNO=…`. Pair it with `.status(cause)`.
  public static func errno(_ code: Int32) -> NotifyState {
    NotifyState("ERRNO=\(code)")
  }

  /// Start-up, reload or shutdown needs this much longer than the unit's timeout allows
  /// from now: `EXTEND_TIMEOUT_USEC=…`. Repeat before it runs out.
  public static func extendTimeout(microseconds: UInt64) -> NotifyState {
    NotifyState("EXTEND_TIMEOUT_USEC=\(microseconds)")
  }

  private static func oneLine(_ text: String) -> String {
    var result = String.UnicodeScalarView()
    var lastWasControl = false
    for scalar in text.unicodeScalars {
      if scalar.properties.generalCategory == .control
        || scalar == "\u{2028}" || scalar == "\u{2029}"
      {
        if !lastWasControl { result.append(" ") }
        lastWasControl = true
      } else {
        result.append(scalar)
        lastWasControl = false
      }
    }
    return String(result)
  }
}
