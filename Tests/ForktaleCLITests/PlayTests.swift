import Foundation
import Testing

@Suite("forktale play --plain")
struct PlayTests {
    /// The sample lighthouse story's id in a new library.
    func lighthouse(_ cli: CLI) throws -> String {
        "\(try cli.story(titled: "The Clockwork Lighthouse")["id"] as! Int)"
    }

    @Test("plays to a winning ending, counts it, and writes no escape codes")
    func playsToAnEnding() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let id = try lighthouse(cli)
        // Caves, keepers' hatch, stairs, new spring, the rhythm wheel, the lamp.
        let result = try cli.run(["play", id, "--plain"], input: "3\n1\n1\n1\n1\n1\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("The Clockwork Lighthouse\n\nThe storm arrived"))
        #expect(result.stdout.contains("*** The End: a winning ending! ***\nEndings found: 1 of 4."))
        #expect(!result.stdout.contains("\u{1B}"))
        for line in result.stdout.split(separator: "\n") { #expect(line.count <= 80, "too wide: \(line)") }

        let listed = try #require(try cli.json(cli.run(["stories", "list", "--json"]).stdout).first { "\($0["id"]!)" == id })
        #expect(listed["endings_found"] as? Int == 1)
        #expect(listed["play_count"] as? Int == 1)
        #expect(listed["last_played_at"] != nil)
    }

    @Test("end of input saves the place; the next play resumes there")
    func resumes() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let id = try lighthouse(cli)
        let first = try cli.run(["play", id, "--plain"], input: "2\n2\n")
        #expect(first.status == 0)
        let second = try cli.run(["play", id, "--plain"], input: "")
        #expect(second.status == 0)
        #expect(second.stdout.hasPrefix("The Clockwork Lighthouse (resumed)\n\nWendel drew on the back"))
        #expect(second.stdout.contains("Step 3."))
    }

    @Test("back goes as far as the start, restart begins again, bad input is explained")
    func backRestartAndMistakes() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let id = try lighthouse(cli)
        let result = try cli.run(["play", id, "--plain"], input: "1\nb\nb\nb\n7\nfly\n2\nr\nq\n4\n")
        #expect(result.status == 0)
        let steps = result.stdout.split(separator: "\n").filter { $0.hasPrefix("Step ") }.map { $0.prefix(7) }
        #expect(steps == ["Step 1.", "Step 2.", "Step 1.", "Step 1.", "Step 1.", "Step 2.", "Step 1."])
        #expect(result.stdout.contains("There is no choice 7 here. Type 1 to 3 to choose"))
        #expect(result.stdout.contains("\"fly\" is not a choice here."))
        // q quit before the last line was read: no fourth choice was tried.
        #expect(!result.stdout.contains("no choice 4"))
    }

    @Test("an unknown story is an error, not a crash")
    func unknownStory() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let result = try cli.run(["play", "42", "--plain"], input: "1\n")
        #expect(result.status == 2)
        #expect(result.stderr == "forktale: There is no story 42: see 'forktale stories list'.\n")
    }
}
