import Foundation
import StoryCore
import StoryStore
import TerminalUI

func renderLibrary(_ state: AppState, into screen: inout Screen, in area: Rect) {
    renderStories(state, into: &screen, in: area)
    let library = state.library
    if let report = library.importReport {
        Widgets.dialog(title: report.title, lines: report.lines + ["", "any key closes this"], into: &screen, in: area)
    }
    if let id = library.confirmingDelete, let story = library.stories.first(where: { $0.story.id == id })?.story {
        Widgets.dialog(
            title: "Delete this story?",
            lines: ["\"\(TerminalText.safe(story.title))\" and everything read in it will be gone.", "", "y delete · any other key keeps it"],
            into: &screen, in: area)
    }
}

/// The search or import line, and the table of stories (or what to do when there are none).
private func renderStories(_ state: AppState, into screen: inout Screen, in area: Rect) {
    var area = area
    let library = state.library
    if let path = library.importPath {
        let (line, rest) = area.splitTop(1)
        screen.put("Import file: " + path + "▏", x: line.x + 1, y: line.y, style: .bold, limit: line.maxX)
        area = rest
    } else if library.searching || !library.search.isEmpty {
        let (line, rest) = area.splitTop(1)
        screen.put("/ " + library.search + (library.searching ? "▏" : ""), x: line.x + 1, y: line.y, style: .bold, limit: line.maxX)
        if !library.searching {
            let hint = "   Esc clears"
            screen.put(hint, x: line.x + 1 + TerminalText.width("/ " + library.search), y: line.y, style: Palette.waiting, limit: line.maxX)
        }
        area = rest
    }
    guard library.loaded else {
        screen.put("Opening the library…", x: area.x + 2, y: area.y + 1, limit: area.maxX)
        return
    }
    let visible = library.visible
    if library.stories.isEmpty {
        let welcome = [
            "Your library is empty.", "",
            "Bring in a Twine or JSON story with 'forktale import FILE', or write one with",
            "'forktale generate --wait'. Press ? for the keys, q to quit.",
        ]
        let lines = welcome.flatMap { TerminalText.wrap($0, width: readingWidth(area)) }
        Widgets.text(lines, into: &screen, in: area.centred(width: readingWidth(area), height: lines.count))
        return
    }
    if visible.isEmpty {
        screen.put("No story matches \"\(library.search)\". Esc clears the search.", x: area.x + 2, y: area.y + 1, limit: area.maxX)
        return
    }
    let allHeader = ["", "TITLE", "HERO", "THEME", "STATUS", "ENDINGS", "PLAYED"]
    let allRows = visible.map { summary -> [String] in
        let story = summary.story
        let status = story.status == .generating && summary.nodeCount > 0
            ? "writing \(summary.readyCount * 100 / summary.nodeCount)%" : story.status.rawValue
        return [
            story.isFavorite ? "★" : " ", TerminalText.safe(story.title), TerminalText.safe(summary.heroName ?? "-"),
            story.theme.isEmpty ? "-" : story.theme, status, "\(summary.endingsFound)/\(summary.endingCount)",
            story.lastPlayedAt.map(day) ?? "never",
        ]
    }
    // On a narrow terminal the title matters most: hero, theme and date give way first.
    let columns = area.width >= 70 ? Array(allHeader.indices) : area.width >= 45 ? [0, 1, 4, 5] : [0, 1, 5]
    let header = columns.map { allHeader[$0] }
    let rows = allRows.map { row in columns.map { row[$0] } }
    let widths = Widgets.tableColumns(header: header, rows: rows, width: area.width - 2, flexible: 1)
    let (headerRow, list) = area.splitTop(1)
    screen.put(Widgets.tableRow(header, widths: widths), x: headerRow.x + 1, y: headerRow.y, style: Palette.header, limit: headerRow.maxX)
    var listState = library.list
    Widgets.list(count: rows.count, state: &listState, into: &screen, in: list.inset(dx: 1)) { index in
        let story = visible[index].story
        return (Widgets.tableRow(rows[index], widths: widths),
                story.status == .generating ? Palette.waiting : story.isFavorite ? Palette.favourite : .plain)
    }
}

private func day(_ date: Date) -> String {
    String(Timestamp.string(from: date).prefix(10))
}
