import Foundation
import StoryCore
import StoryStore
import TerminalUI

func renderStoryForm(_ state: AppState, into screen: inout Screen, in area: Rect) {
    guard let story = state.storyForm else { return }
    let area = area.inset(dx: 1, dy: 1)
    renderForm(story.form, problems: story.problems, into: &screen, in: area)
    if let template = story.template, area.height > 14 {
        let lines = TerminalText.wrap("\(template.title): \(template.description)", width: max(1, area.width))
        Widgets.text(lines, style: Palette.waiting, into: &screen, in: Rect(x: area.x, y: area.y + 10, width: area.width, height: min(3, area.height - 10)))
    }
    if let queued = story.queued {
        let count = queued.count == 1 ? "The story is" : "\(queued.count) stories are"
        Widgets.dialog(
            title: "Queued",
            lines: ["\(count) being written.", "", "o open it now, and read it as it is written", "j watch it on the Jobs screen",
                    "any other key: back to the Library"],
            into: &screen, in: area)
    }
}

func renderTemplates(_ state: AppState, into screen: inout Screen, in area: Rect) {
    let list = state.templates
    guard list.loaded else {
        screen.put("Opening the templates…", x: area.x + 2, y: area.y + 1, limit: area.maxX)
        return
    }
    guard !list.templates.isEmpty else {
        screen.put("No templates. n makes one.", x: area.x + 2, y: area.y + 1, limit: area.maxX)
        return
    }
    let header = ["", "TITLE", "CATEGORY", "TONE", "AGES", "USED", ""]
    let rows = list.templates.map { template in
        [template.isFavorite ? "★" : " ", TerminalText.safe(template.title), template.category.rawValue, template.tone.rawValue,
         template.ageRange.rawValue, "\(template.usageCount)", template.builtIn ? "built-in" : "yours"]
    }
    let columns = area.width >= 80 ? Array(header.indices) : [0, 1, 2, 5]
    let shownHeader = columns.map { header[$0] }
    let shownRows = rows.map { row in columns.map { row[$0] } }
    let (table, about) = area.splitBottom(min(3, max(0, area.height - 4)))
    let widths = Widgets.tableColumns(header: shownHeader, rows: shownRows, width: table.width - 2, flexible: 1)
    let (headerRow, body) = table.splitTop(1)
    screen.put(Widgets.tableRow(shownHeader, widths: widths), x: headerRow.x + 1, y: headerRow.y, style: Palette.header, limit: headerRow.maxX)
    var listState = list.list
    Widgets.list(count: shownRows.count, state: &listState, into: &screen, in: body.inset(dx: 1)) { index in
        (Widgets.tableRow(shownRows[index], widths: widths), list.templates[index].isFavorite ? Palette.favourite : .plain)
    }
    if let selected = list.selected, about.height > 0 {
        let text = TerminalText.wrap(TerminalText.safe(selected.description.isEmpty ? selected.promptSeed : selected.description), width: max(1, about.width - 2))
        Widgets.text(text, style: Palette.waiting, into: &screen, in: about.inset(dx: 1))
    }
    if let id = list.confirmingDelete, let template = list.templates.first(where: { $0.id == id }) {
        Widgets.dialog(
            title: "Delete this template?",
            lines: ["\"\(TerminalText.safe(template.title))\" will be gone; stories written from it stay.", "", "y delete · any other key keeps it"],
            into: &screen, in: area)
    }
}

func renderTemplateForm(_ state: AppState, into screen: inout Screen, in area: Rect) {
    guard let template = state.templateForm else { return }
    var area = area.inset(dx: 1, dy: 1)
    // What each writer takes from a template, below the fields when there is room.
    let hint = TerminalText.wrap(
        "The idea and the tone guide a model-server writer. The embedded writer takes its theme from the keywords (a theme's name, such as space) or else the category.",
        width: max(1, area.width))
    if area.height >= template.form.fields.count + hint.count + 3 {
        let (form, note) = area.splitBottom(hint.count)
        Widgets.text(hint, style: Palette.waiting, into: &screen, in: note)
        area = form
    }
    renderForm(template.form, problems: template.problems, into: &screen, in: area)
}
