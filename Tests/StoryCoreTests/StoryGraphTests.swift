import StoryCore
import Testing

@Suite("Story graph")
struct StoryGraphTests {
    typealias P = StoryGraph.Passage
    typealias L = StoryGraph.Link

    @Test("loops and merges are fine")
    func loopsAndMerges() {
        let graph = StoryGraph(
            passages: [P(name: "start", isRoot: true, isEnding: false), P(name: "left", isRoot: false, isEnding: false),
                       P(name: "right", isRoot: false, isEnding: false), P(name: "end", isRoot: false, isEnding: true)],
            links: [L(from: 0, text: "l", target: 1), L(from: 0, text: "r", target: 2), L(from: 1, text: "on", target: 3),
                    L(from: 2, text: "on", target: 3), L(from: 2, text: "again", target: 0)])
        #expect(graph.problems().isEmpty)
        #expect(graph.depths() == [0, 1, 1, 2])
    }

    @Test("every kind of problem is reported with the passage's name")
    func problems() {
        let graph = StoryGraph(
            passages: [P(name: "start", isRoot: true, isEnding: false), P(name: "stuck", isRoot: false, isEnding: false),
                       P(name: "island", isRoot: false, isEnding: true), P(name: "loud end", isRoot: false, isEnding: true),
                       P(name: "stuck", isRoot: false, isEnding: true)],
            links: [L(from: 0, text: "go", target: 1), L(from: 0, text: "nowhere", target: nil),
                    L(from: 0, text: "end", target: 3), L(from: 3, text: "more?", target: 4)])
        #expect(graph.problems() == [
            .duplicateName("stuck"), .danglingLink(from: "start", text: "nowhere"), .deadEnd("stuck"),
            .unreachable("island"), .endingWithChoices("loud end"),
        ])
        #expect(StoryGraph(passages: [P(name: "a", isRoot: false, isEnding: true)], links: []).problems() == [.missingStart])
        #expect(StoryGraph.Problem.deadEnd("stuck").description == "\"stuck\" is not an ending but offers no choice.")
    }
}
