import StoryCore
import TerminalUI

func renderHelp(_ state: AppState, into screen: inout Screen, in area: Rect) {
    let below = state.stack.dropLast().last ?? .library
    let entries = Action.help(for: below.scope)
    let keyWidth = min(entries.map { TerminalText.width($0.keys) }.max() ?? 0, 20)
    let width = readingWidth(area)
    var wrapped = ["Keys here:", ""]
    for entry in entries {
        let text = TerminalText.wrap(entry.text, width: max(1, width - keyWidth - 2))
        wrapped.append(TerminalText.pad(entry.keys, toWidth: keyWidth) + "  " + text[0])
        wrapped += text.dropFirst().map { String(repeating: " ", count: keyWidth + 2) + $0 }
    }
    let column = area.centred(width: width).inset(dy: 1)
    Widgets.text(wrapped, offset: min(state.helpOffset, max(0, wrapped.count - column.height)), into: &screen, in: column)
}
