import Foundation
import StoryCore
import StoryFormats
import StoryStore

/// The plain reader for a Twine story that runs with its state: each page is worked out
/// from the variables the reader's choices set, inline links reveal more on the same page,
/// and the pages are kept with the playthrough, so back and resume are exact.
struct PlainStatePlayer {
    let store: AppDatabase
    let content: StoryContent
    let runtime: TwineRuntime
    let profileId: Int64
    let width: Int
    private var playthrough: Playthrough
    private var steps: [PlayStep]
    private var view: PassageView

    init(store: AppDatabase, content: StoryContent, runtime: TwineRuntime, profileId: Int64, width: Int) throws {
        self.store = store
        self.content = content
        self.runtime = runtime
        self.profileId = profileId
        self.width = max(20, width)
        guard let reading = try store.resumePlaythrough(of: content, profileId: profileId) else {
            throw CLIError.failure("\"\(TerminalText.safe(content.story.title))\" has no start passage, so it cannot be read.")
        }
        playthrough = reading
        steps = try reading.id.map { try store.playSteps(playthroughId: $0) } ?? []
        if let last = steps.last {
            view = runtime.runner.run(state: last.entry, revealed: last.revealed)
        } else {
            view = runtime.runner.begin(at: runtime.start, seed: UInt64.random(in: 1...UInt64.max))
            view = Self.following(view, runtime)
            steps = [PlayStep(view)]
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

    mutating func run() throws {
        let resumed = steps.count > 1 || !(steps.last?.revealed.isEmpty ?? true)
        try save()
        say(TerminalText.safe(content.story.title) + (resumed ? " (resumed)" : ""))
        show()
        while let line = readLine() {
            let input = line.trimmingCharacters(in: .whitespaces).lowercased()
            switch input {
            case "":
                say(prompt)
            case "q", "quit":
                return
            case "b", "back":
                try back()
            case "r", "restart":
                try restart()
            default:
                if let number = Int(input) {
                    try choose(number)
                } else {
                    say("\"\(TerminalText.safe(line))\" is not a choice here. " + prompt)
                }
            }
        }
    }

    private var node: StoryNode? {
        view.state.history.last.flatMap { name in content.nodes.first { $0.name == name } }
    }

    private var isEnding: Bool { view.choices.isEmpty && view.goTo == nil }

    private mutating func choose(_ number: Int) throws {
        guard view.choices.indices.contains(number - 1) else {
            say("There is no choice \(number) here. " + prompt)
            return
        }
        let choice = view.choices[number - 1]
        switch choice.action {
        case .back: return try back()
        case .restart: return try restart()
        case .reveal:
            guard let next = runtime.runner.take(choice, on: view) else { return }
            view = Self.following(next, runtime)
            if view.entry == steps.last?.entry {
                steps[steps.count - 1] = PlayStep(view)
            } else {
                steps.append(PlayStep(view))
            }
        case .go(let target, _):
            guard runtime.runner.passages(target) != nil, let next = runtime.runner.take(choice, on: view) else {
                say("That choice leads nowhere in this story. " + prompt)
                return
            }
            view = Self.following(next, runtime)
            steps.append(PlayStep(view))
        }
        try save()
        show()
    }

    private mutating func back() throws {
        guard steps.count > 1 else {
            say("This is the start: there is nothing to go back to. " + prompt)
            return
        }
        steps.removeLast()
        view = runtime.runner.run(state: steps.last!.entry, revealed: steps.last!.revealed)
        if playthrough.isFinished {
            // Going back from an ending starts a new reading, as for any story.
            playthrough = Playthrough.begin(profileId: profileId, storyId: content.story.id!, root: content.root!.id!, at: Date())
        }
        try save()
        show()
    }

    private mutating func restart() throws {
        steps = [steps[0]]
        view = runtime.runner.run(state: steps[0].entry, revealed: steps[0].revealed)
        if playthrough.isFinished {
            playthrough = Playthrough.begin(profileId: profileId, storyId: content.story.id!, root: content.root!.id!, at: Date())
        }
        try save()
        show()
    }

    /// The reading follows the pages: its path is their passages, and a page with no way on
    /// that is one of the story's endings finishes it.
    private mutating func save() throws {
        let ids = steps.compactMap { step in step.entry.history.last.flatMap { name in content.nodes.first { $0.name == name }?.id } }
        if !ids.isEmpty {
            playthrough.path = ids
            playthrough.currentNodeId = ids.last
            playthrough.updatedAt = Date()
        }
        if isEnding, let node, node.isEnding, !playthrough.isFinished {
            playthrough.finishedAt = Date()
            playthrough.endingNodeId = node.id
        }
        playthrough = try store.savePlaythrough(playthrough, steps: steps)
    }

    private func show() {
        var lines = [""]
        lines += TerminalText.wrap(TerminalText.safe(view.text), width: width)
        lines.append("")
        if isEnding {
            let found = (try? store.endingsFound(storyId: content.story.id!, profileId: profileId).count) ?? 0
            lines.append(node?.isWinningEnding == true ? "*** The End: a winning ending! ***" : "*** The End ***")
            lines.append("Endings found: \(found) of \(content.endingCount).")
        } else {
            for (index, choice) in view.choices.enumerated() {
                let label = "  \(index + 1). "
                let wrapped = TerminalText.wrap(TerminalText.safe(choice.text), width: width - label.count)
                lines.append(label + wrapped[0])
                lines += wrapped.dropFirst().map { String(repeating: " ", count: label.count) + $0 }
            }
        }
        lines.append("")
        lines.append("Step \(steps.count). " + prompt)
        say(lines.joined(separator: "\n"))
    }

    private var prompt: String {
        switch view.choices.count {
        case _ where isEnding, 0: "Type b to go back, r to restart, q to quit."
        case 1: "Type 1 to choose, b to go back, r to restart, q to quit."
        default: "Type 1 to \(view.choices.count) to choose, b to go back, r to restart, q to quit."
        }
    }

    private func say(_ text: String) {
        print(text)
        fflush(nil)
    }
}
