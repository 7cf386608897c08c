import Foundation
import StoryCore
import Testing

@Suite("Terminal text")
struct TerminalTextTests {
    @Test("escape sequences and control characters are removed; newline and tab stay")
    func safe() {
        #expect(TerminalText.safe("a\u{1B}[31mred\u{1B}[0m b") == "ared b")
        #expect(TerminalText.safe("title\u{1B}]0;pwned\u{07}!") == "title!")
        #expect(TerminalText.safe("osc\u{1B}]8;;http://x\u{1B}\\link") == "osclink")
        #expect(TerminalText.safe("bell\u{07} back\u{08} c1\u{9B}2J") == "bell back c12J")
        #expect(TerminalText.safe("line\none\ttab\r") == "line\none\ttab")
        #expect(TerminalText.safe("ends with ESC\u{1B}") == "ends with ESC")
        #expect(TerminalText.safe("Zoë 🦊 狐") == "Zoë 🦊 狐")
    }

    @Test("bidirectional overrides and isolates are removed, separators become newlines, quotes stay")
    func bidirectional() {
        #expect(TerminalText.safe("evil\u{202E}txt.exe") == "eviltxt.exe")
        #expect(TerminalText.safe("a\u{2066}b\u{2069}c\u{202A}d") == "abcd")
        #expect(TerminalText.safe("one\u{2028}two\u{2029}three") == "one\ntwo\nthree")
        #expect(TerminalText.safe("“It’s — fine…” ‘yes’") == "“It’s — fine…” ‘yes’", "typographic marks share the first bytes")
        #expect(TerminalText.safe("c\u{0080}1\u{009F}") == "c1")
        #expect(TerminalText.safe("Ä ¡ ©") == "Ä ¡ ©", "Latin-1 letters share 0xC2/0xC3 leads")
    }

    @Test("JSON keeps what safe removes as \\u escapes, so it decodes to the same value")
    func json() throws {
        let value = ["name": "Zoë\u{1B}c\u{9B}2J\u{202E}\u{7F}\u{2028}", "plain": "“quote” 🦊"]
        let encoded = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        let escaped = TerminalText.jsonSafe(encoded)
        #expect(!escaped.unicodeScalars.contains { TerminalText.isUnsafe($0) })
        #expect(escaped.contains("\\u009b") && escaped.contains("\\u202e") && escaped.contains("\\u007f"))
        #expect(try JSONDecoder().decode([String: String].self, from: Data(escaped.utf8)) == value)
        #expect(TerminalText.jsonSafe("{\"a\": \"b\"}") == "{\"a\": \"b\"}")
    }

    @Test("wide characters take two columns, combining marks none")
    func width() {
        #expect(TerminalText.width("fox") == 3)
        #expect(TerminalText.width("狐狸") == 4)
        #expect(TerminalText.width("e\u{301}") == 1)
        #expect(TerminalText.width("🦊") == 2)
        #expect(TerminalText.width("한국") == 4)
        // As ncurses counts (glibc's wcwidth, code point by code point): a heart with VS16
        // is one column, a flag two, a family joined with ZWJ three faces.
        #expect(TerminalText.width("❤️") == 1)
        #expect(TerminalText.width("🇯🇵") == 2)
        #expect(TerminalText.width("👩‍👩‍👧") == 6)
    }

    @Test("truncation respects columns and never splits a wide character")
    func truncate() {
        #expect(TerminalText.truncate("lantern", toWidth: 10) == "lantern")
        #expect(TerminalText.truncate("lantern fox", toWidth: 6) == "lante…")
        #expect(TerminalText.truncate("狐狸狐狸", toWidth: 4) == "狐…")
        #expect(TerminalText.width(TerminalText.truncate("狐狸狐狸", toWidth: 4)) <= 4)
        #expect(TerminalText.pad("狐", toWidth: 4) == "狐  ")
        // A text field's end: the last characters that fit, by columns, not by count.
        #expect(TerminalText.tail("lantern fox", toWidth: 6) == "…n fox")
        #expect(TerminalText.tail("狐狸狐狸 ok", toWidth: 6) == "…狸 ok")
        #expect(TerminalText.tail("fox", toWidth: 3) == "fox")
    }
}

@Suite("Wrapping")
struct WrapTests {
    @Test("words wrap at the width; paragraphs and blank lines stay")
    func wrap() {
        let text = "Pip held the lantern high.  The wood was quiet.\n\nThen an owl spoke."
        #expect(TerminalText.wrap(text, width: 20) == [
            "Pip held the lantern", "high. The wood was", "quiet.", "", "Then an owl spoke.",
        ])
        for width in 1...30 {
            for line in TerminalText.wrap(text, width: width) { #expect(TerminalText.width(line) <= width) }
        }
    }

    @Test("wide characters count two columns; a word wider than the line is cut")
    func wideAndLong() {
        #expect(TerminalText.wrap("狐狸 狐狸", width: 4) == ["狐狸", "狐狸"])
        #expect(TerminalText.wrap("狐狸狐", width: 3) == ["狐", "狸", "狐"])
        #expect(TerminalText.wrap("abcdefgh", width: 3) == ["abc", "def", "gh"])
        #expect(TerminalText.wrap("", width: 10) == [""])
    }
}
