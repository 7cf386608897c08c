/// A key press, or an event that arrives like one.
public enum Key: Hashable, Sendable {
    case character(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    /// Ctrl with a letter: `.control("c")`.
    case control(Character)
    case function(Int)
    /// The terminal changed size.
    case resize

    /// A printable character (not a control key).
    public var isCharacter: Bool {
        if case .character = self { true } else { false }
    }

    /// How help shows the key: `q`, `Enter`, `Ctrl-C`, `↑`.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let c): String(c)
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .backspace: "Backspace"
        case .delete: "Delete"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .control(let c): "Ctrl-\(String(c).uppercased())"
        case .function(let n): "F\(n)"
        case .resize: "resize"
        }
    }
}
