import Foundation
import StoryCore
import StoryFormats
import StoryStore
import TerminalUI

/// The app's one state change: pure, so tests drive it with messages alone. Effects are
/// returned as values; their results come back as messages.
public func update(_ state: inout AppState, _ message: Message, now: Date = Date()) -> [Effect] {
    state.clock = now
    switch message {
    case .resized(let size):
        state.size = size
        return []
    case .key(let key):
        return handle(key, &state, now: now)
    case .libraryLoaded(let stories):
        state.library.stories = stories
        state.library.loaded = true
        state.library.list.move(0, count: state.library.visible.count)
        return []
    case .storyLoaded(let content, let playthrough, let found, let outline, let reading):
        var player = PlayerState(content: content, playthrough: playthrough, endingsFound: found)
        player.reading = reading
        // A story that ends where it starts: that ending is found too.
        let effects = reading == nil ? player.findEnding(at: now) : player.followReading(at: now)
        state.player = player
        state.map = MapState(outline: outline)
        if state.route != .player { state.stack.append(.player) }
        state.notice = nil
        let outlineLater: [Effect] = outline == nil ? [.buildOutline(storyId: content.story.id!)] : []
        return effects + prioritizeIfPending(state) + pagesAhead(state) + outlineLater
    case .pagesLoaded(let more):
        guard var player = state.player, player.content.story.id == more.story.id else { return [] }
        let before = player.content.nodes.count
        player.content = player.content.merging(more)
        state.player = player
        // Asked again only while pages keep coming: a page that never comes is not asked for forever.
        return player.content.nodes.count > before ? pagesAhead(state) : []
    case .outlineBuilt(let storyId, let outline):
        guard state.player?.content.story.id == storyId else { return [] }
        state.map.outline = outline
        if state.route == .map, let current = state.player?.playthrough.currentNodeId {
            state.map.list.selected = outline.row(of: current) ?? 0
        }
        return pagesInView(state)
    case .storyRefreshed(let content, let outline):
        guard var player = state.player, player.content.story.id == content.story.id else { return [] }
        player.content = content
        // The ending the reader waited on is written now: it is found.
        let effects = player.findEnding(at: now)
        state.player = player
        state.map.outline = outline
        return effects + prioritizeIfPending(state)
    case .playthroughSaved(let saved):
        if state.player?.playthrough.storyId == saved.storyId { state.player?.playthrough.id = saved.id }
        return []
    case .heroesLoaded, .heroLoaded, .wizardOpened, .heroSaved, .heroChanged:
        return heroMessage(message, &state)
    case .templatesLoaded, .storyFormOpened, .templateFormOpened, .storiesQueued:
        return storyMessage(message, &state)
    case .jobsLoaded, .jobLoaded, .runningHere:
        return jobMessage(message, &state)
    case .tick:
        return []
    case .storeChanged:
        var effects: [Effect] = [.loadLibrary]
        // Stories written or deleted change the heroes' story counts.
        if state.stack.contains(.heroes) { effects.append(.loadHeroes(archived: state.heroes.archived)) }
        if state.route == .hero, let id = state.heroPage?.hero.id { effects.append(.openHero(id, refresh: true)) }
        if state.stack.contains(.jobs) { effects.append(.loadJobs) }
        if state.route == .job, let id = state.jobDetail?.summary.job.id { effects.append(.openJob(id, refresh: true)) }
        // Asked to quit while writing: once nothing is left to write, quit.
        if state.quitQuestion != nil { effects.append(.countRunningHere) }
        if let player = state.player, state.stack.contains(.player),
           player.content.story.status == .generating || player.content.nodes.contains(where: { $0.status != .ready }) {
            effects.append(.refreshStory(player.content.story.id!))
        }
        return effects
    case .imported(let title, let lines):
        state.library.importReport = (title, lines)
        state.notice = nil
        return [.loadLibrary]
    case .failed(let text):
        state.notice = text
        // A save that failed gives the wizard its keys back, to fix what was wrong.
        state.wizard?.saving = false
        return []
    }
}

