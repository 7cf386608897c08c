import Foundation
import PropertyBased
import StoryCore
@testable import StoryFormats
import Testing

/// Importers meet hostile and odd input: whatever the bytes, they either refuse with a
/// FormatError or give a story that holds together and carries no control characters.
@Suite("Importer properties")
struct ImporterPropertyTests {
    /// Pieces of Twee, markup of every story format, escapes and odd characters.
    static let pieces = [
        ":: ", "::Start", ":: StoryData\n{\"start\": \"A\"}\n", ":: StoryTitle\n", "\n", "\r\n", "\r", " ", "A", "B",
        "Go", "[[", "]]", "->", "<-", "|", "][", "[", "]", "{", "}", "(", ")", "\"", "'", "\\", "<<", ">>", "<</",
        "(link-goto:", "(go-to:", "(link:", "(set: $x to 1)", "(display:", "<<goto", "<<link", "{link to:",
        "{embed passage:", "<script>", "</script>", "<b>", "<br>", "/*", "*/", "<!--", "-->", "''", "//", "**", "_",
        "--", "$x", "Good-Ending", "\u{1B}[31m", "\u{1B}]0;t\u{07}", "\u{9B}", "\u{07}", "\u{0}", "\u{FEFF}",
        "狐", "🦊", "é", "e\u{301}", "http://x", "StoryInit", "[script]",
    ]

    /// Up to 80 pieces, as indexes into `pieces` (shrinking works on the indexes).
    static let soup = Gen.int(in: 0..<pieces.count).array(of: 0...80)

    static func text(_ indexes: [Int]) -> String { indexes.map { pieces[$0] }.joined() }

    func expectClean(_ result: ImportResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.draft.validate().isEmpty, sourceLocation: sourceLocation)
        let texts = [result.draft.story.title] + result.draft.nodes.flatMap { [$0.content, $0.name ?? ""] + $0.tags }
            + result.draft.choices.map(\.text)
        for text in texts {
            #expect(!text.unicodeScalars.contains { Rules.isControl($0) && $0 != "\n" && $0 != "\t" },
                    "control character in \(text.debugDescription)", sourceLocation: sourceLocation)
        }
    }

    /// Reading `data` either refuses it with a FormatError that says why (the importer's typed
    /// throws allow no other error), or gives a clean story.
    func expectRefusedOrClean(_ data: Data, file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            expectClean(try Importer.read(data, file: file, profileId: 1), sourceLocation: sourceLocation)
        } catch {
            #expect(!error.message.isEmpty, sourceLocation: sourceLocation)
        }
    }

    @Test("Twee: any text is refused with a reason or read into a sound story")
    func twee() async {
        await propertyCheck(count: 400, input: Self.soup) { pieces in
            expectRefusedOrClean(Data(Self.text(pieces).utf8), file: "x.twee")
        }
    }

    @Test("Twine HTML: any passage text is refused with a reason or read into a sound story")
    func html() async {
        await propertyCheck(count: 200, input: Self.soup, Self.soup) { first, second in
            let page = """
                <tw-storydata name="T" startnode="1"><tw-passagedata pid="1" name="A">\(Self.text(first))</tw-passagedata>
                <tw-passagedata pid="2" name="B">\(Self.text(second))</tw-passagedata></tw-storydata>
                """
            expectRefusedOrClean(Data(page.utf8), file: "x.html")
        }
    }

    @Test("safe text has no control characters and is already safe")
    func safeText() async {
        await propertyCheck(count: 400, input: Self.soup) { pieces in
            let safe = TerminalText.safe(Self.text(pieces))
            #expect(!safe.unicodeScalars.contains { Rules.isControl($0) && $0 != "\n" && $0 != "\t" })
            #expect(TerminalText.safe(safe) == safe)
        }
    }

    @Test("any story graph survives a Twee round trip")
    func roundTrip() async {
        let graphs = Gen.int(in: 0...11).array(of: 0...3).array(of: 1...12)
        await propertyCheck(count: 200, input: graphs) { adjacency in
            let count = adjacency.count
            let nodes = (0..<count).map { index in
                StoryNode(id: Int64(index + 1), storyId: 1, content: "Passage \(index) is here.", name: "P\(index)",
                          isRoot: index == 0, isEnding: adjacency[index].isEmpty)
            }
            var choices: [StoryChoice] = []
            for (from, targets) in adjacency.enumerated() {
                for (position, target) in targets.enumerated() {
                    choices.append(StoryChoice(id: Int64(choices.count + 1), nodeId: Int64(from + 1), position: position,
                                               text: "Go \(position)", targetNodeId: Int64(target % count + 1)))
                }
            }
            let content = StoryContent(story: Story(id: 1, profileId: 1, title: "Graph", source: .written), nodes: nodes, choices: choices)
            do {
                let again = try Importer.read(Exporter.export(content, as: .twee), file: "g.twee", profileId: 1).draft
                #expect(again.nodes.map(\.name) == nodes.map(\.name))
                #expect(again.nodes.map(\.isEnding) == nodes.map(\.isEnding))
                #expect(again.choices.map { "\($0.from)>\($0.target ?? -1)" } == choices.map { "\($0.nodeId - 1)>\($0.targetNodeId! - 1)" })
            } catch {
                Issue.record("the export did not import: \(error)")
            }
        }
    }
}
