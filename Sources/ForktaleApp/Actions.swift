import TerminalUI

/// Every action a person can take, with its keys and help line: the key map and the
/// Help screen are both made from this one table, so they never disagree.
public enum Action: CaseIterable, Hashable, Sendable {
    // Everywhere
    case help, back, quit, up, down, pageUp, pageDown, top, bottom, open
    // Library
    case search, favourite, delete, sort, importFile
    // Player
    case choose1, choose2, choose3, choose4, choose5, choose6, choose7, choose8, choose9
    case stepBack, restart, map

    /// Where an action applies.
    public enum Scope: String, CaseIterable, Sendable {
        case everywhere, library, player, map, help
    }

    public var scope: Scope {
        switch self {
        case .help, .back, .quit, .up, .down, .pageUp, .pageDown, .top, .bottom, .open: .everywhere
        case .search, .favourite, .delete, .sort, .importFile: .library
        case .choose1, .choose2, .choose3, .choose4, .choose5, .choose6, .choose7, .choose8, .choose9: .player
        case .stepBack, .restart, .map: .player
        }
    }

    public var keys: [Key] {
        switch self {
        case .help: [.character("?")]
        case .back: [.character("q"), .escape]
        case .quit: [.control("c")]
        case .up: [.up, .character("k")]
        case .down: [.down, .character("j")]
        case .pageUp: [.pageUp]
        case .pageDown: [.pageDown, .character(" ")]
        case .top: [.home, .character("g")]
        case .bottom: [.end, .character("G")]
        case .open: [.enter]
        case .search: [.character("/")]
        case .favourite: [.character("f")]
        case .delete: [.character("d")]
        case .sort: [.character("s")]
        case .importFile: [.character("i")]
        case .stepBack: [.character("b")]
        case .restart: [.character("r")]
        case .map: [.character("m")]
        default: choiceNumber.map { [.character(Character(String($0)))] } ?? []
        }
    }

    /// 1 to 9 for the choose actions.
    public var choiceNumber: Int? {
        switch self {
        case .choose1: 1
        case .choose2: 2
        case .choose3: 3
        case .choose4: 4
        case .choose5: 5
        case .choose6: 6
        case .choose7: 7
        case .choose8: 8
        case .choose9: 9
        default: nil
        }
    }

    public var helpLine: String {
        switch self {
        case .help: "Show this help"
        case .back: "Go back (in the library: quit)"
        case .quit: "Quit from anywhere"
        case .up: "Move up"
        case .down: "Move down"
        case .pageUp: "Page up"
        case .pageDown: "Page down"
        case .top: "Go to the top"
        case .bottom: "Go to the bottom"
        case .open: "Open, choose or confirm"
        case .search: "Search as you type (Enter keeps it, Esc clears it)"
        case .favourite: "Mark or unmark the story as a favourite"
        case .delete: "Delete the story (asks first)"
        case .sort: "Sort by last played, title or date added"
        case .importFile: "Import a Twine or JSON story file (shows what was read)"
        case .stepBack: "Go back one step"
        case .restart: "Start the story again"
        case .map: "Show the story's map"
        default: "Choose \(choiceNumber ?? 0)"
        }
    }

    /// The action for `key` on a screen: the screen's own actions first, then the global ones.
    public static func forKey(_ key: Key, in scope: Scope) -> Action? {
        allCases.first { $0.scope == scope && $0.keys.contains(key) }
            ?? allCases.first { $0.scope == .everywhere && $0.keys.contains(key) }
    }

    /// Help lines for a screen: its own actions (choices collapsed to one line), then the
    /// global ones.
    public static func help(for scope: Scope) -> [(keys: String, text: String)] {
        var lines: [(String, String)] = []
        let own = allCases.filter { $0.scope == scope }
        if own.contains(where: { $0.choiceNumber != nil }) { lines.append(("1-9", "Choose that choice")) }
        for action in own where action.choiceNumber == nil {
            lines.append((action.keys.map(\.label).joined(separator: " "), action.helpLine))
        }
        for action in allCases where action.scope == .everywhere {
            lines.append((action.keys.map(\.label).joined(separator: " "), action.helpLine))
        }
        return lines
    }
}
