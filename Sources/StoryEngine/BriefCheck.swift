import Foundation
import StoryCore

/// Turns a job's brief into a plan: finds the theme, casts the hero (or invents one from
/// the seed), and passes what people typed (the hero's name and ability, the moral)
/// through the safety filter first.
public struct BriefCheck: Sendable {
    /// What people typed that the filter changed, for `content_flags`.
    public struct TypedFinding: Sendable, Hashable {
        public var field: String
        public var contentType: ContentFlag.ContentType
        public var original: String
        public var result: SafetyFilter.Result
    }

    public struct Checked: Sendable {
        public var plan: StoryPlan
        public var findings: [TypedFinding]
    }

    public enum Problem: Error, CustomStringConvertible, Sendable {
        case unknownTheme(String, known: [String])
        case unsuitable(field: String, words: [String])

        public var description: String {
            switch self {
            case .unknownTheme(let theme, let known):
                "There is no theme \"\(theme)\". Themes: \(known.joined(separator: ", "))."
            case .unsuitable(let field, let words):
                "The \(field) has words that are not suitable for children (\(words.joined(separator: ", "))): please reword it."
            }
        }
    }

    public let library: ThemeLibrary
    public let safety: SafetyFilter

    public init(library: ThemeLibrary, safety: SafetyFilter) {
        self.library = library
        self.safety = safety
    }

    /// The check with the shipped theme packs and safety lists.
    public static func bundled() throws -> BriefCheck {
        BriefCheck(library: try ThemeLibrary.bundled(), safety: try SafetyFilter.bundled())
    }

    /// The theme a brief without one gets: picked from the seed.
    public func theme(for brief: StoryJob.Brief) throws -> ThemePack {
        guard let id = brief.theme else {
            var random = SeededRandom(seed: brief.seed, stream: "theme")
            return random.pick(library.themes)!
        }
        guard let theme = library.theme(id) else { throw Problem.unknownTheme(id, known: library.themeIds) }
        return theme
    }

    public func check(_ brief: StoryJob.Brief, hero: Hero?, template: StoryTemplate? = nil) throws -> Checked {
        let theme = try theme(for: brief)
        var findings: [TypedFinding] = []
        func filtered(_ text: String, field: String, type: ContentFlag.ContentType) throws -> String {
            let result = safety.check(text, for: brief.ageRange)
            guard result.changed else { return text }
            if result.rejected {
                throw Problem.unsuitable(field: field, words: result.findings.filter { $0.action == .rejected }.map(\.word))
            }
            findings.append(TypedFinding(field: field, contentType: type, original: text, result: result))
            return result.text
        }
        var cast: Cast
        if let hero {
            cast = Cast(hero: hero)
            cast.name = try filtered(cast.name, field: "hero's name", type: .hero)
            cast.ability = try filtered(cast.ability, field: "hero's special ability", type: .hero)
        } else {
            var random = SeededRandom(seed: brief.seed, stream: "hero")
            let invented = random.pick(theme.heroes)!
            cast = Cast(name: invented.name, pronouns: Pronouns(invented.pronouns), traits: invented.traits, ability: invented.ability)
        }
        let moral = try brief.moral.map { try filtered(Self.clause($0), field: "moral", type: .prompt) }
        let idea = try template.map { try filtered($0.promptSeed.trimmingWhitespace(), field: "template's idea", type: .prompt) } ?? ""
        let plan = StoryPlanner.plan(
            theme: theme, cast: cast, ageRange: brief.ageRange, seed: brief.seed, moral: moral,
            shape: StoryShape(brief.length), idea: idea, tone: template?.tone)
        return Checked(plan: plan, findings: findings)
    }

    /// A moral as the end of "learned that ...": no final full stop, no capital unless
    /// the first word is a name or "I".
    static func clause(_ text: String) -> String {
        var text = text.trimmingWhitespace()
        while let last = text.last, ".!".contains(last) { text.removeLast() }
        let words = text.split(separator: " ", maxSplits: 1)
        if let first = words.first, first != "I", first.dropFirst().allSatisfy({ !$0.isUppercase }) {
            text = first.lowercased() + text.dropFirst(first.count)
        }
        return text
    }
}
