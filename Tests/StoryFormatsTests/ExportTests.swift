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

    @Test("a story that runs with its state goes out as written, and comes back the same, state and all")
    func statefulRoundTrip() throws {
        for path in ["twee/brisberg__twine-games__cellar-crawl_combined.twee", "twee/klembot__chapbook__cloak-of-darkness.twee",
                     "twee/brisberg__twine-games__journey_combined.tw"] {
            let original = try corpusStory(path)
            let source = try #require(original.source, "\(path) runs with its state")
            let exported = Exporter.export(stored(original.draft), as: .twee, source: source)
            let again = try Importer.read(exported, file: "again.twee", profileId: 1)
            #expect(again.source == source, "\(path): the source is kept whole")
            #expect(shape(again.draft) == shape(original.draft), "\(path)")
            #expect(again.draft.story.title == original.draft.story.title && again.draft.story.uuid == original.draft.story.uuid)
        }
    }

    /// The StoryData object of a Twee export.
    func storyData(_ content: StoryContent) throws -> [String: Any] {
        let twee = String(decoding: Exporter.export(content, as: .twee), as: UTF8.self)
        let json = try #require(twee.components(separatedBy: ":: StoryData\n").dropFirst().first?.components(separatedBy: "\n\n").first)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test("Twee's StoryData names the story format the story came with, and none when it came with none")
    func storyFormat() throws {
        let published = """
            <tw-storydata name="Owls" startnode="1" format="Chapbook" format-version="1.2.3" ifid="9F1C6B2E-1D3A-4C5B-8E7F-0A1B2C3D4E5F">
            <tw-passagedata pid="1" name="Start">Hoot. [[Fly->Sky]]</tw-passagedata><tw-passagedata pid="2" name="Sky">Up.</tw-passagedata>
            </tw-storydata>
            """
        let stories = [
            ("SugarCube", "2.31.1", try corpusStory("twee/brisberg__twine-games__journey_combined.tw").draft),
            ("Harlowe", "3.1.0", try corpusStory("twee/brisberg__twine-games__cellar-crawl_combined.twee").draft),
            ("Chapbook", "1.2.3", try Importer.read(Data(published.utf8), file: "owls.html", profileId: 1).draft),
        ]
        for (format, version, draft) in stories {
            let data = try storyData(stored(draft))
            #expect(data["format"] as? String == format)
            #expect(data["format-version"] as? String == version)
            // Forktale JSON keeps it too, for a later Twee export.
            let again = try Importer.read(Exporter.export(stored(draft), as: .json), file: "again.json", profileId: 1).draft
            #expect(try storyData(stored(again))["format"] as? String == format)
        }
        // A JSON shape says nothing of Twine formats; a story written here has none either.
        let plain = try storyData(stored(try corpusStory("json/nexmo-community__create-your-own-adventure__pirate-captain.json").draft))
        #expect(plain["format"] == nil && plain["format-version"] == nil)
        #expect(plain["ifid"] as? String != nil && plain["start"] as? String != nil)
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
