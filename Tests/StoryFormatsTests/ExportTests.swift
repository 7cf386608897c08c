import Foundation
import StoryCore
@testable import StoryFormats
import TestSupport
import Testing

@Suite("Export")
struct ExportTests {
    /// A draft as the store would hand it back: ids from 1, in order.
    func stored(_ draft: StoryDraft) -> StoryContent {
        var story = draft.story
        story.id = 1
        let nodes = draft.nodes.enumerated().map { index, node in
            var node = node
            node.id = Int64(index + 1)
            node.storyId = 1
            return node
        }
        let choices = draft.choices.enumerated().map { index, choice in
            StoryChoice(id: Int64(index + 1), nodeId: Int64(choice.from + 1), position: choice.position, text: choice.text,
                        targetNodeId: choice.target.map { Int64($0 + 1) })
        }
        return StoryContent(story: story, nodes: nodes, choices: choices)
    }

    /// What a reader meets: each passage's name, text, ending marks and choices.
    func shape(_ draft: StoryDraft) -> [String] {
        draft.nodes.enumerated().map { index, node in
            let links = draft.choices.filter { $0.from == index }.map { "\($0.text)->\($0.target.flatMap { draft.nodes[$0].name } ?? "-")" }
            return "\(node.name ?? "?")|\(node.content)|\(node.isRoot)|\(node.isEnding)|\(node.isWinningEnding)|\(links)"
        }
    }

    func corpusStory(_ path: String) throws -> ImportResult {
        let url = try Corpus.url(path)
        return try Importer.read(Data(contentsOf: url), file: url.lastPathComponent, profileId: 1)
    }

    @Test("Twee and JSON exports import again to the same story", arguments: [Exporter.Format.twee, .json])
    func roundTrip(format: Exporter.Format) throws {
        for path in ["twee/brisberg__twine-games__cellar-crawl_combined.twee", "twee/klembot__chapbook__cloak-of-darkness.twee",
                     "json/nexmo-community__create-your-own-adventure__pirate-captain.json"] {
            let original = try corpusStory(path).draft
            let exported = Exporter.export(stored(original), as: format)
            let again = try Importer.read(exported, file: "again.\(format.fileExtension)", profileId: 1).draft
            #expect(shape(again) == shape(original), "\(path) as \(format)")
            #expect(again.story.title == original.story.title)
            #expect(again.story.uuid == original.story.uuid)
        }
    }

    @Test("names that need escapes survive Twee")
    func escapedNames() throws {
        let twee = ":: Start\nGo.\n[[On->Room [1]: {west}]]\n\n:: Room \\[1\\]: \\{west\\} [Good-Ending]\nDone.\n"
        let draft = try Importer.read(Data(twee.utf8), file: "x.twee", profileId: 1).draft
        #expect(draft.nodes.map(\.name) == ["Start", "Room [1]: {west}"])
        let again = try Importer.read(Exporter.export(stored(draft), as: .twee), file: "y.twee", profileId: 1).draft
        #expect(shape(again) == shape(draft))
    }

    @Test("Markdown is a gamebook: numbered sections and turn to")
    func markdown() throws {
        let content = stored(try corpusStory("json/nexmo-community__create-your-own-adventure__pirate-captain.json").draft)
        let text = String(decoding: Exporter.export(content, as: .md), as: UTF8.self)
        #expect(text.hasPrefix("# nexmo-community__create-your-own-adventure__pirate-captain\n"))
        #expect(text.contains("## 1\n\nYou can't quite remember how you got here"))
        #expect(text.contains("- set fire to the boat: turn to 2.\n- assume you are the captain and take control: turn to 3.\n"))
        #expect(text.components(separatedBy: "**The End.**").count - 1 == 4)
    }

    @Test("HTML is one page that follows choices without a script")
    func html() throws {
        let content = stored(try corpusStory("json/nexmo-community__create-your-own-adventure__pirate-captain.json").draft)
        let page = String(decoding: Exporter.export(content, as: .html), as: UTF8.self)
        #expect(!page.contains("<script"))
        #expect(page.contains("<section id=\"s1\">"))
        #expect(page.contains("<a href=\"#s2\">set fire to the boat</a>"))
        #expect(page.components(separatedBy: "<section ").count - 1 == 7)
        #expect(Exporter.escapeHTML("<b>\"Tom & Jerry\"</b>") == "&lt;b&gt;&quot;Tom &amp; Jerry&quot;&lt;/b&gt;")
    }
}
