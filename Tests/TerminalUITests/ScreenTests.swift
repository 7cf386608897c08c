import TerminalUI
import Testing

@Suite struct ScreenTests {
    @Test func wideAndCombiningCharactersTakeTheRightColumns() {
        var screen = Screen(size: Size(width: 10, height: 2))
        let end = screen.put("a界e\u{301}b", x: 0, y: 0)
        #expect(end == 5)
        #expect(screen[1, 0].text == "界" && screen[2, 0].isContinuation)
        #expect(screen[3, 0].text == "e\u{301}")
        #expect(screen.lines()[0] == "a界e\u{301}b")
        // A wide character that would be cut shows as a space, never half.
        screen.put("abcd界", x: 5, y: 1, limit: 10)
        #expect(screen.lines()[1] == "     abcd")
    }

    @Test func emojiSequencesTakeTheCellsNcursesGivesThem() {
        var screen = Screen(size: Size(width: 20, height: 1))
        let end = screen.put("👩‍👩‍👧ok🇯🇵!❤️.", x: 0, y: 0)
        #expect(end == 13)
        #expect(screen[0, 0].text == "👩\u{200D}" && screen[1, 0].isContinuation && screen[4, 0].text == "👧")
        #expect(screen[6, 0].text == "o" && screen[8, 0].text == "🇯" && screen[9, 0].text == "🇵")
        #expect(screen[11, 0].text == "❤️" && screen[12, 0].text == ".")
    }

    @Test func controlCharactersNeverReachTheScreen() {
        var screen = Screen(size: Size(width: 20, height: 1))
        screen.put("a\u{1B}[2Jb\u{7}c\u{9B}d\u{202E}e\u{2067}f", x: 0, y: 0)
        #expect(screen.lines()[0] == "abcdef")
        #expect(screen[3, 0].text == "d", "an override is not kept with the letter before it")
    }

    @Test func onlyChangedCellsAreSent() {
        var first = Screen(size: Size(width: 20, height: 3))
        first.put("hello", x: 0, y: 0)
        #expect(first.changes(since: nil).reduce(0) { $0 + $1.cells.count } == 60)
        var second = first
        second.put("J", x: 0, y: 0)
        second.put("界", x: 10, y: 2)
        let changes = second.changes(since: first)
        #expect(changes.map(\.y) == [0, 2])
        #expect(changes.reduce(0) { $0 + $1.cells.count } == 3)
        #expect(second.changes(since: second).isEmpty)
    }

    @Test func drawingOutsideTheScreenIsClipped() {
        var screen = Screen(size: Size(width: 1, height: 1))
        screen.put("far away", x: 5, y: 5)
        screen.put("界", x: 0, y: 0)
        Widgets.dialog(title: "A long title", lines: ["text"], into: &screen, in: screen.bounds)
        Widgets.statusBar(left: "left", right: "right", into: &screen, in: screen.bounds)
        #expect(screen.lines().count == 1)
    }

    @Test func coloursMapDownToWhatTheTerminalShows() {
        #expect(ColorDepth.full.map(.indexed(208)) == .indexed(208))
        #expect(ColorDepth.basic.map(.indexed(196)) == .red)
        #expect(ColorDepth.basic.map(.indexed(12)) == .blue)
        #expect(ColorDepth.none.map(.indexed(2)) == .terminalDefault)
        // no-color.org: set to anything but the empty string.
        #expect(ColorDepth.allowed(by: ["TERM": "xterm-256color", "NO_COLOR": ""]))
        #expect(!ColorDepth.allowed(by: ["TERM": "xterm-256color", "NO_COLOR": "1"]))
        #expect(!ColorDepth.allowed(by: ["TERM": "dumb"]))
    }

    @Test func listsKeepTheSelectionInView() {
        var screen = Screen(size: Size(width: 10, height: 3))
        var state = ListState(selected: 7)
        Widgets.list(count: 10, state: &state, into: &screen, in: screen.bounds) { ("row \($0)", .plain) }
        #expect(state.offset == 5)
        #expect(screen.lines() == ["row 5", "row 6", "row 7"])
        #expect(screen[0, 2].style.reverse)
    }
}

@Suite struct ScrolledTests {
    /// Ten numbered rows in a four-row view, keeping `keep` in view.
    func view(keep: Range<Int>) -> [String] {
        var screen = Screen(size: Size(width: 6, height: 4))
        Widgets.scrolled(into: &screen, in: screen.bounds) { page, rect in
            for row in 0..<10 { page.put("row \(row)", x: rect.x, y: rect.y + row) }
            return Widgets.Drawn(rows: 10, keep: keep)
        }
        return screen.lines()
    }

    @Test("content taller than its view scrolls as little as shows the kept rows, with arrows where rows are hidden")
    func scrolls() {
        #expect(view(keep: 0..<1) == ["row 0", "row 1", "row 2", "row 3↓"])
        #expect(view(keep: 5..<7) == ["row 3↑", "row 4", "row 5", "row 6↓"])
        #expect(view(keep: 9..<10) == ["row 6↑", "row 7", "row 8", "row 9"])
        #expect(view(keep: 2..<9) == ["row 5↑", "row 6", "row 7", "row 8↓"], "too tall: its last rows")
    }
}
