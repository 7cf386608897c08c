import Foundation
import StoryCore

// MARK: - Reading a pack

/// A pack file that breaks a rule, named with the file and the place in it.
public struct ThemePackError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var problem: String
    public var description: String { "\(file): \(problem)" }
}

extension ThemePack {
    /// Reads and checks a pack: every sentence parsed, every slot allowed where it is
    /// used, every link between obstacles, items and companions resolved, every list
    /// long enough.
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
        guard raw.format == "forktale-theme", raw.version == 2 else {
            throw fail("format must be \"forktale-theme\" version 2 (Docs/THEME-PACKS.md)")
        }
        func template(_ text: String, _ place: String, allowed: Set<Slot> = [], required: Set<Slot> = []) throws -> Template {
            do {
                let template = try Template(text)
                if let slot = template.slots.first(where: { !allowed.contains($0) && !Slot.heroSlots.contains($0) }) {
                    throw fail("\(place) uses {\(slot.rawValue)}, which is not allowed there")
                }
                if let slot = required.first(where: { !template.slots.contains($0) }) {
                    throw fail("\(place) needs {\(slot.rawValue)}")
                }
                return template
            } catch let error as Template.ParseError {
                throw fail("\(place): \(error.message)")
            }
        }
        func variants(_ lines: Lines, _ place: String, allowed: Set<Slot> = [], required: Set<Slot> = []) throws -> Variants {
            if lines.texts.isEmpty { throw fail("\(place) has no text") }
            return try lines.texts.enumerated().map { index, text in
                try template(text, lines.texts.count == 1 ? place : "\(place)[\(index)]", allowed: allowed, required: required)
            }
        }
        func need<T>(_ items: [T], _ count: Int, _ place: String) throws {
            if items.count < count { throw fail("\(place) has \(items.count) entries; at least \(count) are needed") }
        }

        id = raw.id
        name = raw.name
        description = raw.description
        heroes = raw.heroes
        places = try raw.places.enumerated().map { index, place in
            Place(name: place.name, detail: try variants(place.detail, "places[\(index)].detail"))
        }
        for hero in heroes where hero.traits.count != 2 || hero.traits[0] == hero.traits[1] {
            throw fail("hero \(hero.name) needs two different traits")
        }
        travel = try raw.travel.enumerated().map { try template($1, "travel[\($0)]", allowed: [.place], required: [.place]) }
        companions = try raw.companions.enumerated().map { index, companion in
            Companion(
                name: companion.name, kind: companion.kind,
                trouble: try variants(companion.trouble, "companions[\(index)].trouble", allowed: [.place]),
                help: try variants(companion.help, "companions[\(index)].help", allowed: [.place]), skill: companion.skill,
                detail: try companion.detail.map { try variants($0, "companions[\(index)].detail") })
        }
        items = try raw.items.enumerated().map { index, item in
            Item(name: item.name, the: item.the,
                 found: try variants(item.found, "items[\(index)].found", allowed: [.item, .place], required: [.item]))
        }
        obstacles = try raw.obstacles.enumerated().map { index, obstacle in
            let place = "obstacles[\(index)]"
            let approaches = try obstacle.approaches.enumerated().map { number, approach in
                let where_ = "\(place).approaches[\(number)]"
                guard let by = ApproachKind(rawValue: approach.by), by != .ability else {
                    throw fail("\(where_): unknown approach \"\(approach.by)\" (item, companion, clever, bold or kind)")
                }
                var made = Approach(
                    by: by, choice: try template(approach.choice, "\(where_).choice"),
                    result: try variants(approach.result, "\(where_).result", allowed: by == .item ? [.theItem, .place] : [.place]),
                    setback: try approach.setback.map { try variants($0, "\(where_).setback", allowed: [.place]) })
                switch by {
                case .item:
                    guard let item = raw.items.firstIndex(where: { $0.name == approach.item }) else {
                        throw fail("\(where_): no item named \"\(approach.item ?? "")\"")
                    }
                    made.item = item
                case .companion:
                    guard let companion = raw.companions.firstIndex(where: { $0.name == approach.companion }) else {
                        throw fail("\(where_): no companion named \"\(approach.companion ?? "")\"")
                    }
                    made.companion = companion
                case .clever, .bold:
                    if made.setback == nil { throw fail("\(where_): a \(by.rawValue) approach needs a setback") }
                default: break
                }
                return made
            }
            for kind in [ApproachKind.item, .companion] where !(1...2).contains(approaches.count(where: { $0.by == kind })) {
                throw fail("\(place) needs one or two \(kind.rawValue) approaches")
            }
            if approaches.count(where: { $0.by == .clever }) != 1 { throw fail("\(place) needs exactly one clever approach") }
            return Obstacle(
                name: obstacle.name, the: obstacle.the, appear: try variants(obstacle.appear, "\(place).appear", allowed: [.place]),
                tryLine: try variants(obstacle.try, "\(place).try", allowed: [.place]), approaches: approaches,
                friend: obstacle.friend, detail: try obstacle.detail.map { try variants($0, "\(place).detail") })
        }
        riddles = try raw.riddles.enumerated().map { index, riddle in
            guard riddle.wrong.count == 2 else { throw fail("riddles[\(index)] needs two wrong answers") }
            return Riddle(keeper: riddle.keeper, question: riddle.question, answer: riddle.answer, wrong: riddle.wrong,
                          why: try variants(riddle.why, "riddles[\(index)].why"))
        }
        quests = try raw.quests.enumerated().map { index, quest in
            let place = "quests[\(index)]"
            guard let kind = Quest.Kind(rawValue: quest.kind) else { throw fail("\(place): unknown kind \"\(quest.kind)\"") }
            let lines = { (text: Lines, field: String) in try variants(text, "\(place).\(field)", allowed: [.goal]) }
            var endings: [EndingKind: Variants] = [:]
            for ending in EndingKind.allCases {
                let text = switch ending {
                case .win: quest.win
                case .friendWin: quest.friendWin
                case .twist: quest.twist
                case .partial: quest.partial
                case .setback: quest.setback
                }
                endings[ending] = ending == .friendWin
                    ? try variants(text, "\(place).friend_win", allowed: [.goal, .friend], required: [.friend])
                    : try lines(text, ending.rawValue)
            }
            let clues = try (quest.clues ?? []).enumerated().map { try template($1, "\(place).clues[\($0)]", allowed: [.goal]) }
            if kind == .mystery, clues.count != 3 { throw fail("\(place): a mystery needs three clues") }
            if quest.problem.count != 2 { throw fail("\(place).problem: two sentences") }
            return Quest(
                kind: kind, quest: quest.quest, goal: quest.goal, goalTitle: quest.goalTitle, place: quest.place,
                problem: try quest.problem.enumerated().map { try lines($1, "problem[\($0)]") },
                near: try lines(quest.near, "near"), clues: clues, endings: endings)
        }
        morals = try raw.morals.enumerated().map { index, moral in
            guard let shows = Virtue(rawValue: moral.shows) else { throw fail("morals[\(index)]: unknown virtue \"\(moral.shows)\"") }
            return Moral(text: moral.text, shows: shows)
        }
        titles = try raw.titles.enumerated().map { try template($1, "titles[\($0)]", allowed: [.goalTitle]) }
        summaries = try raw.summaries.enumerated().map { try template($1, "summaries[\($0)]", allowed: [.goalTitle, .quest]) }

