import ArgumentParser
import NewsclassClassifier
import NewsclassConfig
import NewsclassDaemon
import NewsclassRecords
import NewsclassText
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify articles once and print the topics with their evidence.",
        discussion: """
            Each FILE is read whole (\"-\" reads standard input), its text extracted and \
            classified with the configured topics. The human output names, per topic, the \
            score (0 to 1; \"+\" when at or above the topic's threshold) and the strongest \
            evidence with its count and the character offset of its first occurrence.

            With --json each article becomes one line of JSON: the object the event log \
            records for it (without seq and archived), e.g. for jq.

            With --explain every topic shows its score against its threshold, all its \
            evidence (term, the language key it is listed under, count, offsets, weight) \
            and what held it back: sense gates that failed (the ambiguous term, intended \
            against rival occurrences, the rival terms seen), negative terms that cancelled \
            or damped evidence (where, and what), co-occurrence rules whose required \
            concept was missing or whose concepts never met in one sentence. With --json \
            the same goes into an "explain" object added to each line.

            Examples:
              newsclass classify article.html
              newsclass classify --explain article.html
              curl -s URL | newsclass classify --json - | jq .topics
            """
    )

    @OptionGroup var options: ConfigurationOption

    @Flag(name: .long, help: "Print one JSON object per article instead of the human report.")
    var json = false

    @Flag(name: .long, help: "Show all evidence per topic and what held each topic back.")
    var explain = false

    @Argument(help: ArgumentHelp("Articles to classify; - for standard input.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one FILE, or - for standard input") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read only once") }
    }

    func run() throws {
        // As the daemon does: a large article's buffers get their own mappings and go back
        // to the kernel when freed, and the scratch space of building the matcher is handed
        // back before the first article (so a large one does not hide in it).
        MallocTuning.mapLargeBlocks(from: 256 << 10)
        let config = try options.load()
        let classifier = Classifier(model: config.model)
        MallocTuning.releaseFreeMemory()
        let extractor = ArticleExtractor(maxBytes: config.spool.maxBytes)
        var status: ExitCode = .success

        for (index, path) in files.enumerated() {
            let name = path == "-" ? "(stdin)" : path
            var bytes: [UInt8]
            do {
                bytes = try InputFile.read(path, limit: config.spool.maxBytes)
            } catch {
                printError("newsclass: \(name): \(error)")
                status = ExitStatus.noInput
                continue
            }
            let now = Int64(currentMilliseconds())
            let byteCount = bytes.count
            switch extractor.extract(bytes, fileName: path == "-" ? nil : path) {
            case .success(var article):
                // The raw bytes are not needed while classifying: a 10 MB article then
                // holds its text and its normal form, not a third copy.
                let id = json ? ContentID.of(bytes) : nil
                bytes = []
                // The reports need the title, format and language, not the body: hand it over.
                let classification = explain
                    ? classifier.explain(title: article.title, body: article.takeBody())
                    : classifier.classify(title: article.title, body: article.takeBody())
                if json {
                    let record = EventRecord(
                        seq: nil, timeMilliseconds: now, file: name, id: id, bytes: byteCount,
                        payload: .classified(ClassifiedPayload(classification: classification, article: article)))
                    var line = record.jsonLine()
                    if explain { line = ExplanationReport.appendingJSON(to: line, classification) }
                    print(line)
                } else {
                    if index > 0 { print() }
                    let report = explain
                        ? ExplanationReport.text(file: name, article: article, classification: classification)
                        : ClassificationReport.text(file: name, article: article, classification: classification)
                    print(report, terminator: "")
                }
            case .failure(let failure):
                if status == .success { status = ExitStatus.dataError }
                if json {
                    // An oversized file was not read to its end, so it has no id.
                    let id = failure.reason == .tooLarge ? nil : ContentID.of(bytes)
                    let record = EventRecord(
                        seq: nil, timeMilliseconds: now, file: name, id: id, bytes: bytes.count,
                        payload: .rejected(reason: failure.reason.rawValue, detail: failure.detail))
                    print(record.jsonLine())
                } else {
                    if index > 0 { print() }
                    print("\(name): rejected (\(failure.reason.rawValue)): \(failure.detail)")
                }
            }
        }
        if status != .success { throw status }
    }
}

func currentMilliseconds() -> Int {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return now.tv_sec * 1000 + now.tv_nsec / 1_000_000
}