private func handle(_ key: Key, _ state: inout AppState, now: Date) -> [Effect] {
    if key == .control("c") {
        state.quitting = true
        return [.quit]
    }
    if key == .resize { return [] }
    state.notice = nil
    if state.route == .library {
        if state.library.importReport != nil {
            state.library.importReport = nil
            return []
        }
        if state.library.importPath != nil { return typePath(key, &state) }
        if state.library.searching { return typeSearch(key, &state) }
        if let id = state.library.confirmingDelete {
            state.library.confirmingDelete = nil
            if key == .character("y") || key == .character("Y") { return [.deleteStory(id)] }
            state.notice = "Not deleted."
            return []
        }
    }
    if let effects = quitKey(key, &state) { return effects }
    switch state.route {
    case .wizard: return wizardKey(key, &state)
    case .storyForm: return storyFormKey(key, &state)
    case .templateForm: return templateFormKey(key, &state)
    case .templates: if let effects = templatesKey(key, &state) { return effects }
    case .heroes: if let effects = heroesKey(key, &state) { return effects }
    case .hero: if let effects = heroPageKey(key, &state) { return effects }
    case .jobs: if let effects = jobsKey(key, &state) { return effects }
    case .job: if let effects = jobDetailKey(key, &state) { return effects }
    default: break
    }
    guard let action = Action.forKey(key, in: state.route.scope) else { return [] }
    switch action {
    case .help:
        if state.route != .help {
            openHelp(&state)
        }
        return []
    case .quit:
        state.quitting = true
        return [.quit]
    case .back:
        // A search still narrowing the library is cleared first, as its line says.
        if state.route == .library, !state.library.search.isEmpty {
            state.library.search = ""
            state.library.list = ListState()
            return []
        }
        if state.stack.count <= 1 { return askToQuit(&state) }
        let left = state.stack.removeLast()
        switch left {
        case .player:
            state.player = nil
            return [.loadLibrary]
        case .hero:
            state.heroPage = nil
            return [.loadHeroes(archived: state.heroes.archived)]
        case .job:
            state.jobDetail = nil
            return [.loadJobs]
        default:
            return []
        }
    default:
        break
    }
    switch state.route {
    case .library: return library(action, &state)
    case .player: return player(action, &state, now: now)
    case .map: return map(action, &state, now: now)
    case .help: return help(action, &state)
    case .heroes: return heroes(action, &state)
    case .hero: return heroPage(action, &state)
    case .wizard: return []
    case .jobs: return jobs(action, &state)
    case .job: return jobDetail(action, &state)
    case .templates: return templates(action, &state)
    case .storyForm, .templateForm: return []
    }
}

// MARK: - Library

private func typeSearch(_ key: Key, _ state: inout AppState) -> [Effect] {
    switch key {
    case .enter:
        state.library.searching = false
    case .escape:
        state.library.search = ""
        state.library.searching = false
    case .backspace:
        if !state.library.search.isEmpty { state.library.search.removeLast() }
    case .character(let character):
        state.library.search.append(character)
    case .up, .down:
        state.library.searching = false
        return library(key == .up ? .up : .down, &state)
    default:
        break
    }
    state.library.list = ListState()
    return []
}

private func typePath(_ key: Key, _ state: inout AppState) -> [Effect] {
    switch key {
    case .enter:
        let path = state.library.importPath ?? ""
        state.library.importPath = nil
        guard !path.isEmpty else { return [] }
        state.notice = "Importing…"
        return [.importFile(path)]
    case .escape:
        state.library.importPath = nil
    case .backspace:
        if state.library.importPath?.isEmpty == false { state.library.importPath?.removeLast() }
    case .character(let character):
        state.library.importPath?.append(character)
    default:
        break
    }
    return []
}

private func library(_ action: Action, _ state: inout AppState) -> [Effect] {
    let visible = state.library.visible
    let page = max(1, state.size.height - 4)
    switch action {
    case .up: state.library.list.move(-1, count: visible.count)
    case .down: state.library.list.move(1, count: visible.count)
    case .pageUp: state.library.list.move(-page, count: visible.count)
    case .pageDown: state.library.list.move(page, count: visible.count)
    case .top: state.library.list.move(-visible.count, count: visible.count)
    case .bottom: state.library.list.move(visible.count, count: visible.count)
    case .open:
        guard visible.indices.contains(state.library.list.selected) else { return [] }
        return [.openStory(visible[state.library.list.selected].story.id!)]
    case .search:
        state.library.searching = true
    case .favourite:
        guard visible.indices.contains(state.library.list.selected) else { return [] }
        let story = visible[state.library.list.selected].story
        return [.setFavourite(story.id!, !story.isFavorite)]
    case .delete:
        guard visible.indices.contains(state.library.list.selected) else { return [] }
        state.library.confirmingDelete = visible[state.library.list.selected].story.id
    case .importFile:
        state.library.importPath = ""
    case .heroes:
        // The gallery opens on the active heroes, whatever was shown last time.
        state.stack.append(.heroes)
        state.heroes.archived = false
        return [.loadHeroes(archived: false)]
    case .jobs:
        state.stack.append(.jobs)
        return [.loadJobs]
    case .newStory:
        return [.openStoryForm(template: nil, hero: nil)]
    case .templates:
        state.stack.append(.templates)
        return [.loadTemplates]
    case .sort:
        let all = LibraryState.Sort.allCases
        state.library.sort = all[(all.firstIndex(of: state.library.sort)! + 1) % all.count]
        state.notice = "Sorted by \(state.library.sort.rawValue)."
    default:
        break
    }
    return []
}

