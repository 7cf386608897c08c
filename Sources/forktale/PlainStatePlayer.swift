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
    let profileId: Int64
    let width: Int
    private var playthrough: Playthrough
    private var reading: StatefulReading

    init(store: AppDatabase, content: StoryContent, runtime: TwineRuntime, profileId: Int64, width: Int) throws {
        self.store = store
        self.content = content
        self.profileId = profileId
        self.width = max(20, width)
        guard let resumed = try store.resumePlaythrough(of: content, profileId: profileId) else {
            throw CLIError.failure("\"\(TerminalText.safe(content.story.title))\" has no start passage, so it cannot be read.")
        }
        playthrough = resumed
        let steps = try resumed.id.map { try store.playSteps(playthroughId: $0) } ?? []
        reading = StatefulReading(runtime: runtime, steps: steps, seed: UInt64.random(in: 1...UInt64.max))
    }

    mutating func run() throws {
        let resumed = reading.steps.count > 1 || !(reading.steps.last?.revealed.isEmpty ?? true)
        try save()
        Console.say(content.story.title + (resumed ? " (resumed)" : ""))
        show()
        while let move = PlainMove.next(prompt: prompt) {
            switch move {
            case .back: try answer(reading.back())
            case .restart:
                reading.restart()
                try answer(.moved)
            case .choose(let number): try answer(reading.choose(number - 1), number: number)
            }
        }
    }

    private mutating func answer(_ outcome: StatefulReading.Outcome, number: Int = 0) throws {
        if let refusal = outcome.refusal(number: number) { return Console.say("\(refusal) " + prompt) }
        try save()
        show()
    }

    private var node: StoryNode? { playthrough.currentNodeId.flatMap(content.node) }

    private mutating func save() throws {
        reading.update(&playthrough, content: content, at: Date())
        playthrough = try store.savePlaythrough(playthrough, steps: reading.steps)
    }

    private func show() {
        let found = reading.isEnding ? (try? store.endingsFound(storyId: content.story.id!, profileId: profileId).count) ?? 0 : 0
        Console.say(PlainPage(
            text: reading.view.text, choices: reading.view.choices.map(\.text),
            ending: reading.isEnding ? (winning: node?.isWinningEnding == true, found: found, of: content.endingCount) : nil,
            step: reading.steps.count, width: width).rendered)
    }

    private var prompt: String { PlainPage.prompt(choices: reading.isEnding ? 0 : reading.view.choices.count) }
}
