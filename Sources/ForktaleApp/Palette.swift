import TerminalUI

/// The interface's colours in one place. Written in 256 colours; the terminal backend maps
/// them to 8 colours or to none (`NO_COLOR`, no colour support), where bold, dim and reverse
/// still carry the meaning.
enum Palette {
    /// Reversed, so that without colours it is still a bar (white on blue in colour).
    static let titleBar = Style(foreground: .indexed(24), background: .indexed(231), bold: true, reverse: true)
    static let header = Style(foreground: .indexed(110), bold: true)
    static let selected = Style(bold: true, reverse: true)
    static let winning = Style(foreground: .indexed(114), bold: true)
    static let ending = Style(foreground: .indexed(180), bold: true)
    static let waiting = Style(foreground: .indexed(245), dim: true)
    static let favourite = Style(foreground: .indexed(220))
    static let pathLine = Style(foreground: .indexed(245), dim: true)
    /// What is wrong with a field, beside it.
    static let problem = Style(foreground: .indexed(203), bold: true)
}
