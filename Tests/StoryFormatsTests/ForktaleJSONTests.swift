import Foundation
import ForktaleResources
import StoryCore
import StoryFormats
import Testing

@Suite("Forktale JSON")
struct ForktaleJSONTests {
    func read(_ json: String) throws -> StoryDraft {
        try ForktaleJSON.draft(from: Data(json.utf8), profileId: 1, source: .imported)
    }

    let small = """
        {"format": "forktale-story", "version": 1, "title": "Pip", "start": "den", "age_range": "4-6",
         "nodes": [
           {"id": "den", "text": "Pip wakes up.", "choices": [{"text": "Go out", "to": "wood"}, {"text": "Sleep", "to": "bed"}]},
           {"id": "wood", "text": "Stars!", "choices": [{"text": "Home", "to": "bed"}]},
           {"id": "bed", "text": "Good night.", "is_ending": true, "is_winning_ending": true}
         ]}
        """

    @Test("a document becomes passages, choices by index, depths and a word count")
    func reads() throws {
        let draft = try read(small)
        #expect(draft.story.title == "Pip" && draft.story.ageRange == .fourToSix && draft.story.source == .imported)
        #expect(draft.nodes.map(\.name) == ["den", "wood", "bed"])
        #expect(draft.nodes.map(\.isRoot) == [true, false, false])
        #expect(draft.nodes.map(\.depth) == [0, 1, 1])
        #expect(draft.nodes[2].isEnding && draft.nodes[2].isWinningEnding)
        #expect(draft.choices == [
            .init(from: 0, position: 0, text: "Go out", target: 1), .init(from: 0, position: 1, text: "Sleep", target: 2),
            .init(from: 1, position: 0, text: "Home", target: 2),
        ])
        #expect(draft.story.wordCount == 6)
    }

    @Test("broken documents are refused with a reason a person can act on")
    func refuses() {
        func message(_ json: String) -> String? {
            do { _ = try read(json); return nil } catch { return (error as? FormatError)?.message }
        }
        #expect(message("{") == "not valid JSON")
        #expect(message(#"{"format": "forktale-story", "version": 1, "start": "a", "nodes": []}"#) == "title is missing")
        #expect(message(small.replacingOccurrences(of: "\"to\": \"bed\"}]}", with: "\"to\": \"attic\"}]}"))
                == "passage \"den\" has a choice to \"attic\", which is not among the nodes")
        #expect(message(small.replacingOccurrences(of: "\"id\": \"wood\"", with: "\"id\": \"den\""))
                == "two passages have the id \"den\"")
        #expect(message(small.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 9"))?.hasPrefix("version 9 is newer") == true)
        #expect(message(small.replacingOccurrences(of: "forktale-story", with: "twine")) != nil)
        #expect(message(small.replacingOccurrences(of: "\"start\": \"den\"", with: "\"start\": \"roof\"")) != nil)
        #expect(message(small.replacingOccurrences(of: "\"nodes\": [", with: "\"nodes\": [7, ")) == "nodes[0] has the wrong type: Expected to decode Dictionary<String, Any> but found number instead.")
    }

    @Test("every sample story ships, reads and holds together")
    func samples() throws {
        let files = ForktaleResources.sampleStoryFiles()
        #expect(!files.isEmpty)
        for file in files {
            let result = try Importer.read(Data(contentsOf: file), file: file.lastPathComponent, profileId: 1)
            let draft = result.draft
            #expect(draft.validate().isEmpty)
            #expect(result.report.problems.isEmpty, "\(file.lastPathComponent): \(result.report.problems)")
            #expect(result.report.notFollowed.isEmpty, "\(file.lastPathComponent): \(result.report.notFollowed)")
            #expect(draft.nodes.filter(\.isEnding).count >= 3, "\(file.lastPathComponent) has fewer than three endings")
            #expect(draft.nodes.contains { $0.isWinningEnding }, "\(file.lastPathComponent) has no winning ending")
            // Every passage can be reached from the start.
            let reachable = Set(draft.choices.compactMap(\.target)).union([draft.nodes.firstIndex(where: \.isRoot)!])
            #expect(reachable.count == draft.nodes.count, "\(file.lastPathComponent) has unreachable passages")
            // Every passage that is not an ending offers a choice.
            let withChoices = Set(draft.choices.map(\.from))
            for (index, node) in draft.nodes.enumerated() where !node.isEnding {
                #expect(withChoices.contains(index), "\(node.name ?? "?") is a dead end")
            }
        }
    }
}
