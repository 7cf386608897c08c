/// A colour as the terminal can show it: its default, one of the 8 basic colours (or
/// their bright forms, 8-15), or one of 256.
public enum Color: Hashable, Sendable {
    case terminalDefault
    case indexed(UInt8)

    public static let black = Color.indexed(0), red = Color.indexed(1), green = Color.indexed(2)
    public static let yellow = Color.indexed(3), blue = Color.indexed(4), magenta = Color.indexed(5)
    public static let cyan = Color.indexed(6), white = Color.indexed(7)
}

/// How a cell looks. With fewer colours the backend maps colours down (see `ColorDepth`).
public struct Style: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(
        foreground: Color = .terminalDefault, background: Color = .terminalDefault, bold: Bool = false,
        dim: Bool = false, underline: Bool = false, reverse: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let dim = Style(dim: true)
    public static let reverse = Style(reverse: true)
}

/// How many colours the terminal shows.
public enum ColorDepth: Int, Comparable, Sendable {
    case none = 0, basic = 8, full = 256

    public static func < (a: ColorDepth, b: ColorDepth) -> Bool { a.rawValue < b.rawValue }

    /// Whether the person allows colour: not when `NO_COLOR` is set to anything but the
    /// empty string (no-color.org), nor on a terminal of type `dumb`.
    public static func allowed(by environment: [String: String]) -> Bool {
        (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// The colour the terminal can show for `color`: 256 colours map to the nearest of the
    /// 8 basic ones; without colour everything is the default (styles such as bold and
    /// reverse still show).
    public func map(_ color: Color) -> Color {
        guard case .indexed(let index) = color else { return color }
        switch self {
        case .full: return color
        case .none: return .terminalDefault
        case .basic: return .indexed(Self.basic(index))
        }
    }

    static func basic(_ index: UInt8) -> UInt8 {
        if index < 8 { return index }
        if index < 16 { return index - 8 }
        if index >= 232 { return index >= 244 ? 7 : 0 }  // the grey ramp
        let cube = Int(index) - 16
        let (r, g, b) = (cube / 36, cube / 6 % 6, cube % 6)
        // Each channel on or off, as the 8 colours are (bit 0 red, 1 green, 2 blue).
        return UInt8((r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0))
    }
}
