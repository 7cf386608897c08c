import Foundation
import GRDB
import Testing

@Suite("heroes on the command line")
struct HeroesTests {
    func heroCount(_ cli: CLI) throws -> Int {
        try DatabaseQueue(path: cli.database).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM heroes") ?? -1 }
    }

    @Test("a hero made with heroes create is listed, shown with a portrait, and stars in a generated story")
    func createShowGenerate() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let created = try cli.run([
            "heroes", "create", "--name", "Mira", "--pronouns", "she", "--traits", "brave,curious", "--ability", "talks to owls",
            "--hair", "black", "--hair-style", "braids", "--skin", "brown", "--eyes", "dark", "--clothing", "adventurer",
            "--features", "glasses,freckles", "--colors", "green,yellow", "--seed", "7",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("Created hero \"Mira\""))

        let listed = try cli.json(cli.run(["heroes", "list", "--json"]).stdout)
        let mira = try #require(listed.first)
        #expect(listed.count == 1 && mira["name"] as? String == "Mira" && mira["portrait_seed"] as? Int == 7)
        #expect((mira["look"] as? [String: Any])?["hair_style"] as? String == "braids")
        #expect(mira["special_ability"] as? String == "talk to owls", "the ability is kept as a verb phrase")

        // Piped, the portrait is the monochrome art: a face, and no escape code.
        let shown = try cli.run(["heroes", "show", "mira"])
        #expect(shown.status == 0)
        #expect(!shown.stdout.contains("\u{1B}"), "an escape code in a pipe")
        #expect(shown.stdout.contains("ability: talk to owls") && shown.stdout.contains("braids"))
        let art = shown.stdout.split(separator: "\n").suffix(8)
        #expect(art.count == 8 && art.contains { $0.contains("o--o") }, "no face with glasses in:\n\(shown.stdout)")

        let generated = try cli.run(["generate", "--hero", "Mira", "--seed", "3", "--length", "short", "--wait", "--json"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let story = try #require(try cli.json(cli.run(["stories", "list", "--json"]).stdout).first { $0["hero"] as? String == "Mira" })
        let pages = try DatabaseQueue(path: cli.database).read { db in
            try String.fetchAll(db, sql: "SELECT content FROM story_nodes WHERE story_id = ?", arguments: [story["id"] as? Int ?? 0])
        }
        #expect(pages.joined().contains("Mira"), "the story is not about Mira")
        let again = try cli.json(cli.run(["heroes", "list", "--json"]).stdout)
        #expect(again.first?["stories"] as? Int == 1)
        #expect(try cli.run(["heroes", "show", "Mira"]).stdout.contains(story["title"] as? String ?? "?"))
    }

    @Test("every broken rule is one line on stderr, exit 2, and nothing saved")
    func brokenRules() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let cases: [([String], String)] = [
            (["--name", "   ", "--traits", "brave,kind"], "Name"),
            (["--name", String(repeating: "x", count: 51), "--traits", "brave,kind"], "50"),
            (["--name", "Bo\u{7}", "--traits", "brave,kind"], "control"),
            (["--name", "Bo", "--traits", "brave,brave"], "differ"),
            (["--name", "Bo", "--traits", "brave"], "two traits"),
            (["--name", "Bo", "--traits", "brave,grumpy"], "no trait \"grumpy\""),
            (["--name", "Bo", "--traits", "brave,kind", "--hair", "plaid"], "Hair colour \"plaid\""),
            (["--name", "Bo", "--traits", "brave,kind", "--features", "glasses,hat,crown,bow,scarf"], "at most 4"),
            (["--name", "Bo", "--traits", "brave,kind", "--colors", "red,red"], "different colours"),
            (["--name", "Bo", "--traits", "brave,kind", "--ability", String(repeating: "a", count: 201)], "200"),
            (["--name", "Bo", "--traits", "brave,kind", "--ability", "kills dragons"], "not for children"),
            (["--name", "Bo", "--traits", "brave,kind", "--pronouns", "x\u{1B}y"], "control"),
            (["--name", "Bo", "--traits", "brave,kind", "--pronouns", "xe"], "subject/object/possessive"),
        ]
        for (arguments, message) in cases {
            let result = try cli.run(["heroes", "create"] + arguments)
            #expect(result.status == 2, "\(arguments): exit \(result.status)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): more than one line: \(result.stderr)")
            #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\u{7}"))
        }
        #expect(try heroCount(cli) == 0)
        // A name another hero has, in any case, is refused the same way.
        #expect(try cli.run(["heroes", "create", "--name", "Bo", "--traits", "brave,kind"]).status == 0)
        let again = try cli.run(["heroes", "create", "--name", "BO", "--traits", "kind,gentle"])
        #expect(again.status == 2 && again.stderr.contains("A hero named \"Bo\" already exists"), "\(again.stderr)")
        #expect(try heroCount(cli) == 1)
    }

    @Test("archive hides a hero from the list and show says so; restore brings them back")
    func archive() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["heroes", "create", "--name", "Pip", "--traits", "kind,gentle", "--seed", "1"]).status == 0)
        #expect(try cli.run(["heroes", "archive", "Pip"]).status == 0)
        #expect(try cli.run(["heroes", "list"]).stdout.contains("No heroes yet"))
        #expect(try cli.json(cli.run(["heroes", "list", "--archived", "--json"]).stdout).count == 1)
        #expect(try cli.run(["heroes", "show", "pip"]).stdout.contains("(archived)"))
        #expect(try cli.run(["heroes", "restore", "1"]).status == 0)
        #expect(try cli.json(cli.run(["heroes", "list", "--json"]).stdout).count == 1)
        let missing = try cli.run(["heroes", "show", "Nobody"])
        #expect(missing.status == 2 && missing.stderr.contains("Heroes: Pip"))
    }
}
