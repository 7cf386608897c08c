import Foundation
import TestSupport
import Testing

@Suite("forktale commands")
struct CommandTests {
    @Test("doctor on a new FORKTALE_DB creates the library and exits 0")
    func doctorCreates() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let result = try cli.run(["doctor"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.contains("Journal mode  wal"))
        #expect(result.stdout.contains("Integrity     ok"))
        #expect(result.stdout.contains("Schema        version 7 (migrations: v1, v2, v3, v4, v5, v6, v7)"))
        #expect(result.stdout.contains("Contents      1 profile, \(CLI.sampleCount) stories, "))
        #expect(result.stdout.hasSuffix("Healthy.\n"))
        #expect(fileMode(cli.database) == 0o600)
        #expect(FileManager.default.fileExists(atPath: cli.home + "/state/forktale/forktale.log"))
        #expect(fileMode(cli.home + "/state/forktale/forktale.log") == 0o600)
    }

    @Test("without --db or FORKTALE_DB the library lives in XDG_DATA_HOME, in a 0700 folder")
    func defaultLocation() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let result = try cli.run(["stories", "list"], environment: ["FORKTALE_DB": ""])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let path = cli.home + "/data/forktale/forktale.sqlite"
        #expect(fileMode(path) == 0o600)
        #expect(fileMode(cli.home + "/data/forktale") == 0o700)
        // --db wins over FORKTALE_DB, in front of the subcommand or after it.
        let other = cli.home + "/other.sqlite"
        #expect(try cli.run(["--db", other, "doctor"]).status == 0)
        #expect(try cli.run(["doctor", "--db", other]).stdout.contains("Database      \(other)"))
    }

    @Test("stories list shows the sample library, as a table and as JSON")
    func list() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let table = try cli.run(["stories", "list"])
        #expect(table.status == 0)
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("ID  TITLE") == true)
        #expect(lines.count == 1 + CLI.sampleCount)
        #expect(!table.stdout.contains("\u{1B}"), "styling when not on a terminal")

        let json = try cli.run(["stories", "list", "--json"])
        #expect(json.status == 0)
        let stories = try cli.json(json.stdout)
        #expect(stories.count == CLI.sampleCount)
        let sample = try #require(stories.first { $0["title"] as? String == "The Clockwork Lighthouse" })
        #expect(sample["source"] as? String == "written")
        #expect(sample["status"] as? String == "ready")
        #expect(sample["passages"] as? Int == 20)
        #expect(sample["endings"] as? Int == 4)
        #expect(sample["endings_found"] as? Int == 0)
    }

    @Test("stories show takes an id or the start of a uuid")
    func show() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let sample = try cli.story(titled: "The Clockwork Lighthouse")
        let byId = try cli.run(["stories", "show", "\(sample["id"] as! Int)"])
        #expect(byId.status == 0)
        #expect(byId.stdout.hasPrefix("The Clockwork Lighthouse\n"))
        #expect(byId.stdout.contains("endings found: 0 of"))
        let uuid = sample["uuid"] as! String
        let byUUID = try cli.run(["stories", "show", String(uuid.prefix(8)), "--json"])
        #expect(byUUID.status == 0)
        #expect(try JSONSerialization.jsonObject(with: Data(byUUID.stdout.utf8)) as? [String: Any] != nil)
    }

    @Test("stories show says how often a story was read to an ending: 0 times, once, 2 times")
    func showPlayCount() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let imported = try cli.run(["import", "--json", try ImportTests.corpus + "/json/nexmo-community__create-your-own-adventure__pirate-captain.json"])
        let id = try #require(try cli.json(imported.stdout).first?["report"] as? [String: Any])["story_id"] as! Int
        func played() throws -> String? {
            try cli.run(["stories", "show", "\(id)"]).stdout.split(separator: "\n").first { $0.hasPrefix("  played ") }
                .map { String($0.prefix { $0 != ";" }) }
        }
        #expect(try played() == "  played 0 times")
        for expected in ["  played once", "  played 2 times"] {
            let play = try cli.run(["play", "\(id)", "--plain"], input: "1\n1\n")
            #expect(play.stdout.contains("*** The End ***"))
            #expect(try played() == expected)
        }
    }

    @Test("exit codes: 1 when the work fails, 2 for bad usage or bad input, each with one line on stderr")
    func exitCodes() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let missing = try cli.run(["stories", "show", "999"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "forktale: There is no story 999: see 'forktale stories list'.\n")

        // An unknown story, job or hero is bad input, whichever command names it.
        let unknown: [([String], String)] = [
            (["play", "999", "--plain"], "There is no story 999: see 'forktale stories list'."),
            (["export", "999", "--format", "md"], "There is no story 999: see 'forktale stories list'."),
            (["stories", "delete", "999", "--yes"], "There is no story 999: see 'forktale stories list'."),
            (["stories", "show", "abcd1234"], "No story's uuid starts with abcd1234: see 'forktale stories list'."),
            (["jobs", "show", "999"], "There is no job 999: see 'forktale jobs list'."),
            (["jobs", "cancel", "999"], "There is no job 999: see 'forktale jobs list'."),
            (["jobs", "retry", "999"], "There is no job 999: see 'forktale jobs list'."),
            (["heroes", "show", "Nobody"], "There is no hero \"Nobody\"; this profile has no heroes yet."),
        ]
        for (arguments, message) in unknown {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr == "forktale: \(message)\n", "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }

        for arguments in [["stories", "show"], ["stories", "frobnicate"], ["stories", "list", "--jsn"],
                          ["stories", "show", "zz"], ["profiles", "add", ""]] {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("forktale: "), "\(arguments)")
            #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }

        let help = try cli.run(["stories", "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: forktale stories"))
    }

    @Test("delete asks on a terminal, refuses without --yes in scripts, and deletes with it")
    func delete() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let sample = try cli.story(titled: "The Clockwork Lighthouse")
        let id = "\(sample["id"] as! Int)"
        let refused = try cli.run(["stories", "delete", id])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("add --yes"))
        #expect(try cli.json(cli.run(["stories", "list", "--json"]).stdout).count == CLI.sampleCount)

        let deleted = try cli.run(["stories", "delete", id, "--yes"])
        #expect(deleted.status == 0)
        #expect(deleted.stdout == "Deleted \"The Clockwork Lighthouse\".\n")
        #expect(try cli.json(cli.run(["stories", "list", "--json"]).stdout).count == CLI.sampleCount - 1)
        #expect(try cli.run(["stories", "delete", id, "--yes"]).status == 2, "no such story any more")
    }

    @Test("profiles: add and list, and --profile picks one")
    func profiles() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["profiles", "add", "Sam"]).stdout.hasPrefix("Added profile \"Sam\""))
        let duplicate = try cli.run(["profiles", "add", "Sam"])
        #expect(duplicate.status == 2 && duplicate.stderr.contains("already exists"))
        let names = try cli.json(cli.run(["profiles", "list", "--json"]).stdout).map { $0["name"] as? String }
        #expect(names == ["Reader", "Sam"])
        // Sam's library is empty: the samples belong to the first profile.
        #expect(try cli.json(cli.run(["--profile", "Sam", "stories", "list", "--json"]).stdout).isEmpty)
        #expect(try cli.run(["stories", "list", "--profile", "Nobody"]).status == 2)
    }

    @Test("a file that is not a database is refused with exit 1 and left byte for byte as it was")
    func badFiles() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let notes = Data("a shopping list, not a database\n".utf8)
        try notes.write(to: URL(fileURLWithPath: cli.database))
        for command in [["doctor"], ["stories", "list"]] {
            let result = try cli.run(command)
            #expect(result.status == 1)
            #expect(result.stderr == "forktale: \(cli.database) is not an SQLite database; it was left untouched: choose another file with --db.\n")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.database)) == notes)
        #expect(!FileManager.default.fileExists(atPath: cli.database + "-wal"))

        let missingFolder = try cli.run(["stories", "list"], environment: ["FORKTALE_DB": cli.home + "/no/such/library.sqlite"])
        #expect(missingFolder.status == 1)
        #expect(missingFolder.stderr.contains("does not exist: create it"))
    }

    @Test("two processes writing one database at once: no errors, every row there")
    func concurrentProcesses() throws {
        let cli = try CLI()
        defer { cli.remove() }
        // Both start on a database that does not exist yet, so they also race to create it.
        let writers = 2, perWriter = 12
        let results = try (0..<perWriter).flatMap { round in
            try (0..<writers).map { writer in
                try cli.start(["profiles", "add", "Writer \(writer) round \(round)"])
            }.map { $0.wait() }
        }
        for result in results {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.isEmpty)
        }
        let profiles = try cli.json(cli.run(["profiles", "list", "--json"]).stdout)
        #expect(profiles.count == 1 + writers * perWriter)
        #expect(try cli.json(cli.run(["stories", "list", "--json"]).stdout).count == CLI.sampleCount)
    }

    @Test("two processes creating one new database at once: one schema, one profile, one sample library")
    func concurrentCreation() throws {
        let cli = try CLI()
        defer { cli.remove() }
        for attempt in 0..<8 {
            let path = cli.home + "/new-\(attempt).sqlite"
            let racing = try (0..<2).map { _ in try cli.start(["stories", "list", "--json"], environment: ["FORKTALE_DB": path]) }
            for result in racing.map({ $0.wait() }) {
                #expect(result.status == 0, "\(result.stderr)")
                #expect(try cli.json(result.stdout).count == CLI.sampleCount)
            }
            let profiles = try cli.json(cli.run(["profiles", "list", "--json"], environment: ["FORKTALE_DB": path]).stdout)
            #expect(profiles.count == 1)
        }
    }
}
