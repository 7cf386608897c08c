import Foundation
import StoryCore

/// The shape of a story to write: how deep, how wide, how many paths end early,
/// and whether paths may meet again.
public struct StoryShape: Hashable, Sendable, Codable {
    /// Levels below the opening: the longest path has `depth + 1` pages.
    public var depth: Int
    /// Choices on each page that is not an ending.
    public var branching: Int
    /// Of the pages on the level before the endings, the share that end the story early.
    public var earlyEndings: Double
    /// Whether two pages may lead to the same next page.
    public var merges: Bool

    public static let depths = 1...6
    public static let branchings = 2...3

    public init(depth: Int, branching: Int = 2, earlyEndings: Double = 0, merges: Bool = false) {
        self.depth = min(max(depth, Self.depths.lowerBound), Self.depths.upperBound)
        self.branching = min(max(branching, Self.branchings.lowerBound), Self.branchings.upperBound)
        self.earlyEndings = min(max(earlyEndings, 0), 0.5)
        self.merges = merges
    }

    /// The new-story form's presets: about 7, 15 and 31 pages.
    public init(_ length: StoryJob.Brief.Length) {
        switch length {
        case .short: self.init(depth: 2)
        case .medium: self.init(depth: 3, earlyEndings: 0.15)
        case .long: self.init(depth: 4, earlyEndings: 0.2, merges: true)
        }
    }
}

/// Who stars in a story: a stored hero, or one invented from the seed.
public struct Cast: Hashable, Sendable {
    public var name: String
    public var pronouns: Pronouns
    public var traits: [Trait]
    /// Empty when the hero has none; then no choice offers it.
    public var ability: String
    public var heroId: Int64?

    public init(name: String, pronouns: Pronouns, traits: [Trait], ability: String, heroId: Int64? = nil) {
        self.name = name
        self.pronouns = pronouns
        self.traits = traits
        self.ability = ability
        self.heroId = heroId
    }

    public init(hero: Hero) {
        self.init(
            name: hero.name, pronouns: hero.pronouns, traits: [hero.primaryTrait, hero.secondaryTrait],
            ability: hero.specialAbility.trimmingWhitespace(), heroId: hero.id)
    }

    var favouredKinds: Set<ChoiceKind> {
        var kinds = traits.reduce(into: Set<ChoiceKind>()) { $0.formUnion($1.favouredKinds) }
        if ability.isEmpty { kinds.remove(.ability) }
        return kinds
    }
}

/// Everything the writers need to know about a story before a word is written: its
/// theme, hero, quest and moral, and the tree of pages with their beats, places,
/// companions and outcomes. The same brief, hero and theme pack always give the same
/// plan, which is how a job resumes after a crash without storing the plan.
public final class StoryPlan: Sendable {
    public enum Outcome: String, Sendable {
        case winning, losing
    }

    public struct Choice: Hashable, Sendable {
        public var kind: ChoiceKind
        public var target: Int
    }

    public struct Node: Sendable {
        public var index: Int
        public var depth: Int
        public var beat: Beat
        /// The page this one was planned from; nil for the opening.
        public var parent: Int?
        /// Every page with a choice leading here (more than one where paths merge).
        public var parents: [Int]
        public var choices: [Choice]
        public var outcome: Outcome?
        /// Indexes into the theme pack's lists.
        public var setting: Int
        public var ally: Int?
        public var item: Int?
        public var obstacle: Int?
        /// The kind of the choice that leads here (the same from every parent).
        public var arrival: ChoiceKind?

        public var isEnding: Bool { outcome != nil }
    }

    /// What every path to a page has found, met and visited before it.
    public struct PathState: Hashable, Sendable {
        public var items: [Int] = []
        public var allies: [Int] = []
        public var places: [Int] = []
    }

    public let theme: ThemePack
    public let cast: Cast
    public let ageRange: AgeRange
    public let seed: UInt64
    public let quest: ThemePack.Quest
    public let moral: String
    /// A template's idea and tone, in the template's words: the model-server writer's
    /// prompts carry them (the embedded writer's theme packs cannot).
    public let idea: String
    public let tone: StoryTemplate.Tone?
    public let shape: StoryShape
    /// In planning order: a page comes after every page that leads to it.
    public let nodes: [Node]
    /// `states[i]` is the state on arriving at page i.
    public let states: [PathState]
    private let memo = Memo()

    init(theme: ThemePack, cast: Cast, ageRange: AgeRange, seed: UInt64, quest: ThemePack.Quest, moral: String,
         idea: String, tone: StoryTemplate.Tone?, shape: StoryShape, nodes: [Node]) {
        self.theme = theme
        self.cast = cast
        self.ageRange = ageRange
        self.seed = seed
        self.quest = quest
        self.moral = moral
        self.idea = idea
        self.tone = tone
        self.shape = shape
        self.nodes = nodes
        self.states = Self.states(of: nodes)
    }

    /// The opening page and every page on the way from it to `index` along planned parents.
    public func path(to index: Int) -> [Int] {
        var path = [index]
        while let parent = nodes[path[path.count - 1]].parent { path.append(parent) }
        return path.reversed()
    }

    /// A value computed once per plan by whoever asks first (a writer's own bookkeeping).
    public func memoized<T: Sendable>(_ key: String, _ compute: () -> T) -> T {
        memo.value(key, compute)
    }

    private static func states(of nodes: [Node]) -> [PathState] {
        var states: [PathState] = []
        states.reserveCapacity(nodes.count)
        for node in nodes {
            let incoming = node.parents.map { parent -> PathState in
                var state = states[parent]
                let from = nodes[parent]
                if let item = from.item, !state.items.contains(item) { state.items.append(item) }
                if let ally = from.ally, !state.allies.contains(ally) { state.allies.append(ally) }
                if !state.places.contains(from.setting) { state.places.append(from.setting) }
                return state
            }
            guard var state = incoming.first else {
                states.append(PathState())
                continue
            }
            // Where paths merge, only what every path shares may be recalled.
            for other in incoming.dropFirst() {
                state.items.removeAll { !other.items.contains($0) }
                state.allies.removeAll { !other.allies.contains($0) }
                state.places.removeAll { !other.places.contains($0) }
            }
            states.append(state)
        }
        return states
    }
}

private final class Memo: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: any Sendable] = [:]

    func value<T: Sendable>(_ key: String, _ compute: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        if let value = values[key] as? T { return value }
        let value = compute()
        values[key] = value
        return value
    }
}
