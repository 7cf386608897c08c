import StoryCore
import TerminalUI

func renderMap(_ state: AppState, into screen: inout Screen, in area: Rect) {
    guard let player = state.player else { return }
    guard let outline = state.map.outline else {
        let pages = player.content.pageCount.formatted()
        screen.put("Drawing the map of \(pages) pages…", x: area.x + 2, y: area.y + 1, style: Palette.waiting, limit: area.maxX)
        return
    }
    let content = player.content
    let visited = Set(player.playthrough.path)
    let current = player.playthrough.currentNodeId
    let (legend, list) = area.splitTop(1)
    let legendText = "✓ read  · not yet  ◆ ending  ★ winning ending  … being written  ↪ shown above"
        + (player.reading == nil ? "" : "  ? only if")
    screen.put(legendText, x: legend.x + 1, y: legend.y, style: .dim, limit: legend.maxX)
    var listState = state.map.list
    let maxIndent = max(0, list.width / 2)
    Widgets.list(count: outline.rows.count, state: &listState, into: &screen, in: list.inset(dx: 1)) { index in
        let row = outline.rows[index]
        let indent = String(repeating: "  ", count: min(row.depth, maxIndent / 2))
        // A page of a story loaded in part, on its way from the library.
        guard let node = content.node(row.nodeId) else { return (indent + "… " + TerminalText.safe(row.choice), Palette.waiting) }
        let mark = node.status != .ready ? "…" : node.isWinningEnding ? "★" : node.isEnding ? "◆" : visited.contains(row.nodeId) ? "✓" : "·"
        let label = row.isReference ? "↪ " + pageLabel(node) : pageLabel(node)
        let here = row.nodeId == current && !row.isReference ? "  ◀ you are here" : ""
        var style: Style = node.isWinningEnding ? Palette.winning : node.status != .ready ? Palette.waiting
            : visited.contains(row.nodeId) ? .plain : .dim
        // A link behind a condition is marked; dimmed when the condition does not hold now.
        var condition = ""
        if let reading = player.reading, let from = row.parent.flatMap(content.node)?.name, let to = node.name {
            switch reading.link(from: from, to: to) {
            case .always: break
            case .open: condition = "? "
            case .closed:
                condition = "? "
                style = .dim
            }
        }
        return (indent + condition + mark + " " + label + here, style)
    }
}

/// A page's name in the map: its passage name, else the start of its text.
func pageLabel(_ node: StoryNode) -> String {
    if let name = node.name, !name.isEmpty { return TerminalText.safe(name) }
    if node.status != .ready { return "(being written)" }
    let text = TerminalText.safe(node.content).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    return TerminalText.truncate(text, toWidth: 60)
}
