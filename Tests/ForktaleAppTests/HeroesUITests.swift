import Foundation
@testable import ForktaleApp
import StoryCore
import StoryStore
import TerminalUI
import Testing

let maker = try! HeroMaker.bundled()

func heroSummary(_ id: Int64, _ name: String, stories: Int = 0, archived: Bool = false) -> HeroSummary {
    var hero = Hero(id: id, profileId: 1, name: name, pronouns: .she, primaryTrait: .brave, secondaryTrait: .curious,
                    visualProfile: VisualProfile().filled(seed: UInt64(id)))
    hero.isActive = !archived
    var avatar = maker.avatar(for: hero, seed: id)
    avatar.id = id * 10
    avatar.isPrimary = true
    return HeroSummary(hero: hero, primaryAvatar: avatar, storyCount: stories)
}

/// A state showing the gallery with `count` heroes.
func gallery(_ count: Int, size: Size = Size(width: 80, height: 24)) -> AppState {
    var state = AppState(size: size, profileId: 1, colors: .none)
    _ = state.press(.character("h"))
    let names = ["Ari", "Bo", "Cleo", "Dev", "Esme", "Finn", "Gus", "Hana"]
    _ = update(&state, .heroesLoaded((0..<count).map { heroSummary(Int64($0 + 1), names[$0 % names.count], stories: $0) }, archived: false))
    return state
}

/// A state with the wizard open for a new hero.
func wizard(size: Size = Size(width: 80, height: 24), editing: Hero? = nil) -> AppState {
    var state = AppState(size: size, profileId: 1, colors: .none)
    _ = update(&state, .wizardOpened(HeroWizard(editing: editing, profileId: 1, seed: 11, maker: maker)))
    return state
}

extension AppState {
    mutating func type(_ text: String) {
        for character in text { _ = press(.character(character)) }
    }
}

@Suite("The hero wizard, by messages")
struct WizardTests {
    @Test("a valid path: name, pronouns, traits, look, clothes, review, saved")
    func validPath() {
        var state = wizard()
        state.type("Zara")
        _ = state.press(.tab, .right, .right)  // they → their own → she
        #expect(state.wizard?.hero.pronouns == .she)
        _ = state.press(.enter)
        #expect(state.wizard?.step == 1)
        _ = state.press(.character("c"))  // main trait: the next starting with c
        #expect(state.wizard?.hero.primaryTrait == .curious)
        _ = state.press(.tab, .tab)
        state.type("finds lost things")
        _ = state.press(.enter)
        let before = state.wizard!.portrait
        _ = state.press(.right)  // the next hair colour
        #expect(state.wizard!.portrait != before, "the preview follows the look")
        _ = state.press(.character("r"))
        #expect(state.wizard?.hero.visualProfile.hairColor == "red")
        _ = state.press(.enter, .tab, .tab, .character(" "))  // first feature: glasses
        #expect(state.wizard?.hero.visualProfile.distinctiveFeatures == ["glasses"])
        _ = state.press(.enter)
        #expect(state.wizard?.step == 4)
        #expect(render(state).text.contains("Enter creates Zara"))
        let effects = state.press(.enter)
        guard case .saveHero(let hero, let seed)? = effects.first else {
            Issue.record("not saved: \(effects)")
            return
        }
        #expect(hero.name == "Zara" && hero.specialAbility == "finds lost things" && seed == 11)
        #expect(hero.id == nil && state.route == .wizard, "nothing stored until the save comes back")
        #expect(state.press(.enter).isEmpty && state.wizard?.step == 4, "a second Enter while saving saves nothing more")
        // A save that fails leaves the wizard as it was, its keys back, to try again.
        _ = update(&state, .failed("database is locked"))
        #expect(state.route == .wizard && render(state).text.contains("database is locked"))
        #expect(state.press(.enter) == [.saveHero(hero, seed: 11)])
        var saved = hero
        saved.id = 7
        let next = update(&state, .heroSaved(HeroPageState(hero: saved, avatars: [], stories: [])))
        // Straight to the new hero's page: no frame of the gallery from before the save.
        #expect(state.route == .hero && state.heroPage?.hero.id == 7 && state.stack.dropLast().last == .library)
        #expect(next == [.loadHeroes(archived: false)] && state.wizard == nil)
        #expect(render(state).text.contains("Welcome Zara!"))
    }

