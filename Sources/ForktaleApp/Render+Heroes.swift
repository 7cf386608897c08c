import Foundation
import StoryCore
import StoryStore
import TerminalUI

// MARK: - The gallery

func renderHeroes(_ state: AppState, into screen: inout Screen, in area: Rect) {
    let gallery = state.heroes
    guard gallery.loaded else {
        screen.put("Opening the gallery…", x: area.x + 2, y: area.y + 1, limit: area.maxX)
        return
    }
    guard !gallery.heroes.isEmpty else {
        let lines = gallery.archived
            ? ["No archived heroes.", "", "v shows the active ones again."]
            : ["No heroes yet.", "",
               "Press n to create your first hero: a name, two traits, and a look of their own. Heroes star in the stories Forktale writes."]
        let width = readingWidth(area)
        let wrapped = lines.flatMap { TerminalText.wrap($0, width: width) }
        Widgets.text(wrapped, into: &screen, in: area.centred(width: width, height: wrapped.count))
        return
    }
    let columns = galleryColumns(width: area.width)
    let cardHeight = min(HeroCard.height, area.height)
    let rowsShown = max(1, area.height / cardHeight)
    let selectedRow = gallery.selected / columns
    let firstRow = selectedRow / rowsShown * rowsShown
    let gridWidth = columns * (HeroCard.width + 1) - 1
    let left = area.x + max(0, (area.width - gridWidth) / 2)
    for (index, summary) in gallery.heroes.enumerated() {
        let row = index / columns - firstRow
        guard row >= 0, row < rowsShown else { continue }
        let card = Rect(
            x: left + index % columns * (HeroCard.width + 1), y: area.y + row * cardHeight,
            width: min(HeroCard.width, area.maxX - left), height: cardHeight)
        renderCard(summary, selected: index == gallery.selected, depth: state.colors, into: &screen, in: card)
    }
    if let id = gallery.confirmingArchive, let hero = gallery.heroes.first(where: { $0.hero.id == id })?.hero {
        let name = TerminalText.safe(hero.name)
        Widgets.dialog(
            title: gallery.archived ? "Restore \(name)?" : "Archive \(name)?",
            lines: gallery.archived
                ? ["\(name) comes back to the gallery and can star in new stories.", "", "y restore · any other key keeps them archived"]
                : ["\(name) leaves the gallery; their stories and portraits stay, and v shows archived heroes.", "",
                   "y archive · any other key keeps them"],
            into: &screen, in: area)
    }
}

/// One hero's card: their primary portrait, name, traits and number of stories.
private func renderCard(_ summary: HeroSummary, selected: Bool, depth: ColorDepth, into screen: inout Screen, in card: Rect) {
    let hero = summary.hero
    Widgets.border(style: selected ? Palette.selected : Palette.waiting, into: &screen, in: card)
    let inside = card.inset(dx: 1, dy: 1)
    guard !inside.isEmpty else { return }
    let text = [
        TerminalText.safe(hero.name),
        "\(hero.primaryTrait.rawValue) · \(hero.secondaryTrait.rawValue)",
        summary.storyCount == 1 ? "1 story" : "\(summary.storyCount) stories",
    ]
    let (art, lines) = inside.splitBottom(min(text.count, inside.height))
    Portrait.draw(
        summary.primaryAvatar?.portrait, profile: hero.visualProfile, seed: summary.primaryAvatar?.seed ?? 0,
        into: &screen, in: art, depth: depth)
    for (row, line) in text.prefix(lines.height).enumerated() {
        let style = row == 0 ? (selected ? Palette.selected : Style(bold: true)) : row == 1 ? .plain : Palette.waiting
        // A column of space on each side, however long the name.
        screen.put(TerminalText.truncate(line, toWidth: lines.width - 2), x: lines.x + 1, y: lines.y + row, style: style, limit: lines.maxX - 1)
    }
}

// MARK: - A hero's page

