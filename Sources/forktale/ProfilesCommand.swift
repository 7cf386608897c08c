import ArgumentParser
import Foundation
import StoryCore
import StoryStore

struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "The readers who share this library (pick one with --profile).",
        subcommands: [List.self, Add.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the profiles.")

        @OptionGroup var options: GlobalOptions
        @Flag(help: "Print one JSON array.") var json = false

        func run() throws {
            let profiles = try options.openStore().profiles()
            if json { return try Console.printJSON(profiles) }
            Console.out(Console.table(
                header: ["ID", "NAME", "SINCE"],
                rows: profiles.map { [String($0.id!), $0.name, String(Timestamp.string(from: $0.createdAt).prefix(10))] },
                flexible: 1))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a profile.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The reader's name (1 to 50 characters).") var name: String

        func validate() throws {
            let profile = Profile(name: name)
            if let problem = profile.validate().first { throw ValidationError(problem.message) }
        }

        func run() throws {
            let profile = try options.openStore().createProfile(named: name)
            Console.out("Added profile \"\(profile.name)\" (id \(profile.id!)).")
        }
    }
}
