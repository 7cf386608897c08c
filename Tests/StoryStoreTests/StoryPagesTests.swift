import Foundation
import StoryCore
@testable import StoryStore
import Testing

@Suite("Reading part of a story")
struct StoryPagesTests {
    /// A binary tree of `count` pages (page i leads to 2i+1 and 2i+2), stored twice.
    static func trees(_ count: Int) throws -> (AppDatabase, first: Int64, second: Int64) {
        let store = try AppDatabase.inMemory()
        _ = try store.prepareFirstRun(samples: [])
        let profile = try store.defaultProfile()!.id!
        let nodes = (0..<count).map { StoryNode(content: "Page \($0).", name: "P\($0)", isRoot: $0 == 0, isEnding: 2 * $0 + 1 >= count) }
        var choices: [StoryChoice.Draft] = []
        for index in 0..<count {
            for (position, target) in [2 * index + 1, 2 * index + 2].enumerated() where target < count {
                choices.append(StoryChoice.Draft(from: index, position: position, text: "To \(target)", target: target))
            }
        }
        let first = try store.insertStory(Story(profileId: profile, title: "One", source: .imported), nodes: nodes, choices: choices).id!
        let second = try store.insertStory(Story(profileId: profile, title: "Two", source: .imported), nodes: nodes, choices: choices).id!
        return (store, first, second)
    }

    @Test("the opening, the pages asked for and those up to the depth, with their choices and the story's counts")
    func window() throws {
        let (store, first, second) = try Self.trees(63)
        let whole = try #require(try store.storyContent(id: first))
        let id = { (name: String) in whole.nodes.first { $0.name == name }!.id! }
        let other = try #require(try store.storyContent(id: second)).nodes.first { $0.name == "P5" }!.id!

        let part = try #require(try store.storyPages(id: first, around: [id("P5"), other], depth: 1))
        #expect(Set(part.nodes.compactMap(\.name)) == ["P0", "P1", "P2", "P5", "P11", "P12"], "a page of another story is not taken")
        #expect(part.isPartial && part.pageCount == 63 && part.endingCount == 32)
        #expect(part.choices(of: id("P5")).map(\.text) == ["To 11", "To 12"])
        #expect(part.choices.allSatisfy { choice in part.node(choice.nodeId) != nil }, "only the loaded pages' choices")

        let more = try #require(try store.storyPages(id: first, around: [id("P11")], depth: 2))
        let merged = part.merging(more)
        #expect(merged.nodes.count == Set(merged.nodes.compactMap(\.id)).count, "each page once")
        #expect(merged.node(id("P47")) != nil && merged.pageCount == 63)

        let links = try store.storyLinks(id: first)
        #expect(links.root == id("P0") && links.pages.count == 63)
        #expect(links.links[id("P0")]?.map(\.text) == ["To 1", "To 2"])
    }
}