func renderHeroPage(_ state: AppState, into screen: inout Screen, in area: Rect) {
    guard let page = state.heroPage else { return }
    let hero = page.hero
    let name = TerminalText.safe(hero.name)
    var area = area.inset(dx: 1)
    // The portraits in a row; the selected one is marked under it, the main one with a star.
    // Portraits only where there is room for a face and the details below it.
    let portraitRows = min(Portrait.size.height, max(0, area.height - 8))
    if portraitRows >= 4 {
        let (strip, rest) = area.splitTop(portraitRows + 1)
        area = rest
        let slot = Portrait.size.width + 2
        let fit = max(1, strip.width / slot)
        let first = max(0, page.selectedAvatar - fit + 1)
        for (place, index) in (first..<min(page.avatars.count, first + fit)).enumerated() {
            let avatar = page.avatars[index]
            let box = Rect(x: strip.x + place * slot, y: strip.y, width: Portrait.size.width, height: portraitRows)
            Portrait.draw(avatar.portrait, profile: hero.visualProfile, seed: avatar.seed, into: &screen, in: box, depth: state.colors)
            let mark = (index == page.selectedAvatar ? "▲ " : "  ") + (avatar.isPrimary ? "★ main" : "")
            screen.put(mark, x: box.x + 1, y: strip.maxY - 1, style: index == page.selectedAvatar ? Palette.selected : Palette.waiting, limit: box.maxX)
        }
    }
    let look = hero.visualProfile
    var lines = [
        "\(name) · \(TerminalText.safe(hero.pronouns.description)) · \(hero.primaryTrait.rawValue), \(hero.secondaryTrait.rawValue)"
            + (hero.isActive ? "" : " · archived"),
        "Looks: \(look.hairColor) \(look.hairStyle) hair, \(look.eyeColor) eyes, \(look.skinTone) skin, \(look.clothingStyle)"
            + (look.colorPalette.isEmpty ? "" : " in \(look.colorPalette.joined(separator: " and "))")
            + (look.distinctiveFeatures.isEmpty ? "" : "; \(look.distinctiveFeatures.joined(separator: ", "))"),
    ]
    if !hero.specialAbility.isEmpty { lines.append("Special ability: " + TerminalText.safe(hero.specialAbility)) }
    if !hero.appearance.isEmpty { lines.append("In words: " + TerminalText.safe(hero.appearance)) }
    let wrapped = lines.flatMap { TerminalText.wrap($0, width: max(1, area.width)) }
    let (details, rest) = area.splitTop(min(wrapped.count, area.height))
    Widgets.text(wrapped, into: &screen, in: details)
    screen.put("Stories starring \(name)", x: rest.x, y: rest.y + 1, style: Palette.header, limit: rest.maxX)
    let list = rest.splitTop(min(2, rest.height)).rest
    if page.stories.isEmpty {
        screen.put(hero.isActive ? "None yet: w writes one." : "None.", x: list.x, y: list.y, style: Palette.waiting, limit: list.maxX)
    } else {
        var listState = page.list
        Widgets.list(count: page.stories.count, state: &listState, into: &screen, in: list) { index in
            let story = page.stories[index]
            let title = story.title.isEmpty ? "(being written)" : TerminalText.safe(story.title)
            return ("\(title)  · \(story.status.rawValue)", story.status == .generating ? Palette.waiting : .plain)
        }
    }
    if page.confirmingArchive {
        Widgets.dialog(
            title: hero.isActive ? "Archive \(name)?" : "Restore \(name)?",
            lines: hero.isActive
                ? ["\(name) leaves the gallery; their stories and portraits stay.", "", "y archive · any other key keeps them"]
                : ["\(name) comes back to the gallery.", "", "y restore · any other key keeps them archived"],
            into: &screen, in: area)
    }
}

// MARK: - The wizard

func renderWizard(_ state: AppState, into screen: inout Screen, in area: Rect) {
    guard let wizard = state.wizard else { return }
    let step = HeroWizard.steps[wizard.step]
    var area = area.inset(dx: 1)
    let showPreview = area.width >= 60 && area.height >= Portrait.size.height + 2
    if showPreview {
        let (fields, preview) = (Rect(x: area.x, y: area.y, width: area.width - Portrait.size.width - 3, height: area.height),
                                 Rect(x: area.maxX - Portrait.size.width - 1, y: area.y + 1, width: Portrait.size.width, height: Portrait.size.height))
        Portrait.draw(wizard.portrait, profile: wizard.hero.visualProfile, seed: wizard.seed, into: &screen, in: preview, depth: state.colors)
        area = fields
    }
    screen.put("Step \(wizard.step + 1) of \(HeroWizard.steps.count): \(step.title)", x: area.x, y: area.y, style: Style(bold: true), limit: area.maxX)
    area = area.splitTop(min(2, area.height)).rest
    guard wizard.step < HeroWizard.steps.count - 1 else {
        renderReview(wizard, into: &screen, in: area)
        return
    }
    Widgets.scrolled(into: &screen, in: area) { screen, area in
        drawWizardFields(wizard, into: &screen, in: area)
    }
}

