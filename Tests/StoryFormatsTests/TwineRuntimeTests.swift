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
        /// The pages before this one, for back.
        var before: [PassageView] = []

        init(_ runtime: TwineRuntime, seed: UInt64 = 1) {
            self.runtime = runtime
            view = runtime.runner.begin(at: runtime.start, seed: seed)
            while let next = view.goTo { view = runtime.runner.enter(next, from: view.state) }
        }

        var labels: [String] { view.choices.map(\.text) }
        var at: String? { view.state.history.last }

        mutating func choose(_ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
            guard let choice = view.choices.first(where: { $0.text == words }) else {
                Issue.record("no choice \"\(words)\" on \(at ?? "?"): \(labels)\n\(view.text)", sourceLocation: sourceLocation)
                return
            }
            if choice.action == .back {
                view = before.popLast() ?? view
                return
            }
            if case .go = choice.action { before.append(view) }
            view = runtime.runner.take(choice, on: view)!
            while let next = view.goTo { view = runtime.runner.enter(next, from: view.state) }
        }
    }

    func cellarCrawl() throws -> TwineRuntime {
        try TwineRuntime(twee: String(contentsOf: try Corpus.url("twee/brisberg__twine-games__cellar-crawl_combined.twee"), encoding: .utf8))
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

    func cloak() throws -> TwineRuntime {
        try TwineRuntime(twee: String(contentsOf: try Corpus.url("twee/klembot__chapbook__cloak-of-darkness.twee"), encoding: .utf8))
    }

    @Test("Cloak of Darkness: the bar is dark while the cloak is worn, and the message is read only after hanging it")
    func cloakOfDarkness() throws {
        var reader = Reader(try cloak())
        #expect(reader.runtime.format == .chapbook)
        #expect(reader.view.text.contains("Cloak of Darkness") && !reader.view.text.contains("{embed"))
        reader.choose("Begin")
        reader.choose("Opera House")
        #expect(reader.view.text.hasPrefix("Shaking the rain from your cloak"), "came in from outside")
        reader.choose("cloak")
        #expect(reader.view.text.hasPrefix("A handsome cloak"))
        reader.choose("Back")
        #expect(reader.at == "Foyer" && reader.view.text.hasPrefix("Shaking the rain"), "back is the page as it was")
        reader.choose("south")
        #expect(reader.at == "Bar" && reader.view.text.contains("You can't see a thing!"))
        #expect(!reader.labels.contains("message"), "the message cannot be read in the dark")
        reader.choose("north")
        #expect(!reader.view.text.contains("Shaking the rain"), "not from outside this time")
        reader.choose("west")
        reader.choose("only one remains")
        reader.choose("hang")
        #expect(reader.view.text.contains("It holds your cloak."), "\(reader.view.text)")
        reader.choose("east")
        reader.choose("south")
        #expect(reader.view.text.contains("message"), "\(reader.view.text)")
        reader.choose("message")
        #expect(reader.view.text.contains("You have won"))
    }

    @Test("SugarCube: set, if/elseif/else, naked variables, setter links, linkreplace, include, back")
    func sugarCube() throws {
        let twee = """
            :: StoryData
            {"format": "SugarCube", "format-version": "2.36.1", "start": "Gate"}

            :: StoryInit
            <<set $gold to 2, $name to "Wren">>

            :: Gate
            /* a note */Hello, $name. You have $gold gold.
            <<if $gold gte 5>>The guard bows.<<elseif $gold > 1>>The guard shrugs.<<else>>The guard laughs.<</if>>
            <<linkreplace "Look around">>A coin glints in the mud.<<set $gold += 3>><</linkreplace>>
            [[Pick it up|Gate][$gold to $gold + 3]]
            <<if $gold >= 5>>[[Pay the guard->Town]]<</if>>

            :: Town
            <<include "Sign">> <<back>>

            :: Sign
            Welcome to town.
            """
        var reader = Reader(try TwineRuntime(twee: twee))
        #expect(reader.runtime.format == .sugarCube)
        // A line of links only is not repeated as text: its links are the choices.
        #expect(reader.view.text == "Hello, Wren. You have 2 gold.\nThe guard shrugs.", "\(reader.view.text)")
        #expect(reader.labels == ["Look around", "Pick it up"])
        reader.choose("Look around")
        #expect(reader.view.text.contains("A coin glints in the mud.") && !reader.view.text.contains("Look around"))
        #expect(reader.labels == ["Pick it up"], "the set inside the reveal ran after the condition was read")
        reader.choose("Pick it up")
        #expect(reader.view.text.contains("You have 8 gold.") && reader.view.text.contains("The guard bows."), "2, 3 found, 3 more")
        reader.choose("Pay the guard")
        #expect(reader.view.text.hasPrefix("Welcome to town.") && reader.labels == ["Back"])
        reader.choose("Back")
        #expect(reader.at == "Gate")
    }

    @Test("SugarCube: Journey's numbers come from JavaScript, and the runtime says so")
    func journey() throws {
        let runtime = try TwineRuntime(twee: String(contentsOf: try Corpus.url("twee/brisberg__twine-games__journey_combined.tw"), encoding: .utf8))
        #expect(runtime.notRun.keys.contains("JavaScript (setup)") && runtime.notRun.keys.contains("JavaScript (randomEvent())"),
                "\(runtime.notRun)")
        let reader = Reader(runtime)
        #expect(reader.at == "Launch", "the start's <<goto>> is followed")
        #expect(reader.labels.contains("Embark"))
    }

    /// Every passage of every corpus story whose format runs here, entered from the start's
    /// state: no markup, variable or script reaches the reader.
    @Test("across the corpus, no passage as read shows markup, a variable or script")
    func corpusIsReadable() throws {
        let markers = ["<<", ">>", "(set:", "(if:", "[[", "]]", "<%", "{embed", "{back", "<script", "pushEvent"]
        var passages = 0
        var leaks: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: try Corpus.url("twee").path).sorted() {
            let twee = try String(contentsOf: try Corpus.url("twee/\(file)"), encoding: .utf8)
            guard let runtime = try? TwineRuntime(twee: twee) else { continue }
            let start = runtime.runner.begin(at: runtime.start, seed: 1)
            for name in try TweeReader.read(twee).passages.map(\.name) where runtime.runner.passages(name) != nil {
                passages += 1
                let view = runtime.runner.enter(name, from: start.entry)
                for marker in markers where view.text.contains(marker) { leaks.append("\(file) \(name): \(marker)") }
                if let variable = view.text.firstMatch(of: /(?:^|\s)[$_][A-Za-z]\w*/) { leaks.append("\(file) \(name): \(variable.output)") }
            }
        }
        print("corpus passages read with their state: \(passages), showing markup or variables: \(leaks.count)")
        #expect(passages > 40)
        #expect(leaks.isEmpty, "\(leaks.joined(separator: "\n"))")
    }
}
