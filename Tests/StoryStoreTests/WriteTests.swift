import Foundation
import GRDB
@testable import StoryStore
import StoryCore
import Testing

@Suite("Named writes")
struct WriteTests {
    func sampleDraft(profileId: Int64) -> StoryDraft {
        let nodes = [
            StoryNode(content: "Pip wakes.", name: "den", isRoot: true),
            StoryNode(content: "The wood is dark.", name: "wood", depth: 1),
            StoryNode(content: "Home again.", name: "home", isEnding: true, isWinningEnding: true, depth: 1),
        ]
        let choices: [StoryChoice.Draft] = [
            .init(from: 0, position: 0, text: "Go out", target: 1),
            .init(from: 0, position: 1, text: "Stay in", target: 2),
            .init(from: 1, position: 0, text: "Run home", target: 2),
        ]
        return StoryDraft(story: Story(profileId: profileId, title: "Pip", source: .written), nodes: nodes, choices: choices)
    }

    @Test("insertStory stores the story, its passages and its choices, linked")
    func insertStory() throws {
        let store = try AppDatabase.inMemory()
        let profile = try store.createProfile(named: "Reader")
        let draft = sampleDraft(profileId: profile.id!)
        let story = try store.insertStory(draft.story, nodes: draft.nodes, choices: draft.choices)
        let content = try #require(try store.storyContent(id: story.id!))
        let nodes = content.nodes
        #expect(nodes.map(\.name) == ["den", "wood", "home"])
        #expect(nodes[0].isRoot && nodes[2].isWinningEnding)
        let fromDen = content.choices(of: nodes[0].id!)
        #expect(fromDen.map(\.text) == ["Go out", "Stay in"])
        #expect(fromDen.map(\.targetNodeId) == [nodes[1].id, nodes[2].id])
        let summary = try #require(try store.storySummary(id: story.id!))
        #expect(summary.nodeCount == 3 && summary.endingCount == 1 && summary.endingsFound == 0)
        #expect(try store.storySummaries(profileId: profile.id!).map(\.story.title) == ["Pip"])
        #expect(summary.story.storyFormat == nil && summary.story.storyFormatVersion == nil)

        var imported = draft.story
        imported.uuid = "imported-pip"
        (imported.storyFormat, imported.storyFormatVersion) = ("SugarCube", "2.31.1")
        let copy = try store.insertStory(imported, nodes: draft.nodes, choices: draft.choices)
        let read = try #require(try store.story(id: copy.id!))
        #expect(read.storyFormat == "SugarCube" && read.storyFormatVersion == "2.31.1")
    }

