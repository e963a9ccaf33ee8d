import NewsclassClassifier
import NewsclassEventLog
import NewsclassRecords
import NewsclassSpool
import NewsclassText

/// The work of one claim, from its bytes to its record: load → id → duplicate fast path
/// → extract → classify → append. The finishing move happens later, in `Finisher`, once
/// the record is durable.
///
/// Every claim that reaches a worker gets exactly one record: `rejected` (with the
/// spool's or the extractor's reason, or `bad_name` for a name with a newline, another
/// control character or bytes that are not UTF-8), `duplicate` (found by `firstSeq(forID:)` before
/// classifying, or by the writer's atomic check at append when two copies race), or
/// `classified`.
///
/// A file that could not be claimed (`WorkItem.unclaimable`) is read where it is, for
/// its `id` and `bytes`, and gets a `rejected` record with reason `unclaimable` and its
/// stamp (`EventRecord.inode`); it is not moved.
struct ArticleWorker: Sendable {
    /// From this size on (bytes), the memory an article used is handed back to the kernel
    /// once it is classified.
    static let largeArticle = 1 << 20

    let claimer: SpoolClaimer
    let writer: EventLogWriter
    let settings: LiveSettingsCell
    let reservations: ArchiveReservations
    let claimSync: ClaimSync?
    let finisher: Finisher
    let diagnostics: Diagnostics

    /// Takes claims until the queue is closed and drained.
    func run(_ queue: WorkQueue<WorkItem>) {
        while let item = queue.pop() {
            process(item)
        }
    }

    func process(_ item: WorkItem) {
        switch item {
        case .claim(let claim, let claimNumber):
            process(claim, claimNumber: claimNumber)
        case .unclaimable(let file):
            record(file)
        }
    }

    private func process(_ claim: Claim, claimNumber: UInt64) {
        let (record, disposition, reservation) = judge(claim)
        if claimNumber > 0 { claimSync?.waitUntilDurable(claimNumber) }
        let finisher = self.finisher
        writer.append(record, deduplicate: true) { result in
            finisher.submit(Self.finishJob(claim: claim, disposition: disposition, reservation: reservation, result: result))
        }
    }

    /// The record for a claim and what to do with the file once it is durable.
    func judge(_ claim: Claim) -> (EventRecord, FinishAction, SpoolPath?) {
        let file = claim.path.displayString
        let settings = self.settings.current
        func rejected(_ id: String?, _ bytes: Int, _ reason: String, _ detail: String) -> (EventRecord, FinishAction, SpoolPath?) {
            let record = EventRecord(
                seq: nil, timeMilliseconds: 0, file: file, id: id, bytes: bytes,
                payload: .rejected(reason: reason, detail: detail))
            return (record, .fail(reason: reason, detail: detail, time: 0), nil)
        }

        let loaded: LoadResult
        do {
            loaded = try claimer.load(claim, maxBytes: settings.extractor.maxBytes)
        } catch {
            diagnostics.error("\(file): cannot read its claim: \(error)")
            return rejected(nil, 0, SpoolRejection.Reason.unreadable.rawValue, "\(error)")
        }
        var bytes: [UInt8]
        // Consumed, so that `bytes` holds the only reference and giving it up frees them.
        switch consume loaded {
        case .rejected(let rejection):
            return rejected(nil, Int(rejection.size ?? 0), rejection.reason.rawValue, rejection.detail)
        case .content(let content):
            bytes = content
        }

        let id = ArticleID.of(bytes)
        if let problem = claim.path.nameProblem {
            return rejected(id, bytes.count, "bad_name", "the name \(problem) (shown escaped as \"\(file)\"); "
                + "rename the file and drop it again")
        }
        if let first = writer.firstSeq(forID: id) {
            let record = EventRecord(
                seq: nil, timeMilliseconds: 0, file: file, id: id, bytes: bytes.count, payload: .duplicate(of: first))
            // A duplicate's record names no archive, but its name is reserved all the same,
            // so that it cannot take the name a classified record in flight has promised.
            let (action, reservation) = planFinish(claim, archives: settings.archives)
            return (record, action, reservation)
        }

        let size = bytes.count
        var article: Article
        // The bytes are not needed after extraction (size and id are taken): hand them over,
        // so that text decoded from UTF-16 or a legacy charset does not sit beside them.
        switch settings.extractor.extract(releasing: &bytes, fileName: String(decoding: claim.path.lastComponent, as: UTF8.self)) {
        case .failure(let failure):
            return rejected(id, size, failure.reason.rawValue, failure.detail)
        case .success(let extracted):
            article = extracted
        }
        // The record needs the title, format and language, not the body: hand it over.
        let classification = settings.classifier.classify(title: article.title, body: article.takeBody())
        // A large article's working memory (a few times its size) would otherwise stay
        // with malloc after it is freed; hand it back so the idle size stays flat.
        if size >= Self.largeArticle { MallocTuning.releaseFreeMemory() }

        let (action, reservation) = planFinish(claim, archives: settings.archives)
        var archived: String?? = .some(nil)
        if case .archive(let planned?) = action { archived = .some(planned.displayString) }
        let payload = ClassifiedPayload(classification: classification, article: article, archived: archived)
        let record = EventRecord(
            seq: nil, timeMilliseconds: 0, file: file, id: id, bytes: size, payload: .classified(payload))
        return (record, action, reservation)
    }

