import StoryCore

/// Plans a story as causes and effects: the quest, where each path finds its helper,
/// which obstacles and riddles it meets on the way, the ways past each, and how each
/// ending follows from the way the climax was met. Pure and deterministic for a seed.
public enum StoryPlanner {
    public static func plan(
        theme: ThemePack, cast: Cast, ageRange: AgeRange, seed: UInt64, moral: String?, shape: StoryShape,
        idea: String = "", tone: StoryTemplate.Tone? = nil
    ) -> StoryPlan {
        var random = SeededRandom(seed: seed, stream: "plan")
        let quest = random.pick(theme.quests)!
        // The story starts somewhere other than where its climax happens.
        let home = random.pick(theme.places.indices.filter { theme.places[$0].name != quest.place })!
        var builder = Builder(theme: theme, cast: cast, quest: quest, shape: shape, ageRange: ageRange, random: random, home: home)
        builder.build()
        let nodes = builder.nodes
        // A moral of the pack's is one that some ending shows; the reader's own is told
        // where its virtue shows, when the words say which virtue it is.
        let shown = nodes.filter(\.isEnding).reduce(into: Set<Virtue>()) { shown, node in
            shown.formUnion(Self.virtues(of: node))
        }
        let chosen: (text: String, virtue: Virtue?)
        if let moral, !moral.isEmpty {
            chosen = (moral, Virtue(describing: moral))
        } else {
            var pick = SeededRandom(seed: seed, stream: "moral")
            let fitting = theme.morals.filter { shown.contains($0.shows) }
            let moral = pick.pick(fitting.isEmpty ? theme.morals : fitting)!
            chosen = (moral.text, moral.shows)
        }
        return StoryPlan(
            theme: theme, cast: cast, ageRange: ageRange, seed: seed, quest: quest, home: home, moral: chosen.text,
            virtue: chosen.virtue, idea: idea, tone: tone, shape: shape, nodes: nodes)
    }

    /// The virtues an ending shows in action.
    static func virtues(of node: StoryPlan.Node) -> Set<Virtue> {
        var shown = Set<Virtue>()
        if case .companion? = node.helper { shown.insert(.kindness) }
        switch node.approach {
        case .companion?: shown.insert(.friendship)
        case .kind?: shown.formUnion([.kindness, .friendship])
        case .bold? where node.ending == .win: shown.insert(.bravery)
        case .clever? where node.ending == .win: shown.insert(.cleverness)
        default: break
        }
        if node.ending == .partial || node.ending == .setback { shown.insert(.trying) }
        return shown
    }
}

extension Virtue {
    /// The virtue a moral in someone's own words is about, when its words say so.
    init?(describing moral: String) {
        let words = Set(moral.lowercased().split { !$0.isLetter }.map(String.init))
        let cues: [(Virtue, [String])] = [
            (.friendship, ["friend", "friends", "friendship", "together", "team", "teamwork", "share", "sharing"]),
            (.kindness, ["kind", "kindness", "help", "helping", "helps", "care", "caring", "gentle", "nice"]),
            (.bravery, ["brave", "bravery", "courage", "courageous", "bold"]),
            (.cleverness, ["clever", "think", "thinking", "smart", "idea", "ideas", "wise"]),
            (.trying, ["try", "trying", "again", "practice", "patience", "patient", "give", "mistakes"]),
        ]
        guard let virtue = cues.first(where: { !words.isDisjoint(with: $0.1) })?.0 else { return nil }
        self = virtue
    }
}

private struct Builder {
    let theme: ThemePack
    let cast: Cast
    let quest: ThemePack.Quest
    let shape: StoryShape
    var random: SeededRandom
    let home: Int
    var nodes: [StoryPlan.Node] = []
    /// Used anywhere in the story so far, so that the second path meets other things.
    var usedPlaces: Set<Int> = []
    var usedObstacles: Set<Int> = []
    var usedRiddles: Set<Int> = []
    var usedOthers: Set<ApproachKind> = []
    /// Endings so far that are not wins, and how many "not yet" endings the story may have.
    var setbacksLeft: Int

    init(theme: ThemePack, cast: Cast, quest: ThemePack.Quest, shape: StoryShape, ageRange: AgeRange, random: SeededRandom, home: Int) {
        self.theme = theme
        self.cast = cast
        self.quest = quest
        self.shape = shape
        self.random = random
        self.home = home
        // "Not yet, tomorrow" at most once, only in a story with six endings or more, and
        // never for the youngest.
        setbacksLeft = shape.climaxApproaches * 2 >= 6 && ageRange != .fourToSix ? 1 : 0
        usedPlaces = [home]
    }