    @Test("a story that fails half-way leaves nothing behind")
    func allOrNothing() throws {
        let store = try AppDatabase.inMemory()
        let profile = try store.createProfile(named: "Reader")
        // Stand in for a failure in the middle of the write (a full disk, a crash).
        try store.writer.write { db in
            try db.execute(sql: """
                CREATE TRIGGER fail_on_home BEFORE INSERT ON story_nodes WHEN NEW.name = 'home'
                BEGIN SELECT RAISE(ABORT, 'disk full'); END
                """)
        }
        let draft = sampleDraft(profileId: profile.id!)
        #expect(throws: StoreError.self) {
            try store.insertStory(draft.story, nodes: draft.nodes, choices: draft.choices)
        }
        #expect(try store.counts() == StoreCounts(profiles: 1, stories: 0, nodes: 0, heroes: 0, jobs: 0))
    }

    @Test("an invalid story is refused with a readable error before anything is written")
    func invalidDraft() throws {
        let store = try AppDatabase.inMemory()
        let profile = try store.createProfile(named: "Reader")
        var draft = sampleDraft(profileId: profile.id!)
        draft.nodes[1].isRoot = true
        #expect(throws: ValidationError(field: "is_root", message: "A story needs exactly one start passage, not 2.")) {
            try store.insertStory(draft.story, nodes: draft.nodes, choices: draft.choices)
        }
        #expect(try store.counts().stories == 0)
    }

    @Test("deleteStory removes everything of the story and says whether there was one")
    func deleteStory() throws {
        let store = try AppDatabase.inMemory()
        let profile = try store.createProfile(named: "Reader")
        let draft = sampleDraft(profileId: profile.id!)
        let story = try store.insertStory(draft.story, nodes: draft.nodes, choices: draft.choices)
        #expect(try store.deleteStory(id: story.id!))
        #expect(try store.deleteStory(id: story.id!) == false)
        #expect(try store.counts() == StoreCounts(profiles: 1, stories: 0, nodes: 0, heroes: 0, jobs: 0))
    }

    @Test("profiles: names are validated and unique")
    func profiles() throws {
        let store = try AppDatabase.inMemory()
        try store.createProfile(named: "  Sam ")
        #expect(try store.profiles().map(\.name) == ["Sam"])
        #expect(throws: StoreError.duplicate("A profile named \"Sam\" already exists: choose another name.")) {
            try store.createProfile(named: "Sam")
        }
        #expect(throws: ValidationError.self) { try store.createProfile(named: " ") }
    }

    @Test("first run makes the default profile and the samples once")
    func firstRun() throws {
        let store = try AppDatabase.inMemory()
        #expect(try store.needsFirstRun())
        let sample = sampleDraft(profileId: 0)
        #expect(try store.prepareFirstRun(samples: [sample]))
        #expect(try store.prepareFirstRun(samples: [sample]) == false)
        #expect(try store.needsFirstRun() == false)
        #expect(try store.profiles().map(\.name) == [Profile.defaultName])
        #expect(try store.counts().stories == 1)
    }

    @Test("records read back as they were written")
    func roundTrip() throws {
        let store = try AppDatabase.inMemory()
        let profile = try store.createProfile(named: "Reader")
        var hero = Hero(profileId: profile.id!, name: "Mia", pronouns: .custom("xe/xem/xyr"), primaryTrait: .brave,
                        secondaryTrait: .curious, visualProfile: VisualProfile(hairColor: "red", distinctiveFeatures: ["freckles"]),
                        createdAt: Date(timeIntervalSince1970: 1_795_000_000.5))
        try store.writer.write { db in try hero.insert(db) }
        let read = try store.writer.read { db in try Hero.fetchOne(db, key: hero.id!) }
        #expect(read == hero)
        let json = try store.writer.read { db in try String.fetchOne(db, sql: "SELECT visual_profile FROM heroes") }
        #expect(json?.contains("\"hair_color\":\"red\"") == true)
    }
}

@Suite("Playthroughs in the store")
struct PlaythroughStoreTests {
    @Test("autosave, resume, finish, and endings found")
    func lifecycle() throws {
        let store = try AppDatabase.inMemory()
        let profile = try store.createProfile(named: "Reader")
        let draft = WriteTests().sampleDraft(profileId: profile.id!)
        let story = try store.insertStory(draft.story, nodes: draft.nodes, choices: draft.choices)
        let content = try #require(try store.storyContent(id: story.id!))
        let root = try #require(content.root)
        #expect(content.choices(of: root.id!).map(\.text) == ["Go out", "Stay in"])
        #expect(content.graph.problems().isEmpty)

        let now = Date()
        var reading = try store.savePlaythrough(.begin(profileId: profile.id!, storyId: story.id!, root: root.id!, at: now))
        #expect(try store.openPlaythrough(storyId: story.id!, profileId: profile.id!)?.id == reading.id)

        let stayIn = content.choices(of: root.id!)[1]
        try reading.choose(stayIn, leadingTo: content.node(stayIn.targetNodeId!)!, at: now)
        reading = try store.savePlaythrough(reading)
        #expect(try store.openPlaythrough(storyId: story.id!, profileId: profile.id!) == nil)
        #expect(try store.endingsFound(storyId: story.id!, profileId: profile.id!) == [stayIn.targetNodeId!])
        let summary = try #require(try store.storySummary(id: story.id!))
        #expect(summary.endingsFound == 1 && summary.story.playCount == 1 && summary.story.lastPlayedAt != nil)

        // Going back from the ending opens a new reading; the finished one keeps its ending.
        let again = try store.savePlaythrough(try reading.goingBack(to: 0, at: now))
        #expect(again.id != reading.id)
        #expect(try store.openPlaythrough(storyId: story.id!, profileId: profile.id!)?.path == [root.id!])
        #expect(try store.endingsFound(storyId: story.id!, profileId: profile.id!).count == 1)
        #expect(try store.storySummary(id: story.id!)?.story.playCount == 1)
    }
}
