#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The clock systemd compares `MONOTONIC_USEC=` against.
///
/// Reload notifications must carry a CLOCK_MONOTONIC reading taken *before* the reload
/// starts, so that systemd can tell a READY=1 that answers this reload from one that
/// answers an earlier one. Wall-clock time jumps with NTP, and Swift's clocks do not
/// promise which kernel clock they read, so this asks the kernel for that one directly.
public enum MonotonicClock {
  /// Now, in microseconds since an arbitrary point fixed at boot.
  public static func microseconds() -> UInt64 {
    var now = timespec()
    // Cannot fail: the clock exists on every Linux and the pointer is valid.
    _ = clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) &* 1_000_000 &+ UInt64(now.tv_nsec) / 1_000
  }
}
