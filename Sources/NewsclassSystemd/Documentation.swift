// NewsclassSystemd — what the daemon tells systemd, and how it writes to the journal
// (contract: "Journal" and "sd_notify"). Thin, typed wrappers over libsystemd; no other
// newsclass module is involved, and nothing here decides *when* to say something.
//
//   ServiceNotifier + NotifyState   sd_notify(3): READY=1, STATUS=, WATCHDOG=1,
//                                   RELOADING=1 + MONOTONIC_USEC=, STOPPING=1, ERRNO=,
//                                   EXTEND_TIMEOUT_USEC=, several in one datagram.
//   MonotonicClock                  CLOCK_MONOTONIC in µs, the clock of MONOTONIC_USEC=.
//   Watchdog                        sd_watchdog_enabled(3): the timeout and the ping
//                                   interval (half of it); the daemon pings only while
//                                   its pipeline makes progress.
//   JournalField, JournalEntry,     sd_journal_sendv(3): native entries whose values may
//   JournalPriority, Journal        hold newlines or any bytes, repeated fields allowed.
//   JournalStream                   $JOURNAL_STREAM against fstat(2) of stderr: is stderr
//                                   the journal?
//   SystemdLogHandler               swift-log backend: native journal entries when stderr
//                                   is the journal, else one readable line per message.
//
// Everything is a no-op or a plain stderr line when not run by systemd, so the same binary
// behaves from a shell, a test or a unit. Failures come back as SystemdError (an errno),
// never as a crash: the journal being away must not stop the classifier.
