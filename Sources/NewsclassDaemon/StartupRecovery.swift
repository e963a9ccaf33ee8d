import NewsclassEventLog
import NewsclassRecords
import NewsclassSpool

/// Finishes what a previous run left in `processing/`, before anything new is claimed.
///
/// For each claim there: its bytes are hashed and the log's recent records searched for
/// one with its name and id written after the claim (`recentRecord(file:id:writtenSince:)`,
/// with the claim's ctime). Found: the record is durable, only the move was lost — the
/// file is moved as that record says (`archived`, or to `failed/` with its reason), and no
/// second record is written. Not found: the record never reached the disk, and the claim
/// goes through the pipeline like a new one.
struct StartupRecovery {
    struct Plan {
        /// Claims whose record is in the log: only to be moved.
        var finish: [FinishJob] = []
        /// Claims without a record: to be processed.
        var process: [Claim] = []
    }

    let claimer: SpoolClaimer
    let writer: EventLogWriter
    let maxBytes: Int
    let archives: Bool
    let reservations: ArchiveReservations
    let diagnostics: Diagnostics

    func plan() throws(SpoolError) -> Plan {
        let claims = try claimer.recoverClaims()
        var plan = Plan()
        guard !claims.isEmpty else { return plan }
        var recorded: [Int: Claim] = [:]
        for claim in claims {
            var id: String?
            if case .content(let bytes)? = try? claimer.load(claim, maxBytes: maxBytes) { id = ArticleID.of(bytes) }
            let since = claimer.claimTime(claim)
            if let seq = writer.recentRecord(file: claim.path.displayString, id: id, writtenSince: since) {
                recorded[seq] = claim
            } else {
                plan.process.append(claim)
            }
        }
        let records = readRecords(Set(recorded.keys))
        for (seq, claim) in recorded.sorted(by: { $0.key < $1.key }) {
            plan.finish.append(reserving(action(for: records[seq], claim: claim), for: claim))
        }
        diagnostics.info("recovery: \(claims.count) files in processing/: \(plan.finish.count) already recorded "
            + "(moved on without a second record), \(plan.process.count) to process")
        return plan
    }

    /// The job, with its `done/` name reserved (the claims processed alongside must not
    /// plan the same name); a record that names none gets the next free one.
    private func reserving(_ action: FinishAction, for claim: Claim) -> FinishJob {
        guard case .archive(let planned) = action else {
            return FinishJob(claim: claim, action: action, reservation: nil, record: nil)
        }
        if let planned, reservations.reserve(planned) {
            return FinishJob(claim: claim, action: action, reservation: planned, record: nil)
        }
        guard let chosen = try? claimer.planArchive(claim, reserve: { reservations.reserve($0) }) else {
            return FinishJob(claim: claim, action: .archive(planned: planned), reservation: nil, record: nil)
        }
        return FinishJob(claim: claim, action: .archive(planned: chosen), reservation: chosen, record: nil)
    }

    /// What the record says to do with its file.
    private func action(for record: JSONValue?, claim: Claim) -> FinishAction {
        let fallback: FinishAction = archives ? .archive(planned: nil) : .delete
        guard let record, let event = record["event"]?.string else {
            diagnostics.warning("\(claim.path.displayString): its record was not found in \(writer.path) "
                + "(rotated?); finishing it per the configuration")
            return fallback
        }
        switch event {
        case "rejected":
            let time = record["time"]?.string.flatMap { TimeSpec.parse($0, now: 0) } ?? WallClock.milliseconds()
            return .fail(
                reason: record["reason"]?.string ?? "unreadable", detail: record["detail"]?.string ?? "", time: time)
        case "classified":
            guard let archived = record["archived"] else { return fallback }
            if archived.isNull { return .delete }
            if let text = archived.string, let path = SpoolPath(displayString: text) {
                return .archive(planned: path)
            }
            return fallback
        default:
            return fallback
        }
    }

    /// The records with these seqs, parsed, from the current log.
    private func readRecords(_ seqs: Set<Int>) -> [Int: JSONValue] {
        guard !seqs.isEmpty, let lowest = seqs.min() else { return [:] }
        var found: [Int: JSONValue] = [:]
        do {
            try EventLogReader(path: writer.path).forEach { line in
                guard let seq = line.seq, seq >= lowest, seqs.contains(seq) else { return }
                if let record = JSONValue.parse(line.bytes), record.object != nil {
                    found[seq] = record
                }
            }
        } catch {
            diagnostics.warning("recovery: cannot read \(writer.path): \(error)")
        }
        return found
    }
}
