import Foundation
import GRDB
import StoryCore
@testable import StoryStore
import Testing

@Suite("Heroes in the store")
struct HeroStoreTests {
    let store: AppDatabase
    let profile: Int64

    init() throws {
        store = try AppDatabase.inMemory()
        try store.prepareFirstRun(samples: [])
        profile = try store.defaultProfile()!.id!
    }

    func avatar(_ seed: Int64) -> HeroAvatar {
        HeroAvatar(heroId: 0, art: "art \(seed)", style: "test", seed: seed)
    }

    @Test("a hero is stored with their first portrait as the primary one; a refused hero stores nothing")
    func create() throws {
        let hero = try store.createHero(
            Hero(profileId: profile, name: "  Mira ", primaryTrait: .brave, secondaryTrait: .kind), avatar: avatar(1))
        #expect(hero.name == "Mira")
        let avatars = try store.avatars(heroId: hero.id!)
        #expect(avatars.map(\.seed) == [1] && avatars[0].isPrimary)

        var bad = Hero(profileId: profile, name: "Twin", primaryTrait: .kind, secondaryTrait: .kind)
        #expect(throws: ValidationError.self) { try store.createHero(bad, avatar: avatar(2)) }
        bad.secondaryTrait = .loyal
        bad.visualProfile.hairColor = "plaid"
        #expect(throws: ValidationError.self) { try store.createHero(bad, avatar: avatar(2)) }
        #expect(try store.heroes(profileId: profile).map(\.name) == ["Mira"])
        #expect(try store.writer.read { db in try HeroAvatar.fetchCount(db) } == 1)
    }

    @Test("the gallery lists heroes by name with their primary portrait and story count; archiving moves them")
    func gallery() throws {
        let zoe = try store.createHero(Hero(profileId: profile, name: "zoe", primaryTrait: .funny, secondaryTrait: .kind), avatar: avatar(1))
        let ari = try store.createHero(Hero(profileId: profile, name: "Ari", primaryTrait: .clever, secondaryTrait: .loyal), avatar: avatar(2))
        try store.insertStory(
            Story(profileId: profile, title: "Zoe's day", heroId: zoe.id, source: .written),
            nodes: [StoryNode(storyId: 0, content: "Hello.", isRoot: true, isEnding: true)], choices: [])
        let summaries = try store.heroSummaries(profileId: profile)
        #expect(summaries.map(\.hero.name) == ["Ari", "zoe"])
        #expect(summaries.map(\.storyCount) == [0, 1])
        #expect(summaries.map { $0.primaryAvatar?.seed } == [2, 1])

        try store.setHeroArchived(id: zoe.id!, true)
        #expect(try store.heroSummaries(profileId: profile).map(\.hero.name) == ["Ari"])
        #expect(try store.heroSummaries(profileId: profile, archived: true).map(\.hero.name) == ["zoe"])
        #expect(try store.findHero("ZOE", profileId: profile)?.id == zoe.id, "archived heroes are still found by name")
        #expect(try store.findHero("\(ari.id!)", profileId: profile)?.name == "Ari")
        #expect(try store.findHero("Nobody", profileId: profile) == nil)
        try store.setHeroArchived(id: zoe.id!, false)
        #expect(try store.heroes(profileId: profile).count == 2)
        #expect(try store.stories(heroId: zoe.id!).map(\.title) == ["Zoe's day"])
    }

    @Test("names are stored composed, found as written whatever the case or the accents' form, and not shared")
    func names() throws {
        // "Zoë" with a combining diaeresis, as some keyboards and pastes give it; 30 such
        // letters are 60 code points, and the limit is 50 characters.
        let typed = "Zoe\u{308} 李🦊"
        let zoe = try store.createHero(Hero(profileId: profile, name: typed, primaryTrait: .funny, secondaryTrait: .kind))
        #expect(zoe.name == "Zoë 李🦊" && zoe.name.unicodeScalars.count == 6)
        #expect(try store.findHero("Zoë 李🦊", profileId: profile)?.id == zoe.id)
        #expect(try store.findHero("ZOË 李🦊", profileId: profile)?.id == zoe.id)
        let long = String(repeating: "e\u{301}", count: 30)
        #expect(throws: Never.self) { try store.createHero(Hero(profileId: profile, name: long, primaryTrait: .kind, secondaryTrait: .brave)) }

        let mira = try store.createHero(Hero(profileId: profile, name: "Mira", primaryTrait: .brave, secondaryTrait: .kind))
        #expect(throws: StoreError.duplicate("A hero named \"Mira\" already exists: choose another name.")) {
            try store.createHero(Hero(profileId: profile, name: "mira", primaryTrait: .brave, secondaryTrait: .kind))
        }
        try store.setHeroArchived(id: mira.id!, true)
        var pip = try store.createHero(Hero(profileId: profile, name: "Pip", primaryTrait: .kind, secondaryTrait: .gentle))
        pip.name = "MIRA"
        #expect(throws: StoreError.duplicate("A hero named \"Mira\" already exists (archived): choose another name.")) {
            try store.updateHero(pip)
        }
        pip.name = "Pip"
        pip.specialAbility = "sings"
        #expect(throws: Never.self) { try store.updateHero(pip) }
        // Kept as a verb phrase, so that stories can say "Pip tried to sing".
        #expect(try store.findHero("pip", profileId: profile)?.specialAbility == "sing")
    }

    @Test("portraits: a new one is added, any one can be primary, and a new look redraws them all")
    func portraits() throws {
        var hero = try store.createHero(Hero(profileId: profile, name: "Pip", primaryTrait: .kind, secondaryTrait: .gentle), avatar: avatar(1))
        let second = try store.addAvatar(HeroAvatar(heroId: hero.id!, art: "art 2", style: "test", seed: 2))
        #expect(!second.isPrimary)
        try store.setPrimaryAvatar(id: second.id!)
        #expect(try store.avatars(heroId: hero.id!).map { ($0.seed, $0.isPrimary) }.elementsEqual([(2, true), (1, false)], by: ==))

        hero.visualProfile.hairColor = "red"
        let redrawn = try store.avatars(heroId: hero.id!).map { avatar in
            var avatar = avatar
            avatar.art = "red \(avatar.seed)"
            return avatar
        }
        try store.updateHero(hero, redrawn: redrawn)
        #expect(try store.hero(id: hero.id!)?.visualProfile.hairColor == "red")
        #expect(Set(try store.avatars(heroId: hero.id!).map(\.art)) == ["red 1", "red 2"])
    }
}
