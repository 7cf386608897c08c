import Foundation
import StoryCore

/// A theme for the embedded writer, read from a JSON file in `Assets/themes/`.
/// The format and the writing rules are in `Docs/THEME-PACKS.md`.
public struct ThemePack: Sendable, Identifiable {
    public struct DefaultHero: Decodable, Sendable {
        public var name: String
        public var pronouns: String
        public var traits: [Trait]
        public var ability: String
    }

    public struct Quest: Decodable, Sendable {
        public var quest: String
        public var goal: String
        public var goalTitle: String

        enum CodingKeys: String, CodingKey {
            case quest, goal, goalTitle = "goal_title"
        }
    }

    public struct Setting: Decodable, Sendable {
        public var name: String
        public var detail: String
    }

    public struct Ally: Decodable, Sendable {
        public var name: String
        public var kind: String
    }

    /// An item or an obstacle: "a silver star map" and "the silver star map".
    public struct Thing: Decodable, Sendable {
        public var name: String
        public var the: String
    }

    public struct ChoiceTemplate: Sendable {
        public var kind: ChoiceKind
        public var text: Template
        public var then: Template
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
    public var quests: [Quest]
    public var settings: [Setting]
    public var allies: [Ally]
    public var items: [Thing]
    public var obstacles: [Thing]
    public var scenes: [Beat: [Template]]
    public var choices: [ChoiceKind: [ChoiceTemplate]]
    public var winningEndings: [Template]
    public var losingEndings: [Template]
    public var itemCallbacks: [Template]
    public var allyCallbacks: [Template]
    public var placeCallbacks: [Template]
    public var morals: [String]
    public var moralLines: [Template]
    public var titles: [Template]
    public var summaries: [Template]
    public var ages: [AgeRange: AgeNotes]
}

/// What a node does in the story's arc.
public enum Beat: String, Codable, CaseIterable, Sendable {
    case opening, rising, challenge, twist, ending
}

/// What a choice offers; a hero's traits favour some kinds (see `Trait.favouredKinds`).
public enum ChoiceKind: String, Codable, CaseIterable, Sendable {
    case explore, befriend, bold, think, help, play, ability
}

extension Trait {
    /// The choices a hero with this trait is drawn to; paths that follow them end well more often.
    public var favouredKinds: Set<ChoiceKind> {
        switch self {
        case .brave, .determined: [.bold]
        case .curious: [.explore]
        case .kind, .gentle, .loyal: [.help, .befriend]
        case .clever: [.think]
        case .funny, .creative: [.play]
        case .magical: [.ability]
        }
    }
}

// MARK: - Reading a pack

/// A pack file that breaks a rule, named with the file and the place in it.
public struct ThemePackError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var problem: String
    public var description: String { "\(file): \(problem)" }
}

