import Foundation
import StoryCore
import StoryStore
import TerminalUI

// MARK: - Messages

func storyMessage(_ message: Message, _ state: inout AppState) -> [Effect] {
    switch message {
    case .templatesLoaded(let templates):
        state.templates.templates = templates
        state.templates.loaded = true
        state.templates.list.move(0, count: templates.count)
    case .storyFormOpened(let form):
        state.storyForm = form
        if state.route != .storyForm { state.stack.append(.storyForm) }
    case .templateFormOpened(let form):
        state.templateForm = form
        if state.route != .templateForm { state.stack.append(.templateForm) }
    case .storiesQueued(let jobs):
        state.storyForm?.queued = jobs
    default:
        break
    }
    return []
}

// MARK: - The New story form

func storyFormKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    guard var story = state.storyForm else { return [] }
    if let queued = story.queued {
        // Queued: open the first story now, watch the jobs, or go back.
        state.storyForm = nil
        state.stack.removeLast()
        switch key {
        case .character("o"):
            state.notice = "Opening the story as it is written…"
            return [.openJobStory(queued[0])]
        case .character("j"):
            state.stack.append(.jobs)
            return [.loadJobs]
        default:
            return [.loadLibrary]
        }
    }
    let outcome = story.form.handle(key)
    state.storyForm = story
    guard submitted(outcome, &state, leaving: { $0.storyForm = nil }, notice: "Nothing queued.") else { return [] }
    if story.wantsNewHero { return [.openWizard(editing: nil)] }
    if state.storyForm?.form.focusFirst(of: story.problems) == true { return [] }
    return [.queueStories(story.briefs())]
}

/// What the forms share: help, and leaving without saving. True when the form was
/// submitted, for the caller to go on.
private func submitted(_ outcome: Form.Outcome, _ state: inout AppState, leaving: (inout AppState) -> Void, notice: String) -> Bool {
    switch outcome {
    case .stay, .changed:
        return false
    case .help:
        openHelp(&state)
        return false
    case .cancelled:
        state.stack.removeLast()
        leaving(&state)
        state.notice = notice
        return false
    case .submitted:
        return true
    }
}

// MARK: - Templates

func templatesKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
    guard let id = state.templates.confirmingDelete else { return nil }
    state.templates.confirmingDelete = nil
    guard key == .character("y") || key == .character("Y") else {
        state.notice = "Not deleted."
        return []
    }
    state.notice = "Deleted."
    return [.deleteTemplate(id)]
}

func templates(_ action: Action, _ state: inout AppState) -> [Effect] {
    let count = state.templates.templates.count
    let page = max(1, state.size.height - 4)
    let selected = state.templates.selected
    switch action {
    case .up: state.templates.list.move(-1, count: count)
    case .down: state.templates.list.move(1, count: count)
    case .pageUp: state.templates.list.move(-page, count: count)
    case .pageDown: state.templates.list.move(page, count: count)
    case .top: state.templates.list.move(-count, count: count)
    case .bottom: state.templates.list.move(count, count: count)
    case .open:
        if let selected { return [.openStoryForm(template: selected.id, hero: nil)] }
    case .newTemplate:
        return [.openTemplateForm(nil)]
    case .editTemplate, .deleteTemplate:
        guard let selected else { return [] }
        guard !selected.builtIn else {
            state.notice = "Built-in templates stay as they are: n makes one of your own."
            return []
        }
        if action == .editTemplate { return [.openTemplateForm(selected)] }
        state.templates.confirmingDelete = selected.id
    case .favouriteTemplate:
        if let selected { return [.setTemplateFavourite(selected.id!, !selected.isFavorite)] }
    default:
        break
    }
    return []
}

func templateFormKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    guard var template = state.templateForm else { return [] }
    let outcome = template.form.handle(key)
    state.templateForm = template
    guard submitted(outcome, &state, leaving: { $0.templateForm = nil }, notice: "Nothing saved.") else { return [] }
    if state.templateForm?.form.focusFirst(of: template.problems) == true { return [] }
    state.stack.removeLast()
    state.templateForm = nil
    state.notice = "Saved \"\(TerminalText.safe(template.template.title.trimmingWhitespace()))\"."
    return [.saveTemplate(template.template)]
}
