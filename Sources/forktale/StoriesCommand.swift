import ArgumentParser
import Foundation
import StoryCore
import StoryStore

struct StoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories",
        abstract: "List, show and delete the stories in the library.",
        subcommands: [List.self, Show.self, Delete.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the profile's stories.")

        @OptionGroup var options: GlobalOptions
        @Flag(help: "Print one JSON array.") var json = false

        func run() throws {
            let store = try options.openStore()
            let profile = try options.resolveProfile(in: store)
            let summaries = try store.storySummaries(profileId: profile.id!)
            if json { return try Console.printJSON(summaries.map(StoryListing.init)) }
            guard !summaries.isEmpty else {
                Console.out("No stories yet. Import one with 'forktale import FILE'.")
                return
            }
            Console.out(Console.table(
                header: ["ID", "TITLE", "HERO", "THEME", "SOURCE", "STATUS", "ENDINGS", "LAST PLAYED"],
                rows: summaries.map { summary in
                    let story = summary.story
                    return [
                        String(story.id!), story.title, summary.heroName ?? "-", story.theme.isEmpty ? "-" : story.theme,
                        story.source.rawValue, story.status.rawValue, "\(summary.endingsFound)/\(summary.endingCount)",
                        story.lastPlayedAt.map(Self.day) ?? "never",
                    ]
                },
                flexible: 1))
        }

        static func day(_ date: Date) -> String { String(Timestamp.string(from: date).prefix(10)) }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one story's details.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The story's id, or the start of its uuid.") var story: String
        @Flag(help: "Print one JSON object.") var json = false

        func run() throws {
            let store = try options.openStore()
            let found = try StoryReference(story).resolve(in: store)
            guard let summary = try store.storySummary(id: found.id!) else { throw CLIError.failure("Story \(story) disappeared while it was being read: try again.") }
            if json { return try Console.printJSON(StoryListing(summary)) }
            let s = summary.story
            let content = try store.storyContent(id: s.id!)
            let winning = content?.nodes.filter(\.isWinningEnding).count ?? 0
            var lines: [ConsoleText] = [
                Console.bold("\(s.title.isEmpty ? "(untitled)" : s.title)"),
                "  id \(s.id!)  uuid \(s.uuid)",
                "  \(s.source.rawValue), \(s.status.rawValue); theme \(s.theme.isEmpty ? "-" : s.theme); ages \(s.ageRange.rawValue); language \(s.language)",
                "  hero: \(summary.heroName ?? "none")",
                "  \(summary.nodeCount) passages, \(summary.endingCount) endings (\(winning) winning), \(s.wordCount) words",
                "  endings found: \(summary.endingsFound) of \(summary.endingCount)",
                "  played \(Self.times(s.playCount)); last \(s.lastPlayedAt.map(List.day) ?? "never"); added \(List.day(s.createdAt))",
            ]
            if !s.moral.isEmpty { lines.append("  moral: \(s.moral)") }
            let problems = content?.graph.problems() ?? []
            lines.append(problems.isEmpty ? "  check: no problems (every passage can be reached, none is a dead end)" : "  check:")
            lines += problems.prefix(10).map { "    \($0.description)" }
            if problems.count > 10 { lines.append("    and \(problems.count - 10) more") }
            if !s.summary.isEmpty { lines += ["", "\(s.summary)"] }
            Console.out(lines.joined(separator: "\n"))
        }

        /// "once", "2 times": how often a story was read to an ending.
        static func times(_ count: Int) -> String { count == 1 ? "once" : "\(count) times" }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a story with its passages and playthroughs.",
            discussion: "Asks first on a terminal; scripts pass --yes.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The story's id, or the start of its uuid.") var story: String
        @Flag(help: "Delete without asking.") var yes = false

        func run() throws {
            let store = try options.openStore()
            let found = try StoryReference(story).resolve(in: store)
            let title = TerminalText.safe(found.title)
            if !yes {
                guard Console.inputIsTerminal else {
                    throw CLIError.usage("Not deleting \"\(title)\" without confirmation: add --yes.")
                }
                guard Console.confirm("Delete \"\(title)\" and everything read of it?") else {
                    Console.out("Kept \"\(title)\".")
                    return
                }
            }
            guard try store.deleteStory(id: found.id!) else {
                throw CLIError.failure("Story \(story) was already deleted.")
            }
            Logs.logger.info("deleted story \(found.id!) \(found.uuid)")
            Console.out("Deleted \"\(title)\".")
        }
    }
}

/// How commands name a story: its id, or the start of its uuid (at least 4 characters).
struct StoryReference {
    var text: String

    init(_ text: String) { self.text = text }

    func resolve(in store: AppDatabase) throws -> Story {
        try Reference(text, kind: "story", list: "forktale stories list")
            .resolve(byId: store.story(id:), byUUIDPrefix: store.stories(uuidPrefix:))
    }
}

/// A record named on the command line by its id, or by the start of its uuid (four
/// characters at least); the errors say where to find one. Naming a record that is not
/// there is bad input (exit 2), as an unknown hero or profile is.
struct Reference {
    var text: String
    var kind: String
    var list: String

    init(_ text: String, kind: String, list: String) {
        self.text = text.trimmingCharacters(in: .whitespaces)
        self.kind = kind
        self.list = list
    }

    func resolve<T>(byId: (Int64) throws -> T?, byUUIDPrefix: (String) throws -> [T]) throws -> T {
        if let id = Int64(text) {
            guard let found = try byId(id) else { throw CLIError.usage("There is no \(kind) \(id): see '\(list)'.") }
            return found
        }
        guard text.count >= 4, text.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw CLIError.usage("\"\(text)\" is not a \(kind) id or uuid: give the number from '\(list)'.")
        }
        let matches = try byUUIDPrefix(text)
        switch matches.count {
        case 0: throw CLIError.usage("No \(kind)'s uuid starts with \(text): see '\(list)'.")
        case 1: return matches[0]
        default: throw CLIError.usage("Several \(kind)s' uuids start with \(text): give more of it.")
        }
    }
}

/// A story as `--json` prints it.
struct StoryListing: Encodable {
    var id: Int64
    var uuid: String
    var title: String
    var summary: String
    var hero: String?
    var theme: String
    var ageRange: String
    var source: String
    var status: String
    var passages: Int
    var endings: Int
    var endingsFound: Int
    var wordCount: Int
    var isFavorite: Bool
    var rating: Int?
    var playCount: Int
    var lastPlayedAt: Date?
    var createdAt: Date

    init(_ summary: StorySummary) {
        let story = summary.story
        id = story.id!
        uuid = story.uuid
        title = story.title
        self.summary = story.summary
        hero = summary.heroName
        theme = story.theme
        ageRange = story.ageRange.rawValue
        source = story.source.rawValue
        status = story.status.rawValue
        passages = summary.nodeCount
        endings = summary.endingCount
        endingsFound = summary.endingsFound
        wordCount = story.wordCount
        isFavorite = story.isFavorite
        rating = story.rating
        playCount = story.playCount
        lastPlayedAt = story.lastPlayedAt
        createdAt = story.createdAt
    }
}
