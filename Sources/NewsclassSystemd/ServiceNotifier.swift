import CSystemd

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Tells the service manager about the service's state, through sd_notify(3).
///
/// Run from a shell or a test, `NOTIFY_SOCKET` is unset and every call does nothing, so
/// the daemon calls it unconditionally.
public struct ServiceNotifier: Sendable {
  public init() {}

  /// Whether a service manager listens (`NOTIFY_SOCKET` is set).
  public var isEnabled: Bool {
    getenv("NOTIFY_SOCKET") != nil
  }

  /// Sends the states together in one datagram.
  ///
  /// `NOTIFY_SOCKET` is left in the environment (libsystemd's `unset_environment` is 0):
  /// the daemon notifies for its whole life — STATUS=, WATCHDOG=1, RELOADING=1 and
  /// STOPPING=1 after READY=1 — and unsetting would silence all of those, besides racing
  /// with `getenv` on other threads. Children cannot misuse it: the unit's
  /// `NotifyAccess=main` makes systemd ignore their messages.
  ///
  /// - Returns: `true` if the message was sent, `false` if nobody listens.
  /// - Throws: `SystemdError` when the socket is set but sending fails.
  @discardableResult
  public func notify(_ states: NotifyState...) throws(SystemdError) -> Bool {
    try notify(states)
  }

  /// Sends the states together in one datagram; see `notify(_:)`.
  @discardableResult
  public func notify(_ states: [NotifyState]) throws(SystemdError) -> Bool {
    let message = states.lazy.map(\.text).joined(separator: "\n")
    let result = sd_notify(0, message)
    if result < 0 {
      throw SystemdError(negativeReturn: result, operation: "sd_notify")
    }
    return result > 0
  }
}
