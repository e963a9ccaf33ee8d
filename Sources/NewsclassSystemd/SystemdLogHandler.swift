import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A swift-log backend for a program that systemd may or may not be running.
///
/// Under systemd, with stderr connected to the journal, each message becomes a native
/// entry (`MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `CODE_FILE`/`CODE_LINE`/`CODE_FUNC`
/// and one `NEWSCLASS_<KEY>` field per metadata key), so that `journalctl -p` and field
/// matches work. Anywhere else each message is one readable line on stderr,
/// `newsclass: warning: MESSAGE key=value`, written with a single write(2) so that lines
/// from different threads never interleave, and with control characters escaped so that
/// one message is always one line.
///
/// The metadata key `message_id` (``messageIDMetadataKey``) becomes the entry's
/// `MESSAGE_ID` (a 128-bit id in hex, for the journal catalog) rather than a
/// `NEWSCLASS_` field, and is left out of stderr lines.
public struct SystemdLogHandler: LogHandler {
  /// Where messages go.
  public enum Destination: Hashable, Sendable {
    /// Native journal entries; a message the journal refuses goes to stderr instead.
    case journal
    /// Readable lines on a descriptor.
    case stream(fileDescriptor: Int32)

    public static var standardError: Destination { .stream(fileDescriptor: STDERR_FILENO) }

    /// `.journal` when stderr is connected to the journal (`JournalStream`), otherwise
    /// `.standardError`.
    public static func detect() -> Destination {
      JournalStream.isStandardErrorConnected ? .journal : .standardError
    }
  }

  /// The metadata key whose value becomes `MESSAGE_ID`.
  public static let messageIDMetadataKey = "message_id"

  /// What metadata keys are prefixed with, as journal fields.
  public static let metadataFieldPrefix = "NEWSCLASS_"

  /// The logger's label. Not shown: the program has one voice, `identifier`.
  public let label: String
  /// The name lines start with and the journal's SYSLOG_IDENTIFIER.
  public var identifier: String
  public var destination: Destination
  public var logLevel: Logger.Level
  public var metadata: Logger.Metadata = [:]
  public var metadataProvider: Logger.MetadataProvider?

  public init(
    label: String,
    identifier: String = JournalEntry.defaultSyslogIdentifier,
    destination: Destination = .detect(),
    logLevel: Logger.Level = .info,
    metadataProvider: Logger.MetadataProvider? = nil
  ) {
    self.label = label
    self.identifier = identifier
    self.destination = destination
    self.logLevel = logLevel
    self.metadataProvider = metadataProvider
  }

  /// Makes this handler swift-log's backend for the whole process, with the destination
  /// detected once, now. Call it once, first thing in `main` (swift-log traps on a second
  /// bootstrap), before anything creates a `Logger`.
  public static func bootstrap(
    identifier: String = JournalEntry.defaultSyslogIdentifier,
    logLevel: Logger.Level = .info,
    destination: Destination = .detect(),
    metadataProvider: Logger.MetadataProvider? = nil
  ) {
    LoggingSystem.bootstrap(
      { label, provider in
        SystemdLogHandler(
          label: label, identifier: identifier, destination: destination,
          logLevel: logLevel, metadataProvider: provider)
      },
      metadataProvider: metadataProvider)
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    let metadata = effectiveMetadata(of: event)
    switch destination {
    case .journal:
      do {
        try Journal.send(journalEntry(for: event, metadata: metadata))
      } catch {
        // Losing the journal must not lose the message.
        writeFully(line(for: event, metadata: metadata), to: STDERR_FILENO)
      }
    case .stream(let fileDescriptor):
      writeFully(line(for: event, metadata: metadata), to: fileDescriptor)
    }
  }

  /// The handler's metadata, then the provider's, then the event's, later ones winning.
  internal func effectiveMetadata(of event: LogEvent) -> Logger.Metadata {
    var merged = metadata
    if let provided = metadataProvider?.get(), !provided.isEmpty {
      merged.merge(provided) { _, provided in provided }
    }
    if let explicit = event.metadata, !explicit.isEmpty {
      merged.merge(explicit) { _, explicit in explicit }
    }
    return merged
  }

  /// The message as it should read, with the error (if any) after a colon.
  internal static func messageText(of event: LogEvent) -> String {
    if let error = event.error {
      return "\(event.message): \(error)"
    }
    return event.message.description
  }
}

/// write(2) until all is written; a message that cannot be written is dropped, as there is
/// nowhere left to report it.
internal func writeFully(_ bytes: [UInt8], to fileDescriptor: Int32) {
  bytes.withUnsafeBytes { buffer in
    guard var next = buffer.baseAddress else { return }
    var remaining = buffer.count
    while remaining > 0 {
      let written = write(fileDescriptor, next, remaining)
      if written > 0 {
        next += written
        remaining -= written
      } else if written < 0 && errno == EINTR {
        continue
      } else {
        return
      }
    }
  }
}
