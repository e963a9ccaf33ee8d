/// Which records a reader has taken in, per origin: the machine (`_MACHINE_ID`) and the
/// feed (`NEWSCLASS_INSTANCE`, "" for the plain unit), whose seqs count up on their own.
///
/// Journals from a fleet hold some records twice (systemd-journal-upload delivers at
/// least once, journal-remote keeps what it gets) and may lack some (journald's rate limit
/// or vacuuming before upload). The ledger tells each record's first arrival from a
/// repeat (`admit`), and afterwards reports per origin the seqs seen, the repeats dropped
/// and the holes (`coverage`). Its memory is an interval set per origin.
public struct RecordLedger: Sendable {
    public struct Origin: Hashable, Sendable, Comparable {
        public var machineID: String
        public var instance: String

        public init(machineID: String, instance: String) {
            self.machineID = machineID
            self.instance = instance
        }

        public static func < (a: Origin, b: Origin) -> Bool {
            (a.machineID, a.instance) < (b.machineID, b.instance)
        }
    }

    /// What was seen from one origin.
    public struct Coverage: Sendable, Equatable {
        public var origin: Origin
        /// The host name the origin last reported (`_HOSTNAME`); a machine may be renamed.
        public var host: String
        public var seqs: SeqIntervals
        /// Records taken in (each seq once).
        public var records: Int
        /// Records dropped as repeats of one already taken in.
        public var duplicates: Int
        /// Records without a seq (one-off output, a hand-edited line), taken in as they come.
        public var unnumbered: Int

        public var gaps: [ClosedRange<Int>] { seqs.gaps }
        public var missing: Int { gaps.reduce(0) { $0 + $1.count } }
    }

    private var byOrigin: [Origin: Coverage] = [:]

    public init() {}

    /// Notes one record; true when it is the first with this origin and seq (show it),
    /// false for a repeat (drop it). A record without a seq is always new.
    public mutating func admit(_ origin: Origin, host: String, seq: Int?) -> Bool {
        var isNew = true
        if byOrigin[origin] == nil {
            byOrigin[origin] = Coverage(
                origin: origin, host: host, seqs: SeqIntervals(), records: 0, duplicates: 0, unnumbered: 0)
        }
        byOrigin[origin]!.host = host.isEmpty ? byOrigin[origin]!.host : host
        if let seq {
            isNew = byOrigin[origin]!.seqs.insert(seq)
            if isNew { byOrigin[origin]!.records += 1 } else { byOrigin[origin]!.duplicates += 1 }
        } else {
            byOrigin[origin]!.unnumbered += 1
            byOrigin[origin]!.records += 1
        }
        return isNew
    }

    /// Whether a record with this origin and seq was taken in already.
    public func contains(_ origin: Origin, seq: Int) -> Bool {
        byOrigin[origin]?.seqs.contains(seq) ?? false
    }

    /// Every origin, ordered by host name, then instance.
    public var coverage: [Coverage] {
        byOrigin.values.sorted { ($0.host, $0.origin.instance, $0.origin.machineID) < ($1.host, $1.origin.instance, $1.origin.machineID) }
    }

    public var hasGaps: Bool { byOrigin.values.contains { !$0.gaps.isEmpty } }
}