        try need(heroes, 4, "heroes")
        try need(quests, 6, "quests")
        try need(places, 8, "places")
        try need(travel, 6, "travel")
        try need(companions, 6, "companions")
        try need(items, 8, "items")
        try need(obstacles, 8, "obstacles")
        try need(riddles, 4, "riddles")
        try need(morals, 6, "morals")
        try need(titles, 4, "titles")
        try need(summaries, 3, "summaries")
        if Set(quests.map(\.kind)).count < 5 { throw fail("quests use \(Set(quests.map(\.kind)).count) kinds; at least 5 are needed") }

        var ages: [AgeRange: AgeNotes] = [:]
        for (key, notes) in raw.ages {
            guard let age = AgeRange(rawValue: key) else { throw fail("ages: unknown age range \(key)") }
            ages[age] = notes
        }
        self.ages = ages
        // A path that gathers something meets it at the climax and, when it can, before.
        for (index, item) in items.enumerated() where obstacles(for: .item(index)).count < 2 {
            throw fail("the item \(item.name) is the item approach of \(obstacles(for: .item(index)).count) obstacles; at least 2 are needed")
        }
        for (index, companion) in companions.enumerated() where obstacles(for: .companion(index)).count < 2 {
            throw fail("the companion \(companion.name) is the companion approach of \(obstacles(for: .companion(index)).count) obstacles; at least 2 are needed")
        }
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

/// One sentence, or a list of ways to say it.
private struct Lines: Decodable {
    var texts: [String]

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            texts = [text]
        } else {
            texts = try container.decode([String].self)
        }
    }
}

/// The file as written, before its sentences are parsed and its links resolved.
private struct RawPack: Decodable {
    struct Place: Decodable {
        var name: String
        var detail: Lines
    }

    struct Companion: Decodable {
        var name: String
        var kind: String
        var trouble: Lines
        var help: Lines
        var skill: String
        var detail: Lines?
    }

    struct Item: Decodable {
        var name: String
        var the: String
        var found: Lines
    }

    struct Approach: Decodable {
        var by: String
        var item: String?
        var companion: String?
        var choice: String
        var result: Lines
        var setback: Lines?
    }

    struct Obstacle: Decodable {
        var name: String
        var the: String
        var appear: Lines
        var `try`: Lines
        var approaches: [Approach]
        var friend: String
        var detail: Lines?
    }

    struct Riddle: Decodable {
        var keeper: String
        var question: String
        var answer: String
        var wrong: [String]
        var why: Lines
    }

    struct Quest: Decodable {
        var kind: String
        var quest: String
        var goal: String
        var goalTitle: String
        var place: String
        var problem: [Lines]
        var near: Lines
        var win: Lines
        var friendWin: Lines
        var twist: Lines
        var partial: Lines
        var setback: Lines
        var clues: [String]?

        enum CodingKeys: String, CodingKey {
            case kind, quest, goal, goalTitle = "goal_title", place, problem, near, win, friendWin = "friend_win", twist
            case partial, setback, clues
        }
    }

    struct Moral: Decodable {
        var text: String
        var shows: String
    }

    var format: String
    var version: Int
    var id: String
    var name: String
    var description: String
    var heroes: [ThemePack.DefaultHero]
    var places: [Place]
    var travel: [String]
    var companions: [Companion]
    var items: [Item]
    var obstacles: [Obstacle]
    var riddles: [Riddle]
    var quests: [Quest]
    var morals: [Moral]
    var titles: [String]
    var summaries: [String]
    var ages: [String: ThemePack.AgeNotes]
}
