import StoryCore
@testable import StoryFormats
import Testing

/// Each macro the runtime runs, on a small story of its own: what the reader sees, and
/// what the reader can choose.
@Suite("The story-state runtime, macro by macro")
struct RuntimeMacroTests {
    func start(_ twee: String, seed: UInt64 = 1) throws -> (TwineRuntime, PassageView) {
        let runtime = try TwineRuntime(twee: twee)
        return (runtime, runtime.runner.begin(at: runtime.start, seed: seed))
    }

    func harlowe(_ page: String, more: String = "") -> String {
        ":: StoryData\n{\"format\": \"Harlowe\", \"start\": \"Page\"}\n\n:: Page\n\(page)\n\n:: A\nA.\n\n:: B\nB.\n\(more)"
    }

    func take(_ words: String, _ runtime: TwineRuntime, _ view: PassageView) throws -> PassageView {
        let choice = try #require(view.choices.first { $0.text == words }, "no \(words) in \(view.choices.map(\.text))")
        return try #require(runtime.runner.take(choice, on: view))
    }

    @Test("Harlowe: of an if/else-if/else chain only one hook shows, and a choice list never holds links a condition excludes")
    func chains() throws {
        let (_, view) = try start(harlowe("(set: $n to 2)(if: $n is 1)[[[Continue->A]]](else-if: $n is 2)[[[Continue->B]]](else:)[[[Continue->A]]]"))
        #expect(view.choices.map(\.text) == ["Continue"])
        #expect(view.choices.first?.action == .go("B", setters: []))
        let (_, unless) = try start(harlowe("(set: $lamp to false)(unless: $lamp)[It is dark.](else:)[It is light.]"))
        #expect(unless.text == "It is dark.")
    }

    @Test("Harlowe: variables print in text and in (print:); temporary ones last one passage")
    func printing() throws {
        let (runtime, view) = try start(harlowe("(set: $name to \"Ada\", _t to 3)Hi $name, (print: _t * 2). [[On->A]]",
                                                more: "\n:: A2\n(print: _t)"))
        #expect(view.text == "Hi Ada, 6. On")
        let next = runtime.runner.enter("A2", from: view.state)
        #expect(next.text.isEmpty, "a temporary variable is gone on the next passage")
    }

    @Test("Harlowe: link-reveal keeps its words, link replaces them, link-repeat runs each time, click-replace changes a hook")
    func reveals() throws {
        let (runtime, view) = try start(harlowe("""
            (set: $n to 0)(link-reveal: "Open")[ the box.] (link: "Knock")[Nobody.] (link-repeat: "Ring")[(set: $n to it + 1)(replace: ?count)[$n]]
            |count>[none]
            The [cat]<cat| sleeps. (click-replace: ?cat)[dog]
            """))
        #expect(view.choices.map(\.text) == ["Open", "Knock", "Ring", "cat"])
        var page = try take("Open", runtime, view)
        #expect(page.text.hasPrefix("Open the box. Knock Ring"), "\(page.text)")
        page = try take("Knock", runtime, page)
        #expect(page.text.hasPrefix("Open the box. Nobody. Ring"))
        page = try take("Ring", runtime, page)
        page = try take("Ring", runtime, page)
        #expect(page.text.contains("\n2\n"), "\(page.text)")
        page = try take("cat", runtime, page)
        #expect(page.text.hasSuffix("The dog sleeps."), "\(page.text)")
        #expect(page.choices.map(\.text) == ["Ring"], "a repeat stays; the others are taken")
        #expect(page.revealed.count == 5 && page.entry == view.entry, "a page is its entry state and the reveals taken")
    }

    @Test("Harlowe: a link whose hook goes to a passage goes there; layout and emphasis marks are not text")
    func linkGoTo() throws {
        let (runtime, view) = try start(harlowe("=><=\n''Bold'' and //italic// (link: \"Run\")[(go-to: \"B\")]"))
        #expect(view.text == "Bold and italic Run", "\(view.text)")
        let next = try take("Run", runtime, view)
        #expect(next.goTo == "B", "the reveal's go-to sends the reader on")
    }

    @Test("passages no link reaches are named in the report's line, with script as the likely way to them")
    func unreached() throws {
        let twee = harlowe("<script>show('Secret')</script>Hello. [[On->A]]", more: "\n:: Secret\nHidden.")
        let runtime = try TwineRuntime(twee: twee)
        #expect(runtime.unreached == ["B", "Secret"])
        #expect(runtime.fidelity.contains("no link reaches \"B\", \"Secret\" (only script would show them)"), "\(runtime.fidelity)")
        let computed = try TwineRuntime(twee: harlowe("(display: $where)[[On->A]]"))
        #expect(computed.unreached.isEmpty, "a computed target may reach any passage")
    }

    @Test("Harlowe: chance is drawn from the playthrough's seed, the same on every run of the same visit")
    func chance() throws {
        let story = harlowe("(set: $coin to (either: \"heads\", \"tails\"))$coin")
        let draws = try (UInt64(1)...40).map { try start(story, seed: $0).1.text }
        #expect(Set(draws) == ["heads", "tails"])
        #expect(try start(story, seed: 7).1.text == (try start(story, seed: 7).1.text))
    }

    @Test("Harlowe: visits and history")
    func visits() throws {
        let (runtime, view) = try start(harlowe("(if: (history:) contains \"Hall\")[Again.](else:)[First.] [[Go->Hall]]",
                                                more: "\n:: Hall\n(link-goto: \"Back\", (history:)'s last)"))
        #expect(view.text.hasPrefix("First."))
        let a = runtime.runner.enter("Hall", from: view.state)
        #expect(a.choices.first?.action == .go("Page", setters: []), "a computed target: the passage before")
        let again = runtime.runner.enter("Page", from: a.state)
        #expect(again.text.hasPrefix("Again."))
    }

    @Test("Chapbook: [unless], conditional vars, {reveal link}, {restart link}")
    func chapbook() throws {
        let twee = """
            :: Start
            key: false
            door (key): 'open'
            --
            [unless key]
            No key.
            [continue]
            {reveal link: 'Look', text: 'A key!'} {restart link}
            """
        let (runtime, view) = try start(twee)
        #expect(runtime.format == .chapbook)
        #expect(view.text == "No key.", "a line of links only is not repeated as text: \(view.text)")
        #expect(view.choices.map(\.action) == [.reveal(0), .restart])
        let revealed = try take("Look", runtime, view)
        #expect(revealed.text == "No key.\nA key! Restart")
    }

    @Test("SugarCube: unset, unless, linkappend, print, include of a computed passage")
    func sugarCube() throws {
        let twee = """
            :: StoryData
            {"format": "SugarCube", "start": "Page"}

            :: Page
            <<set $where to "Room", $lit to true>><<unset $lit>><<unless $lit>>Dark.<</unless>> <<print "x" + 1>> <<include $where>>
            <<linkappend "Listen">> A drip.<</linkappend>>

            :: Room
            A room.
            """
        let (runtime, view) = try start(twee)
        #expect(view.text == "Dark. x1 A room.", "\(view.text)")
        let heard = try take("Listen", runtime, view)
        #expect(heard.text.hasSuffix("Listen A drip."), "\(heard.text)")
    }
}
