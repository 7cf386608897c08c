/// A terminal the app draws on and reads keys from. The ncurses backend is one; tests
/// use `MemoryTerminal`. Nothing global holds the terminal: it is passed in.
public protocol Terminal: AnyObject {
    /// The size now (after a `.resize` key, the new one).
    var size: Size { get }
    /// How many colours it shows.
    var colors: ColorDepth { get }
    /// File descriptors that become readable when a key (or a resize) is waiting, for `poll`.
    var inputDescriptors: [Int32] { get }
    /// Shows `screen`, sending only what changed since the last one shown.
    func present(_ screen: Screen)
    /// The next key if one is waiting, without blocking.
    func readKey() -> Key?
}

/// A terminal in memory: records what was presented and returns keys a test queued.
public final class MemoryTerminal: Terminal {
    public var size: Size
    public var colors: ColorDepth
    public var keys: [Key] = []
    public private(set) var presented: [Screen] = []
    /// Cells sent by the last `present` (to check that only changes are sent).
    public private(set) var lastChangedCells = 0

    public init(size: Size, colors: ColorDepth = .full) {
        self.size = size
        self.colors = colors
    }

    public var inputDescriptors: [Int32] { [] }

    public func present(_ screen: Screen) {
        lastChangedCells = screen.changes(since: presented.last).reduce(0) { $0 + $1.cells.count }
        presented.append(screen)
    }

    public func readKey() -> Key? {
        keys.isEmpty ? nil : keys.removeFirst()
    }
}
