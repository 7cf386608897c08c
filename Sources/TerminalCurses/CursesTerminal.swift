import CNCursesW
import Foundation
import TerminalUI

/// The terminal through ncursesw: the only code that calls ncurses. Draws the changes
/// between screens, maps colours down to what the terminal shows, and reads keys without
/// blocking (the app's main loop `poll`s standard input).
public final class CursesTerminal: Terminal {
    public private(set) var size: Size
    public let colors: ColorDepth
    public var inputDescriptors: [Int32] { [STDIN_FILENO] }
    private var shown: Screen?
    private var pairs: [PairKey: Int16] = [:]
    private var ended = false

    private struct PairKey: Hashable {
        var foreground: Color
        var background: Color
    }

    /// Takes over the terminal. Call `end()` before the process exits (`TerminalSession`
    /// does, on every way out).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        setlocale(LC_ALL, "")
        let name = environment["TERM"] ?? ""
        switch ft_check_terminal() {
        case 1: throw CursesError.unknownTerminal(name)
        case 2: throw CursesError.cannotMoveCursor(name)
        default: break
        }
        guard ft_setup() == OK else { throw CursesError.cannotStart }
        if ColorDepth.allowed(by: environment), has_colors() {
            start_color()
            use_default_colors()
            colors = ft_colors() >= 256 ? .full : .basic
        } else {
            colors = .none
        }
        size = Size(width: Int(ft_cols()), height: Int(ft_lines()))
    }

    /// The size the kernel has for the terminal now.
    private func kernelSize() -> Size? {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 else { return nil }
        return Size(width: Int(window.ws_col), height: Int(window.ws_row))
    }

    /// Takes the terminal's new size from the kernel and tells ncurses.
    /// Takes the size ncurses now has and redraws everything on the next `present`.
    private func resized() -> Key {
        size = Size(width: Int(ft_cols()), height: Int(ft_lines()))
        shown = nil
        ft_clear()
        return .resize
    }

    /// Gives the terminal back as it was. Safe to call more than once.
    public func end() {
        guard !ended else { return }
        ended = true
        endwin()
    }

    public func present(_ screen: Screen) {
        guard !ended else { return }
        if screen.size != size { shown = nil }
        for change in screen.changes(since: shown) {
            ft_move(Int32(change.y), Int32(change.x))
            // After a character that is not plain ASCII, ncurses (by wcwidth) may move on by
            // more or fewer columns than the screen gave it (an emoji joined with ZWJ, a
            // symbol with VS16): the next cell is then placed by its column, so text after
            // it is never written over.
            var placed = true
            for (offset, cell) in change.cells.enumerated() where !cell.isContinuation {
                if !placed { ft_move(Int32(change.y), Int32(change.x + offset)) }
                ft_attr_set(attributes(cell.style), pair(for: cell.style))
                let characters = Array(cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) })
                ft_addnwstr(characters, Int32(characters.count))
                placed = cell.text.utf8.count == 1
            }
        }
        ft_refresh()
        shown = screen
    }

    /// Also reports a resize that ncurses missed: SIGWINCH goes to whichever thread has it
    /// unblocked, often not the one reading keys, so the size is compared on every call.
    public func readKey() -> Key? {
        if let now = kernelSize(), now != size {
            // Tells ncurses, which queues a KEY_RESIZE of its own: that one only redraws.
            resizeterm(Int32(now.height), Int32(now.width))
            return resized()
        }
        var character: wint_t = 0
        let result = ft_get_wch(&character)
        if result == ERR { return nil }
        if result == ft_key_code_yes() {
            switch Int32(character) {
            case KEY_RESIZE:
                return resized()
            case KEY_UP: return .up
            case KEY_DOWN: return .down
            case KEY_LEFT: return .left
            case KEY_RIGHT: return .right
            case KEY_HOME: return .home
            case KEY_END: return .end
            case KEY_PPAGE: return .pageUp
            case KEY_NPAGE: return .pageDown
            case KEY_BACKSPACE: return .backspace
            case KEY_DC: return .delete
            case KEY_BTAB: return .backTab
            case KEY_ENTER: return .enter
            case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(Int32(character) - KEY_F0))
            default: return nil
            }
        }
        switch character {
        case 13, 10: return .enter
        case 27: return readEscapeSequence()
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(character) + 96)))
        default:
            guard let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
            return .character(Character(scalar))
        }
    }

    /// ESC is a key of its own only when nothing follows it at once. ncurses passes on a
    /// sequence its terminal description lacks (tmux's Home, `ESC [1~`, under
    /// TERM=xterm), and Alt with a key, as ESC and the rest: the rest is read here, so it
    /// is neither taken for Esc (back, or quit) nor typed.
    private func readEscapeSequence() -> Key? {
        var body: [Character] = []
        while body.count < 16, Key.escapeSequenceContinues(body) {
            var next: wint_t = 0
            let result = ft_get_wch(&next)
            if result == ERR { break }
            guard result != ft_key_code_yes(), let scalar = Unicode.Scalar(UInt32(next)) else { return nil }
            body.append(Character(scalar))
        }
        return body.isEmpty ? .escape : Key(escapeSequence: body)
    }

    private func attributes(_ style: Style) -> attr_t {
        var value = ft_a_normal()
        if style.bold { value |= ft_a_bold() }
        if style.dim { value |= ft_a_dim() }
        if style.underline { value |= ft_a_underline() }
        if style.reverse { value |= ft_a_reverse() }
        return value
    }

    /// The colour pair for a style's colours, made on first use (pair 0 is the default).
    private func pair(for style: Style) -> Int16 {
        let key = PairKey(foreground: colors.map(style.foreground), background: colors.map(style.background))
        if key.foreground == .terminalDefault && key.background == .terminalDefault { return 0 }
        if let pair = pairs[key] { return pair }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < ft_color_pairs() else { return 0 }
        func number(_ color: Color) -> Int16 {
            if case .indexed(let index) = color { return Int16(index) }
            return -1
        }
        init_pair(next, number(key.foreground), number(key.background))
        pairs[key] = next
        return next
    }
}

public enum CursesError: Error, CustomStringConvertible {
    case unknownTerminal(String)
    case cannotMoveCursor(String)
    case cannotStart

    public var description: String {
        switch self {
        case .unknownTerminal(let name):
            "TERM=\(name.isEmpty ? "(unset)" : name) is no terminal this system knows: set TERM (for example to xterm-256color), or read with 'forktale play ID --plain'."
        case .cannotMoveCursor(let name):
            "This terminal (TERM=\(name)) cannot move the cursor, so the interface cannot draw on it: run forktale in a terminal emulator, or read with 'forktale play ID --plain'."
        case .cannotStart:
            "The terminal could not be started (is TERM set to a terminal that exists?): try 'forktale play ID --plain'."
        }
    }
}

extension CursesTerminal {
    /// After a crash (a trap, a bad access, an abort), gives the terminal back before the
    /// process dies, with a line saying what happened, so the shell is not left broken.
    public static func restoreOnCrash() {
        for number in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] { signal(number, restoreAndDie) }
    }
}

private func restoreAndDie(_ number: Int32) {
    endwin()
    let message = "\nforktale: the interface stopped unexpectedly; the terminal is restored. The log is in ~/.local/state/forktale/.\n"
    message.utf8CString.withUnsafeBufferPointer { buffer in _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count - 1) }
    signal(number, SIG_DFL)
    raise(number)
}
