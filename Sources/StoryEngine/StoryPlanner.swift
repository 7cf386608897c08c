import StoryCore

/// Plans a story: the tree of pages, each page's beat, place and companions, the kind of
/// every choice, and which endings are happy. Pure and deterministic for a seed.
public enum StoryPlanner {
    public static func plan(
        theme: ThemePack, cast: Cast, ageRange: AgeRange, seed: UInt64, moral: String?, shape: StoryShape,
        idea: String = "", tone: StoryTemplate.Tone? = nil
    ) -> StoryPlan {
        var builder = Builder(theme: theme, cast: cast, shape: shape, random: SeededRandom(seed: seed, stream: "plan"))
        let quest = builder.random.pick(theme.quests)!
        let chosenMoral = moral.flatMap { $0.isEmpty ? nil : $0 } ?? builder.random.pick(theme.morals)!
        builder.build()
        builder.decideOutcomes()
        return StoryPlan(
            theme: theme, cast: cast, ageRange: ageRange, seed: seed, quest: quest, moral: chosenMoral, idea: idea, tone: tone,
            shape: shape, nodes: builder.nodes)
    }

    /// The beat of a page in the middle of a story `depth` levels deep.
    static func beat(atDepth level: Int, of depth: Int) -> Beat {
        if level == 0 { return .opening }
        if level >= depth { return .ending }
        let middle = depth - 1
        switch middle - level {
        case 0: return middle >= 3 ? .twist : .challenge
        case 1: return middle >= 3 ? .challenge : .rising
        default: return .rising
        }
    }
}

private struct Builder {
    let theme: ThemePack
    let cast: Cast
    let shape: StoryShape
    var random: SeededRandom
    var nodes: [StoryPlan.Node] = []

    init(theme: ThemePack, cast: Cast, shape: StoryShape, random: SeededRandom) {
        self.theme = theme
        self.cast = cast
        self.shape = shape
        self.random = random
    }

    mutating func build() {
        nodes.append(StoryPlan.Node(
            index: 0, depth: 0, beat: .opening, parent: nil, parents: [], choices: [], outcome: nil,
            setting: random.below(theme.settings.count), ally: nil, item: nil, obstacle: nil, arrival: nil))
        var level = [0]
        for depth in 1...shape.depth {
            var next: [Int] = []
            for parent in level {
                let kinds = choiceKinds(for: parent, childDepth: depth)
                for (position, kind) in kinds.enumerated() {
                    if position == kinds.count - 1, let target = mergeTarget(for: parent, kind: kind, among: next, depth: depth) {
                        nodes[parent].choices.append(StoryPlan.Choice(kind: kind, target: target))
                        nodes[target].parents.append(parent)
                        continue
                    }
                    let child = makeChild(of: parent, kind: kind, depth: depth, position: position)
                    nodes[parent].choices.append(StoryPlan.Choice(kind: kind, target: child))
                    next.append(child)
                }
            }
            level = next.filter { !nodes[$0].isEnding }
            if level.isEmpty { break }
        }
    }

    /// Distinct kinds for a page's choices: one the hero's traits favour, the special
    /// ability at a challenge, the rest at random among what the path still allows.
    private mutating func choiceKinds(for parent: Int, childDepth: Int) -> [ChoiceKind] {
        let favoured = cast.favouredKinds.sorted { $0.rawValue < $1.rawValue }
        let path = pathThings(to: parent)
        var pool = ChoiceKind.allCases.filter { kind in
            switch kind {
            case .ability: !cast.ability.isEmpty
            case .explore: path.places.count < theme.settings.count
            case .befriend: path.allies.count < theme.allies.count
            case .bold: path.obstacles.count < theme.obstacles.count
            default: true
            }
        }
        var kinds: [ChoiceKind] = []
        func take(_ kind: ChoiceKind) {
            if let index = pool.firstIndex(of: kind) {
                kinds.append(kind)
                pool.remove(at: index)
            }
        }
        if nodes[parent].beat == .challenge { take(.ability) }
        if let kind = random.pick(favoured.filter(pool.contains)) { take(kind) }
        while kinds.count < shape.branching, let kind = random.pick(pool) { take(kind) }
        return random.shuffled(kinds)
    }

    /// A page planned from another parent on this level that this choice may lead to as
    /// well: same kind of arrival, so its opening line fits both ways in.
    private mutating func mergeTarget(for parent: Int, kind: ChoiceKind, among level: [Int], depth: Int) -> Int? {
        // Paths meet again at the last level, so a merge costs the story one page, not a subtree.
        guard shape.merges, depth >= 2, depth == shape.depth, random.chance(0.35) else { return nil }
        return level.last { candidate in
            nodes[candidate].arrival == kind && nodes[candidate].parent != parent
                && !nodes[parent].choices.contains { $0.target == candidate }
        }
    }

