import Foundation
import StoryCore
import StoryEngine
import StoryStore
import TerminalUI

/// The New story form: what to write, checked as it is filled in.
public struct StoryFormState: Sendable {
    public static let anyTheme = "any theme (the seed picks)"
    public static let noHero = "none (one is invented)"
    public static let newHero = "a new hero…"
    static let lengths: [(label: String, length: StoryJob.Brief.Length)] = [
        ("short (about 7 pages)", .short), ("medium (about 15 pages)", .medium), ("long (about 31 pages)", .long),
    ]
    static let ages = ["all", "4-6", "6-8", "8-10"]

    public var form: Form
    public var templates: [StoryTemplate]
    public var heroes: [Hero]
    let check: BriefCheck
    /// The jobs queued by the last submit, while the person decides what to do next.
    public var queued: [Int64]?

    public static let embeddedWriter = "embedded (offline)"

    /// `modelServer` names the configured model server's model, when there is one: the
    /// form offers it as a writer.
    public init(templates: [StoryTemplate], heroes: [Hero], check: BriefCheck, template: Int64?, hero: Int64?, seed: UInt64,
                modelServer: String? = nil) {
        self.templates = templates
        self.heroes = heroes
        self.check = check
        let sources = [Self.anyTheme] + check.library.themeIds.map { "theme: \($0)" } + templates.map { "template: \($0.title)" }
        let heroChoices = [Self.noHero] + heroes.map(\.name) + [Self.newHero]
        let chosenTemplate = templates.first { $0.id == template }
        form = Form(fields: [
            Form.Field("source", "Theme or template", .choice(sources),
                       value: chosenTemplate.map { "template: \($0.title)" } ?? Self.anyTheme),
            Form.Field("hero", "Hero", .choice(heroChoices), value: heroes.first { $0.id == hero }?.name ?? Self.noHero),
            Form.Field("age", "Ages", .choice(Self.ages), value: chosenTemplate?.ageRange.rawValue ?? "all"),
            Form.Field("length", "Length", .choice(Self.lengths.map(\.label)), value: Self.lengths[1].label),
            Form.Field("moral", "Moral (optional)", .text(limit: 200)),
            Form.Field("seed", "Seed", .digits(limit: 18), value: String(seed)),
            Form.Field("writer", "Writer", .choice([Self.embeddedWriter] + (modelServer.map { ["model server (\($0))"] } ?? [])),
                       value: Self.embeddedWriter),
            Form.Field("count", "How many", .choice(["1", "2", "3", "4", "5"]), value: "1"),
        ])
    }

    var template: StoryTemplate? {
        let source = form["source"]
        guard source.hasPrefix("template: ") else { return nil }
        return templates.first { "template: \($0.title)" == source }
    }

    var hero: Hero? { heroes.first { $0.name == form["hero"] } }
    var wantsNewHero: Bool { form["hero"] == Self.newHero }
    var age: AgeRange { AgeRange(rawValue: form["age"]) ?? .all }

    /// Problems by field key.
    public var problems: [String: String] {
        var found: [String: String] = [:]
        let moral = form["moral"].trimmingWhitespace()
        if !moral.isEmpty {
            found["moral"] = check.safety.check(moral, for: age).refusal(of: "moral")
        }
        let seed = form["seed"]
        if seed.isEmpty || UInt64(seed) == nil { found["seed"] = "The seed is a whole number (the same seed writes the same story)." }
        if wantsNewHero { found["hero"] = "Enter on this field creates the hero, step by step." }
        return found
    }

    /// The briefs to queue (one per story asked for).
    func briefs() -> [StoryJob.Brief] {
        let template = self.template
        let theme = template.flatMap { check.library.theme(for: $0) }
            ?? (form["source"].hasPrefix("theme: ") ? String(form["source"].dropFirst("theme: ".count)) : nil)
        let length = Self.lengths.first { $0.label == form["length"] }?.length ?? .medium
        let moral = form["moral"].trimmingWhitespace()
        let first = UInt64(form["seed"]) ?? 1
        return (0..<UInt64(Int(form["count"]) ?? 1)).map { offset in
            StoryJob.Brief(
                theme: theme, heroId: hero?.id, templateId: template?.id, ageRange: age, length: length,
                moral: moral.isEmpty ? nil : moral, seed: first &+ offset,
                writer: form["writer"] == Self.embeddedWriter ? "embedded" : "llm")
        }
    }

    /// A new hero was made from the form: choose them.
    mutating func choose(hero: Hero) {
        if !heroes.contains(where: { $0.id == hero.id }) { heroes.append(hero) }
        let choices = [Self.noHero] + heroes.map(\.name) + [Self.newHero]
        if let index = form.fields.firstIndex(where: { $0.key == "hero" }) {
            form.fields[index].kind = .choice(choices)
            form.fields[index].value = hero.name
        }
    }
}

/// The template form: a person's own story idea.
public struct TemplateFormState: Sendable {
    public var form: Form
    /// The template being edited (nil for a new one).
    public var editing: StoryTemplate?
    let safety: SafetyFilter

    public init(editing: StoryTemplate?, safety: SafetyFilter) {
        self.editing = editing
        self.safety = safety
        let template = editing
        form = Form(fields: [
            Form.Field("title", "Title", .text(limit: Rules.templateTitleMaxLength), value: template?.title ?? ""),
            Form.Field("idea", "The idea", .text(limit: 500), value: template?.promptSeed ?? ""),
            Form.Field("description", "Description", .text(limit: 500), value: template?.description ?? ""),
            Form.Field("category", "Category", .choice(StoryTemplate.Category.allCases.map(\.rawValue)),
                       value: template?.category.rawValue ?? "adventure"),
            Form.Field("age", "Ages", .choice(["all", "4-6", "6-8", "8-10"]), value: template?.ageRange.rawValue ?? "all"),
            Form.Field("tone", "Tone", .choice(StoryTemplate.Tone.allCases.map(\.rawValue)), value: template?.tone.rawValue ?? "calming"),
            Form.Field("keywords", "Keywords", .text(limit: 200), value: template?.keywords.joined(separator: ", ") ?? ""),
        ])
    }

    /// The template as filled in.
    public var template: StoryTemplate {
        var template = editing ?? StoryTemplate(title: "", category: .adventure, tone: .calming)
        template.title = form["title"]
        template.promptSeed = form["idea"].trimmingWhitespace()
        template.description = form["description"].trimmingWhitespace()
        template.category = StoryTemplate.Category(rawValue: form["category"]) ?? .adventure
        template.ageRange = AgeRange(rawValue: form["age"]) ?? .all
        template.tone = StoryTemplate.Tone(rawValue: form["tone"]) ?? .calming
        template.keywords = form["keywords"].split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        return template
    }

    public var problems: [String: String] {
        var found: [String: String] = [:]
        for problem in template.validate() where problem.field == "title" { found["title"] = problem.message }
        for (key, label) in [("title", "title"), ("idea", "idea"), ("description", "description"), ("keywords", "keywords")] where found[key] == nil {
            found[key] = safety.check(form[key], for: .all).refusal(of: label)
        }
        return found
    }
}

/// The templates screen.
public struct TemplatesState: Sendable {
    public var templates: [StoryTemplate] = []
    public var loaded = false
    public var list = ListState()
    public var confirmingDelete: Int64?

    public var selected: StoryTemplate? { templates.indices.contains(list.selected) ? templates[list.selected] : nil }
}
