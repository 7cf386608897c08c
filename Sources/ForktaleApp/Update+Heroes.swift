import Foundation
import StoryCore
import StoryStore
import TerminalUI

// MARK: - Messages

func heroMessage(_ message: Message, _ state: inout AppState) -> [Effect] {
    switch message {
    case .heroesLoaded(let heroes, let archived):
        guard archived == state.heroes.archived else { return [] }
        state.heroes.heroes = heroes
        state.heroes.loaded = true
        state.heroes.selected = min(state.heroes.selected, max(0, heroes.count - 1))
    case .heroLoaded(let page, let refresh):
        // A refresh that arrives after the reader left the page, or went on from it, must
        // not bring it back on top.
        if refresh && (!state.stack.contains(.hero) || state.heroPage?.hero.id != page.hero.id) { return [] }
        show(page, &state)
    case .wizardOpened(let wizard):
        state.wizard = wizard
        if state.route != .wizard { state.stack.append(.wizard) }
    case .heroSaved(let page):
        if state.route == .wizard { state.stack.removeLast() }
        state.notice = "\(state.wizard?.editing == true ? "Saved" : "Welcome") \(page.hero.name)!"
        state.wizard = nil
        // Made from the New story form: back to it, with the hero chosen.
        if state.route == .storyForm {
            state.storyForm?.choose(hero: page.hero)
            return []
        }
        show(page, &state)
        return [.loadHeroes(archived: state.heroes.archived)]
    case .heroChanged(let id):
        var effects: [Effect] = []
        if state.stack.contains(.hero), state.heroPage?.hero.id == id { effects.append(.openHero(id, refresh: true)) }
        if state.stack.contains(.heroes) { effects.append(.loadHeroes(archived: state.heroes.archived)) }
        return effects
    default:
        break
    }
    return []
}

/// Shows a hero's page, on top unless it is open already. The same hero again (a
/// portrait added or made primary) keeps the place, and selects a portrait just added.
private func show(_ page: HeroPageState, _ state: inout AppState) {
    var page = page
    if let old = state.heroPage, old.hero.id == page.hero.id {
        let known = Set(old.avatars.compactMap(\.id))
        let selectedId = old.avatars.indices.contains(old.selectedAvatar) ? old.avatars[old.selectedAvatar].id : nil
        page.selectedAvatar = page.avatars.firstIndex { !known.contains($0.id ?? 0) }
            ?? page.avatars.firstIndex { $0.id == selectedId } ?? 0
        page.list = old.list
    }
    state.heroPage = page
    if !state.stack.contains(.hero) { state.stack.append(.hero) }
}

// MARK: - The gallery

/// Cards across the gallery's width (the renderer lays them out the same way).
func galleryColumns(width: Int) -> Int {
    max(1, (width - 1) / (HeroCard.width + 1))
}

enum HeroCard {
    static let width = 20
    static let height = 13
}

func heroesKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
    guard let id = state.heroes.confirmingArchive else { return nil }
    state.heroes.confirmingArchive = nil
    guard key == .character("y") || key == .character("Y") else {
        state.notice = state.heroes.archived ? "Not restored." : "Not archived."
        return []
    }
    state.notice = state.heroes.archived ? "Restored: the hero is back in the gallery." : "Archived: v shows archived heroes."
    return [.archiveHero(id, !state.heroes.archived)]
}

