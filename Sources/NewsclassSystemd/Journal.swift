import CSystemd

/// The systemd journal, written natively (sd_journal_sendv(3)).
///
/// Native entries keep their fields, so `journalctl NEWSCLASS_TOPIC=corruption` finds
/// them, and a value may span lines. Works whether or not stderr is the journal; it needs
/// journald's socket, `/run/systemd/journal/socket`.
public enum Journal {
  /// Sends one entry.
  ///
  /// With no journald at all (no socket) libsystemd drops the entry and reports success,
  /// as a program run outside systemd should not fail for it.
  ///
  /// - Throws: `SystemdError` when journald's socket refuses the entry (e.g. `EAGAIN`
  ///   while journald is swamped, `EMSGSIZE`). The caller decides whether that matters;
  ///   it never traps.
  public static func send(_ entry: JournalEntry) throws(SystemdError) {
    let result = entry.withIOVectors { vectors in
      sd_journal_sendv(vectors.baseAddress, Int32(vectors.count))
    }
    if result < 0 {
      throw SystemdError(negativeReturn: result, operation: "sd_journal_sendv")
    }
  }
}
