import NewsclassSystemd

/// The daemon's half of the sd_notify protocol: READY=1, RELOADING=1, STOPPING=1 and
/// ERRNO= at the lifecycle's turns, `STATUS=` kept current, EXTEND_TIMEOUT_USEC= while a
/// long start-up (a large log to read, a crash's `processing/` to finish) goes on, and
/// `WATCHDOG=1` only while the pipeline is alive (`PipelineHeartbeat`), so that systemd
/// restarts a stuck daemon rather than one whose timer still ticks.
///
/// Its thread wakes every second (or every half watchdog interval, if shorter) and sends
/// STATUS= only when the line changed. Without `NOTIFY_SOCKET` (run from a shell) no
/// thread is started and every send is a no-op.
final class ServiceSupervisor: Sendable {
    /// What the status line and the watchdog's decision are made of, read on the
    /// supervisor's thread.
    struct Probe: Sendable {
        /// The counts and the queue, e.g. "1204 classified, 0 duplicate, 3 rejected, 0 queued".
        var summary: @Sendable () -> String
        /// Whether the pipeline showed a sign of life since the previous call.
        var isAlive: @Sendable () -> Bool
    }

    private enum Phase: Equatable {
        case starting, running, reloading, stopping, stopped
    }

    private struct State {
        var phase = Phase.starting
        /// What the status line leads with: "watching …/incoming", "paused: log disk full"…
        var headline = "starting"
        /// Kept after the counts until the next successful reload ("reload refused: …").
        var note: String?
        var probe: Probe?
        var lastSent: String?
        var wakeRequested = false
    }

    /// How much more time each EXTEND_TIMEOUT_USEC= asks for, and how often it is sent
    /// once start-up has taken longer than `extensionStep`.
    static let extensionStep = Duration.seconds(15)

    private let notifier = ServiceNotifier()
    private let watchdog: Watchdog?
    private let state = Monitor(State())
    private let thread = ThreadGroup()
    private let diagnostics: Diagnostics

    /// Starts the thread at once (when systemd listens), so that a long start-up is
    /// announced before the unit's start timeout runs out.
    init(diagnostics: Diagnostics) {
        self.diagnostics = diagnostics
        var watchdog: Watchdog?
        do {
            watchdog = try Watchdog.fromEnvironment()
        } catch {
            diagnostics.warning("ignoring the watchdog settings: \(error)")
        }
        self.watchdog = watchdog
        guard notifier.isEnabled else { return }
        let tick = min(Duration.seconds(1), watchdog?.pingInterval ?? .seconds(1))
        thread.start(name: "newsclass-notify") { [self] in loop(tick: Monotonic.nanoseconds(tick)) }
    }

    /// The watchdog interval systemd set, if any (the intake wakes at least this often).
    var watchdogPingInterval: Duration? { watchdog?.pingInterval }

    /// A start-up step, shown in STATUS= while starting.
    func starting(_ step: String) {
        state.withLock { $0.value.headline = step }
        send([.status(step)], status: step)
    }

    /// READY=1 with the first status line. Call once the watch is live (signals are
    /// handled from before the start).
    func ready(headline: String, probe: Probe) {
        state.withLock { $0.value.phase = .running; $0.value.headline = headline; $0.value.probe = probe }
        let line = statusLine()
        send([.ready, .status(line)], status: line)
    }

    /// The status line's lead changes ("paused: log disk full", back to "watching …").
    func setHeadline(_ headline: String) {
        state.withLock { $0.value.headline = headline; $0.value.wakeRequested = true }
        state.broadcast()
    }

    /// A note shown after the counts ("reload refused: …"); nil removes it.
    func setNote(_ note: String?) {
        state.withLock { $0.value.note = note; $0.value.wakeRequested = true }
        state.broadcast()
    }

    /// RELOADING=1 and MONOTONIC_USEC= in one datagram, as systemd requires.
    func reloading() {
        let line = "reloading the configuration"
        state.withLock { $0.value.phase = .reloading }
        send([.reloading(monotonicMicroseconds: MonotonicClock.microseconds()), .status(line)], status: line)
    }

    /// READY=1 after a reload, with the fresh status line.
    func reloaded() {
        state.withLock { if $0.value.phase == .reloading { $0.value.phase = .running } }
        let line = statusLine()
        send([.ready, .status(line)], status: line)
    }

    func stopping(_ why: String) {
        state.withLock { $0.value.phase = .stopping; $0.value.headline = why }
        send([.stopping, .status(why)], status: why)
    }

    /// Before a non-zero exit: the cause in STATUS= and ERRNO=.
    func failed(errno: Int32, _ cause: String) {
        send([.errno(errno), .status(cause)], status: cause)
    }

    /// The daemon could not start: ERRNO= and STATUS= with the cause, then the thread ends.
    func failedToStart(_ error: DaemonStartError) {
        failed(errno: error.errno, "\(error)")
        close()
    }

    /// Ends the thread.
    func close() {
        state.withLock { $0.value.phase = .stopped; $0.value.wakeRequested = true }
        state.broadcast()
        thread.wait()
    }

    // MARK: - The thread

    private func loop(tick: UInt64) {
        let started = Monotonic.now()
        let step = Monotonic.nanoseconds(Self.extensionStep)
        var nextExtension = started + step / 3
        var nextPing = Monotonic.now()
        while true {
            let phase = state.withLock { locked -> Phase in
                if !locked.value.wakeRequested, locked.value.phase != .stopped {
                    locked.wait(until: Monotonic.now() + tick)
                }
                locked.value.wakeRequested = false
                return locked.value.phase
            }
            let now = Monotonic.now()
            switch phase {
            case .stopped:
                return
            case .starting:
                // Still short of READY=1 after a third of a step: ask for a step more, and
                // again every third of one, so the request never lapses.
                if now >= nextExtension {
                    send([.extendTimeout(microseconds: UInt64(Self.extensionStep.components.seconds) * 1_000_000)])
                    nextExtension = now + step / 3
                }
            case .running, .reloading, .stopping:
                let line = statusLine()
                if state.withLock({ $0.value.lastSent }) != line { send([.status(line)], status: line) }
                if let watchdog, now >= nextPing {
                    // Asked every half interval: one silent half is tolerated, two are fatal.
                    if state.withLock({ $0.value.probe })?.isAlive() ?? true { send([.watchdog]) }
                    nextPing = now + Monotonic.nanoseconds(watchdog.pingInterval)
                }
            }
        }
    }

    private func statusLine() -> String {
        let (headline, note, phase, probe) = state.withLock {
            ($0.value.headline, $0.value.note, $0.value.phase, $0.value.probe)
        }
        if phase == .reloading { return "reloading the configuration" }
        guard phase == .running, let probe else { return headline }
        return "\(headline): \(probe.summary())" + (note.map { "; \($0)" } ?? "")
    }

    /// `status`: the STATUS= text among `states`, remembered so the thread does not
    /// repeat it.
    private func send(_ states: [NotifyState], status: String? = nil) {
        guard notifier.isEnabled else { return }
        if let status { state.withLock { $0.value.lastSent = status } }
        do {
            try notifier.notify(states)
        } catch {
            diagnostics.warning("sd_notify: \(error)")
        }
    }
}