    @Test("the ability field says what to type; the hero is saved with it as a verb phrase, when new and when edited")
    func abilityAsVerbPhrase() throws {
        var state = wizard()
        state.type("Nova")
        _ = state.press(.enter, .tab, .tab)  // step 2: the ability
        #expect(state.wizard?.focusedField == .ability)
        #expect(render(state).text.contains("What can they do? Such as \"talk to owls\""))
        state.type("Talking to owls.")
        _ = state.press(.enter, .enter, .enter)
        #expect(state.wizard?.step == 4)
        #expect(render(state).text.contains("Special ability: talk to owls"), "the review shows it as it will be stored")
        guard case .saveHero(var draft, let seed)? = state.press(.enter).first else {
            Issue.record("not saved")
            return
        }
        let store = try AppDatabase.inMemory()
        _ = try store.prepareFirstRun(samples: [])
        draft.profileId = try #require(try store.defaultProfile()).id!
        guard case .heroSaved(let page)? = try Interface.run(.saveHero(draft, seed: seed), store: store, profileId: draft.profileId) else {
            Issue.record("not saved")
            return
        }
        #expect(page.hero.specialAbility == "talk to owls")
        // A hero stored before, with a third-person ability, is kept the new way when edited.
        var edited = page.hero
        edited.specialAbility = "makes things glow"
        guard case .heroSaved(let again)? = try Interface.run(.saveHero(edited, seed: seed), store: store, profileId: draft.profileId) else {
            Issue.record("not saved")
            return
        }
        #expect(again.hero.specialAbility == "make things glow", "the page shows what was stored")
        #expect(try store.hero(id: try #require(edited.id))?.specialAbility == "make things glow")
    }

    @Test("a long ability in wide characters keeps its end and the cursor in view")
    func wideText() {
        var state = wizard(size: Size(width: 60, height: 24))
        state.type("Io")
        _ = state.press(.enter, .tab, .tab)  // step 2: the ability
        state.type(String(repeating: "龍が空を飛ぶ", count: 8))
        let line = render(state).lines().first { $0.contains("Special ability") } ?? ""
        #expect(line.contains("…") && line.contains("飛ぶ▏"), "\(line)")
        #expect(TerminalText.width(line) <= 60)
    }

    @Test("in a small window a step scrolls to the field and the option being changed")
    func smallWindow() {
        var state = wizard(size: Size(width: 40, height: 10))
        state.type("Io")
        _ = state.press(.enter, .enter, .enter)  // to step 4: clothes, colours, features
        #expect(state.wizard?.step == 3)
        _ = state.press(.tab, .tab, .right, .right, .character(" "))
        let text = render(state).text
        #expect(state.wizard?.focusedField == .features && state.wizard?.hero.visualProfile.distinctiveFeatures.count == 1)
        #expect(text.contains("[x]") && text.contains("↑"), "the ticked feature is in view:\n\(text)")
    }

    @Test("each wrong field keeps the step, with the message beside the field")
    func invalidFields() {
        var state = wizard(size: Size(width: 140, height: 30))
        _ = state.press(.enter)
        #expect(state.wizard?.step == 0)
        #expect(render(state).text.contains("Name must not be empty"))
        state.type(String(repeating: "x", count: 51))
        #expect(render(state).text.contains("at most 50"))
        for _ in 0..<51 { _ = state.press(.backspace) }
        state.type("Bo")
        _ = state.press(.tab, .right)  // their own, not yet typed
        _ = state.press(.enter)
        #expect(state.wizard?.step == 0 && state.wizard?.focusedField == .ownPronouns)
        #expect(render(state).text.contains("Type their pronouns"))
        state.type("xe")
        _ = state.press(.enter)
        #expect(state.wizard?.step == 0 && render(state).text.contains("subject/object/possessive"), "one form is not enough")
        state.type("/xem/xyr")
        _ = state.press(.enter)
        #expect(state.wizard?.step == 1)
        _ = state.press(.tab, .character("b"))  // second trait brave, like the first
        _ = state.press(.enter)
        #expect(state.wizard?.step == 1)
        #expect(render(state).text.contains("must differ"))
        _ = state.press(.character("k"))
        _ = state.press(.tab)
        state.type("kills monsters")
        _ = state.press(.enter)
        #expect(state.wizard?.step == 1 && render(state).text.contains("not for children"))
        for _ in 0..<14 { _ = state.press(.backspace) }
        _ = state.press(.enter)
        #expect(state.wizard?.step == 2)
    }

    @Test("at most four features: a fifth is not taken")
    func featureLimit() {
        var state = wizard()
        state.type("Bo")
        _ = state.press(.enter, .enter, .enter, .tab, .tab)
        #expect(state.wizard?.focusedField == .features)
        for _ in 0..<6 { _ = state.press(.character(" "), .right) }
        #expect(state.wizard?.hero.visualProfile.distinctiveFeatures.count == 4)
    }

