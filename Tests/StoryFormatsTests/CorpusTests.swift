import Foundation
import StoryCore
@testable import StoryFormats
import TestSupport
import Testing

/// Real stories by other authors (`../shared/corpus`), imported as a reader would check them.
@Suite("Importing the public corpus")
struct CorpusTests {
    func load(_ path: String) throws -> ImportResult {
        let url = try Corpus.url(path)
        return try Importer.read(try Data(contentsOf: url), file: url.lastPathComponent, profileId: 1)
    }

    func passage(_ result: ImportResult, _ name: String) throws -> StoryNode {
        try #require(result.draft.nodes.first { $0.name == name }, "no passage \(name)")
    }

    func links(_ result: ImportResult, from name: String) -> [String] {
        guard let from = result.draft.nodes.firstIndex(where: { $0.name == name }) else { return [] }
        return result.draft.choices.filter { $0.from == from }.map { choice in
            "\(choice.text) -> \(choice.target.flatMap { result.draft.nodes[$0].name } ?? "nowhere")"
        }
    }

    /// No passage text shows Twine or story-format markup.
    func expectReadable(_ result: ImportResult, sourceLocation: SourceLocation = #_sourceLocation) {
        for node in result.draft.nodes {
            for markup in ["[[", "]]", "<<", ">>", "(set:", "(if:", "<script", "<%", "{embed", "{back", "/*", "<!--", "''", "**",
                           "=><=", "<==", "==>"] {
                #expect(!node.content.contains(markup), "\(node.name ?? "?") shows \(markup): \(node.content)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("every corpus file imports with a report and a valid story")
    func everyFile() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: Corpus.url(".").path)
            .filter { ["twee", "tw", "json", "html"].contains(($0 as NSString).pathExtension) }
        #expect(files.count == 6)
        for file in files {
            let result = try load(file)
            #expect(result.draft.validate().isEmpty, "\(file)")
            #expect(result.report.passages == result.draft.nodes.count)
            #expect(result.report.passages > 0)
            expectReadable(result)
        }
    }

    @Test("Chapbook: Cloak of Darkness")
    func cloak() throws {
        let result = try load("twee/klembot__chapbook__cloak-of-darkness.twee")
        #expect(result.report.start == "Start")
        #expect(result.report.title == "klembot__chapbook__cloak-of-darkness", "no StoryTitle: the file's name")
        #expect(links(result, from: "Start") == ["Begin -> Outside"])
        #expect(links(result, from: "Outside") == ["Opera House -> Foyer"])
        #expect(result.report.notFollowed.contains { $0.message.contains("external link to http://www.philome.la") })
        let start = try passage(result, "Start")
        #expect(start.content.hasPrefix("Cloak of Darkness\n\nbased on work by Iain Merrick"), "\(start.content)")
        let outside = try passage(result, "Outside")
        #expect(outside.content.hasPrefix("Hurrying through the rainswept November night, you're glad to see the bright lights of the Opera House."))
        #expect(try passage(result, "read message").isWinningEnding)
        // {embed passage: 'Cloakroom'} brings the cloakroom's links into "hang cloak".
        #expect(links(result, from: "hang cloak").contains("east -> Foyer"))
    }

    @Test("stories that run with their state say so, with what does not run, and keep their source")
    func fidelity() throws {
        let cellar = try load("twee/brisberg__twine-games__cellar-crawl_combined.twee")
        #expect(cellar.report.fidelity == "Plays with its state (Harlowe): variables, conditions, links and reveals run; "
            + "not run: script (4 passages, first \"Starup\").")
        #expect(cellar.source?.format == "Harlowe" && (cellar.source?.twee.contains("(if: $door_locked is true)") ?? false))
        #expect(!cellar.report.notFollowed.contains { $0.message.contains("variables are not worked out") })
        let cloak = try load("twee/klembot__chapbook__cloak-of-darkness.twee")
        #expect(cloak.report.fidelity?.hasPrefix("Plays with its state (Chapbook)") == true)
        let snowman = try load("twee/iftechfoundation__twine-cookbook__snowman_space_exploration.twee")
        #expect(snowman.report.fidelity == nil && snowman.source == nil, "Snowman is script: it plays as imported")
    }

