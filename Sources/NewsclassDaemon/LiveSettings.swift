import NewsclassClassifier
import NewsclassSpool
import NewsclassText
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The part of the configuration a reload (SIGHUP) changes while the daemon runs: the
/// topics and thresholds (a new classifier), the globs, `max_bytes`, what happens after
/// a record, and the reconcile interval. Paths and the number of workers are fixed at
/// start (see `Daemon.reload`).
struct LiveSettings: Sendable {
    var classifier: Classifier
    var extractor: ArticleExtractor
    var filter: SpoolFilter
    var archives: Bool
    var reconcileInterval: Duration
    /// Alive as long as any copy of these settings is: `LiveSettingsCell.rebuild` waits
    /// for it to go. (Last, so that it goes after the classifier.)
    fileprivate var generation = Generation()

    init(options: DaemonOptions, model: TopicModel, tables: (any MatcherTableStore)?) {
        classifier = Classifier(model: model, tables: tables)
        extractor = ArticleExtractor(maxBytes: options.maxBytes)
        filter = options.filter
        archives = options.archives
        reconcileInterval = options.reconcileInterval
    }
}

private final class Generation: Sendable {}

/// The settings in force. Readers take one snapshot per article or scan, so a swap lands
/// between articles, never inside one.
final class LiveSettingsCell: Sendable {
    /// How long `rebuild` waits for the articles in flight to let the old settings go.
    static let drainLimit = Duration.seconds(5)

    private let value: Mutex<LiveSettings?>

    init(_ settings: LiveSettings) {
        value = Mutex(settings)
    }

    /// The settings; waits while `rebuild` makes new ones.
    var current: LiveSettings { value.withLock { $0! } }

    func replace(with settings: LiveSettings) {
        value.withLock { $0 = settings }
    }

    /// Replaces the settings with `make()`, made only once the old ones are gone: readers
    /// wait meanwhile, and the articles in flight (each holds a snapshot) are finished
    /// first, for up to `drainLimit`. A classifier built while the old one lives puts its
    /// many small blocks among the old one's, and once those are freed the heap keeps the
    /// holes: the soak saw the resident size climb by a few MB over the first reloads.
    /// Built after the old one is freed, the new one takes the same room again.
    func rebuild(_ make: () -> LiveSettings) {
        value.withLock { settings in
            weak let generation = settings?.generation
            settings = nil
            let deadline = ContinuousClock.now + Self.drainLimit
            while generation != nil && ContinuousClock.now < deadline {
                var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
                nanosleep(&pause, nil)
            }
            settings = make()
        }
    }
}
