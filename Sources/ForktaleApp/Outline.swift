import StoryCore

/// A story as an indented tree for the Map: each page once, under the first page that
/// leads to it; where paths merge or loop back, a reference row instead of the subtree
/// again. Built once per story (iteratively: a 100,000-page chain must not overflow the
/// stack); the Map draws only the rows in view.
public struct Outline: Hashable, Sendable {
    public struct Row: Hashable, Sendable {
        public var nodeId: Int64
        public var depth: Int
        /// True for a reference to a page shown elsewhere in the outline.
        public var isReference: Bool
        /// The choice that leads here from the row's parent ("" for the opening).
        public var choice: String
        /// The page that choice is on (nil for the opening and pages no path reaches).
        public var parent: Int64?
    }

    public private(set) var rows: [Row] = []

    public init(_ content: StoryContent) {
        self.init(root: content.root?.id, pages: content.nodes.compactMap(\.id)) { id in
            content.choices(of: id).compactMap { choice in
                choice.targetNodeId.flatMap { content.node($0) != nil ? ($0, choice.text) : nil }
            }
        }
    }

    /// The outline of a story too large to load whole, from its links alone.
    public init(_ links: StoryLinks) {
        self.init(root: links.root, pages: links.pages) { id in (links.links[id] ?? []).map { ($0.target, $0.text) } }
    }

    private init(root: Int64?, pages: [Int64], next: (Int64) -> [(target: Int64, text: String)]) {
        guard let root else { return }
        var shown = Set<Int64>()
        // Pending work, last first: (page, depth, the choice's label, the page it is on).
        var stack: [(Int64, Int, String, Int64?)] = [(root, 0, "", nil)]
        while let (id, depth, choice, parent) = stack.popLast() {
            if shown.contains(id) {
                rows.append(Row(nodeId: id, depth: depth, isReference: true, choice: choice, parent: parent))
                continue
            }
            shown.insert(id)
            rows.append(Row(nodeId: id, depth: depth, isReference: false, choice: choice, parent: parent))
            for link in next(id).reversed() { stack.append((link.target, depth + 1, link.text, id)) }
        }
        // Pages no path reaches still belong on the map.
        for id in pages where !shown.contains(id) {
            rows.append(Row(nodeId: id, depth: 0, isReference: false, choice: "", parent: nil))
        }
    }

    /// The first row of a page that is not a reference.
    public func row(of nodeId: Int64) -> Int? {
        rows.firstIndex { $0.nodeId == nodeId && !$0.isReference }
    }
}
