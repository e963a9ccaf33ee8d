import SystemPackage

/// The daemon's own diagnostics — start-up, pauses, errors — as opposed to its records,
/// which go to the event log.
///
/// Every message the daemon emits goes through here, so the systemd issue can swap this
/// for swift-log with a journal handler in one place: `Diagnostics` is the API, `Sink`
/// the backend. The default sink writes one readable line per message to standard error,
/// with one write(2) so lines from several threads never interleave.
public struct Diagnostics: Sendable {
    public enum Level: String, Sendable, Comparable, CaseIterable {
        case debug, info, notice, warning, error

        public static func < (lhs: Level, rhs: Level) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public typealias Sink = @Sendable (Level, String) -> Void

    public let minimumLevel: Level
    private let sink: Sink

    public init(minimumLevel: Level = .info, sink: @escaping Sink) {
        self.minimumLevel = minimumLevel
        self.sink = sink
    }

    /// Lines like `newsclass: warning: MESSAGE` on standard error.
    public static func standardError(minimumLevel: Level = .info) -> Diagnostics {
        Diagnostics(minimumLevel: minimumLevel) { level, message in
            let prefix = level >= .warning ? "newsclass: \(level.rawValue): " : "newsclass: "
            var line = Array(prefix.utf8)
            // One message, one line: control characters (a file name with a newline)
            // are shown escaped.
            for byte in message.utf8 {
                if byte < 0x20 || byte == 0x7F {
                    line += byte == 0x0A ? Array("\\n".utf8) : byte == 0x09 ? Array("\\t".utf8)
                        : Array("\\x".utf8) + Array((byte < 0x10 ? "0" : "").utf8)
                            + Array(String(byte, radix: 16, uppercase: true).utf8)
                } else {
                    line.append(byte)
                }
            }
            line.append(0x0A)
            _ = try? FileDescriptor.standardError.writeAll(line)
        }
    }

    public func log(_ level: Level, _ message: @autoclosure () -> String) {
        guard level >= minimumLevel else { return }
        sink(level, message())
    }

    public func debug(_ message: @autoclosure () -> String) { log(.debug, message()) }
    public func info(_ message: @autoclosure () -> String) { log(.info, message()) }
    public func notice(_ message: @autoclosure () -> String) { log(.notice, message()) }
    public func warning(_ message: @autoclosure () -> String) { log(.warning, message()) }
    public func error(_ message: @autoclosure () -> String) { log(.error, message()) }
}