// MARK: - Player

private func player(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
    if state.player?.reading != nil { return statefulPlayer(action, &state, now: now) }
    guard var player = state.player, let node = player.node else { return [] }
    let choices = player.choices
    var effects: [Effect] = []
    switch action {
    case .up:
        if choices.isEmpty { player.offset = max(0, player.offset - 1) } else { player.selected = max(0, player.selected - 1) }
    case .down:
        if choices.isEmpty { player.offset += 1 } else { player.selected = min(choices.count - 1, player.selected + 1) }
    case .pageUp: player.offset = max(0, player.offset - max(1, state.size.height / 2))
    case .pageDown: player.offset += max(1, state.size.height / 2)
    case .open:
        effects = choose(player.selected, &player, now: now, notice: &state.notice)
    case .stepBack:
        guard let earlier = try? player.playthrough.goingBack(at: now) else {
            state.notice = PlayError.atStart.description
            break
        }
        player.playthrough = earlier
        player.selected = 0
        player.offset = 0
        effects = [.savePlaythrough(earlier)]
    case .restart:
        player.playthrough = player.playthrough.restarted(at: now)
        player.selected = 0
        player.offset = 0
        let found = player.findEnding(at: now)
        effects = found.isEmpty ? [.savePlaythrough(player.playthrough)] : found
    case .map:
        state.map.list.selected = state.map.outline?.row(of: node.id!) ?? 0
        state.stack.append(.map)
        effects = pagesInView(state)
    default:
        if let number = action.choiceNumber {
            effects = choose(number - 1, &player, now: now, notice: &state.notice)
        }
    }
    state.player = player
    return effects + prioritizeIfPending(state) + pagesAhead(state)
}

/// In a story loaded in part, the pages the reader may reach within `pagesAhead` choices
/// are asked for once any of them is missing, so the next page is there before the key.
func pagesAhead(_ state: AppState) -> [Effect] {
    guard let player = state.player, player.content.isPartial, let storyId = player.content.story.id,
          let current = player.playthrough.currentNodeId else { return [] }
    var frontier = [current]
    for _ in 0..<PlayerState.pagesAhead {
        var next: [Int64] = []
        for id in frontier {
            guard player.content.node(id) != nil else { return [.loadPages(storyId: storyId, around: [current], depth: PlayerState.pagesAhead)] }
            next += player.content.choices(of: id).compactMap(\.targetNodeId)
        }
        frontier = next
    }
    return []
}

/// In a story loaded in part, the pages of the Map's rows near the selection.
func pagesInView(_ state: AppState) -> [Effect] {
    guard let player = state.player, player.content.isPartial, let storyId = player.content.story.id,
          let rows = state.map.outline?.rows, !rows.isEmpty else { return [] }
    let reach = max(1, state.size.height)
    let near = rows[max(0, state.map.list.selected - reach)..<min(rows.count, state.map.list.selected + reach)]
    let missing = near.map(\.nodeId).filter { player.content.node($0) == nil }
    return missing.isEmpty ? [] : [.loadPages(storyId: storyId, around: missing, depth: 0)]
}

private func choose(_ index: Int, _ player: inout PlayerState, now: Date, notice: inout String?) -> [Effect] {
    guard let node = player.node, node.status == .ready else { return [] }
    do {
        try player.playthrough.choose(number: index + 1, in: player.content, at: now)
    } catch .leadsNowhere where player.content.isPartial && player.choices[index].targetNodeId != nil {
        // In a story loaded in part the page may not be here yet: it is on its way.
        notice = "Turning the page… (press \(index + 1) again in a moment)"
        return []
    } catch {
        // An ending offers nothing to choose: a number there is no news.
        if !node.isEnding { notice = error.description }
        return []
    }
    if let ending = player.playthrough.endingNodeId { player.endingsFound.insert(ending) }
    player.selected = 0
    player.offset = 0
    return [.savePlaythrough(player.playthrough)]
}

