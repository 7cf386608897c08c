import Foundation
import StoryCore

/// How long a story is, as the new-story form offers it.
public struct StoryShape: Hashable, Sendable {
    public var length: StoryJob.Brief.Length

    public init(_ length: StoryJob.Brief.Length) {
        self.length = length
    }

    /// The pages between a path's gathering page and its climax.
    var middle: [StoryPlan.Stage] {
        switch length {
        case .short: []
        case .medium: [.obstacle]
        case .long: [.obstacle, .riddle, .obstacle]
        }
    }

    /// Ways to meet the climax's obstacle: the path's helper and one or two more.
    var climaxApproaches: Int { length == .long ? 3 : 2 }
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

    /// The approaches that work at once for this hero.
    public var strengths: Set<ApproachKind> {
        traits.reduce(into: Set<ApproachKind>()) { $0.formUnion($1.strengths) }
    }
}

/// Everything the writers need to know about a story before a word is written: its
/// theme, hero, quest and moral, and the pages as causes and effects. The opening's
/// choice picks the path's helper (an item, or a companion met by helping them); each
/// obstacle offers ways past, and the page after it says how the one chosen went; paths
/// rejoin after each of those pages and split at the next choice; the climax is met
/// with what the path gathered, and the approach chosen there decides the ending.
///
/// The same brief, hero and theme pack always give the same plan, which is how a job
/// resumes after a crash without storing the plan.
public final class StoryPlan: Sendable {
    public enum Outcome: String, Sendable {
        case winning, losing
    }

    /// What a path carries from its gathering page to the end.
    public enum Helper: Hashable, Sendable {
        case item(Int)
        case companion(Int)
    }

    /// What a page does in the story.
    public enum Stage: String, Sendable {
        /// The problem, and the choice of where to look for help.
        case opening
        /// An item found, or a companion helped who then comes along.
        case gather
        /// An obstacle, the hero's first try that fails, and the ways past as choices.
        case obstacle
        /// How the way chosen at an obstacle went.
        case resolve
        /// A riddle; its choices are candidate answers.
        case riddle
        /// Whether the answer was right, and the right one.
        case answer
        /// The quest's goal in sight, its obstacle, and the ways past as choices.
        case climax
        case ending
    }

    /// What taking a choice does.
    public enum Action: Hashable, Sendable {
        /// Go and look for this helper (the opening's choices).
        case seek(Helper)
        /// Go on to the next place.
        case goOn
        /// Try this way past the page's obstacle.
        case approach(ApproachKind)
        /// Give this answer to the riddle: 0 is the right one.
        case answer(Int)
    }

    public struct Choice: Hashable, Sendable {
        public var action: Action
        public var target: Int
    }

    public struct Node: Sendable {
        public var index: Int
        /// Pages read before this one on any path here.
        public var depth: Int
        public var stage: Stage
        /// The page this one was planned from; nil for the opening.
        public var parent: Int?
        /// Every page with a choice leading here (more than one where paths rejoin).
        public var parents: [Int]
        public var choices: [Choice]
        public var outcome: Outcome?
        public var ending: EndingKind?
        /// Index into the pack's places; nil where the quest's own place is meant (the
        /// climax and the endings).
        public var place: Int?
        /// What every path here has gathered; nil before the gathering page.
        public var helper: Helper?
        /// Index into the pack's obstacles, on obstacle, resolve, climax and ending pages.
        public var obstacle: Int?
        /// The way past the obstacle chosen to arrive here (resolve and ending pages).
        public var approach: ApproachKind?
        /// Whether that way worked at once, or only after a setback.
        public var succeeded = true
        /// Index into the pack's riddles, on riddle and answer pages.
        public var riddle: Int?
        /// The answer given, on answer pages: 0 is the right one.
        public var answer: Int?
        /// Indexes into the quest's clues found on this page (mysteries).
        public var clues: [Int] = []

        public var isEnding: Bool { outcome != nil }
    }

    public let theme: ThemePack
    public let cast: Cast
    public let ageRange: AgeRange
    public let seed: UInt64
    public let quest: ThemePack.Quest
    /// Where the story starts: an index into the pack's places.
    public let home: Int
    public let moral: String
    /// What the moral is about, when known: it is told only where a path showed it.
    public let virtue: Virtue?
    /// A template's idea and tone, in the template's words: the model-server writer's
    /// prompts carry them (the embedded writer's theme packs cannot).
    public let idea: String
    public let tone: StoryTemplate.Tone?
    public let shape: StoryShape
    /// In planning order: a page comes after every page that leads to it.
    public let nodes: [Node]
    private let memo = Memo()

    init(theme: ThemePack, cast: Cast, ageRange: AgeRange, seed: UInt64, quest: ThemePack.Quest, home: Int, moral: String,
         virtue: Virtue?, idea: String, tone: StoryTemplate.Tone?, shape: StoryShape, nodes: [Node]) {
        self.theme = theme
        self.cast = cast
        self.ageRange = ageRange
        self.seed = seed
        self.quest = quest
        self.home = home
        self.moral = moral
        self.virtue = virtue
        self.idea = idea
        self.tone = tone
        self.shape = shape
        self.nodes = nodes
    }

    /// The opening page and every page on the way from it to `index` along planned parents.
    public func path(to index: Int) -> [Int] {
        var path = [index]
        while let parent = nodes[path[path.count - 1]].parent { path.append(parent) }
        return path.reversed()
    }

    /// The name of the place a page happens at.
    public func placeName(of node: Node) -> String {
        node.place.map { theme.places[$0].name } ?? quest.place
    }

    /// The virtues an ending's path showed in action, from what every path to it did: the
    /// kind act that won a companion, the companion's help, and the way the climax was met.
    public func virtues(shownAt node: Node) -> Set<Virtue> {
        StoryPlanner.virtues(of: node)
    }

    /// Whether an ending tells the moral.
    public func tellsMoral(_ node: Node) -> Bool {
        guard node.isEnding, !moral.isEmpty else { return false }
        guard let virtue else { return node.outcome == .winning }
        return virtues(shownAt: node).contains(virtue)
    }

    /// A value computed once per plan by whoever asks first (a writer's own bookkeeping).
    public func memoized<T: Sendable>(_ key: String, _ compute: () -> T) -> T {
        memo.value(key, compute)
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
