import StoryCore

/// One terminal cell: a character (a whole grapheme cluster) and its style. The right
/// half of a wide character is a cell with empty text.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: Style

    public init(_ text: String = " ", style: Style = .plain) {
        self.text = text
        self.style = style
    }

    public static let blank = Cell()
    /// True for the second column of a wide character.
    public var isContinuation: Bool { text.isEmpty }
}

/// A grid of cells that screens and widgets draw into. Nothing here touches a terminal:
/// the backend sends a screen's changes (`changes(since:)`) to it, and tests read a
/// screen back as lines of text.
public struct Screen: Hashable, Sendable {
    public private(set) var size: Size
    private var cells: [Cell]

    public init(size: Size) {
        self.size = size
        cells = Array(repeating: .blank, count: size.width * size.height)
    }

    public var bounds: Rect { Rect(size) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// Fills a rectangle (clipped to the screen) with one cell.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { self[x, y] = cell }
        }
    }

    /// Writes `text` on row `y` from column `x`, never past `limit` (default: the right
    /// edge) nor outside the screen. Wide characters take two cells (a wide character that
    /// would be cut shows as a space), combining marks join the character before them,
    /// and what `TerminalText.safe` removes (controls, bidirectional overrides) is dropped. A character of several wide or narrow code
    /// points (an emoji sequence joined with ZWJ, a flag) takes a cell for each, as
    /// ncurses writes it. Returns the column after the text.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < size.height else { return x }
        let end = min(size.width, limit ?? size.width)
        var column = x
        /// Puts one cell's character; false once the text reaches the end.
        func place(_ character: Character) -> Bool {
            guard let first = character.unicodeScalars.first,
                  first.value >= 0x20, !(0x7F...0x9F).contains(first.value)
            else { return true }
            let width = TerminalText.width(of: character)
            if width == 0 {
                // A combining mark (or a zero-width character) belongs to the cell before it.
                if column > x, column - 1 < end, column - 1 >= 0 {
                    var previous = column - 1
                    if self[previous, y].isContinuation, previous > 0 { previous -= 1 }
                    self[previous, y].text.append(character)
                }
                return true
            }
            if column + width > end {
                if column < end, column >= 0 { self[column, y] = Cell(" ", style: style) }
                column = end
                return false
            }
            if column >= 0 {
                self[column, y] = Cell(String(character), style: style)
                if width == 2 { self[column + 1, y] = Cell("", style: style) }
            }
            column += width
            return true
        }
        for character in TerminalText.safe(text) {
            // Most characters are one code point, one cell, and need no splitting.
            let placed = character.unicodeScalars.count == 1 ? place(character) : Self.cells(character).allSatisfy(place)
            guard placed else { break }
        }
        return column
    }

    /// A character as the cells it takes: itself, or, when more than one of its code
    /// points takes columns, one per such code point with the zero-width ones after it.
    static func cells(_ character: Character) -> [Character] {
        let scalars = character.unicodeScalars
        guard scalars.count > 1, scalars.dropFirst().contains(where: { TerminalText.width(of: $0) > 0 }) else { return [character] }
        var cells: [String.UnicodeScalarView] = []
        for scalar in scalars {
            if TerminalText.width(of: scalar) > 0 || cells.isEmpty { cells.append(String.UnicodeScalarView()) }
            cells[cells.count - 1].append(scalar)
        }
        // Each piece is one character by Unicode's rules; should one not be, the whole
        // character stays one cell rather than trap in `Character(_:)`.
        let pieces = cells.map(String.init)
        guard pieces.allSatisfy({ $0.count == 1 }) else { return [character] }
        return pieces.map(Character.init)
    }

    /// The screen as lines of text, trailing spaces removed: what a person sees, for tests.
    public func lines() -> [String] {
        (0..<size.height).map { y in
            var line = ""
            for x in 0..<size.width where !self[x, y].isContinuation { line += self[x, y].text }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    public var text: String { lines().joined(separator: "\n") }

    /// A run of changed cells on one row.
    public struct Change: Hashable, Sendable {
        public var x: Int
        public var y: Int
        public var cells: [Cell]
    }

    /// What differs from `previous` (everything when there is none or its size differs),
    /// as runs of neighbouring cells, so the backend sends only what changed.
    public func changes(since previous: Screen?) -> [Change] {
        let all = previous == nil || previous!.size != size
        var changes: [Change] = []
        for y in 0..<size.height {
            var x = 0
            while x < size.width {
                let index = y * size.width + x
                guard all || cells[index] != previous!.cells[index] else {
                    x += 1
                    continue
                }
                var run: [Cell] = []
                var end = x
                while end < size.width, all || cells[y * size.width + end] != previous!.cells[y * size.width + end] {
                    run.append(cells[y * size.width + end])
                    end += 1
                }
                // A run never starts on the right half of a wide character.
                var start = x
                if run.first?.isContinuation == true, start > 0 {
                    start -= 1
                    run.insert(cells[y * size.width + start], at: 0)
                }
                changes.append(Change(x: start, y: y, cells: run))
                x = end
            }
        }
        return changes
    }
}
