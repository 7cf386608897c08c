import ArgumentParser
import Foundation
import ForktaleResources
import StoryCore
import StoryFormats
import StoryStore

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The database file (default: $FORKTALE_DB, else $XDG_DATA_HOME/forktale/forktale.sqlite).",
        valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("The reader profile to act for (default: the first one).", valueName: "name"))
    var profile: String?

    @Flag(name: .long, help: "Write debug detail to the log file.")
    var verbose = false

    /// The same choices as plain values.
    var choices: StoreOptions { StoreOptions(db: db, profile: profile, verbose: verbose) }

    func openStore() throws -> AppDatabase { try choices.openStore() }

    func resolveProfile(in store: AppDatabase) throws -> Profile { try choices.resolveProfile(in: store) }
}

/// What the global options choose: which database, which profile, how much to log.
/// `forktale` with no arguments starts from the defaults without parsing anything.
struct StoreOptions {
    var db: String?
    var profile: String?
    var verbose = false

    /// Starts logging, then opens the database (creating and filling it on first start).
    func openStore() throws -> AppDatabase {
        Logs.start(verbose: verbose)
        let location = DatabaseLocation.resolve(option: db, environment: ProcessInfo.processInfo.environment)
        let store = try AppDatabase.openFile(at: location.path, createFolder: location.isDefault)
        if try store.needsFirstRun() {
            let samples = try SampleLibrary.load()
            if try store.prepareFirstRun(samples: samples) {
                Logs.logger.info("created \(location.path) with \(samples.count) sample stories")
            }
        }
        Logs.logger.debug("opened \(location.path)")
        return store
    }

    /// The profile named by `--profile`, else the default one.
    func resolveProfile(in store: AppDatabase) throws -> Profile {
        let profiles = try store.profiles()
        guard let name = profile else {
            guard let first = profiles.first else { throw CLIError.failure("The database has no profile: run 'forktale profiles add NAME'.") }
            return first
        }
        guard let match = profiles.first(where: { $0.name == name }) else {
            throw CLIError.usage("There is no profile named \"\(name)\": see 'forktale profiles list'.")
        }
        return match
    }
}

/// Where the database file is: `--db`, else `$FORKTALE_DB`, else the XDG data folder.
struct DatabaseLocation: Equatable {
    var path: String
    /// The default place, whose folder Forktale may create.
    var isDefault: Bool

    static func resolve(option: String?, environment: [String: String]) -> DatabaseLocation {
        if let option, !option.isEmpty { return DatabaseLocation(path: option, isDefault: false) }
        if let path = environment["FORKTALE_DB"], !path.isEmpty { return DatabaseLocation(path: path, isDefault: false) }
        let folder = XDG.folder("XDG_DATA_HOME", fallback: ".local/share", environment: environment)
        return DatabaseLocation(path: folder + "/forktale/forktale.sqlite", isDefault: true)
    }
}

/// The XDG base directories. A variable that is unset, empty or relative is ignored, as the
/// specification says.
enum XDG {
    static func folder(_ variable: String, fallback: String, environment: [String: String]) -> String {
        if let value = environment[variable], value.hasPrefix("/") { return value }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/" + fallback
    }
}

/// The sample library a new user finds on first start.
enum SampleLibrary {
    static func load() throws -> [StoryDraft] {
        try ForktaleResources.sampleStoryFiles().map { url in
            do {
                var draft = try Importer.read(try Data(contentsOf: url), file: url.lastPathComponent, profileId: 0).draft
                draft.story.source = .written  // Written for Forktale, not brought in by the reader.
                return draft
            } catch {
                throw CLIError.failure("The sample story \(url.lastPathComponent) cannot be read (\(error)): reinstall Forktale.")
            }
        }
    }
}
