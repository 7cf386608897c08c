import StoryCore
import TerminalUI

func renderPlayer(_ state: AppState, into screen: inout Screen, in area: Rect) {
    guard let player = state.player, let node = player.node else {
        // A story loaded in part shows its page as soon as it is read from the library.
        let waiting = state.player?.content.isPartial == true ? "Turning the page…" : "This story has no start page."
        screen.put(waiting, x: area.x + 2, y: area.y + 1, limit: area.maxX)
        return
    }
    let width = readingWidth(area)
    let column = area.centred(width: width)
    var lines: [(String, Style)] = [("", .plain)]
    // The page: a node as written, or (a story that runs with its state) as its variables
    // make it.
    let ready = player.reading != nil || node.status == .ready
    let ending = player.reading.map(\.isEnding) ?? node.isEnding
    let choices: [String]
    if let reading = player.reading {
        lines += TerminalText.wrap(TerminalText.safe(reading.view.text), width: width).map { ($0, .plain) }
        choices = reading.view.choices.map { TerminalText.safe($0.text) }
    } else if node.status != .ready {
        let waiting = player.content.story.status == .generating
            ? ["This page is being written…", "It will appear here by itself in a moment."]
            : ["This page is not written: the writing stopped before it.",
               "Retry the story's job on the Jobs screen (J in the library)."]
        lines += waiting.flatMap { TerminalText.wrap($0, width: width) }.map { ($0, Palette.waiting) }
        choices = []
    } else {
        lines += TerminalText.wrap(TerminalText.safe(node.content), width: width).map { ($0, .plain) }
        choices = player.choices.map { choice in
            let pending = choice.targetNodeId.flatMap(player.content.node).map { $0.status != .ready } ?? false
            return TerminalText.safe(choice.text) + (pending ? " (being written)" : "")
        }
    }
    lines.append(("", .plain))
    if ending && ready {
        lines.append(node.isEnding && node.isWinningEnding ? ("★ The End: a winning ending! ★", Palette.winning) : ("The End", Palette.ending))
        lines.append(("Endings found: \(player.endingsFound.count) of \(player.content.endingCount)", .plain))
    } else if ready {
        for (index, choice) in choices.enumerated() {
            let label = "\(index + 1). "
            let wrapped = TerminalText.wrap(choice, width: max(1, width - label.count))
            let style = index == player.selected ? Palette.selected : Style.plain
            lines.append((label + wrapped[0], style))
            lines += wrapped.dropFirst().map { (String(repeating: " ", count: label.count) + $0, style) }
        }
    }
    let (text, pathRow) = column.splitBottom(1)
    let offset = min(player.offset, max(0, lines.count - text.height))
    for (row, line) in lines.dropFirst(offset).prefix(text.height).enumerated() {
        screen.put(line.0, x: text.x, y: text.y + row, style: line.1, limit: text.maxX)
    }
    let found = "endings found \(player.endingsFound.count)/\(player.content.endingCount)"
    screen.put(TerminalText.truncate("Step \(player.playthrough.path.count) · \(found)", toWidth: pathRow.width),
               x: pathRow.x, y: pathRow.y, style: Palette.pathLine, limit: pathRow.maxX)
}
