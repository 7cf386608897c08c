import ArgumentParser
import Foundation
import ForktaleApp
import StoryCore
import StoryStore
import TerminalUI

struct HeroesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heroes",
        abstract: "Create, list and show the heroes who star in stories.",
        subcommands: [List.self, Create.self, Show.self, Archive.self, Restore.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the profile's heroes.")

        @OptionGroup var options: GlobalOptions
        @Flag(help: "List the archived heroes instead.") var archived = false
        @Flag(help: "Print one JSON array.") var json = false

        func run() throws {
            let store = try options.openStore()
            let profile = try options.resolveProfile(in: store)
            let summaries = try store.heroSummaries(profileId: profile.id!, archived: archived)
            if json { return try Console.printJSON(summaries.map(HeroListing.init)) }
            guard !summaries.isEmpty else {
                Console.out(archived ? "No archived heroes." : "No heroes yet. Make one with 'forktale heroes create --name NAME --pronouns she --traits brave,kind'.")
                return
            }
            Console.out(Console.table(
                header: ["ID", "NAME", "PRONOUNS", "TRAITS", "STORIES", "ABILITY"],
                rows: summaries.map { summary in
                    let hero = summary.hero
                    return [String(hero.id!), hero.name, hero.pronouns.description,
                            "\(hero.primaryTrait.rawValue), \(hero.secondaryTrait.rawValue)", String(summary.storyCount),
                            hero.specialAbility.isEmpty ? "-" : hero.specialAbility]
                },
                flexible: 5))
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a hero, with a portrait.",
            discussion: """
                The ability is kept as a verb phrase, for stories to say "tried to talk to owls": \
                "talks to owls" and "talking to owls" are stored as "talk to owls", and a noun \
                phrase such as "super speed" as "use super speed".

                Looks left out are chosen from the seed. Choices:
                  --hair \(Looks.hairColors.joined(separator: ", "))
                  --hair-style \(Looks.hairStyles.joined(separator: ", "))
                  --eyes \(Looks.eyeColors.joined(separator: ", "))
                  --skin \(Looks.skinTones.joined(separator: ", "))
                  --clothing \(Looks.clothingStyles.joined(separator: ", "))
                  --features (up to \(Looks.maxFeatures)) \(Looks.features.joined(separator: ", "))
                  --colors (up to \(Looks.maxColors), main first) \(Looks.colors.joined(separator: ", "))
                """)

        @OptionGroup var options: GlobalOptions
        @Option(help: "1 to 50 characters.") var name: String
        @Option(help: ArgumentHelp("she, he, they, or your own as subject/object/possessive (xe/xem/xyr).", valueName: "pronouns"))
        var pronouns = "they"
        @Option(help: ArgumentHelp("Two different traits: \(Trait.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "a,b"))
        var traits: String
        @Option(help: ArgumentHelp("What the hero can do, as a verb phrase such as \"talk to owls\" or \"see in the dark\".", valueName: "phrase"))
        var ability = ""
        @Option(help: ArgumentHelp("What the hero looks like, in words.", valueName: "text")) var appearance = ""
        @Option(help: ArgumentHelp("Hair colour.", valueName: "colour")) var hair = ""
        @Option(name: .customLong("hair-style"), help: ArgumentHelp("Hair style.", valueName: "style")) var hairStyle = ""
        @Option(help: ArgumentHelp("Eye colour.", valueName: "colour")) var eyes = ""
        @Option(help: ArgumentHelp("Skin tone.", valueName: "tone")) var skin = ""
        @Option(help: ArgumentHelp("Clothing style.", valueName: "style")) var clothing = ""
        @Option(help: ArgumentHelp("Distinctive features, comma-separated.", valueName: "a,b")) var features = ""
        @Option(help: ArgumentHelp("Colours of clothes, comma-separated, main first.", valueName: "a,b")) var colors = ""
        @Option(help: "The portrait's seed (default: random).") var seed: Int64?
        @Flag(help: "Print the hero as JSON.") var json = false

        func hero(profileId: Int64) throws -> Hero {
            let names = traits.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard names.count == 2 else { throw CLIError.usage("--traits takes two traits, such as --traits brave,kind.") }
            let parsed = try names.map { name in
                guard let trait = Trait(rawValue: name) else {
                    throw CLIError.usage("There is no trait \"\(name)\". Traits: \(Trait.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                return trait
            }
            func list(_ text: String) -> [String] {
                text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            }
            let look = VisualProfile(
                hairColor: hair.lowercased(), hairStyle: hairStyle.lowercased(), eyeColor: eyes.lowercased(),
                skinTone: skin.lowercased(), clothingStyle: clothing.lowercased(), distinctiveFeatures: list(features),
                colorPalette: list(colors))
            return Hero(
                profileId: profileId, name: name, pronouns: Pronouns(pronouns), primaryTrait: parsed[0], secondaryTrait: parsed[1],
                appearance: appearance, specialAbility: ability, visualProfile: look)
        }

        func run() throws {
            let store = try options.openStore()
            let profile = try options.resolveProfile(in: store)
            let maker = try HeroMaker.bundled()
            let draft = try hero(profileId: profile.id!)
            let seed = self.seed ?? Int64.random(in: 0...Int64(Int32.max))
            let hero: Hero
            do {
                hero = try maker.create(draft, seed: seed, in: store)
            } catch let problem as StoryCore.ValidationError {
                throw CLIError.usage(problem.message)
            }
            if json {
                let avatar = try store.avatars(heroId: hero.id!).first
                return try Console.printJSON(HeroListing(HeroSummary(hero: hero, primaryAvatar: avatar, storyCount: 0)))
            }
            Console.out("Created hero \"\(hero.name)\" (id \(hero.id!), portrait seed \(seed)).")
            Console.out(try HeroesCommand.portrait(of: hero, in: store))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a hero and their portrait.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The hero's name or id.") var hero: String
        @Flag(help: "Print one JSON object.") var json = false

        func run() throws {
            let store = try options.openStore()
            let profile = try options.resolveProfile(in: store)
            let found = try HeroesCommand.find(hero, in: store, profileId: profile.id!)
            let summary = try store.heroSummaries(profileId: profile.id!, archived: !found.isActive).first { $0.hero.id == found.id }
                ?? HeroSummary(hero: found, primaryAvatar: nil, storyCount: 0)
            if json { return try Console.printJSON(HeroListing(summary)) }
            let look = found.visualProfile
            var lines: [ConsoleText] = [
                Console.bold("\(found.name)") + (found.isActive ? "" : "  (archived)"),
                "  id \(found.id!)  pronouns \(found.pronouns.description)  traits \(found.primaryTrait.rawValue), \(found.secondaryTrait.rawValue)",
                "  look: \(look.hairColor) \(look.hairStyle) hair, \(look.eyeColor) eyes, \(look.skinTone) skin, \(look.clothingStyle)"
                    + (look.colorPalette.isEmpty ? "" : " in \(look.colorPalette.joined(separator: " and "))"),
            ]
            if !look.distinctiveFeatures.isEmpty { lines.append("  features: \(look.distinctiveFeatures.joined(separator: ", "))") }
            if !found.specialAbility.isEmpty { lines.append("  ability: \(found.specialAbility)") }
            if !found.appearance.isEmpty { lines.append("  appearance: \(found.appearance)") }
            let titles = try store.stories(heroId: found.id!).map { $0.title.isEmpty ? "(being written)" : $0.title }
            lines.append("  stories: \(titles.isEmpty ? "none yet ('forktale generate --hero \(found.name)')" : titles.joined(separator: "; "))")
            Console.out(lines.joined(separator: "\n"))
            Console.out(try HeroesCommand.portrait(of: found, in: store))
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hide a hero (their stories and portraits stay).")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The hero's name or id.") var hero: String

        func run() throws {
            let found = try HeroesCommand.setArchived(hero, true, options)
            Console.out("Archived \"\(found.name)\": 'forktale heroes restore \(found.id!)' brings them back.")
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bring an archived hero back.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The hero's name or id.") var hero: String

        func run() throws {
            let found = try HeroesCommand.setArchived(hero, false, options)
            Console.out("\"\(found.name)\" is back in the gallery.")
        }
    }

    static func setArchived(_ reference: String, _ archived: Bool, _ options: GlobalOptions) throws -> Hero {
        let store = try options.openStore()
        let profile = try options.resolveProfile(in: store)
        let found = try find(reference, in: store, profileId: profile.id!)
        try store.setHeroArchived(id: found.id!, archived)
        return found
    }

    static func find(_ reference: String, in store: AppDatabase, profileId: Int64) throws -> Hero {
        guard let hero = try store.findHero(reference, profileId: profileId) else {
            let names = try store.heroes(profileId: profileId).map(\.name)
            throw CLIError.usage("There is no hero \"\(reference)\"" + (names.isEmpty ? "; this profile has no heroes yet." : ". Heroes: \(names.joined(separator: ", "))."))
        }
        return hero
    }

    /// The hero's primary portrait for this output: in colour on a terminal that shows
    /// colour, the monochrome art otherwise (never an escape code in a pipe).
    static func portrait(of hero: Hero, in store: AppDatabase) throws -> ConsoleText {
        let avatar = try store.avatars(heroId: hero.id!).first
        let portrait = avatar?.portrait ?? Portrait(profile: hero.visualProfile, seed: avatar?.seed ?? 0)
        let environment = ProcessInfo.processInfo.environment
        let depth: ColorDepth = !Console.styled ? .none : (environment["TERM"] ?? "").contains("256") ? .full : .basic
        return ConsoleText(verbatim: portrait.lines(depth: depth).map { "  " + $0 }.joined(separator: "\n"))
    }
}

/// A hero in `--json` output.
struct HeroListing: Encodable {
    var id: Int64
    var uuid: String
    var name: String
    var pronouns: String
    var traits: [String]
    var specialAbility: String
    var appearance: String
    var look: VisualProfile
    var archived: Bool
    var stories: Int
    var portraitSeed: Int64?
    var createdAt: Date

    init(_ summary: HeroSummary) {
        let hero = summary.hero
        id = hero.id!
        uuid = hero.uuid
        name = hero.name
        pronouns = hero.pronouns.description
        traits = [hero.primaryTrait.rawValue, hero.secondaryTrait.rawValue]
        specialAbility = hero.specialAbility
        appearance = hero.appearance
        look = hero.visualProfile
        archived = !hero.isActive
        stories = summary.storyCount
        portraitSeed = summary.primaryAvatar?.seed
        createdAt = hero.createdAt
    }
}