/// A step's fields, from the top of `area`.
private func drawWizardFields(_ wizard: HeroWizard, into screen: inout Screen, in area: Rect) -> Widgets.Drawn {
    let labelWidth = 16
    let problems = wizard.problems
    var y = area.y
    var keep = 0..<1
    for (index, field) in wizard.fields.enumerated() where y < area.maxY {
        let focused = index == wizard.focus
        let top = y
        var highlightedRow: Int?
        screen.put(TerminalText.pad(field.label, toWidth: labelWidth - 1), x: area.x, y: y, style: focused ? Palette.selected : .plain, limit: area.maxX)
        let valueX = area.x + labelWidth
        let room = max(1, area.maxX - valueX)
        switch field.kind {
        case .text:
            let text = TerminalText.safe(wizard.value(of: field))
            screen.put(TerminalText.tail(text, toWidth: room - 1) + (focused ? "▏" : ""), x: valueX, y: y, style: .bold, limit: area.maxX)
        case .choice:
            screen.put(focused ? "‹ \(wizard.value(of: field)) ›" : wizard.value(of: field), x: valueX, y: y, style: .bold, limit: area.maxX)
        case .several(let options, let limit):
            // Every option, the chosen ones ticked, wrapped under the label.
            let chosen = wizard.chosen(in: field)
            screen.put("\(chosen.count) of up to \(limit)", x: valueX, y: y, style: Palette.waiting, limit: area.maxX)
            var x = valueX
            y += 1
            for (place, option) in options.enumerated() {
                let item = (chosen.contains(option) ? "[x] " : "[ ] ") + option
                let width = TerminalText.width(item)
                if x + width > area.maxX, x > valueX {
                    x = valueX
                    y += 1
                }
                guard y < area.maxY else { break }
                let highlighted = focused && place == wizard.highlighted(in: field)
                if highlighted { highlightedRow = y }
                screen.put(item, x: x, y: y, style: highlighted ? Palette.selected : .plain, limit: area.maxX)
                x += width + 2
            }
        }
        y += 1
        // A problem with the field, else what to type in it.
        if let note = problems[field] ?? field.hint, y < area.maxY {
            let style = problems[field] == nil ? Palette.waiting : Palette.problem
            for line in TerminalText.wrap(note, width: max(1, area.maxX - valueX)) where y < area.maxY {
                screen.put(line, x: valueX, y: y, style: style, limit: area.maxX)
                y += 1
            }
        }
        // A field of options: down to the highlighted one.
        if focused { keep = top - area.y..<(highlightedRow.map { $0 + 1 } ?? y) - area.y }
        y += 1
    }
    return Widgets.Drawn(rows: y - area.y, keep: keep)
}

/// The last step: everything chosen, to confirm.
private func renderReview(_ wizard: HeroWizard, into screen: inout Screen, in area: Rect) {
    let hero = wizard.hero
    let look = hero.visualProfile
    let ability: String = AbilityPhrase(hero.specialAbility).map { TerminalText.safe($0.base) } ?? "-"
    var lines = [
        "\(TerminalText.safe(hero.name.trimmingWhitespace())) (\(TerminalText.safe(hero.pronouns.description)))",
        "Traits: \(hero.primaryTrait.rawValue), \(hero.secondaryTrait.rawValue)",
        // As it will be stored: "talking to owls" shows as "talk to owls".
        "Special ability: " + ability,
        "Hair: \(look.hairColor), \(look.hairStyle) · Eyes: \(look.eyeColor) · Skin: \(look.skinTone)",
        "Clothes: \(look.clothingStyle)" + (look.colorPalette.isEmpty ? "" : " in \(look.colorPalette.joined(separator: ", "))"),
        "Features: " + (look.distinctiveFeatures.isEmpty ? "-" : look.distinctiveFeatures.joined(separator: ", ")),
    ]
    if !hero.appearance.isEmpty { lines.append("In words: " + TerminalText.safe(hero.appearance)) }
    lines += ["", wizard.editing ? "Enter saves the changes · Esc goes back" : "Enter creates \(TerminalText.safe(hero.name.trimmingWhitespace())) · Esc goes back"]
    Widgets.text(lines.flatMap { TerminalText.wrap($0, width: max(1, area.width)) }, into: &screen, in: area)
}
