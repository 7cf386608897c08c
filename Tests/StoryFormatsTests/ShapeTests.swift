import Foundation
@testable import StoryFormats
import Testing

@Suite("Twine HTML and JSON shapes")
struct ShapeTests {
    func read(_ text: String, file: String, format: Importer.Format? = nil) throws -> ImportResult {
        try Importer.read(Data(text.utf8), file: file, format: format, profileId: 1)
    }

    func links(_ result: ImportResult) -> [String] {
        result.draft.choices.map { "\(result.draft.nodes[$0.from].name!)>\($0.text)>\($0.target.map { result.draft.nodes[$0].name! } ?? "-")" }
    }

    @Test("published HTML: only the real tw-storydata counts, entities are decoded, startnode is the start")
    func html() throws {
        let page = """
            <html><head><script>var tag = "<tw-storydata>"; /* the format's code names the element too */</script></head>
            <body><tw-storydata name="Owls &amp; Bats" startnode="2" format="SugarCube" format-version="2.36.1" ifid="9F1C6B2E-1D3A-4C5B-8E7F-0A1B2C3D4E5F">
            <tw-passagedata pid="1" name="Cave" tags="Bad-Ending">It is dark &amp; damp. &lt;b&gt;Very&lt;/b&gt; dark.</tw-passagedata>
            <tw-passagedata pid="2" name="Wood" tags="">Two paths. [[Left-&gt;Cave]] [[Right|Nest]]</tw-passagedata>
            <tw-passagedata pid="3" name="Nest" tags="Good-Ending">Owls say &quot;hoo&quot; &#x1F989;.</tw-passagedata>
            </tw-storydata></body></html>
            """
        let result = try read(page, file: "owls.html")
        #expect(result.report.title == "Owls & Bats")
        #expect(result.report.start == "Wood")
        #expect(result.report.storyFormat == "SugarCube 2.36.1")
        #expect(result.draft.story.uuid == "9f1c6b2e-1d3a-4c5b-8e7f-0a1b2c3d4e5f")
        #expect(links(result) == ["Wood>Left>Cave", "Wood>Right>Nest"])
        // Decoded text is Twine markup again: the <b> tag goes, the words stay; inline links keep their words.
        #expect(result.draft.nodes.map(\.content) == ["It is dark & damp. Very dark.", "Two paths. Left Right", "Owls say \"hoo\" 🦉."])
        #expect(result.draft.nodes.map(\.isWinningEnding) == [false, false, true])
        #expect(throws: FormatError.self) { try read("<html><tw-storydata></tw-storydata></html>", file: "x.html") }
    }

    @Test("a file of two stories imports the first and says which were not imported; a start that needs script, or a file cut short, says so")
    func partialFiles() throws {
        let story = { (name: String) in
            """
            <tw-storydata name="\(name)" startnode="1"><tw-passagedata pid="1" name="Start">Hello. [[End]]</tw-passagedata>
            <tw-passagedata pid="2" name="End">Bye.</tw-passagedata></tw-storydata>
            """
        }
        let two = try read("<html><body>\(story("One"))\(story("Two"))</body></html>", file: "two.html")
        #expect(two.report.title == "One")
        #expect(two.report.problems.contains { $0.contains("holds 2 stories") && $0.contains("\"Two\"") }, "\(two.report.problems)")

        let script = try read(":: Start\n<script>story.show('Real start')</script>\n\n:: Real start\nHello.", file: "js.twee")
        #expect(script.report.problems.contains("The start passage \"Start\" shows nothing here: the story begins in JavaScript, which Forktale does not run."),
                "\(script.report.problems)")

        let cut = try read(":: Start\nHello. [[On->Next]]\n\n:: Next\nThe path goes [[up->Hi", file: "cut.twee")
        #expect(cut.report.problems.contains { $0.contains("\"Next\" ends inside a link") && $0.contains("cut short") },
                "\(cut.report.problems)")
    }

    @Test("nodes with options: ids, roots and endings as the file states them")
    func nodes() throws {
        let json = """
            {"title": "Quest", "nodes": [
              {"id": 10, "content": "Start.", "is_root": true, "options": [{"text": "On", "node_id": 11}, {"text": "Home", "node_id": 12}]},
              {"id": 11, "content": "Treasure!", "is_ending": true, "is_winning_ending": true, "options": []},
              {"id": 12, "content": "Nap.", "is_ending": true, "is_winning_ending": false}
            ]}
            """
        let result = try read(json, file: "quest.json")
        #expect(result.report.format == "JSON (nodes)")
        #expect(result.report.start == "10")
        #expect(links(result) == ["10>On>11", "10>Home>12"])
        #expect(result.report.winningEndings == 1 && result.report.endings == 2)
    }

    @Test("an object of arcs: paragraphs joined, options by arc, intro first")
    func arcs() throws {
        let json = """
            {"intro": {"title": "The Little Blue Gopher", "story": ["Once upon a time.", "The end is near."],
                       "options": [{"text": "Go to New York", "arc": "new-york"}, {"text": "Go home", "arc": "home"}]},
             "new-york": {"title": "NY", "story": ["Busy streets."], "options": [{"text": "Back", "arc": "home"}]},
             "home": {"title": "Home", "story": ["Warm and cosy."], "options": []}}
            """
        let result = try read(json, file: "gopher.json")
        #expect(result.report.format == "JSON (arcs)")
        #expect(result.report.title == "The Little Blue Gopher")
        #expect(result.report.start == "intro")
        #expect(result.draft.nodes.first?.content == "Once upon a time.\n\nThe end is near.")
        #expect(links(result) == ["intro>Go to New York>new-york", "intro>Go home>home", "new-york>Back>home"])
        #expect(result.report.endings == 1)
    }

    @Test("--format overrides detection; the wrong format is refused with a reason")
    func override() throws {
        let twee = ":: Start\nHello [[there]]\n\n:: there\nHi.\n"
        #expect(try read(twee, file: "odd.txt", format: .twee).report.passages == 2)
        #expect(throws: FormatError.self) { try read(twee, file: "odd.txt", format: .json) }
        #expect(throws: FormatError.self) { try read(#"{"passages": 3}"#, file: "x.json", format: .twison) }
    }

    @Test("long titles and choice texts are cut to the schema's limits, counted as it counts")
    func limits() throws {
        let accented = String(repeating: "e\u{301}", count: 150)  // 150 characters, 300 scalars
        let twee = ":: StoryTitle\n\(accented)\n\n:: Start\nGo.\n[[\(String(repeating: "a\u{301}", count: 400))->End]]\n\n:: End\nDone.\n"
        let draft = try read(twee, file: "long.twee").draft
        #expect(draft.story.title.unicodeScalars.count == 200)
        #expect(draft.choices.first?.text.unicodeScalars.count == 500)
        #expect(draft.validate().isEmpty)
    }
}
