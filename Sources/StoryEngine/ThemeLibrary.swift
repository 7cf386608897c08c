import ForktaleResources
import Foundation
import StoryCore

/// The theme packs and shared lines the embedded writer works from.
public struct ThemeLibrary: Sendable {
    /// By id, in id order.
    public let themes: [ThemePack]
    /// Lines that show a hero's main trait at a challenge (`Assets/writer/traits.json`).
    public let traitMoments: [Trait: [Template]]
    /// The sentences every theme shares (`Assets/writer/story.json`).
    public let frames: StoryFrames

    public init(themes: [ThemePack], traitMoments: [Trait: [Template]], frames: StoryFrames) {
        self.themes = themes.sorted { $0.id < $1.id }
        self.traitMoments = traitMoments
        self.frames = frames
    }

    /// Reads packs, trait lines and frames from files; any broken file is an error naming it.
    public init(themeFiles: [URL], traitsFile: URL, framesFile: URL) throws {
        let themes = try themeFiles.map(ThemePack.init(contentsOf:))
        var seen = Set<String>()
        for theme in themes where !seen.insert(theme.id).inserted {
            throw ThemePackError(file: "\(theme.id).json", problem: "two theme packs have the id \(theme.id)")
        }
        let raw: RawTraits
        do {
            raw = try JSONDecoder().decode(RawTraits.self, from: Data(contentsOf: traitsFile))
        } catch {
            throw ThemePackError(file: traitsFile.lastPathComponent, problem: "not a traits file: \(error)")
        }
        var moments: [Trait: [Template]] = [:]
        for trait in Trait.allCases {
            guard let lines = raw.traits[trait.rawValue], !lines.isEmpty else {
                throw ThemePackError(file: traitsFile.lastPathComponent, problem: "no lines for the trait \(trait.rawValue)")
            }
            moments[trait] = try lines.map { line in
                do {
                    let template = try Template(line)
                    if let slot = template.slots.first(where: { !Slot.heroSlots.contains($0) && ![.quest, .goal, .place].contains($0) }) {
                        throw Template.ParseError(message: "{\(slot.rawValue)} is not allowed in a trait line")
                    }
                    return template
                } catch let error as Template.ParseError {
                    throw ThemePackError(file: traitsFile.lastPathComponent, problem: "\(trait.rawValue): \(error.message)")
                }
            }
        }
        self.init(themes: themes, traitMoments: moments, frames: try StoryFrames(contentsOf: framesFile))
    }

    /// The packs shipped in `Assets/`, read once.
    public static func bundled() throws -> ThemeLibrary {
        try bundledResult.get()
    }

    private static let bundledResult = Result {
        guard let traits = ForktaleResources.asset("writer/traits.json"), let frames = ForktaleResources.asset("writer/story.json") else {
            throw ThemePackError(file: "Assets/writer", problem: "traits.json or story.json is missing from the installed resources")
        }
        return try ThemeLibrary(themeFiles: ForktaleResources.themeFiles(), traitsFile: traits, framesFile: frames)
    }

    public func theme(_ id: String) -> ThemePack? {
        themes.first { $0.id == id }
    }

    public var themeIds: [String] { themes.map(\.id) }
}

private struct RawTraits: Decodable {
    var format: String
    var traits: [String: [String]]
}

/// The sentences that hold a page together in every theme, by what they say: how a story
/// opens, how a choice is labelled, how a riddle is asked, how an ending looks back.
public struct StoryFrames: Sendable {
    /// What each list is for, and the slots its sentences may use besides the hero's.
    static let lists: [String: Set<Slot>] = [
        "intro": [.place, .trait], "gift": [.ability, .place], "decide": [.quest, .goal], "seek_item": [.place], "seek_companion": [.place],
        "keep_item": [.theItem, .quest, .goal], "meet": [.companion, .companionKind, .place],
        "join": [.companion, .skill, .quest, .goal], "go_on": [.place], "go_on_item": [.theItem, .place],
        "go_on_companion": [.companion, .place], "ability_choice": [.ability], "ability_choice_plain": [],
        "ability_result": [.ability, .abilityPast, .abilityIng, .theObstacle, .place],
        "ability_setback": [.ability, .abilityPast, .abilityIng, .theObstacle, .place], "hint_item": [.theItem],
        "hint_companion": [.companion, .skill], "payoff_item": [.theItem], "payoff_companion": [.companion],
        "riddle_meet": [.keeper, .place], "riddle_ask": [.question, .place], "riddle_choice": [.answer],
        "riddle_right": [.answer, .place], "riddle_wrong": [.answer, .wrong], "riddle_after_wrong": [.answer, .wrong, .place],
        "near": [.goal, .theObstacle, .place], "done": [.quest, .questPast, .goal], "lead_clue": [], "lead_why": [],
        "refrain": [], "recap": [.recap], "recap_end": [.recap], "moral_clause": [.moral], "moral_phrase": [.moral],
    ]

    let lists: [String: [Template]]
    /// Lists told instead of their namesakes in stories for 4-6 (`recap_young`).
    static let young: [String: Set<Slot>] = [
        "riddle_ask_young": [.question, .place], "recap_young": [.recap], "moral_clause_young": [.moral],
        "moral_phrase_young": [.moral],
    ]

    public init(contentsOf url: URL) throws {
        let file = url.lastPathComponent
        guard let object = try? JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
              object["format"] as? String == "forktale-story-frames"
        else { throw ThemePackError(file: file, problem: "not a frames file (format \"forktale-story-frames\")") }
        var lists: [String: [Template]] = [:]
        for (name, allowed) in Self.lists.merging(Self.young, uniquingKeysWith: { $1 }) {
            guard let texts = object[name] as? [String], !texts.isEmpty else {
                throw ThemePackError(file: file, problem: "\(name) is missing or empty")
            }
            lists[name] = try texts.enumerated().map { index, text in
                do {
                    let template = try Template(text)
                    if let slot = template.slots.first(where: { !allowed.contains($0) && !Slot.heroSlots.contains($0) }) {
                        throw Template.ParseError(message: "{\(slot.rawValue)} is not allowed in \(name)")
                    }
                    return template
                } catch let error as Template.ParseError {
                    throw ThemePackError(file: file, problem: "\(name)[\(index)]: \(error.message)")
                }
            }
        }
        self.lists = lists
    }

    subscript(_ name: String) -> [Template] { lists[name]! }
}