/// The Player on a story that runs with its state: choices, back and restart go through
/// the reading; the map shows where the reader has been but does not jump.
private func statefulPlayer(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
    guard var player = state.player, var reading = player.reading else { return [] }
    let count = reading.view.choices.count
    var outcome: StatefulReading.Outcome?
    switch action {
    case .up:
        if count == 0 { player.offset = max(0, player.offset - 1) } else { player.selected = max(0, player.selected - 1) }
    case .down:
        if count == 0 { player.offset += 1 } else { player.selected = min(count - 1, player.selected + 1) }
    case .pageUp: player.offset = max(0, player.offset - max(1, state.size.height / 2))
    case .pageDown: player.offset += max(1, state.size.height / 2)
    case .open: outcome = reading.choose(player.selected)
    case .stepBack: outcome = reading.back()
    case .restart:
        reading.restart()
        outcome = .moved
    case .map:
        state.map.list.selected = player.node.flatMap { state.map.outline?.row(of: $0.id!) } ?? 0
        state.stack.append(.map)
    default:
        if let number = action.choiceNumber { outcome = number <= count ? reading.choose(number - 1) : .noSuchChoice }
    }
    var effects: [Effect] = []
    switch outcome {
    case .moved?:
        player.reading = reading
        player.selected = 0
        player.offset = 0
        effects = player.followReading(at: now)
    case .noSuchChoice? where action.choiceNumber == nil, nil: break  // Enter on a page with nothing to take.
    case let refused?: state.notice = refused.refusal(number: action.choiceNumber ?? player.selected + 1)?.description
    }
    state.player = player
    return effects
}

extension PlayerState {
    /// The playthrough brought to where the reading is (its path, its ending), to be saved
    /// with the reading's pages.
    mutating func followReading(at now: Date) -> [Effect] {
        guard let reading else { return [] }
        reading.update(&playthrough, content: content, at: now)
        if let ending = playthrough.endingNodeId { endingsFound.insert(ending) }
        return [.saveReading(playthrough, reading.steps)]
    }
}

/// A reader on a page not yet written asks the engine for it.
private func prioritizeIfPending(_ state: AppState) -> [Effect] {
    guard let player = state.player, let node = player.node, let storyId = player.content.story.id else { return [] }
    let waiting = node.status != .ready || player.choices.contains { choice in
        choice.targetNodeId.flatMap(player.content.node).map { $0.status != .ready } ?? false
    }
    return waiting ? [.prioritize(storyId: storyId, nodeId: node.id!)] : []
}

// MARK: - Map and help

private func map(_ action: Action, _ state: inout AppState, now: Date) -> [Effect] {
    let count = state.map.outline?.rows.count ?? 0
    let page = max(1, state.size.height - 4)
    switch action {
    case .up: state.map.list.move(-1, count: count)
    case .down: state.map.list.move(1, count: count)
    case .pageUp: state.map.list.move(-page, count: count)
    case .pageDown: state.map.list.move(page, count: count)
    case .top: state.map.list.move(-count, count: count)
    case .bottom: state.map.list.move(count, count: count)
    case .open:
        guard let outline = state.map.outline, outline.rows.indices.contains(state.map.list.selected),
              var player = state.player
        else { return [] }
        let target = outline.rows[state.map.list.selected].nodeId
        guard player.reading == nil else {
            state.notice = "In this story the pages depend on the way you came: go back with b."
            return []
        }
        guard let step = player.playthrough.path.lastIndex(of: target) else {
            state.notice = "Only pages on your path can be jumped to; choose your way there."
            return []
        }
        guard let moved = try? player.playthrough.goingBack(to: step, at: now) else { return [] }
        player.playthrough = moved
        player.selected = 0
        player.offset = 0
        state.player = player
        state.stack.removeLast()
        return [.savePlaythrough(moved)] + pagesAhead(state)
    default:
        break
    }
    return pagesInView(state)
}

private func help(_ action: Action, _ state: inout AppState) -> [Effect] {
    switch action {
    case .up: state.helpOffset = max(0, state.helpOffset - 1)
    case .down: state.helpOffset += 1
    case .pageUp: state.helpOffset = max(0, state.helpOffset - max(1, state.size.height - 4))
    case .pageDown: state.helpOffset += max(1, state.size.height - 4)
    case .top: state.helpOffset = 0
    default: break
    }
    return []
}

/// Shows the help of the screen on top, from its first line.
func openHelp(_ state: inout AppState) {
    state.helpOffset = 0
    state.stack.append(.help)
}

extension PlayerState {
    /// The page the reader is on, when it is an ending not counted yet, is counted now (a
    /// story that ends where it starts, an ending written while the reader waited).
    mutating func findEnding(at now: Date) -> [Effect] {
        guard let node, playthrough.finish(on: node, at: now) else { return [] }
        endingsFound.insert(node.id!)
        return [.savePlaythrough(playthrough)]
    }
}
