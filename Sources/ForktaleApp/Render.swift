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
        // The longest message that fits whole, no word broken.
        let width = max(1, state.size.width)
        let messages = ["Make the window larger (at least \(minimumSize.width)×\(minimumSize.height)).",
                        "Too small: at least \(minimumSize.width)×\(minimumSize.height).", "Too small", "…"]
        let message = messages.lazy
            .filter { $0.split(separator: " ").allSatisfy { TerminalText.width(String($0)) <= width } }
            .map { TerminalText.wrap($0, width: width) }
            .first { $0.count <= state.size.height } ?? []
        Widgets.text(message, into: &screen, in: screen.bounds)
        return screen
    }
    let (titleRow, rest) = screen.bounds.splitTop(1)
    let (body, statusRow) = rest.splitBottom(1)
    screen.fill(titleRow, with: Cell(" ", style: Palette.titleBar))
    screen.put(TerminalText.truncate(" Forktale · " + title(state), toWidth: titleRow.width), x: 0, y: 0, style: Palette.titleBar,
               limit: titleRow.maxX)
    switch state.route {
    case .library: renderLibrary(state, into: &screen, in: body)
    case .player: renderPlayer(state, into: &screen, in: body)
    case .map: renderMap(state, into: &screen, in: body)
    case .help: renderHelp(state, into: &screen, in: body)
    case .heroes: renderHeroes(state, into: &screen, in: body)
    case .hero: renderHeroPage(state, into: &screen, in: body)
    case .wizard: renderWizard(state, into: &screen, in: body)
    case .jobs: renderJobs(state, into: &screen, in: body)
    case .job: renderJobDetail(state, into: &screen, in: body)
    case .storyForm: renderStoryForm(state, into: &screen, in: body)
    case .templates: renderTemplates(state, into: &screen, in: body)
    case .templateForm: renderTemplateForm(state, into: &screen, in: body)
    }
    if let question = state.quitQuestion, question.running > 0, !question.waiting {
        let stories = question.running == 1 ? "A story is" : "\(question.running) stories are"
        Widgets.dialog(
            title: "Quit while writing?",
            lines: ["\(stories) being written here.", "",
                    "w wait for them, then quit", "l leave them: they go on next time (or with 'forktale jobs run')",
                    "c cancel them", "any other key: stay"],
            into: &screen, in: body)
    }
    Widgets.statusBar(left: state.notice ?? hint(state), right: "? help", into: &screen, in: statusRow)
    return screen
}

private func title(_ state: AppState) -> String {
    switch state.route {
    case .library: "Library"
    case .player, .map: (state.route == .map ? "Map · " : "") + TerminalText.safe(state.player?.content.story.title ?? "")
    case .help: "Help"
    case .heroes: state.heroes.archived ? "Heroes · archived" : "Heroes"
    case .hero: "Heroes · " + TerminalText.safe(state.heroPage?.hero.name ?? "")
    case .wizard:
        state.wizard?.editing == true ? "Edit " + TerminalText.safe(state.wizard?.hero.name ?? "") : "New hero"
    case .storyForm: "New story"
    case .templates: "Templates"
    case .templateForm: state.templateForm?.editing == nil ? "New template" : "Edit template"
    case .jobs: "Jobs"
    case .job: "Jobs · job \(state.jobDetail?.summary.job.id ?? 0)"
    }
}

private func hint(_ state: AppState) -> String {
    switch state.route {
    case .library:
        if state.library.importPath != nil { return "Type the story file's path · Enter import · Esc cancel" }
        if state.library.searching { return "Type to search · Enter keep · Esc clear" }
        return "Enter read · n new story · / search · h heroes · t templates · J jobs · i import · s sort · f favourite · d delete · q quit"
    case .player:
        if state.player?.node?.isEnding == true { return "b back · r restart · m map · q library" }
        return "1-9 choose · b back · r restart · m map · q library"
    case .map: return "Enter jump to a page on your path · q back"
    case .help: return "q back"
    case .heroes:
        if state.heroes.archived { return "Enter open · x restore · v active heroes · q back" }
        return "Enter open · n new hero · e edit · a portrait · x archive · v archived · q back"
    case .storyForm, .templateForm:
        let form = state.route == .storyForm ? state.storyForm?.form : state.templateForm?.form
        guard let field = form?.focused else { return "Enter done · Esc back" }
        return field.isText ? "Type · Tab next field · Enter done · Esc leave · F1 help"
            : "←→ or a letter change it · Tab next field · Enter done · Esc leave · ? help"
    case .templates: return "Enter write a story from it · n new · e edit · d delete · f favourite · q back"
    case .jobs: return "Enter details · c cancel · r retry · f filter · q back"
    case .job: return "↑↓ attempts · PgUp PgDn scroll · Enter read the story · c cancel · r retry · q back"
    case .hero: return "←→ portraits · a new portrait · p make main · e edit · w write a story · Enter read · q back"
    case .wizard:
        guard let field = state.wizard?.focusedField else { return "Enter save · Esc back · F1 help" }
        switch field.kind {
        case .text: return "Type · Tab next field · Enter next step · Esc back · F1 help"
        case .choice: return "←→ or a letter change it · Tab next field · Enter next step · Esc back · ? help"
        case .several: return "←→ move · Space choose · Tab next field · Enter next step · Esc back · ? help"
        }
    }
}

/// The width text is set at: readable lines, at most 80 columns.
func readingWidth(_ area: Rect) -> Int {
    max(1, min(80, area.width - 4))
}
