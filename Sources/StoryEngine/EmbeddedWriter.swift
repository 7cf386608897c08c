import Foundation
import StoryCore

/// The offline writer: tells each planned page with the theme pack's sentences about the
/// things on it (the place, the item or companion the path gathered, the obstacle and the
/// way chosen past it) and the shared frames that join them. Deterministic: the same plan
/// always gives the same text.
public struct EmbeddedWriter: StoryWriter {
    public let name = "embedded"
    public let model = "forktale-embedded-2"
    let library: ThemeLibrary

    public init(library: ThemeLibrary) {
        self.library = library
    }

    public func writeNode(_ request: NodeRequest) async throws -> NodeDraft {
        renderNode(request.plan, request.index)
    }

    public func writeTitle(_ request: TitleRequest) async throws -> TitleDraft {
        renderTitle(request.plan)
    }

    /// The page without the async call, for callers that are already on a worker thread.
    public func renderNode(_ plan: StoryPlan, _ index: Int) -> NodeDraft {
        let page = story(plan)[index]
        let node = plan.nodes[index]
        let prompt = "page \(index) · \(node.stage.rawValue)" + (node.ending.map { " (\($0.rawValue))" } ?? "")
            + " · \(plan.placeName(of: node))" + (node.approach.map { " · after the \($0.rawValue) way" } ?? "")
        // No separate raw response: the page and its choices are the writer's whole output.
        return NodeDraft(content: page.content, choices: page.choices, prompt: prompt, response: nil)
    }

    public func renderTitle(_ plan: StoryPlan) -> TitleDraft {
        var random = SeededRandom(seed: plan.seed, stream: "title")
        let teller = Teller(plan: plan, library: library)
        let template = random.pick(plan.theme.titles)!
        // "Nova and the Lost Comet": after a word, a title's article is small ("Sam Saves
        // the Day: The Golden Gear" keeps its capital).
        let afterWord = template.followsWord(.goalTitle)
        let title = teller.polish(template.render { slot in
            let value = teller.value(slot, on: plan.nodes[0])
            guard slot == .goalTitle, afterWord, let value, value.hasPrefix("The ") else { return value }
            return "the " + value.dropFirst(4)
        })
        let summary = teller.polish(random.pick(plan.theme.summaries)!.render { teller.value($0, on: plan.nodes[0]) })
        return TitleDraft(title: title, summary: summary, prompt: "title and summary", response: nil)
    }

    /// Every page of the story, told once per plan in planning order, so that the shared
    /// frames rotate through the whole story and no page repeats another's.
    func story(_ plan: StoryPlan) -> [Page] {
        plan.memoized("embedded.story") {
            var teller = Teller(plan: plan, library: library)
            return plan.nodes.map { teller.tell($0) }
        }
    }

    /// The line a story for the youngest repeats on purpose; nil for older readers.
    public func refrain(of plan: StoryPlan) -> String? {
        Self.refrain(of: plan, in: library)
    }

    static func refrain(of plan: StoryPlan, in library: ThemeLibrary) -> String? {
        guard plan.ageRange == .fourToSix else { return nil }
        var random = SeededRandom(seed: plan.seed, stream: "refrain")
        return random.pick(library.frames["refrain"])!.render { _ in nil }
    }

    struct Page: Sendable {
        var content: String
        var choices: [String]
    }
}