    mutating func build() {
        nodes.append(StoryPlan.Node(index: 0, depth: 0, stage: .opening, parents: [], choices: [], place: home))
        // One path finds an item, the other helps a companion; each meets at the climax an
        // obstacle that its helper gets past, and keeps the other obstacle its helper fits
        // for the middle of its path, so the helper is used on the way too.
        let item = random.below(theme.items.count)
        let itemFits = theme.obstacles(for: .item(item))
        let itemClimax = random.pick(itemFits)!
        let companions = theme.companions.indices.filter { !theme.obstacles(for: .companion($0)).allSatisfy(itemFits.contains) }
        let companion = random.pick(companions.isEmpty ? Array(theme.companions.indices) : companions)!
        let companionFits = theme.obstacles(for: .companion(companion))
        let companionClimax = random.pick(companionFits.filter { !itemFits.contains($0) })
            ?? random.pick(companionFits.filter { $0 != itemClimax }) ?? random.pick(companionFits)!
        usedObstacles = [itemClimax, companionClimax]
        let tracks = random.shuffled([(StoryPlan.Helper.item(item), itemClimax), (.companion(companion), companionClimax)])
        for (number, track) in tracks.enumerated() {
            buildPath(helper: track.0, climax: track.1, last: number == tracks.count - 1)
        }
    }

    /// One path from the opening's choice to its endings.
    private mutating func buildPath(helper: StoryPlan.Helper, climax: Int, last: Bool) {
        var pathPlaces: Set<Int> = [home]
        let gather = add(StoryPlan.Node(
            index: 0, depth: 0, stage: .gather, parents: [0], choices: [], place: place(avoiding: &pathPlaces), helper: helper),
            from: [0], action: .seek(helper))
        var tails = [gather]
        var singles = [gather]
        for stage in shape.middle {
            let page: Int
            switch stage {
            case .riddle:
                let riddle = random.pick(theme.riddles.indices.filter { !usedRiddles.contains($0) })
                    ?? random.below(theme.riddles.count)
                usedRiddles.insert(riddle)
                page = add(StoryPlan.Node(
                    index: 0, depth: 0, stage: .riddle, parents: tails, choices: [], place: place(avoiding: &pathPlaces),
                    helper: helper, riddle: riddle), from: tails, action: .goOn)
                tails = random.shuffled([0, 1, 2]).map { answer in
                    add(StoryPlan.Node(
                        index: 0, depth: 0, stage: .answer, parents: [page], choices: [], place: nodes[page].place,
                        helper: helper, succeeded: answer == 0, riddle: riddle, answer: answer),
                        from: [page], action: .answer(answer))
                }
            default:
                let obstacle = pickObstacle(for: helper)
                page = add(StoryPlan.Node(
                    index: 0, depth: 0, stage: .obstacle, parents: tails, choices: [], place: place(avoiding: &pathPlaces),
                    helper: helper, obstacle: obstacle), from: tails, action: .goOn)
                tails = middleApproaches(at: obstacle, helper: helper).map { kind in
                    add(StoryPlan.Node(
                        index: 0, depth: 0, stage: .resolve, parents: [page], choices: [], place: nodes[page].place,
                        helper: helper, obstacle: obstacle, approach: kind, succeeded: worksAtOnce(kind)),
                        from: [page], action: .approach(kind))
                }
            }
            singles.append(page)
        }
        let top = add(StoryPlan.Node(
            index: 0, depth: 0, stage: .climax, parents: tails, choices: [], helper: helper, obstacle: climax),
            from: tails, action: .goOn)
        singles.append(top)
        for (kind, ending) in climaxApproaches(at: climax, helper: helper, last: last) {
            add(StoryPlan.Node(
                index: 0, depth: 0, stage: .ending, parents: [top], choices: [], outcome: ending.isWinning ? .winning : .losing,
                ending: ending, helper: helper, obstacle: climax, approach: kind, succeeded: ending.isWinning),
                from: [top], action: .approach(kind))
        }
        // A mystery's three clues, one a page along the way (two on the first page of a
        // short story, which has only two pages before its ending).
        if quest.kind == .mystery {
            let spread = singles.count >= 3 ? [[0], [1], [2]] : [[0, 1], [2]]
            for (page, clues) in zip(singles, spread) { nodes[page].clues = clues }
        }
    }

    /// Adds a page and the choices that lead to it.
    @discardableResult
    private mutating func add(_ node: StoryPlan.Node, from parents: [Int], action: StoryPlan.Action) -> Int {
        var node = node
        node.index = nodes.count
        node.parents = parents
        node.parent = parents.first
        node.depth = (parents.map { nodes[$0].depth }.max() ?? -1) + 1
        nodes.append(node)
        for parent in parents {
            nodes[parent].choices.append(StoryPlan.Choice(action: action, target: node.index))
        }
        return node.index
    }

