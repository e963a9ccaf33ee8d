// newsclass-systemd-probe — sends a fixed set of journal entries through NewsclassSystemd,
// for NewsclassSystemdTests to check against a real systemd-journald (which the test
// starts in a private mount namespace that the test process itself cannot enter).
//
//   newsclass-systemd-probe entries   native entries: a record-like one (multi-line
//                                     MESSAGE, NEWSCLASS_TOPIC twice, binary value), the
//                                     same JournalEntry reused, one built by
//                                     SystemdLogHandler.journalEntry(for:), and one logged
//                                     through a Logger with destination .journal
//   newsclass-systemd-probe log       bootstraps SystemdLogHandler as the daemon does and
//                                     logs one error: native when stderr is the journal,
//                                     a line on stderr otherwise
//
// Exit status 0 on success; 1 with the reason on stderr when the journal refused.

import Logging
import NewsclassSystemd

#if canImport(Glibc)
import Glibc
#endif

let probeMessageID = "5b2e8c1f0a7d4e3c9b6a2f1e0d9c8b7a"

func sendEntries() throws(SystemdError) {
  let event: JournalField = "NEWSCLASS_EVENT"
  let file: JournalField = "NEWSCLASS_FILE"
  let topic: JournalField = "NEWSCLASS_TOPIC"
  let raw: JournalField = "NEWSCLASS_RAW"
  let probe: JournalField = "NEWSCLASS_PROBE"

  var entry = JournalEntry(
    message: "article-17.txt: corruption, climate\nsecond line\n\tindented third",
    priority: .info)
  entry.append(.messageID, probeMessageID)
  entry.append(probe, "record")
  entry.append(event, "classified")
  entry.append(file, "article-17.txt")
  entry.append(topic, "corruption")
  entry.append(topic, "climate")
  entry.append(JournalField(sanitizing: "score-corruption", prefix: "NEWSCLASS_")!, "0.797")
  entry.append(raw, bytes: [0x66, 0x00, 0xFF, 0x0A])
  try Journal.send(entry)

  entry.removeAll()
  entry.append(.message, "article-18.txt: no topic")
  entry.append(priority: .notice)
  entry.append(probe, "reused")
  entry.append(event, "duplicate")
  try Journal.send(entry)

  let handler = SystemdLogHandler(label: "probe", destination: .journal)
  let built = handler.journalEntry(
    for: LogEvent(
      level: .warning, message: "built by the handler\nsecond line",
      metadata: ["probe": "handler", "config-file": "/etc/newsclass/newsclass.toml",
                 "message_id": .string(probeMessageID)],
      source: "probe", file: "probe/main.swift", function: "sendEntries()", line: 42))
  try Journal.send(built)

  var logger = Logger(label: "probe") { SystemdLogHandler(label: $0, destination: .journal) }
  logger[metadataKey: "probe"] = "logger"
  logger.critical("logged through swift-log", metadata: ["topic": ["mining_ban", "climate"]])
}

switch CommandLine.arguments.dropFirst().first {
case "entries"?:
  do {
    try sendEntries()
  } catch {
    let text = "newsclass-systemd-probe: \(error)\n"
    _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(1)
  }
case "log"?:
  SystemdLogHandler.bootstrap()
  Logger(label: "probe").error("stream check", metadata: ["probe": "log"])
default:
  let text = "usage: newsclass-systemd-probe entries|log\n"
  _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
  exit(64)
}
