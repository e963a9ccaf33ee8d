/// Everything the classifier knows, as plain data: the topics and how much a title counts.
///
/// A model is usually read from `newsclass.toml` by `NewsclassConfig`, but nothing here
/// knows about files; tests build models in code.
public struct TopicModel: Sendable, Equatable {
    public var topics: [TopicDefinition]
    /// Evidence found in the title counts this many times as much as the same evidence in the body.
    public var titleWeight: Double
    /// A topic is labelled only when its evidence lies in at least this many sentences (the
    /// title is one): a single sentence is a passing mention, such as a related-stories
    /// link on a web page or one remark in an article about something else.
    public var minSentences: Int

    public init(topics: [TopicDefinition], titleWeight: Double = 2.0, minSentences: Int = 2) {
        self.topics = topics
        self.titleWeight = titleWeight
        self.minSentences = minSentences
    }
}
