import Foundation

/// A stored story with all its passages and choices, indexed for reading.
public struct StoryContent: Hashable, Sendable {
    public var story: Story
    public var nodes: [StoryNode]
    public var choices: [StoryChoice]
    private var nodeIndex: [Int64: Int]
    private var choicesByNode: [Int64: [StoryChoice]]
    /// Passages marked as endings, counted once (screens show it every frame).
    public private(set) var endingCount: Int

    public init(story: Story, nodes: [StoryNode], choices: [StoryChoice]) {
        self.story = story
        self.nodes = nodes
        self.choices = choices
        nodeIndex = Dictionary(nodes.enumerated().compactMap { index, node in node.id.map { ($0, index) } },
                               uniquingKeysWith: { first, _ in first })
        choicesByNode = Dictionary(grouping: choices, by: \.nodeId).mapValues { $0.sorted { $0.position < $1.position } }
        endingCount = nodes.count { $0.isEnding }
    }

    public var root: StoryNode? { nodes.first(where: \.isRoot) }

    public func node(_ id: Int64) -> StoryNode? { nodeIndex[id].map { nodes[$0] } }

    /// A passage's choices in order.
    public func choices(of nodeId: Int64) -> [StoryChoice] { choicesByNode[nodeId] ?? [] }

    public var endings: [StoryNode] { nodes.filter(\.isEnding) }

    public var graph: StoryGraph { StoryGraph(nodes: nodes, choices: choices) }
}
