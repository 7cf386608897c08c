import StoryCore

// Widgets draw into a `Screen` inside the rectangle they are given. State that outlives a
// frame (selection, scroll) lives beside them in the app's state, as `ListState`.

/// Where a list is: the selected row and the first row shown.
public struct ListState: Hashable, Sendable {
    public var selected: Int
    public var offset: Int

    public init(selected: Int = 0, offset: Int = 0) {
        self.selected = selected
        self.offset = offset
    }

    /// Moves the selection by `delta` rows within `count` rows.
    public mutating func move(_ delta: Int, count: Int) {
        selected = count == 0 ? 0 : min(max(0, selected + delta), count - 1)
    }

    /// The offset that keeps the selection in view in `height` rows.
    public mutating func scrollToSelection(height: Int) {
        guard height > 0 else { return }
        if selected < offset { offset = selected }
        if selected >= offset + height { offset = selected - height + 1 }
        offset = max(0, offset)
    }
}

public enum Widgets {
    /// What a `scrolled` drawing used: its rows, and the rows to keep in view (the
    /// focused field; its last ones when it is taller than the view), from its top.
    public struct Drawn {
        public var rows: Int
        public var keep: Range<Int>
        public init(rows: Int, keep: Range<Int>) {
            self.rows = rows
            self.keep = keep
        }
    }

    /// Content that may be taller than `rect`: `draw` draws it from the top of a rect as
    /// wide as `rect` and `limit` rows tall, and it is shown scrolled as little as keeps
    /// the rows it names in view, with ↑ or ↓ in the last column where rows are hidden.
    public static func scrolled(into screen: inout Screen, in rect: Rect, limit: Int = 200, draw: (inout Screen, Rect) -> Drawn) {
        guard !rect.isEmpty else { return }
        var page = Screen(size: Size(width: rect.maxX, height: max(limit, rect.height)))
        let drawn = draw(&page, Rect(x: rect.x, y: 0, width: rect.width, height: page.size.height))
        let rows = min(drawn.rows, page.size.height)
        let offset = max(0, min(drawn.keep.upperBound - rect.height, rows - rect.height))
        for row in 0..<min(rect.height, max(0, rows - offset)) {
            for x in rect.x..<rect.maxX { screen[x, rect.y + row] = page[x, offset + row] }
        }
        if offset > 0 { screen.put("↑", x: rect.maxX - 1, y: rect.y, style: .dim) }
        if offset + rect.height < rows { screen.put("↓", x: rect.maxX - 1, y: rect.maxY - 1, style: .dim) }
    }

    /// Lines of text from the top of `rect`, starting at line `offset`; cut at the right edge.
    public static func text(_ lines: [String], offset: Int = 0, style: Style = .plain, into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        for row in 0..<rect.height {
            let index = offset + row
            guard index >= 0, index < lines.count else { break }
            screen.put(lines[index], x: rect.x, y: rect.y + row, style: style, limit: rect.maxX)
        }
    }

    /// A list with the selected row highlighted across the whole width. `row` gives each
    /// row's text and style. Scrolls so that the selection shows.
    public static func list(
        count: Int, state: inout ListState, into screen: inout Screen, in rect: Rect,
        row: (Int) -> (text: String, style: Style)
    ) {
        guard !rect.isEmpty else { return }
        state.scrollToSelection(height: rect.height)
        for line in 0..<rect.height {
            let index = state.offset + line
            guard index < count else { break }
            var (text, style) = row(index)
            if index == state.selected {
                style.reverse = true
                screen.fill(Rect(x: rect.x, y: rect.y + line, width: rect.width, height: 1), with: Cell(" ", style: style))
            }
            screen.put(TerminalText.truncate(text, toWidth: rect.width), x: rect.x, y: rect.y + line, style: style, limit: rect.maxX)
        }
    }

    /// One row, reversed, with text on the left and on the right (the right side wins when
    /// both do not fit).
    public static func statusBar(left: String, right: String = "", into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty else { return }
        let row = Rect(x: rect.x, y: rect.y, width: rect.width, height: 1)
        screen.fill(row, with: Cell(" ", style: .reverse))
        let rightWidth = min(TerminalText.width(right), rect.width)
        if rightWidth > 0 {
            screen.put(TerminalText.truncate(right, toWidth: rect.width), x: rect.maxX - rightWidth, y: rect.y, style: .reverse, limit: rect.maxX)
        }
        let room = rect.width - rightWidth - (rightWidth > 0 ? 1 : 0)
        if room > 0 {
            screen.put(TerminalText.truncate(left, toWidth: room), x: rect.x, y: rect.y, style: .reverse, limit: rect.x + room)
        }
    }

    /// `[#####.....]`-style bar for a fraction from 0 to 1, in block characters.
    public static func progressBar(_ fraction: Double, width: Int) -> String {
        guard width > 0 else { return "" }
        let filled = Int((min(max(fraction, 0), 1) * Double(width)).rounded(.down))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    /// A box with a title and lines of text, centred in `rect`; for confirmations and reports.
    public static func dialog(title: String, lines: [String], into screen: inout Screen, in rect: Rect) {
        let innerWidth = min(max(lines.map(TerminalText.width).max() ?? 0, TerminalText.width(title) + 2, 20), rect.width - 4)
        guard innerWidth > 0 else { return }
        let wrapped = lines.flatMap { TerminalText.wrap($0, width: innerWidth) }
        let box = rect.centred(width: innerWidth + 4, height: min(rect.height, wrapped.count + 2))
        guard box.width >= 4, box.height >= 2 else { return }
        screen.fill(box)
        border(title: title, into: &screen, in: box)
        text(wrapped, into: &screen, in: box.inset(dx: 2, dy: 1))
    }

    /// A single-line border around `rect` with a title in the top edge.
    public static func border(title: String = "", style: Style = .plain, into screen: inout Screen, in rect: Rect) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let horizontal = String(repeating: "─", count: rect.width - 2)
        screen.put("┌" + horizontal + "┐", x: rect.x, y: rect.y, style: style, limit: rect.maxX)
        screen.put("└" + horizontal + "┘", x: rect.x, y: rect.maxY - 1, style: style, limit: rect.maxX)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            screen.put("│", x: rect.x, y: y, style: style)
            screen.put("│", x: rect.maxX - 1, y: y, style: style)
        }
        if !title.isEmpty, rect.width > 6 {
            screen.put(" " + TerminalText.truncate(title, toWidth: rect.width - 6) + " ", x: rect.x + 2, y: rect.y, style: Style(bold: true), limit: rect.maxX - 2)
        }
    }

    /// A table: a bold header row and rows of cells, columns as wide as their widest cell
    /// (the `flexible` column takes what is left, or gives way first).
    public static func tableColumns(header: [String], rows: [[String]], width: Int, flexible: Int) -> [Int] {
        var widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(TerminalText.width).max() ?? 0
        }
        let gaps = 2 * (header.count - 1)
        let others = widths.enumerated().filter { $0.offset != flexible }.reduce(0) { $0 + $1.element }
        widths[flexible] = max(4, min(widths[flexible], width - gaps - others))
        return widths
    }

    /// One table row laid out in columns of `widths`, cells cut to fit.
    public static func tableRow(_ cells: [String], widths: [Int]) -> String {
        zip(cells, widths).map { TerminalText.pad(TerminalText.truncate($0, toWidth: $1), toWidth: $1) }
            .joined(separator: "  ")
    }
}
