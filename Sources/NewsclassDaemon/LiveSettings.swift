import NewsclassClassifier
import NewsclassSpool
import NewsclassText
import Synchronization

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

    init(options: DaemonOptions, model: TopicModel) {
        classifier = Classifier(model: model)
        extractor = ArticleExtractor(maxBytes: options.maxBytes)
        filter = options.filter
        archives = options.archives
        reconcileInterval = options.reconcileInterval
    }
}

/// The settings in force. Readers take one snapshot per article or scan, so a swap lands
/// between articles, never inside one.
final class LiveSettingsCell: Sendable {
    private let value: Mutex<LiveSettings>

    init(_ settings: LiveSettings) {
        value = Mutex(settings)
    }

    var current: LiveSettings { value.withLock { $0 } }

    func replace(with settings: LiveSettings) {
        value.withLock { $0 = settings }
    }
}