    @Test("Harlowe: Cellar Crawl")
    func cellarCrawl() throws {
        let result = try load("twee/brisberg__twine-games__cellar-crawl_combined.twee")
        #expect(result.report.title == "Cellar Crawl")
        #expect(result.report.start == "Entrance")
        #expect(result.report.storyFormat == "Harlowe 3.1.0")
        #expect(result.report.leftOut == ["Starup [startup]", "Footer [footer]"])
        #expect(links(result, from: "Entrance") == ["door -> Storeroom", "Escape -> Escape"])
        #expect(links(result, from: "Tunnel3").contains("Open the door. -> Heartroom"))
        let escape = try passage(result, "Escape")
        #expect(escape.isEnding && escape.isWinningEnding)
        #expect(try passage(result, "Storeroom").content.contains("There is a hammer resting on the table."))
        #expect(!(try passage(result, "Storeroom").content.contains("pushEvent")))
        // Named hooks (`[door]<door|`, the hidden `|wallresult)[]`) keep their text, not their names.
        for node in result.draft.nodes {
            #expect(!node.content.contains("|"), "\(node.name ?? "?") shows a hook name: \(node.content)")
        }
        #expect(try passage(result, "Entrance").content.contains("There is a door with a small, iron lock."))
        // It runs with its state: the computed "Return" link is followed when it is played.
        #expect(!result.report.notFollowed.contains { $0.message.contains("computed target") })
    }

    @Test("SugarCube: Journey")
    func journey() throws {
        let result = try load("twee/brisberg__twine-games__journey_combined.tw")
        #expect(result.report.title == "Journey")
        #expect(result.report.start == "Start")
        #expect(result.report.leftOut == ["StoryInit", "PassageHeader", "PassageFooter"])
        #expect(links(result, from: "Start") == ["Launch -> Launch"], "<<goto Launch>> with a bare name")
        #expect(links(result, from: "Launch") == ["Embark -> Voyage"])
        #expect(links(result, from: "Island") == ["Dock at Isle De'muerta -> Win"])
        #expect(try passage(result, "Win").isEnding)
        #expect(result.report.notFollowed.contains { $0.passage == "Try Again" && $0.message.contains("runs code") })
    }

    @Test("an untagged ending wins by its own words, never by a word inside another")
    func endingWords() throws {
        let twee = """
            :: Start
            [[Look->Wonder]] [[Run->Won]]

            :: Wonder
            You wonder where the path went.

            :: Won
            The dragon bows. You won!
            """
        let result = try Importer.read(Data(twee.utf8), file: "endings.twee", profileId: 1)
        #expect(try passage(result, "Wonder").isEnding && !(try passage(result, "Wonder").isWinningEnding))
        #expect(try passage(result, "Won").isWinningEnding)
    }

    @Test("Snowman: space exploration")
    func snowman() throws {
        let result = try load("twee/iftechfoundation__twine-cookbook__snowman_space_exploration.twee")
        #expect(result.report.leftOut == ["UserScript [script]", "UserStylesheet [stylesheet]"])
        #expect(links(result, from: "Start") == ["Explore Space -> Explore Space 1"])
        #expect(links(result, from: "Explore Space 1").contains("Hyperjump -> Explore Space 2"), "spaces around the pipe")
    }

    @Test("Twison: passages with links and a string start node")
    func twison() throws {
        let result = try load("json/Xwartu__01-Interactive-Fiction__adventure.twison.json")
        #expect(result.report.format == "JSON (twison)")
        #expect(result.report.start == "Fork")
        #expect(result.report.passages == 24)
        #expect(links(result, from: "Fork") == ["Go North -> Fork", "Go East -> The Fortress", "Go South -> Homestead", "Go West -> Hamlet"])
        let fork = try passage(result, "Fork")
        #expect(fork.content.hasSuffix("the way from whence you came."), "link lines are choices, not prose")
    }

    @Test("an object of states: the pirate captain")
    func pirate() throws {
        let result = try load("json/nexmo-community__create-your-own-adventure__pirate-captain.json")
        #expect(result.report.format == "JSON (states)")
        #expect(result.report.start == "start")
        #expect(result.report.passages == 7)
        #expect(links(result, from: "start") == ["set fire to the boat -> boat_fire", "assume you are the captain and take control -> captain"])
        #expect(result.report.endings == 4)
        #expect(result.report.problems.isEmpty)
    }
}
