import Logging

extension JournalPriority {
  /// swift-log's level as a syslog priority; trace has no level of its own, so it shares
  /// debug's.
  public init(_ level: Logger.Level) {
    switch level {
    case .trace, .debug: self = .debug
    case .info: self = .info
    case .notice: self = .notice
    case .warning: self = .warning
    case .error: self = .error
    case .critical: self = .critical
    }
  }
}

extension SystemdLogHandler {
  /// The native journal entry `log(event:)` sends for `event` with `.journal`.
  public func journalEntry(for event: LogEvent) -> JournalEntry {
    journalEntry(for: event, metadata: effectiveMetadata(of: event))
  }

  internal func journalEntry(for event: LogEvent, metadata: Logger.Metadata) -> JournalEntry {
    var entry = JournalEntry(
      message: SystemdLogHandler.messageText(of: event),
      priority: JournalPriority(event.level),
      syslogIdentifier: identifier)
    entry.append(.codeFile, event.file)
    entry.append(.codeLine, event.line)
    entry.append(.codeFunction, event.function)
    if let error = event.error {
      entry.append(JournalField.newsclassError, "\(error)")
      if let error = error as? SystemdError {
        entry.append(.errno, error.code)
      }
    }
    for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
      if key == SystemdLogHandler.messageIDMetadataKey {
        entry.append(.messageID, value.description)
        continue
      }
      guard
        let field = JournalField(sanitizing: key, prefix: SystemdLogHandler.metadataFieldPrefix)
      else { continue }
      SystemdLogHandler.append(value, as: field, to: &entry)
    }
    return entry
  }

  /// An array becomes the field repeated, once per element, like NEWSCLASS_TOPIC.
  private static func append(
    _ value: Logger.MetadataValue, as field: JournalField, to entry: inout JournalEntry
  ) {
    switch value {
    case .string(let text):
      entry.append(field, text)
    case .stringConvertible(let convertible):
      entry.append(field, convertible.description)
    case .array(let elements):
      for element in elements {
        if case .string(let text) = element {
          entry.append(field, text)
        } else {
          entry.append(field, element.description)
        }
      }
    case .dictionary:
      entry.append(field, value.description)
    }
  }
}

extension JournalField {
  /// The error a message was logged with (`logger.error("…", error: error)`).
  fileprivate static let newsclassError: JournalField = "NEWSCLASS_ERROR"
}
