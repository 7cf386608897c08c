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
    /// Pages the story has: more than `nodes` holds when only some are loaded.
    public private(set) var pageCount: Int

    /// Only some pages are here (a story too large to load whole): the others are loaded
    /// as the reader nears them.
    public var isPartial: Bool { pageCount > nodes.count }

    /// The story with every page, or (given the story's `pageCount` and `endingCount`)
    /// with some of them, each with all its choices.
    public init(story: Story, nodes: [StoryNode], choices: [StoryChoice], pageCount: Int? = nil, endingCount: Int? = nil) {
        self.story = story
        self.nodes = nodes
        self.choices = choices
        nodeIndex = Dictionary(nodes.enumerated().compactMap { index, node in node.id.map { ($0, index) } },
                               uniquingKeysWith: { first, _ in first })
        choicesByNode = Dictionary(grouping: choices, by: \.nodeId).mapValues { $0.sorted { $0.position < $1.position } }
        self.endingCount = endingCount ?? nodes.count { $0.isEnding }
        self.pageCount = max(pageCount ?? nodes.count, nodes.count)
    }

    /// These pages and those of `more` (another part of the same story), each once, with
    /// this part's counts of the whole story.
    public func merging(_ more: StoryContent) -> StoryContent {
        let new = more.nodes.filter { $0.id.map { nodeIndex[$0] == nil } ?? false }
        guard !new.isEmpty else { return self }
        let ids = Set(new.compactMap(\.id))
        return StoryContent(
            story: more.story, nodes: nodes + new, choices: choices + more.choices.filter { ids.contains($0.nodeId) },
            pageCount: pageCount, endingCount: endingCount)
    }

    public var root: StoryNode? { nodes.first(where: \.isRoot) }

    public func node(_ id: Int64) -> StoryNode? { nodeIndex[id].map { nodes[$0] } }

    /// A passage's choices in order.
    public func choices(of nodeId: Int64) -> [StoryChoice] { choicesByNode[nodeId] ?? [] }

    public var endings: [StoryNode] { nodes.filter(\.isEnding) }

    public var graph: StoryGraph { StoryGraph(nodes: nodes, choices: choices) }
}

/// A story's links without its text: the shape of a story too large to load whole.
public struct StoryLinks: Sendable {
    public struct Link: Sendable {
        public var text: String
        public var target: Int64

        public init(text: String, target: Int64) {
            self.text = text
            self.target = target
        }
    }

    public var root: Int64?
    /// Every page's id, in the order the story keeps them.
    public var pages: [Int64]
    /// Each page's links, in order (only those that lead somewhere).
    public var links: [Int64: [Link]]

    public init(root: Int64?, pages: [Int64], links: [Int64: [Link]]) {
        self.root = root
        self.pages = pages
        self.links = links
    }
}
