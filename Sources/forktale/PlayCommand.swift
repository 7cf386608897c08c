import ArgumentParser
import Foundation
import StoryCore
import StoryFormats
import StoryStore

struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Read a story.",
        discussion: """
            Plain mode writes the story as text and reads your choice from standard input: a number
            chooses, b goes back a step, r restarts, q quits. Progress is saved after every move, and
            the next 'play' resumes where you left off. End of input saves and exits.
            """)

    @OptionGroup var options: GlobalOptions
    @Argument(help: "The story's id, or the start of its uuid.") var story: String
    @Flag(help: "Plain text for screen readers, pipes and scripts: no escape codes, no cursor movement.")
    var plain = false

    func run() throws {
        let store = try options.openStore()
        let profile = try options.resolveProfile(in: store)
        let found = try StoryReference(story).resolve(in: store)
        guard let content = try store.storyContent(id: found.id!), content.root != nil else {
            throw CLIError.failure("\"\(TerminalText.safe(found.title))\" has no start passage, so it cannot be read.")
        }
        // Until the full-screen interface exists, every reading is plain.
        if let source = try store.storySource(storyId: found.id!), let runtime = try? TwineRuntime(twee: source.twee) {
            var player = try PlainStatePlayer(store: store, content: content, runtime: runtime, profileId: profile.id!,
                                              width: Console.columns ?? 80)
            return try player.run()
        }
        var player = PlainPlayer(store: store, content: content, profileId: profile.id!,
                                 width: Console.columns ?? 80)
        try player.run()
    }
}

/// The plain reader: text out, one line of input per move.
struct PlainPlayer {
    let store: AppDatabase
    let content: StoryContent
    let profileId: Int64
    let width: Int
    private var playthrough: Playthrough?

    init(store: AppDatabase, content: StoryContent, profileId: Int64, width: Int) {
        self.store = store
        self.content = content
        self.profileId = profileId
        self.width = max(20, width)
    }

    mutating func run() throws {
        guard let reading = try store.resumePlaythrough(of: content, profileId: profileId) else { return }
        let resumed = reading.path.count > 1
        playthrough = reading
        try countEnding()
        Console.say(content.story.title + (resumed ? " (resumed)" : ""))
        show()
        while let move = PlainMove.next(prompt: prompt) {
            switch move {
            case .back: try self.move { try $0.goingBack(at: Date()) }
            case .restart: try self.move { $0.restarted(at: Date()) }
            case .choose(let number): try choose(number)
            }
        }
    }

    private var current: StoryNode? { playthrough?.currentNodeId.flatMap(content.node) }

    private mutating func move(_ change: (Playthrough) throws -> Playthrough) throws {
        guard let playthrough else { return }
        self.playthrough = try store.savePlaythrough(try change(playthrough))
        try countEnding()
        show()
    }

    /// A page that is an ending, reached without a choice (a story that ends where it
    /// starts), is counted as found.
    private mutating func countEnding() throws {
        guard var reading = playthrough, let node = current, reading.finish(on: node, at: Date()) else { return }
        playthrough = try store.savePlaythrough(reading)
    }

    private mutating func choose(_ number: Int) throws {
        guard var reading = playthrough else { return }
        do {
            try reading.choose(number: number, in: content, at: Date())
        } catch {
            Console.say("\(error) " + prompt)
            return
        }
        playthrough = try store.savePlaythrough(reading)
        show()
    }

    private func show() {
        guard let node = current, let playthrough else { return }
        let text = node.status != .ready ? "This passage is still being written." : node.content
        let found = node.isEnding ? (try? store.endingsFound(storyId: content.story.id!, profileId: profileId).count) ?? 0 : 0
        Console.say(PlainPage(
            text: text, choices: content.choices(of: node.id!).map(\.text),
            ending: node.isEnding ? (winning: node.isWinningEnding, found: found, of: content.endingCount) : nil,
            step: playthrough.path.count, width: width).rendered)
    }

    private var prompt: String {
        guard let node = current else { return "" }
        return PlainPage.prompt(choices: node.isEnding ? 0 : content.choices(of: node.id!).count)
    }
}

/// A page as the plain reader writes it: its text, then its numbered choices or the end
/// and the endings found, then the step and what to type.
struct PlainPage {
    var text: String
    var choices: [String]
    var ending: (winning: Bool, found: Int, of: Int)?
    var step: Int
    var width: Int

    var rendered: String {
        var lines = [""]
        lines += TerminalText.wrap(TerminalText.safe(text), width: width)
        lines.append("")
        if let ending {
            lines.append(ending.winning ? "*** The End: a winning ending! ***" : "*** The End ***")
            lines.append("Endings found: \(ending.found) of \(ending.of).")
        } else {
            for (index, choice) in choices.enumerated() {
                let label = "  \(index + 1). "
                let wrapped = TerminalText.wrap(TerminalText.safe(choice), width: width - label.count)
                lines.append(label + wrapped[0])
                lines += wrapped.dropFirst().map { String(repeating: " ", count: label.count) + $0 }
            }
        }
        lines.append("")
        lines.append("Step \(step). " + Self.prompt(choices: ending == nil ? choices.count : 0))
        return lines.joined(separator: "\n")
    }

    static func prompt(choices count: Int) -> String {
        switch count {
        case 0: "Type b to go back, r to restart, q to quit."
        case 1: "Type 1 to choose, b to go back, r to restart, q to quit."
        default: "Type 1 to \(count) to choose, b to go back, r to restart, q to quit."
        }
    }
}

/// What the reader types in plain mode: a number, b(ack), r(estart); q(uit) or the end of
/// input ends the reading.
enum PlainMove {
    case choose(Int)
    case back
    case restart

    /// The next move typed; an empty or unknown line is answered with `prompt` and read past.
    static func next(prompt: String) -> PlainMove? {
        while let line = readLine() {
            let input = line.trimmingCharacters(in: .whitespaces).lowercased()
            switch input {
            case "": Console.say(prompt)
            case "q", "quit": return nil
            case "b", "back": return .back
            case "r", "restart": return .restart
            default:
                if let number = Int(input) { return .choose(number) }
                Console.say("\"\(line)\" is not a choice here. " + prompt)
            }
        }
        return nil
    }
}
