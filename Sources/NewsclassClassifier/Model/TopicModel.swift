/// Everything the classifier knows, as plain data: the topics and how much a title counts.
///
/// A model is usually read from `newsclass.toml` by `NewsclassConfig`, but nothing here
/// knows about files; tests build models in code.
public struct TopicModel: Sendable, Equatable {
    public var topics: [TopicDefinition]
    /// Evidence found in the title counts this many times as much as the same evidence in the body.
    public var titleWeight: Double

    public init(topics: [TopicDefinition], titleWeight: Double = 2.0) {
        self.topics = topics
        self.titleWeight = titleWeight
    }
}
