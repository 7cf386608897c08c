import Foundation
import StoryCore

/// A theme for the embedded writer, read from a JSON file in `Assets/themes/`: the
/// things of a theme, each with the sentences only it can say. The format and the
/// writing rules are in `Docs/THEME-PACKS.md`.
public struct ThemePack: Sendable, Identifiable {
    public struct DefaultHero: Decodable, Sendable {
        public var name: String
        public var pronouns: String
        public var traits: [Trait]
        /// A verb phrase: "talk to the stars".
        public var ability: String
    }

    public struct Place: Sendable {
        public var name: String
        /// One sentence about the place, for readers of 8 and up.
        public var detail: Variants
    }

    /// Someone the hero meets by helping them, who then comes along and helps back.
    public struct Companion: Sendable {
        public var name: String
        public var kind: String
        /// What is wrong for them when the hero arrives.
        public var trouble: Variants
        /// The hero's kind act that puts it right.
        public var help: Variants
        /// A verb phrase after "I can".
        public var skill: String
        /// A longer sentence about them, for readers of 8 and up.
        public var detail: Variants?
    }

    public struct Item: Sendable {
        public var name: String
        public var the: String
        public var found: Variants
    }

    /// A way past an obstacle: what it takes, its label, and how it goes.
    public struct Approach: Sendable {
        public var by: ApproachKind
        /// Indexes into the pack's items or companions, for the approaches that need them.
        public var item: Int?
        public var companion: Int?
        public var choice: Template
        public var result: Variants
        /// How it goes for a hero it does not suit: past the obstacle, slowly or after a bump.
        public var setback: Variants?
    }

    public struct Obstacle: Sendable {
        public var name: String
        public var the: String
        public var appear: Variants
        /// The hero's first try, which fails.
        public var tryLine: Variants
        public var approaches: [Approach]
        /// Who the obstacle becomes after a kind act: "the space whale".
        public var friend: String
        /// A longer sentence about it, for readers of 8 and up.
        public var detail: Variants?

        /// The way of this kind past it: for an item or a companion, the one that needs the
        /// path's own helper.
        public func approach(_ kind: ApproachKind, helper: StoryPlan.Helper?) -> Approach? {
            approaches.first { approach in
                guard approach.by == kind else { return false }
                switch (kind, helper) {
                case (.item, .item(let item)?): return approach.item == item
                case (.companion, .companion(let companion)?): return approach.companion == companion
                case (.item, _), (.companion, _): return false
                default: return true
                }
            }
        }
    }

    public struct Riddle: Sendable {
        public var keeper: String
        public var question: String
        public var answer: String
        public var wrong: [String]
        public var why: Variants
    }

    public struct Quest: Sendable {
        public enum Kind: String, Sendable, CaseIterable {
            case fetch, rescue, mystery, fix, race, friendship
        }

        public var kind: Kind
        /// A verb phrase: "bring Baby Comet home".
        public var quest: String
        public var goal: String
        public var goalTitle: String
        /// Where the climax happens.
        public var place: String
        public var problem: [Variants]
        public var near: Variants
        public var clues: [Template]
        public var endings: [EndingKind: Variants]
    }

    public struct Moral: Sendable {
        public var text: String
        public var shows: Virtue
    }

    public struct AgeNotes: Decodable, Sendable {
        public var notes: String
        /// Words replaced for this age range: "enormous" becomes "very big".
        public var simpler: [String: String]
    }

    public var id: String
    public var name: String
    public var description: String
    public var heroes: [DefaultHero]
    public var places: [Place]
    public var travel: [Template]
    public var companions: [Companion]
    public var items: [Item]
    public var obstacles: [Obstacle]
    public var riddles: [Riddle]
    public var quests: [Quest]
    public var morals: [Moral]
    public var titles: [Template]
    public var summaries: [Template]
    public var ages: [AgeRange: AgeNotes]

    /// The obstacles that offer a companion or an item as a way past.
    func obstacles(for helper: StoryPlan.Helper) -> [Int] {
        obstacles.indices.filter { index in
            obstacles[index].approaches.contains { approach in
                switch helper {
                case .item(let item): approach.item == item
                case .companion(let companion): approach.companion == companion
                }
            }
        }
    }
}

/// Ways of saying one thing: a story picks one by its seed, so that stories meeting the
/// same thing do not say the same words.
public typealias Variants = [Template]

/// How a hero gets past an obstacle: with what the path gathered (an item or a
/// companion), with the hero's own ability, or by being clever, bold or kind.
public enum ApproachKind: String, Codable, CaseIterable, Sendable {
    case item, companion, ability, clever, bold, kind
}

/// How an ending turns out.
public enum EndingKind: String, Codable, CaseIterable, Sendable {
    /// The hero does it, with what the path gathered or with the hero's own strength.
    case win
    /// Someone the hero was kind to does it.
    case friendWin = "friend_win"
    /// A funny surprise does it.
    case twist
    /// Half done.
    case partial
    /// Not yet: tomorrow.
    case setback

    public var isWinning: Bool {
        switch self {
        case .win, .friendWin, .twist: true
        case .partial, .setback: false
        }
    }
}

/// What a moral is about: it is told only at an ending whose path showed it.
public enum Virtue: String, Codable, CaseIterable, Sendable {
    case kindness, friendship, bravery, cleverness, trying
}

extension Trait {
    /// The approaches a hero with this trait is good at: they get past at once, where
    /// others get past slowly (or, at the climax, only half).
    public var strengths: Set<ApproachKind> {
        switch self {
        case .brave, .determined: [.bold]
        case .curious, .clever: [.clever]
        case .kind, .gentle, .loyal: [.kind]
        case .funny, .creative, .magical: [.ability]
        }
    }
}
