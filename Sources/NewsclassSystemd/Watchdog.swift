import CSystemd

/// The service manager's watchdog, when the unit has `WatchdogSec=`.
///
/// This is only the arithmetic and the ping; *when* to ping is the daemon's decision, and
/// it must ping only while its pipeline makes progress (or is idle and responsive), or the
/// watchdog could never catch a stuck one.
public struct Watchdog: Hashable, Sendable {
  /// How long systemd waits for a ping before it kills the service (`WATCHDOG_USEC`).
  public let timeoutMicroseconds: UInt64

  public init(timeoutMicroseconds: UInt64) {
    self.timeoutMicroseconds = timeoutMicroseconds
  }

  /// The watchdog for this process, or nil if there is none.
  ///
  /// libsystemd reads `WATCHDOG_USEC`, and `WATCHDOG_PID` when set: a watchdog meant for
  /// another process (say, a parent that exec'd a wrapper) is not ours. The variables stay
  /// in the environment, for the same reason as in `ServiceNotifier`.
  ///
  /// - Throws: `SystemdError` when the variables are malformed.
  public static func fromEnvironment() throws(SystemdError) -> Watchdog? {
    var microseconds: UInt64 = 0
    let result = sd_watchdog_enabled(0, &microseconds)
    if result < 0 {
      throw SystemdError(negativeReturn: result, operation: "sd_watchdog_enabled")
    }
    return result > 0 ? Watchdog(timeoutMicroseconds: microseconds) : nil
  }

  public var timeout: Duration {
    .microseconds(timeoutMicroseconds)
  }

  /// How often to ping: half the timeout, as sd_watchdog_enabled(3) advises, so that one
  /// late ping is not yet fatal.
  public var pingIntervalMicroseconds: UInt64 {
    timeoutMicroseconds / 2
  }

  public var pingInterval: Duration {
    .microseconds(pingIntervalMicroseconds)
  }

  /// Sends `WATCHDOG=1`.
  public func ping(using notifier: ServiceNotifier = ServiceNotifier()) throws(SystemdError) {
    try notifier.notify(.watchdog)
  }
}