    @Test("Esc goes back a step, and from the first leaves without saving")
    func escape() {
        var state = gallery(1)
        _ = update(&state, .wizardOpened(HeroWizard(editing: nil, profileId: 1, seed: 3, maker: maker)))
        state.type("Bo")
        _ = state.press(.enter)
        #expect(state.wizard?.step == 1)
        _ = state.press(.escape)
        #expect(state.wizard?.step == 0 && state.wizard?.hero.name == "Bo", "what was typed stays")
        let effects = state.press(.escape)
        #expect(effects.isEmpty && state.route == .heroes && state.wizard == nil && state.notice == "Nothing saved.")
    }

    @Test("editing fills the wizard in and saves the same hero")
    func edit() {
        let hero = heroSummary(5, "Cleo").hero
        var state = wizard(editing: hero)
        #expect(state.wizard?.editing == true && state.wizard?.value(of: .name) == "Cleo")
        #expect(render(state).text.contains("Edit Cleo"))
        _ = state.press(.backspace)
        state.type("a")
        _ = state.press(.enter, .enter, .enter, .enter)
        guard case .saveHero(let saved, _)? = state.press(.enter).first else {
            Issue.record("not saved")
            return
        }
        #expect(saved.id == 5 && saved.name == "Clea" && saved.visualProfile == hero.visualProfile)
    }

    @Test("? on a list and F1 anywhere open help for the wizard's keys; ? in a text field is typed")
    func help() {
        var state = wizard()
        state.type("Who?")
        #expect(state.wizard?.hero.name == "Who?" && state.route == .wizard)
        _ = state.press(.function(1))
        #expect(state.route == .help)
        #expect(render(state).text.contains("Next step (on the last step: save)"))
        _ = state.press(.escape)
        _ = state.press(.tab, .character("?"))
        #expect(state.route == .help)
    }
}

@Suite("The hero gallery and page, by messages")
struct GalleryTests {
    @Test("h opens the gallery; arrows move across and down the grid; Enter opens the hero")
    func navigate() {
        var state = gallery(5, size: Size(width: 100, height: 30))
        #expect(state.route == .heroes)
        let columns = galleryColumns(width: 100)
        #expect(columns == 4)
        _ = state.press(.right)
        #expect(state.heroes.selected == 1)
        _ = state.press(.down)
        #expect(state.heroes.selected == 4, "down a row of four, to the last card")
        _ = state.press(.down)
        #expect(state.heroes.selected == 4)
        #expect(state.press(.enter) == [.openHero(5)])
    }

    @Test("a name longer than its card is cut with a space kept before the border")
    func longName() {
        var state = AppState(size: Size(width: 80, height: 24), profileId: 1, colors: .none)
        _ = state.press(.character("h"))
        _ = update(&state, .heroesLoaded([heroSummary(1, String(repeating: "W", count: 30)), heroSummary(2, String(repeating: "龍", count: 15))],
                                         archived: false))
        let names = render(state).lines().filter { $0.contains("…") && $0.contains("│") }
        #expect(names.count == 1 && names[0].contains("W… │") && names[0].contains("龍… "), "\(names)")
    }

    @Test("x asks, y archives; v shows the archived heroes, where x restores")
    func archive() {
        var state = gallery(2)
        _ = state.press(.character("x"))
        #expect(render(state).text.contains("Archive Ari?"))
        #expect(state.press(.character("n")).isEmpty && state.notice == "Not archived.")
        _ = state.press(.character("x"))
        #expect(state.press(.character("y")) == [.archiveHero(1, true)])
        #expect(state.press(.character("v")) == [.loadHeroes(archived: true)])
        _ = update(&state, .heroesLoaded([heroSummary(1, "Ari", archived: true)], archived: true))
        #expect(render(state).text.contains("Heroes · archived"))
        _ = state.press(.character("x"))
        #expect(state.press(.character("y")) == [.archiveHero(1, false)])
        // Left and opened again: the active heroes, not the archived ones.
        _ = state.press(.character("q"))
        #expect(state.press(.character("h")) == [.loadHeroes(archived: false)] && !state.heroes.archived)
    }

