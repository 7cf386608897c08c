import Foundation
import GRDB
import Testing

/// Control characters, escape sequences and bidirectional overrides, from any way in,
/// reach no output: not the terminal, not JSON (where they are `\u` escapes), not an export.
@Suite("control characters reach no output")
struct OutputSafetyTests {
    /// ESC c (resets the terminal), CSI as one C1 character, a right-to-left override, BEL.
    static let hostile = "\u{1B}c\u{9B}2J\u{202E}\u{07}"

    static func isClean(_ text: String) -> Bool {
        !text.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
                || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
        }
    }

    @Test("a JSON story's passage names and tags are cleaned on import, and its Twee export is clean")
    func jsonImport() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let document: [String: Any] = [
            "format": "forktale-story", "version": 1, "title": "Hostile", "start": "Gate\(Self.hostile)",
            "nodes": [
                ["id": "Gate\(Self.hostile)", "text": "A gate.", "tags": ["t\(Self.hostile)"],
                 "choices": [["text": "On", "to": "End\(Self.hostile)"]]],
                ["id": "End\(Self.hostile)", "text": "The end.", "is_ending": true],
            ],
        ]
        let path = cli.home + "/hostile.json"
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
        let imported = try cli.run(["import", path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let names = try DatabaseQueue(path: cli.database).read { db in
            try String.fetchAll(db, sql: "SELECT name || ' ' || tags FROM story_nodes JOIN stories ON stories.id = story_id WHERE title = 'Hostile'")
        }
        #expect(names.count == 2 && names.allSatisfy(Self.isClean), "\(names)")
        let id = try #require(try cli.story(titled: "Hostile")["id"] as? Int)
        for format in ["twee", "json", "md", "html"] {
            let exported = try cli.run(["export", "\(id)", "--format", format, "-o", "-"])
            #expect(exported.status == 0, "\(exported.stderr)")
            #expect(exported.stdout.contains("A gate."))
            #expect(Self.isClean(exported.stdout), "\(format)")
        }
    }

    @Test("hero abilities are cleaned when made, and text already stored is escaped in JSON and cut on the terminal")
    func heroes() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let made = try cli.run(["heroes", "create", "--name", "Mira", "--pronouns", "she", "--traits", "brave,kind",
                                "--ability", "talks to owls\(Self.hostile)", "--appearance", "tall\(Self.hostile)"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(Self.isClean(made.stdout))
        let stored = try DatabaseQueue(path: cli.database).read { db in
            try String.fetchOne(db, sql: "SELECT special_ability || appearance FROM heroes")
        }
        #expect(stored.map(Self.isClean) == true, "\(stored ?? "")")

        // A library written by an older Forktale, or by hand, may hold anything.
        try DatabaseQueue(path: cli.database).write { db in
            try db.execute(sql: "UPDATE heroes SET special_ability = 'fly' || ? , appearance = ?", arguments: [Self.hostile, Self.hostile])
        }
        let list = try cli.run(["heroes", "list", "--json"])
        #expect(Self.isClean(list.stdout))
        #expect(list.stdout.contains("\\u009b") && list.stdout.contains("\\u202e"), "kept, as escapes")
        let ability = try cli.json(list.stdout).first?["special_ability"] as? String
        #expect(ability == "fly" + Self.hostile, "a program reading the JSON gets the stored value")
        let shown = try cli.run(["heroes", "show", "Mira"])
        #expect(shown.stdout.contains("ability: fly2J"))
        #expect(Self.isClean(shown.stdout))
    }

    @Test("a model name from the environment or config is cleaned before doctor or a job prints it")
    func modelName() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let config = cli.home + "/config/forktale"
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try Data("[writer.llm]\nbase_url = \"http://127.0.0.1:9/v1\"\nmodel = \"tiny\\u009B2J\\u202Emodel\"\nrequest_timeout = 1\n".utf8)
            .write(to: URL(fileURLWithPath: config + "/config.toml"))
        let environment = ["XDG_CONFIG_HOME": cli.home + "/config"]
        let doctor = try cli.run(["doctor"], environment: environment)
        #expect(doctor.stdout.contains("tiny2Jmodel"), "\(doctor.stdout)")
        #expect(Self.isClean(doctor.stdout) && Self.isClean(doctor.stderr))
        let fromEnvironment = try cli.run(["doctor"], environment: environment.merging(["FORKTALE_LLM_MODEL": "m\u{9B}\u{202E}x"]) { $1 })
        #expect(fromEnvironment.stdout.contains("mx"))
        #expect(Self.isClean(fromEnvironment.stdout))

        let job = try cli.run(["generate", "--theme", "space", "--seed", "3", "--wait"])
        #expect(job.status == 0, "\(job.stderr)")
        try DatabaseQueue(path: cli.database).write { db in
            try db.execute(sql: "UPDATE story_jobs SET error = ?", arguments: ["broken\(Self.hostile)"])
        }
        for arguments in [["jobs", "show", "1"], ["jobs", "show", "1", "--json"], ["jobs", "list", "--json"]] {
            let shown = try cli.run(arguments)
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(Self.isClean(shown.stdout), "\(arguments)")
        }
    }
}
