import Foundation
@testable import StoryFormats
import TestSupport
import Testing

@Suite("Twine markup")
struct TwineMarkupTests {
    func read(_ text: String, passages: [String: String] = [:]) -> PassageReading {
        TwineMarkup(passageText: { passages[$0] }).read(text)
    }

    func links(_ text: String) -> [String] { read(text).links.map { "\($0.text) -> \($0.target)" } }

    @Test("byte searches: found anywhere, counted without overlap, case folded only for ASCII letters")
    func byteSearches() {
        #expect("a [[b]] c [[d]]".occurrences(of: "[[") == 2)
        #expect("aaaa".occurrences(of: "aa") == 2)
        #expect("Zoë's ✨ lantern".has("✨ lan") && !"Zoë".has("Zoe"))
        #expect("x".byteOffset(of: "x", from: 0) == 0 && "ab".byteOffset(of: "b", from: 2) == nil)
        #expect("[JavaScript]\nrun()".hasIgnoringCase("[javascript]") && !"[Java Script]".hasIgnoringCase("[javascript]"))
        #expect(read("[JavaScript]\nwindow.x = 1;\n[continue]\nHello").notFollowed.contains { $0.hasPrefix("script") })
    }

    @Test("a prose line read the short way reads as unmark reads it: every line of the corpus and of marked-up samples")
    func shortWayMatchesUnmark() throws {
        var lines = [
            "Pip's lantern glowed.", "  Two  spaces  ", "a/b and c//d", "''bold'' and ~~gone~~", "Zoë said hi ", "\u{A0}nbsp",
            "x * y", "snake_case", "#1 fan", "~ tilde ^ caret @ at", "-- a dash", "===", "end.  ",
        ]
        let twee = try FileManager.default.contentsOfDirectory(at: Corpus.url("twee"), includingPropertiesForKeys: nil)
        for file in twee { lines += try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init) }
        var short = 0
        for line in lines {
            guard let fast = TwineMarkup.plainProse(Array(line.utf8)) else { continue }
            short += 1
            #expect(fast == TwineMarkup.unmark(line), "\(line)")
        }
        #expect(short > lines.count / 3, "most prose goes the short way (\(short) of \(lines.count))")
    }

    @Test("the four link forms and setter links")
    func linkForms() {
        #expect(links("[[North]]") == ["North -> North"])
        #expect(links("[[Go north->North]]") == ["Go north -> North"])
        #expect(links("[[North<-Go north]]") == ["Go north -> North"])
        #expect(links("[[Go north|North]]") == ["Go north -> North"])
        #expect(links("[[ Hyperjump |Explore Space 2]]") == ["Hyperjump -> Explore Space 2"])
        #expect(links("[[Take it|Hall][$key to true]]") == ["Take it -> Hall"])
        #expect(links("[[Rest->Bed: the second]]") == ["Rest -> Bed: the second"])
        #expect(links("(if: $x)[[[Escape->Escape]] with it]") == ["Escape -> Escape"])
    }

    @Test("story-format macros with literal targets are followed; computed ones are reported")
    func macros() {
        #expect(links(#"(link-goto: "Run", "Field")"#) == ["Run -> Field"])
        #expect(links(#"(link-goto: "Field")"#) == ["Field -> Field"])
        #expect(links(#"(go-to: "Field")"#) == ["Field -> Field"])
        #expect(links(#"(link: "Open it")[(set: $a to 1)(go-to: "Box")]"#) == ["Open it -> Box"])
        #expect(links(#"<<link "Run" "Field">><</link>>"#) == ["Run -> Field"])
        #expect(links(#"<<button "Run" "Field">><</button>>"#) == ["Run -> Field"])
        #expect(links(#"<<link "Run">><<set $a to 1>><<goto "Field">><</link>>"#) == ["Run -> Field"])
        #expect(links("<<goto Launch>>") == ["Launch -> Launch"])
        #expect(links("<<goto [[Launch]]>>") == ["Launch -> Launch"])
        #expect(links("{link to: 'Field', label: 'Run'}") == ["Run -> Field"])
        #expect(links("{reveal link: 'Look', passage: 'Detail'}") == ["Look -> Detail"])
        let computed = read(#"(link-goto: "Back", (history:)'s last) [[Back|previous()]] <<goto $where>>"#)
        #expect(computed.links.isEmpty)
        #expect(computed.notFollowed.count == 3)
        #expect(read("[[Home->https://example.com]]").notFollowed == ["an external link to https://example.com"])
    }

    @Test("markup becomes readable text; links on their own lines become choices only")
    func readableText() {
        let raw = """
            /* a note */(set: $lamp to true)<<set $x to 1>>
            The ''old'' door is //very// *heavy*. <span class="x">Push</span> it?<br>Or not.
            You see a [[lantern->Lamp]] here.
            <!-- [[Hidden->Secret]] -->
            [[Leave->Outside]]
            [[Stay]] | [[Wait->Stay]]
            """
        let reading = read(raw)
        #expect(reading.text == "The old door is very heavy. Push it?\nOr not.\nYou see a lantern here.")
        #expect(reading.links.map(\.text) == ["lantern", "Leave", "Stay", "Wait"])
    }

    @Test("script is never text, and the report says it was left out")
    func script() {
        for raw in ["[JavaScript]\nwindow.x = 1;\n[continue]\nHello there.", "<% if (s.x) { %>Hello there.<% } %>",
                    "<script>alert(1)</script>Hello there.", "<<script>>var x = 1;<</script>>Hello there.",
                    "[note]\nFix this later.\n[continue]\n[CSS]\n.x { color: red }\n[cont]\nHello there."] {
            let reading = read(raw)
            #expect(reading.text == "Hello there.", "\(raw)")
        }
        #expect(read("<script>alert(1)</script>Hi").notFollowed == ["script is left out (Forktale runs no JavaScript)"])
    }

    @Test("layout marks and escapes are not text: aligners, columns, rules, backslashes")
    func layout() {
        #expect(read("=><=\nCentred\n<==\nLeft\n==>\nRight").text == "Centred\n\nLeft\n\nRight")
        #expect(read("|==\nColumn\n==|").text == "Column")
        #expect(read("A\n+++++\nB\n---\nC").text == "A\n\nB\n\nC")
        #expect(read("Wait\\. A star\\* here, *and emphasis*.").text == "Wait. A star* here, and emphasis.")
    }

    @Test("a variable the importer cannot work out is reported, not hidden")
    func variables() {
        #expect(read("Hello, $name.").notFollowed == ["shows $name as written: variables are not worked out yet"])
        #expect(read("It costs $5.").notFollowed.isEmpty)
    }

    @Test("Chapbook vars sections and modifiers go; embedded passages come in")
    func chapbook() {
        let raw = """
            room: 'Hall'
            hasCloak (visited): true
            --
            [align center]
            # Welcome
            {embed passage: 'Note'}
            [if hasCloak]
            The _cloak_ is **warm**.
            [else]
            Cold.
            """
        let reading = read(raw, passages: ["Note": "A note: [[read it->Letter]]"])
        #expect(reading.text == "Welcome\n\nA note: read it\n\nThe cloak is warm.\nCold.")
        #expect(reading.links.map(\.target) == ["Letter"])
    }

    @Test("Harlowe named hooks keep their text and lose their name markers, shown or hidden")
    func namedHooks() {
        #expect(read("There is a |door>[small door] here.").text == "There is a small door here.")
        #expect(read("There is a [small door]<door| here.").text == "There is a small door here.")
        #expect(read("A |note)[hidden note] and a [second one](aside| wait.").text == "A hidden note and a second one wait.")
        #expect(read("(if: $x)[Take the stone]<stone|\n|result)[]\nDone.").text == "Take the stone\n\nDone.")
        let linked = read("|exit>[[[Leave->Outside]]] now")
        #expect(linked.text == "Leave now")
        #expect(linked.links.map(\.target) == ["Outside"])
        #expect(read("Keep a < b and a|b> c, and (x|y) as written.").text == "Keep a < b and a|b> c, and (x|y) as written.")
    }

    @Test("escape sequences never survive")
    func escapes() {
        let reading = read("Red \u{1B}[31malert\u{1B}[0m [[Go\u{1B}]0;x\u{07}->Next]]")
        #expect(!reading.text.contains("\u{1B}"))
        #expect(reading.links.first?.text == "Go")
    }
}
