import Foundation

/// The shape of a story as passages and links, checked the way a reader would meet it.
///
/// Loops and merges are allowed (real Twine stories have both); what is reported are the
/// places where a reader would get stuck or never arrive.
public struct StoryGraph: Sendable {
    public struct Passage: Hashable, Sendable {
        public var name: String
        public var isRoot: Bool
        public var isEnding: Bool

        public init(name: String, isRoot: Bool, isEnding: Bool) {
            self.name = name
            self.isRoot = isRoot
            self.isEnding = isEnding
        }
    }

    public struct Link: Hashable, Sendable {
        public var from: Int
        public var text: String
        /// nil when the link leads nowhere (its target does not exist).
        public var target: Int?

        public init(from: Int, text: String, target: Int?) {
            self.from = from
            self.text = text
            self.target = target
        }
    }

    /// One thing wrong with a story's shape, naming the passages concerned.
    public enum Problem: Hashable, Sendable, CustomStringConvertible {
        case missingStart
        case severalStarts([String])
        case unreachable(String)
        case danglingLink(from: String, text: String)
        case deadEnd(String)
        case endingWithChoices(String)
        case duplicateName(String)

        public var description: String {
            switch self {
            case .missingStart: "The story has no start passage."
            case .severalStarts(let names): "The story has several start passages: \(names.joined(separator: ", "))."
            case .unreachable(let name): "\"\(name)\" cannot be reached from the start."
            case .danglingLink(let from, let text): "\"\(from)\" has a choice (\"\(text)\") that leads nowhere."
            case .deadEnd(let name): "\"\(name)\" is not an ending but offers no choice."
            case .endingWithChoices(let name): "\"\(name)\" is an ending but offers choices."
            case .duplicateName(let name): "Two passages are named \"\(name)\"."
            }
        }
    }

    public var passages: [Passage]
    public var links: [Link]

    public init(passages: [Passage], links: [Link]) {
        self.passages = passages
        self.links = links
    }

    /// The graph of a draft; unnamed passages are called by their number.
    public init(_ draft: StoryDraft) {
        passages = draft.nodes.enumerated().map { index, node in
            Passage(name: node.name ?? "passage \(index + 1)", isRoot: node.isRoot, isEnding: node.isEnding)
        }
        links = draft.choices.map { Link(from: $0.from, text: $0.text, target: $0.target) }
    }

    /// The graph of a stored story: `choices` may come in any order.
    public init(nodes: [StoryNode], choices: [StoryChoice]) {
        var index: [Int64: Int] = [:]
        for (position, node) in nodes.enumerated() { if let id = node.id { index[id] = position } }
        passages = nodes.enumerated().map { position, node in
            Passage(name: node.name ?? "passage \(position + 1)", isRoot: node.isRoot, isEnding: node.isEnding)
        }
        links = choices.compactMap { choice in
            guard let from = index[choice.nodeId] else { return nil }
            return Link(from: from, text: choice.text, target: choice.targetNodeId.flatMap { index[$0] })
        }
    }

    public var root: Int? { passages.firstIndex(where: \.isRoot) }

    /// Each passage's distance in choices from the start; nil where the start cannot reach.
    public func depths() -> [Int?] {
        var depth = [Int?](repeating: nil, count: passages.count)
        guard let root else { return depth }
        var outgoing = [[Int]](repeating: [], count: passages.count)
        for link in links { if let target = link.target { outgoing[link.from].append(target) } }
        depth[root] = 0
        var queue = [root]
        var head = 0
        while head < queue.count {
            let current = queue[head]
            head += 1
            for next in outgoing[current] where depth[next] == nil {
                depth[next] = depth[current]! + 1
                queue.append(next)
            }
        }
        return depth
    }

    /// Everything that would stop a reader, in passage order.
    public func problems() -> [Problem] {
        var problems: [Problem] = []
        let roots = passages.filter(\.isRoot).map(\.name)
        if roots.isEmpty { problems.append(.missingStart) }
        if roots.count > 1 { problems.append(.severalStarts(roots)) }
        var seen = Set<String>()
        for passage in passages where !seen.insert(passage.name).inserted {
            problems.append(.duplicateName(passage.name))
        }
        var choiceCount = [Int](repeating: 0, count: passages.count)
        for link in links {
            choiceCount[link.from] += 1
            if link.target == nil { problems.append(.danglingLink(from: passages[link.from].name, text: link.text)) }
        }
        let depth = roots.isEmpty ? [] : depths()
        for (index, passage) in passages.enumerated() {
            if !depth.isEmpty, depth[index] == nil { problems.append(.unreachable(passage.name)) }
            if passage.isEnding, choiceCount[index] > 0 { problems.append(.endingWithChoices(passage.name)) }
            if !passage.isEnding, choiceCount[index] == 0 { problems.append(.deadEnd(passage.name)) }
        }
        return problems
    }
}

extension StoryDraft {
    /// Sets each passage's depth: its distance in choices from the start passage.
    /// Passages the start cannot reach keep depth 0.
    public mutating func assignDepths() {
        for (index, depth) in StoryGraph(self).depths().enumerated() {
            nodes[index].depth = depth ?? 0
        }
    }
}
