import Foundation
import GRDB
import StoryCore
@testable import StoryStore
import Testing

@Suite("Templates in the store")
struct TemplateStoreTests {
    @Test("built-in templates are added once, and the schema keeps them as shipped")
    func builtIn() throws {
        let store = try AppDatabase.inMemory()
        let shipped = [StoryTemplate(title: "Kelp", category: .nature, tone: .calming), StoryTemplate(title: "Moon", category: .science, tone: .exciting)]
        #expect(try store.installBuiltInTemplates(shipped) == 2)
        #expect(try store.installBuiltInTemplates(shipped) == 0)
        let kelp = try #require(try store.templates().first { $0.title == "Kelp" })
        #expect(kelp.builtIn)
        #expect(throws: StoreError.self) { try store.deleteTemplate(id: kelp.id!) }
        var changed = kelp
        changed.title = "Seaweed"
        #expect(throws: StoreError.self) { try store.saveTemplate(changed) }
        try store.setTemplateFavourite(id: kelp.id!, true)
        #expect(try store.templates().first?.title == "Kelp", "favourites first")
    }

    @Test("a person's template is saved, edited, used and deleted")
    func own() throws {
        let store = try AppDatabase.inMemory()
        try store.prepareFirstRun(samples: [])
        let profile = try store.defaultProfile()!.id!
        var template = try store.saveTemplate(StoryTemplate(title: "  Nap  ", category: .nature, tone: .calming, keywords: ["a", " ", "b "]))
        #expect(template.title == "Nap" && template.keywords == ["a", "b"] && !template.builtIn)
        template.tone = .humorous
        try store.saveTemplate(template)
        #expect(try store.template(id: template.id!)?.tone == .humorous)
        #expect(throws: ValidationError.self) { try store.saveTemplate(StoryTemplate(title: " ", category: .nature, tone: .calming)) }
        _ = try store.queueJobs([StoryJob(profileId: profile, brief: StoryJob.Brief(templateId: template.id, seed: 1))])
        #expect(try store.template(id: template.id!)?.usageCount == 1)
        try store.deleteTemplate(id: template.id!)
        #expect(try store.templates().isEmpty)
    }
}
