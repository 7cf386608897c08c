import Foundation
import StoryCore

/// One reading of a Twine story that runs with its state, as both players use it: the page
/// shown, the choices on it, and the pages before (for back, restart and resume). Pure:
/// what a choice does depends only on the pages so far.
public struct StatefulReading: Sendable {
    public let runtime: TwineRuntime
    public private(set) var steps: [PlayStep]
    public private(set) var view: PassageView

    /// Resumes at the last of `steps`, or begins a new reading with `seed` for its chance.
    public init(runtime: TwineRuntime, steps: [PlayStep], seed: UInt64) {
        self.runtime = runtime
        if let last = steps.last {
            self.steps = steps
            view = runtime.runner.run(state: last.entry, revealed: last.revealed)
        } else {
            view = Self.following(runtime.runner.begin(at: runtime.start, seed: seed), runtime)
            self.steps = [PlayStep(view)]
        }
    }

    /// The passage the reader is on.
    public var passage: String? { view.state.history.last }
    /// A page with no way on.
    public var isEnding: Bool { view.choices.isEmpty && view.goTo == nil }

    public enum Outcome: Equatable, Sendable {
        /// On to another page, or more of this one revealed, or back, or from the start.
        case moved
        case noSuchChoice
        /// A link to a passage the story does not have.
        case nowhere
        case atStart

        /// Why the reader did not move (choice `number` asked for), in the words of a
        /// story without state; nil when they did.
        public func refusal(number: Int) -> PlayError? {
            switch self {
            case .moved: nil
            case .noSuchChoice: .noSuchChoice(number)
            case .nowhere: .leadsNowhere
            case .atStart: .atStart
            }
        }
    }

    /// Takes choice `index` (from 0).
    public mutating func choose(_ index: Int) -> Outcome {
        guard view.choices.indices.contains(index) else { return .noSuchChoice }
        let choice = view.choices[index]
        switch choice.action {
        case .back: return back()
        case .restart:
            restart()
            return .moved
        case .reveal:
            guard let next = runtime.runner.take(choice, on: view) else { return .noSuchChoice }
            view = Self.following(next, runtime)
            if view.entry == steps.last?.entry {
                steps[steps.count - 1] = PlayStep(view)
            } else {
                steps.append(PlayStep(view))
            }
        case .go(let target, _):
            guard runtime.runner.passages(target) != nil, let next = runtime.runner.take(choice, on: view) else { return .nowhere }
            view = Self.following(next, runtime)
            steps.append(PlayStep(view))
        }
        return .moved
    }

    /// Back to the page before, as it was.
    public mutating func back() -> Outcome {
        guard steps.count > 1 else { return .atStart }
        steps.removeLast()
        view = runtime.runner.run(state: steps[steps.count - 1].entry, revealed: steps[steps.count - 1].revealed)
        return .moved
    }

    /// The first page again, as it was first shown.
    public mutating func restart() {
        steps = [PlayStep(entry: steps[0].entry)]
        view = runtime.runner.run(state: steps[0].entry, revealed: [])
    }

    /// The story's pages the reading has been on, in order, by their node ids.
    public func path(in content: StoryContent) -> [Int64] {
        var ids: [String: Int64] = [:]
        for node in content.nodes { if let name = node.name, let id = node.id { ids[name] = ids[name] ?? id } }
        return steps.compactMap { $0.entry.history.last.flatMap { ids[$0] } }
    }

    /// `playthrough` brought to where the reading is: its path, its page, and its ending when
    /// the page is one of the story's endings. Leaving a finished reading (back, restart)
    /// starts a new one, as for any story, so the finished one stays on record.
    public func update(_ playthrough: inout Playthrough, content: StoryContent, at date: Date) {
        let ids = path(in: content)
        let node = ids.last.flatMap(content.node)
        let ended = isEnding && node?.isEnding == true
        if playthrough.isFinished, !(ended && playthrough.endingNodeId == node?.id), let root = content.root?.id,
           let storyId = content.story.id {
            playthrough = Playthrough.begin(profileId: playthrough.profileId, storyId: storyId, root: root, at: date)
        }
        if !ids.isEmpty {
            playthrough.path = ids
            playthrough.currentNodeId = ids.last
        }
        playthrough.updatedAt = date
        if ended, !playthrough.isFinished, let node {
            playthrough.finishedAt = date
            playthrough.endingNodeId = node.id
        }
    }

    /// How a link from one passage to another stands for this reading: always there, or
    /// behind a condition that holds now (`open`) or does not (`closed`), with the
    /// variables as they are on the reader's page.
    public enum LinkState: Equatable, Sendable { case always, open, closed }

    public func link(from passage: String, to target: String) -> LinkState {
        guard let program = runtime.runner.passages(passage)?.program,
              Self.conditionally(program.nodes, links: target, inside: false) else { return .always }
        let offered = runtime.runner.enter(passage, from: view.state).choices.contains { choice in
            if case .go(let name, _) = choice.action { return name == target }
            return false
        }
        return offered ? .open : .closed
    }

    /// Whether a link to `target` stands inside a condition (or a reveal) among `nodes`.
    private static func conditionally(_ nodes: [PassageProgram.Node], links target: String, inside: Bool) -> Bool {
        nodes.contains { node in
            switch node {
            case .link(_, .passage(let name), _): inside && name == target
            case .conditional(let branches): branches.contains { conditionally($0.body, links: target, inside: true) }
            case .hook(_, _, let body): conditionally(body, links: target, inside: inside)
            case .reveal(let reveal): conditionally(reveal.body, links: target, inside: true)
            case .change(_, _, let body): conditionally(body, links: target, inside: true)
            default: false
            }
        }
    }

    /// A page whose `(go-to:)` sends the reader on shows where it sends them.
    private static func following(_ view: PassageView, _ runtime: TwineRuntime) -> PassageView {
        var view = view
        var hops = 0
        while let next = view.goTo, hops < 50 {
            view = runtime.runner.enter(next, from: view.state)
            hops += 1
        }
        return view
    }
}
