import Foundation
@testable import ForktaleApp
import StoryCore
import StoryEngine
import StoryStore
import TerminalUI
import Testing

let briefCheck = try! BriefCheck.bundled()
let shipped = try! TemplateLibrary.bundled().enumerated().map { index, template in
    var template = template
    template.id = Int64(index + 1)
    return template
}

func storyForm(template: Int64? = nil, hero: Int64? = nil) -> AppState {
    var state = AppState(size: Size(width: 100, height: 30), profileId: 1)
    #expect(state.press(.character("n")) == [.openStoryForm(template: nil, hero: nil)])
    let heroes = [heroSummary(1, "Ari").hero]
    _ = update(&state, .storyFormOpened(StoryFormState(templates: shipped, heroes: heroes, check: briefCheck, template: template, hero: hero, seed: 40)))
    return state
}

@Suite("The New story form and templates, by messages")
struct StoryFormTests {
    @Test("in a small window the form scrolls to the field being changed, and marks what is hidden")
    func smallWindow() {
        var state = storyForm()
        _ = update(&state, .resized(Size(width: 40, height: 10)))
        var text = render(state).text
        #expect(text.contains("Theme or") && !text.contains("How many") && text.contains("↓") && !text.contains("↑"))
        _ = state.press(.tab, .tab, .tab, .tab, .tab, .tab, .tab, .right)
        text = render(state).text
        #expect(state.storyForm?.form["count"] == "2")
        #expect(text.contains("How many") && text.contains("‹ 2 ›") && text.contains("↑"), "\(text)")
        _ = state.press(.backTab, .backTab, .backTab, .backTab, .backTab, .backTab, .backTab)
        text = render(state).text
        #expect(text.contains("Theme or") && !text.contains("↑"), "back at the top:\n\(text)")
    }

    @Test("a theme, a hero, three stories: three briefs with consecutive seeds, then open the first or watch the jobs")
    func queue() {
        var state = storyForm()
        #expect(state.route == .storyForm)
        _ = state.press(.character("t"))  // the first source starting with t: a theme
        _ = state.press(.tab, .character("A"))  // hero Ari
        _ = state.press(.tab, .character("4"))  // ages 4-6
        _ = state.press(.tab, .tab)
        state.type("sharing makes fun bigger")
        _ = state.press(.tab, .tab, .tab, .character("3"))
        guard case .queueStories(let briefs)? = state.press(.enter).first else {
            Issue.record("nothing queued")
            return
        }
        #expect(briefs.map(\.seed) == [40, 41, 42])
        #expect(briefs.allSatisfy { $0.heroId == 1 && $0.ageRange == .fourToSix && $0.moral == "sharing makes fun bigger" && $0.theme != nil })
        _ = update(&state, .storiesQueued([7, 8, 9]))
        #expect(render(state).text.contains("3 stories are being written."))
        #expect(state.press(.character("o")) == [.openJobStory(7)] && state.route == .library)

        var watching = storyForm()
        _ = update(&watching, .storiesQueued([4]))
        #expect(watching.press(.character("j")) == [.loadJobs] && watching.route == .jobs)
    }

    @Test("a template sets the theme and ages; a moral with refused words or a blank seed keeps the form")
    func checks() {
        let template = shipped.first { $0.title == "Under the Kelp Forest" }!
        var state = storyForm(template: template.id)
        #expect(state.storyForm?.form["age"] == "4-6")
        _ = state.press(.tab, .tab, .tab, .tab)
        state.type("kill the dragon")
        #expect(state.press(.enter).isEmpty)
        #expect(state.storyForm?.form.focused?.key == "moral" && render(state).text.contains("not for children"))
        for _ in 0..<15 { _ = state.press(.backspace) }
        _ = state.press(.tab)
        for _ in 0..<2 { _ = state.press(.backspace) }
        state.type("x")  // not a digit: not typed
        #expect(state.storyForm?.form["seed"] == "")
        #expect(state.press(.enter).isEmpty && render(state).text.contains("whole number"))
        state.type("5")
        guard case .queueStories(let briefs)? = state.press(.enter).first else {
            Issue.record("nothing queued")
            return
        }
        #expect(briefs == [StoryJob.Brief(theme: "underwater-kingdom", templateId: template.id, ageRange: .fourToSix, seed: 5)])
    }