func heroes(_ action: Action, _ state: inout AppState) -> [Effect] {
    let count = state.heroes.heroes.count
    let columns = galleryColumns(width: state.size.width)
    let rows = max(1, (state.size.height - 2) / HeroCard.height)
    func move(_ delta: Int) {
        guard count > 0 else { return }
        state.heroes.selected = min(max(0, state.heroes.selected + delta), count - 1)
    }
    let selected = state.heroes.selectedHero
    switch action {
    case .left: move(-1)
    case .right: move(1)
    case .up: move(-columns)
    case .down: move(columns)
    case .pageUp: move(-columns * rows)
    case .pageDown: move(columns * rows)
    case .top: move(-count)
    case .bottom: move(count)
    case .open:
        if let selected { return [.openHero(selected.hero.id!)] }
    case .newHero:
        return [.openWizard(editing: nil)]
    case .editHero:
        if let selected { return [.openWizard(editing: selected.hero)] }
    case .addAvatar:
        if let selected {
            state.notice = "A new portrait of \(TerminalText.safe(selected.hero.name)): Enter shows them all."
            return [.addAvatar(heroId: selected.hero.id!)]
        }
    case .archiveHero:
        state.heroes.confirmingArchive = selected?.hero.id
    case .showArchived:
        state.heroes.archived.toggle()
        state.heroes.loaded = false
        state.heroes.heroes = []
        state.heroes.selected = 0
        return [.loadHeroes(archived: state.heroes.archived)]
    default:
        break
    }
    return []
}

// MARK: - A hero's page

func heroPageKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
    guard var page = state.heroPage, page.confirmingArchive else { return nil }
    page.confirmingArchive = false
    state.heroPage = page
    guard key == .character("y") || key == .character("Y") else {
        state.notice = "Not changed."
        return []
    }
    // Back to the gallery, which no longer shows them.
    state.stack.removeLast()
    state.heroPage = nil
    state.notice = page.hero.isActive ? "Archived \(TerminalText.safe(page.hero.name))." : "\(TerminalText.safe(page.hero.name)) is back."
    return [.archiveHero(page.hero.id!, page.hero.isActive)]
}

func heroPage(_ action: Action, _ state: inout AppState) -> [Effect] {
    guard var page = state.heroPage, let id = page.hero.id else { return [] }
    defer { state.heroPage = page }
    let page_ = max(1, state.size.height / 2)
    switch action {
    case .left: page.selectedAvatar = max(0, page.selectedAvatar - 1)
    case .right: page.selectedAvatar = min(max(0, page.avatars.count - 1), page.selectedAvatar + 1)
    case .up: page.list.move(-1, count: page.stories.count)
    case .down: page.list.move(1, count: page.stories.count)
    case .pageUp: page.list.move(-page_, count: page.stories.count)
    case .pageDown: page.list.move(page_, count: page.stories.count)
    case .top: page.list.move(-page.stories.count, count: page.stories.count)
    case .bottom: page.list.move(page.stories.count, count: page.stories.count)
    case .open:
        guard page.stories.indices.contains(page.list.selected) else { return [] }
        return [.openStory(page.stories[page.list.selected].id!)]
    case .addAvatar:
        state.notice = "A new portrait, drawn from a new seed."
        return [.addAvatar(heroId: id)]
    case .makePrimary:
        guard page.avatars.indices.contains(page.selectedAvatar), let avatar = page.avatars[page.selectedAvatar].id else { return [] }
        state.notice = "This portrait now stands for \(TerminalText.safe(page.hero.name))."
        return [.setPrimaryAvatar(id: avatar, heroId: id)]
    case .editHero:
        return [.openWizard(editing: page.hero)]
    case .archiveHero:
        page.confirmingArchive = true
    case .writeStory:
        guard page.hero.isActive else {
            state.notice = "Restore the hero (x) before writing a story with them."
            return []
        }
        return [.openStoryForm(template: nil, hero: id)]
    default:
        break
    }
    return []
}

// MARK: - The wizard

func wizardKey(_ key: Key, _ state: inout AppState) -> [Effect] {
    guard var wizard = state.wizard, !wizard.saving else { return [] }
    let outcome = wizard.handle(key)
    state.wizard = wizard
    switch outcome {
    case .stay:
        return []
    case .help:
        openHelp(&state)
    case .cancelled:
        state.stack.removeLast()
        state.wizard = nil
        state.notice = "Nothing saved."
    case .confirmed:
        state.notice = "Saving…"
        state.wizard?.saving = true
        return [.saveHero(wizard.hero, seed: wizard.seed)]
    }
    return []
}