    private mutating func makeChild(of parent: Int, kind: ChoiceKind, depth: Int, position: Int) -> Int {
        let from = nodes[parent]
        let path = pathThings(to: parent)
        // A page on the last level before the endings may end early: the story loses a
        // page or two, not a subtree, and the opening's choices always lead on.
        let endsEarly = depth >= 2 && depth == shape.depth - 1 && random.chance(shape.earlyEndings)
        let beat = endsEarly ? .ending : StoryPlanner.beat(atDepth: depth, of: shape.depth)
        var node = StoryPlan.Node(
            index: nodes.count, depth: depth, beat: beat, parent: parent, parents: [parent], choices: [],
            outcome: endsEarly ? .losing : nil, setting: from.setting, ally: nil, item: nil, obstacle: nil,
            arrival: kind)
        switch kind {
        case .explore: node.setting = unused(theme.settings.count, path.places + [from.setting]) ?? from.setting
        case .befriend: node.ally = unused(theme.allies.count, path.allies)
        case .bold: node.obstacle = unused(theme.obstacles.count, path.obstacles)
        default: break
        }
        // A page that a friend or an obstacle arrives on is about that; others may get a new thing.
        if beat != .ending, node.ally == nil, node.obstacle == nil { addSceneThing(to: &node, path: path) }
        nodes.append(node)
        return node.index
    }

    /// Gives a middle page one more thing for its scene to introduce, when the theme has
    /// scenes for that beat that can introduce it.
    private mutating func addSceneThing(to node: inout StoryPlan.Node, path: PathThings) {
        let scenes = theme.scenes[node.beat] ?? []
        // Only scenes that introduce this thing and need no other thing count.
        func offers(_ slots: Set<Slot>) -> Bool {
            scenes.contains { scene in
                !slots.isDisjoint(with: scene.slots) && scene.slots.allSatisfy { !Slot.thingSlots.contains($0) || slots.contains($0) }
            }
        }
        var options: [WritableKeyPath<StoryPlan.Node, Int?>] = []
        if node.item == nil, offers([.item, .theItem]), path.items.count < theme.items.count { options.append(\.item) }
        if node.ally == nil, offers([.ally, .allyKind]), path.allies.count < theme.allies.count { options.append(\.ally) }
        if node.obstacle == nil, node.beat == .challenge, offers([.obstacle, .theObstacle]),
           path.obstacles.count < theme.obstacles.count {
            options = [\.obstacle]
        }
        guard random.chance(0.75), let key = random.pick(options) else { return }
        switch key {
        case \.item: node.item = unused(theme.items.count, path.items)
        case \.ally: node.ally = unused(theme.allies.count, path.allies)
        default: node.obstacle = unused(theme.obstacles.count, path.obstacles)
        }
    }

    private mutating func unused(_ count: Int, _ used: [Int]) -> Int? {
        random.pick((0..<count).filter { !used.contains($0) })
    }

    private struct PathThings {
        var places: [Int] = []
        var allies: [Int] = []
        var items: [Int] = []
        var obstacles: [Int] = []
    }

    /// What the planned path to a page (including it) already has.
    private func pathThings(to index: Int) -> PathThings {
        var things = PathThings()
        var current: Int? = index
        while let node = current.map({ nodes[$0] }) {
            things.places.append(node.setting)
            if let ally = node.ally { things.allies.append(ally) }
            if let item = node.item { things.items.append(item) }
            if let obstacle = node.obstacle { things.obstacles.append(obstacle) }
            current = node.parent
        }
        return things
    }

    /// Early endings are gentle losses; of the pages at full depth, the paths that follow
    /// the hero's traits most closely end well, at least one always does, and where there
    /// are three or more, at least one does not.
    mutating func decideOutcomes() {
        let favoured = cast.favouredKinds
        var leaves: [(index: Int, score: Int)] = []
        for index in nodes.indices where nodes[index].choices.isEmpty {
            nodes[index].beat = .ending
            if nodes[index].outcome != nil { continue }
            var score = 0
            var current = index
            while let parent = nodes[current].parent {
                if let kind = nodes[current].arrival, favoured.contains(kind) || kind == .ability { score += 2 }
                current = parent
            }
            leaves.append((index, score * 8 + random.below(8)))
        }
        leaves.sort { $0.score > $1.score }
        let winners = max(1, min(leaves.count - (leaves.count >= 3 ? 1 : 0), (leaves.count + 1) / 2))
        for (rank, leaf) in leaves.enumerated() {
            nodes[leaf.index].outcome = rank < winners ? .winning : .losing
        }
    }
}