    /// The one record of a file that stays in `incoming/`. With the bytes readable, `id`
    /// and `bytes` as for any rejection; else no `id`, and what stands in the way of
    /// reading is added to the detail (as `unreadable`, `too_large`… would say it).
    private func record(_ file: UnclaimableFile) {
        let name = file.path.displayString
        var id: String?
        var size = 0
        var detail = file.detail
        do {
            switch try claimer.loadInPlace(file, maxBytes: settings.current.extractor.maxBytes) {
            case nil:
                // Gone, or replaced by another file, since the claim was refused: nothing
                // is left to record (a new file there is met on its own).
                finisher.submitStaying(nil)
                return
            case .content(let bytes)?:
                id = ArticleID.of(bytes)
                size = bytes.count
            case .rejected(let rejection)?:
                size = Int(rejection.size ?? 0)
                detail += "; besides, it is \(rejection.reason.rawValue): \(rejection.detail)"
            }
        } catch {
            diagnostics.error("\(name): cannot read it in \(file.folder): \(error)")
            detail += "; besides, reading it failed: \(error)"
        }
        let record = EventRecord(
            seq: nil, timeMilliseconds: 0, file: name, id: id, bytes: size,
            payload: .rejected(reason: UnclaimableFile.reason, detail: detail), inode: InodeStamp(file.stamp))
        let finisher = self.finisher
        writer.append(record) { result in finisher.submitStaying(try? result.get()) }
    }

    /// Where the file goes once its record is durable: deleted, or archived under a name
    /// in `done/` chosen now and reserved (see `ArchiveReservations`).
    private func planFinish(_ claim: Claim, archives: Bool) -> (FinishAction, SpoolPath?) {
        guard archives else { return (.delete, nil) }
        do {
            let planned = try claimer.planArchive(claim) { reservations.reserve($0) }
            return (.archive(planned: planned), planned)
        } catch {
            // done/ cannot be prepared (its disk is full?): promise the plain name; the
            // move is retried and, should that name be taken by then, logged.
            diagnostics.error("\(claim.path.displayString): cannot prepare its place in done/: \(error)")
            let plain = SpoolPath(bytes: Array("done/".utf8) + claim.path.bytes)
            return (.archive(planned: plain), nil)
        }
    }

    /// Turns the writer's answer into the move to make. A `classified` record the writer
    /// turned into a `duplicate` still goes where it was planned (the name was reserved).
    static func finishJob(
        claim: Claim, disposition: FinishAction, reservation: SpoolPath?, result: Result<EventRecord, EventLogError>
    ) -> FinishJob {
        switch result {
        case .failure(let error):
            return FinishJob(claim: claim, action: .leave("\(error)"), reservation: reservation, record: nil)
        case .success(let record):
            var action = disposition
            if case .fail(let reason, let detail, _) = disposition {
                action = .fail(reason: reason, detail: detail, time: record.timeMilliseconds)
            }
            return FinishJob(claim: claim, action: action, reservation: reservation, record: record)
        }
    }
}
