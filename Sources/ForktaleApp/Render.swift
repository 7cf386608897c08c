import Foundation
import StoryCore
import StoryStore
import TerminalUI

/// The smallest window the interface draws in; smaller ones get a short message.
public let minimumSize = Size(width: 30, height: 8)

/// Draws the whole interface for a state into a new screen. Pure: tests call it with a
/// state and read the screen back as text.
public func render(_ state: AppState) -> Screen {
    var screen = Screen(size: state.size)
    guard state.size.width >= minimumSize.width, state.size.height >= minimumSize.height else {
        let message = TerminalText.wrap("Make the window larger (at least \(minimumSize.width)×\(minimumSize.height)).", width: max(1, state.size.width))
        Widgets.text(message, into: &screen, in: screen.bounds)
        return screen
    }
    let (titleRow, rest) = screen.bounds.splitTop(1)
    let (body, statusRow) = rest.splitBottom(1)
    screen.fill(titleRow, with: Cell(" ", style: Palette.titleBar))
    screen.put(" Forktale · " + title(state), x: 0, y: 0, style: Palette.titleBar, limit: titleRow.maxX)
    switch state.route {
    case .library: renderLibrary(state, into: &screen, in: body)
    case .player: renderPlayer(state, into: &screen, in: body)
    case .map: renderMap(state, into: &screen, in: body)
    case .help: renderHelp(state, into: &screen, in: body)
    }
    Widgets.statusBar(left: state.notice ?? hint(state), right: "? help", into: &screen, in: statusRow)
    return screen
}

private func title(_ state: AppState) -> String {
    switch state.route {
    case .library: "Library"
    case .player, .map: (state.route == .map ? "Map · " : "") + TerminalText.safe(state.player?.content.story.title ?? "")
    case .help: "Help"
    }
}

private func hint(_ state: AppState) -> String {
    switch state.route {
    case .library:
        if state.library.importPath != nil { return "Type the story file's path · Enter import · Esc cancel" }
        if state.library.searching { return "Type to search · Enter keep · Esc clear" }
        return "Enter read · / search · i import · s sort · f favourite · d delete · q quit"
    case .player:
        if state.player?.node?.isEnding == true { return "b back · r restart · m map · q library" }
        return "1-9 choose · b back · r restart · m map · q library"
    case .map: return "Enter jump to a page on your path · q back"
    case .help: return "q back"
    }
}

/// The width text is set at: readable lines, at most 80 columns.
func readingWidth(_ area: Rect) -> Int {
    max(1, min(80, area.width - 4))
}