    /// A place not yet on this path, and not used by the other path when there is one.
    private mutating func place(avoiding path: inout Set<Int>) -> Int {
        let all = theme.places.indices.filter { theme.places[$0].name != quest.place }
        let fresh = all.filter { !path.contains($0) && !usedPlaces.contains($0) }
        let place = random.pick(fresh.isEmpty ? all.filter { !path.contains($0) } : fresh) ?? random.pick(all)!
        path.insert(place)
        usedPlaces.insert(place)
        return place
    }

    /// An obstacle for the middle of a path: one the path's helper gets past when there is
    /// one left, else any not met yet.
    private mutating func pickObstacle(for helper: StoryPlan.Helper) -> Int {
        let unused = theme.obstacles.indices.filter { !usedObstacles.contains($0) }
        let fitting = theme.obstacles(for: helper).filter { !usedObstacles.contains($0) }
        let obstacle = random.pick(fitting) ?? random.pick(unused) ?? random.below(theme.obstacles.count)
        usedObstacles.insert(obstacle)
        return obstacle
    }

    private func helperApproach(_ helper: StoryPlan.Helper) -> ApproachKind {
        if case .item = helper { return .item }
        return .companion
    }

    /// The ways past that need nothing gathered, that this obstacle offers.
    private func ownApproaches(at obstacle: Int) -> [ApproachKind] {
        var kinds = theme.obstacles[obstacle].approaches.map(\.by).filter { $0 != .item && $0 != .companion }
        if !cast.ability.isEmpty { kinds.append(.ability) }
        return kinds
    }

    /// Kindness always works; the hero's strengths work at once; anything else gets past
    /// only after a setback. The path's helper always works.
    private func worksAtOnce(_ kind: ApproachKind) -> Bool {
        kind == .item || kind == .companion || kind == .kind || cast.strengths.contains(kind)
    }

    /// Two ways past an obstacle in the middle of a path: the path's helper when it fits,
    /// and ways the hero's own.
    private mutating func middleApproaches(at obstacle: Int, helper: StoryPlan.Helper) -> [ApproachKind] {
        var kinds: [ApproachKind] = []
        let fits = theme.obstacles[obstacle].approaches.contains { approach in
            switch helper {
            case .item(let item): approach.item == item
            case .companion(let companion): approach.companion == companion
            }
        }
        if fits { kinds.append(helperApproach(helper)) }
        var own = random.shuffled(ownApproaches(at: obstacle))
        // The obstacle's page shows who a kind act would help: that act is always a choice.
        if let kind = own.firstIndex(of: .kind) { kinds.append(own.remove(at: kind)) }
        // Else one the hero is good at, when there is one, and one that tests them.
        if kinds.isEmpty, let strong = own.firstIndex(where: worksAtOnce) { kinds.append(own.remove(at: strong)) }
        while kinds.count < 2, let next = own.first {
            kinds.append(next)
            own.removeFirst()
        }
        return random.shuffled(kinds)
    }

    /// The ways to meet the climax, with the ending each leads to: the helper wins; the
    /// others give the other kinds of ending, each a different one where possible.
    private mutating func climaxApproaches(at obstacle: Int, helper: StoryPlan.Helper, last: Bool)
        -> [(ApproachKind, EndingKind)]
    {
        var options = ownApproaches(at: obstacle).map { ($0, ending(for: $0)) }
        options.removeAll { $0.1 == .setback && setbacksLeft == 0 }
        options = random.shuffled(options)
        // Kinds of ending this story has not had yet come first.
        options.sort { !usedOthers.contains($0.0) && usedOthers.contains($1.0) }
        // The obstacle's page shows who a kind act would help: that act is always a choice.
        if let kind = options.firstIndex(where: { $0.0 == .kind }) { options.insert(options.remove(at: kind), at: 0) }
        var chosen = Array(options.prefix(shape.climaxApproaches - 1))
        // A story with no ending short of a win is no choice at all: the last path offers
        // one, when the hero and the obstacle allow it (as a choice more, beside kindness).
        let hasLoss = nodes.contains { $0.outcome == .losing } || chosen.contains { !$0.1.isWinning }
        if last, !hasLoss, let loss = options.first(where: { !$0.1.isWinning }) {
            if let replaced = chosen.lastIndex(where: { $0.0 != .kind }) { chosen[replaced] = loss } else { chosen.append(loss) }
        }
        for (kind, ending) in chosen {
            usedOthers.insert(kind)
            if ending == .setback { setbacksLeft -= 1 }
        }
        return random.shuffled([(helperApproach(helper), .win)] + chosen)
    }

    private func ending(for kind: ApproachKind) -> EndingKind {
        switch kind {
        case .item, .companion: .win
        case .kind: .friendWin
        case .ability: .twist
        case .clever: cast.strengths.contains(.clever) ? .win : .partial
        case .bold: cast.strengths.contains(.bold) ? .win : .setback
        }
    }
}
