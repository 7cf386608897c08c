import Foundation
import StoryCore
@testable import StoryFormats
import TestSupport
import Testing

/// Twine stories played with their state, as their authors wrote them.
@Suite("Playing Twine stories with their state")
struct TwineRuntimeTests {
    /// A reader at one page: choose by the words of a choice.
    struct Reader {
        let runtime: TwineRuntime
        var view: PassageView

        init(_ runtime: TwineRuntime, seed: UInt64 = 1) {
            self.runtime = runtime
            view = runtime.runner.begin(at: runtime.start, seed: seed)
        }

        var labels: [String] { view.choices.map(\.text) }

        mutating func choose(_ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
            guard let choice = view.choices.first(where: { $0.text == words }) else {
                Issue.record("no choice \"\(words)\" on \(view.state.history.last ?? "?"): \(labels)\n\(view.text)", sourceLocation: sourceLocation)
                return
            }
            view = runtime.runner.take(choice, on: view)!
            while let next = view.goTo { view = runtime.runner.enter(next, from: view.state) }
        }
    }

    func cellarCrawl() throws -> TwineRuntime {
        try TwineRuntime.harlowe(twee: String(contentsOf: try Corpus.url("twee/brisberg__twine-games__cellar-crawl_combined.twee"), encoding: .utf8))
    }

    @Test("Cellar Crawl: the cellar door needs the key, and there is no escape without the Heartstone")
    func cellarCrawlStart() throws {
        let reader = Reader(try cellarCrawl())
        #expect(reader.view.text.contains("There is a door with a small, iron lock."))
        #expect(!reader.view.text.contains("unlocked"), "only one of the door's two states is shown")
        #expect(reader.labels.contains("door") && !reader.labels.contains("Escape"), "\(reader.labels)")
        #expect(reader.view.text.contains("You are carrying lantern, rusty key"), "the footer prints the inventory")
    }

    @Test("Cellar Crawl played from the start to the win, with the key found first")
    func cellarCrawlWin() throws {
        var reader = Reader(try cellarCrawl())
        reader.choose("door")
        #expect(reader.view.text.contains("You unlock the door with the Rusty Key."), "\(reader.view.text)")
        reader.choose("door")  // the link the unlocking revealed
        #expect(reader.view.state.history.last == "Storeroom")
        reader.choose("There is a hammer resting on the table.")
        #expect(reader.view.text.contains("You take the hammer."))
        reader.choose("bricks")
        reader.choose("dark passage")
        reader.choose("lantern")
        #expect(reader.view.state.history.last == "Tunnel1")
        reader.choose("Follow it.")
        reader.choose("Continue.")
        reader.choose("Open the door.")
        reader.choose("Take the Heartstone")
        #expect(reader.view.text.contains("The gem feels heavy"))
        reader.choose("Flee")
        reader.choose("Escape")
        reader.choose("Escape")
        reader.choose("Escape")
        reader.choose("door")
        #expect(reader.view.state.history.last == "Entrance")
        #expect(reader.labels.contains("Escape"), "\(reader.labels)")
        reader.choose("Escape")
        #expect(reader.view.text.contains("You Win!"))
    }
}
