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

// MARK: - Escape sequences ncurses did not know

extension Key {
    /// Whether `body`, read after ESC, is a sequence still waiting for its last character:
    /// `[` and its parameters (a CSI sequence), or `O` (SS3).
    public static func escapeSequenceContinues(_ body: [Character]) -> Bool {
        guard let first = body.first else { return true }
        if body.count == 1 { return first == "[" || first == "O" }
        guard first == "[", let last = body.last?.unicodeScalars.first?.value else { return false }
        return (0x20...0x3F).contains(last)
    }

    /// The key an escape sequence stands for, from what followed ESC (`[1~` is Home), or
    /// nil for one that is no key here (Alt with a key, Insert, a sequence cut short).
    /// ncurses decodes the sequences of the terminal's description; these are the ones
    /// terminals send besides (tmux sends `[1~` for Home whatever TERM says).
    public init?(escapeSequence body: [Character]) {
        guard body.count >= 2, let final = body.last else { return nil }
        switch body.first {
        case "O" where body.count == 2:
            guard let key = ["A": Key.up, "B": .down, "C": .right, "D": .left, "H": .home, "F": .end, "M": .enter,
                             "P": .function(1), "Q": .function(2), "R": .function(3), "S": .function(4)][final] else { return nil }
            self = key
        case "[":
            // Parameters before the last character; a modifier after ";" (Ctrl-↑ is
            // `[1;5A`) leaves the key as it is.
            let number = String(body.dropFirst().dropLast()).split(separator: ";").first.flatMap { Int($0) }
            if final == "~" {
                let tilde: [Int: Key] = [1: .home, 7: .home, 4: .end, 8: .end, 3: .delete, 5: .pageUp, 6: .pageDown,
                                         11: .function(1), 12: .function(2), 13: .function(3), 14: .function(4), 15: .function(5),
                                         17: .function(6), 18: .function(7), 19: .function(8), 20: .function(9), 21: .function(10),
                                         23: .function(11), 24: .function(12)]
                guard let key = number.flatMap({ tilde[$0] }) else { return nil }
                self = key
            } else {
                guard let key = ["A": Key.up, "B": .down, "C": .right, "D": .left, "H": .home, "F": .end, "Z": .backTab][final]
                else { return nil }
                self = key
            }
        default:
            return nil
        }
    }
}
