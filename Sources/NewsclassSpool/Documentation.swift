// NewsclassSpool — the file-system side of the spool protocol (contract: "Spool protocol").
//
// The lifecycle of one article, and the type that does each step:
//
//   SpoolLayout    opens SPOOL/{incoming,processing,done,failed} (creating them: incoming
//                  1730, the rest 0750) and holds them open; all four on one file system.
//   SpoolWatcher   inotify on incoming/ and every subfolder → .candidate(path), .overflow,
//                  .unwatched(folder), .rootGone(reason). New folders: watch, then scan.
//   SpoolScanner   streaming scan of incoming/ (start-up backlog, after .overflow, periodic
//                  reconcile) → the same candidates.
//   SpoolFilter    unfinished names (any component), exclude and include globs (Glob).
//   SpoolClaimer   claim (rename into processing/, atomic; or .vanished; or .unclaimable
//                  when the rename is refused for good, see UnclaimableFile) → load (bytes, or
//                  a SpoolRejection: not_regular_file / unreadable / too_large) → finish
//                  (done/, or delete) or fail (failed/ + NAME.reason.json);
//                  recoverClaims at start-up.
//
// Names are raw bytes (SpoolPath); `displayString` is their text form for logs and JSON:
// invalid UTF-8 bytes as \xHH, a backslash as \\, reversible.
//
// What the daemon must add (this module writes no records): a record for each claim that
// is loaded — `rejected` for a SpoolRejection, or whatever the classifier says — made
// durable before finish/fail; `layout.sync(.processing)` just before each group commit's
// fsync; at start-up, recoverClaims() first, then the watcher, then the backlog scan; a
// full scan on .overflow and every reconcile period; no record for .vanished (the name was
// never taken: a second event for a file already claimed lands there); one `unclaimable`
// record per .unclaimable file and stamp (`loadInPlace` reads it where it is), never one
// per scan.
//
// The system calls live in Internals/ (Syscalls.swift is the only file calling C with raw
// descriptors; it holds the EINTR policy); everything here is built on swift-system's
// FileDescriptor, Errno, FilePath and Stat.