extension ThemePack {
    /// Reads and checks a pack: every template parsed, every slot allowed where it is used,
    /// every list long enough for a story never to repeat itself along a path.
    public init(contentsOf url: URL) throws {
        let file = url.lastPathComponent
        let raw: RawPack
        do {
            raw = try JSONDecoder().decode(RawPack.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw ThemePackError(file: file, problem: "not a theme pack: \(Self.describe(error))")
        }
        try self.init(raw: raw, file: file)
    }

    private init(raw: RawPack, file: String) throws {
        func fail(_ problem: String) -> ThemePackError { ThemePackError(file: file, problem: problem) }
        guard raw.format == "forktale-theme", raw.version == 1 else {
            throw fail("format must be \"forktale-theme\" version 1")
        }
        func templates(_ texts: [String], _ place: String, allowed: Set<Slot>) throws -> [Template] {
            try texts.enumerated().map { index, text in
                do {
                    let template = try Template(text)
                    if let slot = template.slots.first(where: { !allowed.contains($0) }) {
                        throw fail("\(place)[\(index)] uses {\(slot.rawValue)}, which is not allowed there")
                    }
                    return template
                } catch let error as Template.ParseError {
                    throw fail("\(place)[\(index)]: \(error.message)")
                }
            }
        }
        func need<T>(_ items: [T], _ count: Int, _ place: String) throws {
            if items.count < count { throw fail("\(place) has \(items.count) entries; at least \(count) are needed") }
        }

        id = raw.id
        name = raw.name
        description = raw.description
        heroes = raw.heroes
        quests = raw.quests
        settings = raw.settings
        allies = raw.allies
        items = raw.items
        obstacles = raw.obstacles
        morals = raw.morals
        try need(heroes, 1, "heroes")
        try need(quests, 1, "quests")
        try need(settings, 4, "settings")
        try need(allies, 2, "allies")
        try need(items, 2, "items")
        try need(obstacles, 2, "obstacles")
        try need(morals, 1, "morals")
        for hero in heroes where hero.traits.count != 2 || hero.traits[0] == hero.traits[1] {
            throw fail("hero \(hero.name) needs two different traits")
        }

        let sceneSlots = Slot.heroSlots.union(Slot.nodeSlots)
        var scenes: [Beat: [Template]] = [:]
        for beat in Beat.allCases where beat != .ending {
            let list = try templates(raw.scenes[beat.rawValue] ?? [], "scenes.\(beat.rawValue)", allowed: sceneSlots)
            try need(list.filter(\.isPlain), 2, "scenes.\(beat.rawValue) without thing slots")
            scenes[beat] = list
        }
        self.scenes = scenes

        var choices: [ChoiceKind: [ChoiceTemplate]] = [:]
        for (index, choice) in raw.choices.enumerated() {
            guard let kind = ChoiceKind(rawValue: choice.kind) else { throw fail("choices[\(index)]: unknown kind \(choice.kind)") }
            let text = try templates([choice.text], "choices[\(index)].text", allowed: Slot.choiceTextSlots)[0]
            let then = try templates([choice.then], "choices[\(index)].then", allowed: sceneSlots)[0]
            choices[kind, default: []].append(ChoiceTemplate(kind: kind, text: text, then: then))
        }
        for kind in ChoiceKind.allCases { try need(choices[kind] ?? [], 2, "choices of kind \(kind.rawValue)") }
        self.choices = choices

        winningEndings = try templates(raw.endings["winning"] ?? [], "endings.winning", allowed: sceneSlots)
        losingEndings = try templates(raw.endings["losing"] ?? [], "endings.losing", allowed: sceneSlots)
        try need(winningEndings.filter(\.isPlain), 1, "endings.winning without thing slots")
        try need(losingEndings.filter(\.isPlain), 1, "endings.losing without thing slots")
        itemCallbacks = try templates(raw.callbacks["item"] ?? [], "callbacks.item", allowed: Slot.heroSlots.union([.foundItem]))
        allyCallbacks = try templates(raw.callbacks["ally"] ?? [], "callbacks.ally", allowed: Slot.heroSlots.union([.metAlly]))
        placeCallbacks = try templates(raw.callbacks["place"] ?? [], "callbacks.place", allowed: Slot.heroSlots.union([.visited]))
        moralLines = try templates(raw.moralLines, "moral_lines", allowed: Slot.heroSlots.union([.moral]))
        titles = try templates(raw.titles, "titles", allowed: [.hero, .goalTitle])
        summaries = try templates(raw.summaries, "summaries", allowed: Slot.heroSlots)
        try need(moralLines, 1, "moral_lines")
        try need(titles, 1, "titles")
        try need(summaries, 1, "summaries")

        var ages: [AgeRange: AgeNotes] = [:]
        for (key, notes) in raw.ages {
            guard let age = AgeRange(rawValue: key) else { throw fail("ages: unknown age range \(key)") }
            ages[age] = notes
        }
        self.ages = ages
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            "missing \"\(key.stringValue)\"\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            "\(context.debugDescription)\(path(context))"
        @unknown default:
            "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.isEmpty ? "" : " at " + context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            .joined(separator: ".")
    }
}

/// The file as written, before its templates are parsed.
private struct RawPack: Decodable {
    struct Choice: Decodable {
        var kind: String
        var text: String
        var then: String
    }

    var format: String
    var version: Int
    var id: String
    var name: String
    var description: String
    var heroes: [ThemePack.DefaultHero]
    var quests: [ThemePack.Quest]
    var settings: [ThemePack.Setting]
    var allies: [ThemePack.Ally]
    var items: [ThemePack.Thing]
    var obstacles: [ThemePack.Thing]
    var scenes: [String: [String]]
    var choices: [Choice]
    var endings: [String: [String]]
    var callbacks: [String: [String]]
    var morals: [String]
    var moralLines: [String]
    var titles: [String]
    var summaries: [String]
    var ages: [String: ThemePack.AgeNotes]

    enum CodingKeys: String, CodingKey {
        case format, version, id, name, description, heroes, quests, settings, allies, items, obstacles, scenes
        case choices, endings, callbacks, morals, moralLines = "moral_lines", titles, summaries, ages
    }
}