    @Test("on a hero's page: portraits chosen with arrows, a adds, p makes main, w writes a story, e edits")
    func page() {
        var state = gallery(1)
        let summary = heroSummary(1, "Ari")
        var second = maker.avatar(for: summary.hero, seed: 99)
        second.id = 11
        _ = update(&state, .heroLoaded(HeroPageState(hero: summary.hero, avatars: [summary.primaryAvatar!, second], stories: [])))
        #expect(state.route == .hero)
        #expect(render(state).text.contains("None yet: w writes one."))
        _ = state.press(.right)
        #expect(state.press(.character("p")) == [.setPrimaryAvatar(id: 11, heroId: 1)])
        #expect(state.press(.character("a")) == [.addAvatar(heroId: 1)])
        #expect(state.press(.character("w")) == [.openStoryForm(template: nil, hero: 1)])
        #expect(state.press(.character("e")) == [.openWizard(editing: summary.hero)])
        // A portrait added: the page shows it selected.
        var third = maker.avatar(for: summary.hero, seed: 5)
        third.id = 12
        _ = update(&state, .heroLoaded(HeroPageState(hero: summary.hero, avatars: [summary.primaryAvatar!, second, third], stories: []),
                                       refresh: true))
        #expect(state.heroPage?.selectedAvatar == 2 && state.stack == [.library, .heroes, .hero])
        #expect(state.press(.character("q")) == [.loadHeroes(archived: false)] && state.route == .heroes)
        // A refresh asked for before leaving, arriving after: the page stays closed.
        _ = update(&state, .heroLoaded(HeroPageState(hero: summary.hero, avatars: [summary.primaryAvatar!], stories: []), refresh: true))
        #expect(state.route == .heroes && state.heroPage == nil)
    }

    @Test("a story written from a hero's page opens with o, over the page, even when the page is refreshed meanwhile")
    func writeFromThePage() {
        var state = gallery(1)
        let summary = heroSummary(1, "Ari")
        let page = HeroPageState(hero: summary.hero, avatars: [summary.primaryAvatar!], stories: [])
        _ = update(&state, .heroLoaded(page))
        _ = update(&state, .storyFormOpened(StoryFormState(templates: [], heroes: [summary.hero], check: briefCheck, template: nil,
                                                           hero: 1, seed: 1, modelServer: nil)))
        _ = update(&state, .storiesQueued([7]))
        #expect(state.press(.character("o")) == [.openJobStory(7)])
        let content = sampleContent()
        _ = update(&state, .storyLoaded(content, Playthrough.begin(profileId: 1, storyId: 1, root: 10, at: clock),
                                        endingsFound: [], outline: Outline(content)))
        // The page's refresh, asked for by the store's change before o, comes back now.
        _ = update(&state, .heroLoaded(page, refresh: true))
        #expect(state.route == .player && state.stack == [.library, .heroes, .hero, .player])
        _ = state.press(.character("q"))
        #expect(state.route == .hero && render(state).text.contains("Ari"))
    }

    @Test("the grid reflows with the width and every card fits", arguments: [30, 45, 80, 120, 200])
    func reflow(width: Int) {
        let state = gallery(8, size: Size(width: width, height: 30))
        let lines = render(state).lines()
        let columns = galleryColumns(width: width)
        let names = ["Ari", "Bo", "Cleo", "Dev", "Esme", "Finn", "Gus", "Hana"]
        let shown = names.filter { name in lines.contains { $0.contains("│ \(name) ") } }
        #expect(shown.count == min(8, columns * 2), "\(width) columns: \(shown)")
        let firstRow = lines.first { $0.contains("│ Ari ") } ?? ""
        #expect(names.prefix(columns).allSatisfy { firstRow.contains("│ \($0) ") }, "row one at \(width): \(firstRow)")
    }

    @Test("an empty gallery says how to start")
    func empty() {
        var state = AppState(size: Size(width: 80, height: 24), profileId: 1)
        _ = state.press(.character("h"))
        _ = update(&state, .heroesLoaded([], archived: false))
        #expect(render(state).text.contains("Press n to create your first hero"))
    }

    @Test("the heroes' screens draw at every size without going outside the window")
    func everySize() {
        for width in stride(from: 30, through: 130, by: 7) {
            for height in stride(from: 8, through: 40, by: 4) {
                let size = Size(width: width, height: height)
                var state = gallery(6, size: size)
                #expect(render(state).size == size)
                let summary = heroSummary(1, "Ari")
                _ = update(&state, .heroLoaded(HeroPageState(hero: summary.hero, avatars: [summary.primaryAvatar!], stories: [])))
                #expect(render(state).size == size)
                var steps = wizard(size: size)
                steps.type("Zed")
                for _ in 0..<5 {
                    #expect(render(steps).size == size)
                    _ = steps.press(.enter)
                }
            }
        }
    }
}