    @Test("the hero field makes a new hero through the wizard and comes back with them chosen")
    func newHero() {
        var state = storyForm()
        _ = state.press(.tab, .left)  // the last choice: a new hero
        #expect(state.storyForm?.form["hero"] == StoryFormState.newHero)
        #expect(state.press(.enter) == [.openWizard(editing: nil)])
        _ = update(&state, .wizardOpened(HeroWizard(editing: nil, profileId: 1, seed: 2, maker: maker)))
        var made = heroSummary(9, "Nia").hero
        made.id = 9
        #expect(update(&state, .heroSaved(HeroPageState(hero: made, avatars: [], stories: []))).isEmpty)
        #expect(state.route == .storyForm && state.storyForm?.form["hero"] == "Nia")
    }

    @Test("the model server is a writer to choose when one is configured")
    func writer() {
        var state = AppState(size: Size(width: 100, height: 30), profileId: 1)
        _ = update(&state, .storyFormOpened(StoryFormState(templates: [], heroes: [], check: briefCheck, template: nil, hero: nil, seed: 1,
                                                           modelServer: "llama3.2")))
        #expect(render(state).text.contains("Writer") && state.storyForm?.form["writer"] == StoryFormState.embeddedWriter)
        _ = state.press(.tab, .tab, .tab, .tab, .tab, .tab, .right)
        #expect(state.storyForm?.form["writer"] == "model server (llama3.2)")
        guard case .queueStories(let briefs)? = state.press(.enter).first else {
            Issue.record("nothing queued")
            return
        }
        #expect(briefs.map(\.writer) == ["llm"])
    }

    @Test("Esc leaves without queueing")
    func cancel() {
        var state = storyForm()
        #expect(state.press(.escape).isEmpty && state.route == .library && state.notice == "Nothing queued.")
    }

    @Test("templates: built-in ones cannot be edited or deleted; one's own can; Enter writes from one")
    func templateList() {
        var state = AppState(size: Size(width: 100, height: 30), profileId: 1)
        #expect(state.press(.character("t")) == [.loadTemplates])
        var own = StoryTemplate(id: 50, title: "Moon Nap", category: .science, tone: .calming)
        own.isFavorite = true
        _ = update(&state, .templatesLoaded([own] + shipped))
        #expect(render(state).text.contains("Moon Nap") && render(state).text.contains("built-in"))
        #expect(state.press(.character("f")) == [.setTemplateFavourite(50, false)])
        #expect(state.press(.character("e")) == [.openTemplateForm(own)])
        _ = state.press(.character("d"))
        #expect(state.press(.character("y")) == [.deleteTemplate(50)])
        _ = state.press(.down)
        #expect(state.press(.character("d")).isEmpty && state.notice?.contains("Built-in") == true)
        #expect(state.press(.character("e")).isEmpty)
        #expect(state.press(.enter) == [.openStoryForm(template: shipped[0].id, hero: nil)])
    }

    @Test("the template form checks the title and saves")
    func templateForm() {
        var state = AppState(size: Size(width: 100, height: 30), profileId: 1)
        _ = state.press(.character("t"))
        _ = update(&state, .templateFormOpened(TemplateFormState(editing: nil, safety: briefCheck.safety)))
        #expect(state.press(.enter).isEmpty && render(state).text.contains("Title must not be empty"))
        #expect(render(state).text.contains("The idea and the tone guide a model-server writer."))
        state.type("Moon Nap")
        _ = state.press(.tab)
        state.type("A rocket says goodnight to the stars.")
        _ = state.press(.tab, .tab, .character("s"))  // science
        guard case .saveTemplate(let template)? = state.press(.enter).first else {
            Issue.record("not saved")
            return
        }
        #expect(template.title == "Moon Nap" && template.category == .science && template.promptSeed.hasPrefix("A rocket"))
        #expect(state.route == .templates)
    }

    @Test("a paste longer than a field takes what fits and says the rest was left out")
    func longPaste() {
        var state = AppState(size: Size(width: 100, height: 30), profileId: 1)
        _ = update(&state, .templateFormOpened(TemplateFormState(editing: nil, safety: briefCheck.safety)))
        _ = state.press(.tab)
        state.type(String(repeating: "A fox carries a lantern. ", count: 29))  // 725 characters
        #expect(state.templateForm?.form["idea"].count == 500)
        #expect(render(state).text.contains("At most 500 characters: what came after was left out."))
        _ = state.press(.backspace)
        #expect(!render(state).text.contains("At most 500"))
    }
}
