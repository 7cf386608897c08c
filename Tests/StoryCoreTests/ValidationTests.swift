import Foundation
@testable import StoryCore
import Testing

@Suite("Validation rules")
struct ValidationTests {
    func hero(name: String = "Mia", primary: StoryCore.Trait = .brave, secondary: StoryCore.Trait = .kind,
              pronouns: Pronouns = .she) -> Hero {
        Hero(profileId: 1, name: name, pronouns: pronouns, primaryTrait: primary, secondaryTrait: secondary)
    }

    @Test("a hero name is 1 to 50 characters after trimming")
    func heroNameLength() {
        #expect(hero().validate().isEmpty)
        #expect(hero(name: "   ").validate().map(\.field) == ["name"])
        #expect(hero(name: "  " + String(repeating: "a", count: 50) + "  ").validate().isEmpty)
        let long = hero(name: String(repeating: "a", count: 51)).validate()
        #expect(long.first?.message == "Name is too long: 51 characters, at most 50.")
    }

    @Test("names in any script and with emoji are fine; control characters are not")
    func heroNameCharacters() {
        #expect(hero(name: "Łucja 🦊").validate().isEmpty)
        #expect(hero(name: "孫悟空").validate().isEmpty)
        #expect(hero(name: "Mia\u{1B}[31m").validate().first?.message == "Name must not contain control characters.")
        #expect(hero(name: "Mia\u{85}").validate().map(\.field) == ["name"])
    }

    @Test("the two traits must differ")
    func traitsDiffer() {
        let errors = hero(primary: .clever, secondary: .clever).validate()
        #expect(errors.map(\.field) == ["secondary_trait"])
        #expect(errors.first?.message.contains("clever") == true)
    }

    @Test("pronouns are she, he, they or the hero's own words")
    func pronouns() throws {
        #expect(Pronouns("She/Her") == .she)
        #expect(Pronouns("xe/xem/xyr") == .custom("xe/xem/xyr"))
        #expect(hero(pronouns: .custom(" ")).validate().map(\.field) == ["pronouns"])
        for incomplete in ["xe", "xe/xem", "xe//xyr", "xe/x em/xyr", "a/b/c/d/e"] {
            #expect(hero(pronouns: .custom(incomplete)).validate().first?.message.contains("subject/object/possessive") == true, "\(incomplete)")
        }
        #expect(hero(pronouns: .custom("ze/hir/hir/hirself")).validate().isEmpty)
        let data = try JSONEncoder().encode([Pronouns.they, .custom("ze/zir")])
        #expect(String(decoding: data, as: UTF8.self) == #"["they","ze\/zir"]"#)
    }

    @Test("a ready story needs a title; one being written does not yet")
    func storyTitle() {
        #expect(Story(profileId: 1, title: "", source: .generated, status: .generating).validate().isEmpty)
        #expect(Story(profileId: 1, title: " ", source: .generated, status: .ready).validate().map(\.field) == ["title"])
        #expect(Story(profileId: 1, title: "Owls", source: .written, rating: 6).validate().map(\.field) == ["rating"])
    }

    @Test("timestamps are ISO-8601 UTC with milliseconds and read back")
    func timestamps() throws {
        let date = Date(timeIntervalSince1970: 1_795_000_000.25)
        let text = Timestamp.string(from: date)
        #expect(text == "2026-11-18T11:06:40.250Z")
        #expect(Timestamp.date(from: text) == date)
        #expect(Timestamp.date(from: "2026-11-18T11:06:40Z") == Date(timeIntervalSince1970: 1_795_000_000))
        #expect(Timestamp.date(from: "yesterday") == nil)
        // Rows stored by earlier builds in GRDB's form still read.
        #expect(Timestamp.date(from: "2026-11-18 11:06:40.250") == date)
        // Writing and reading agree with the general ISO-8601 formatter, 1900 to 2100, leap days included.
        for seconds in stride(from: -2_208_988_800.0, to: 4_102_444_800.0, by: 86_400 * 47.3 + 0.123) {
            let moment = Date(timeIntervalSince1970: (seconds * 1000).rounded() / 1000)
            let written = Timestamp.string(from: moment)
            #expect(written.prefix(19) == moment.formatted(.iso8601).prefix(19))
            let read = try #require(Timestamp.fastDate(written))
            #expect(Timestamp.string(from: read) == written)
            #expect(abs(read.timeIntervalSince(moment)) < 0.001, "\(written)")
        }
        #expect(Timestamp.fastDate("2024-02-29T23:59:59.999Z") == Date(timeIntervalSince1970: 1_709_251_199.999))
        #expect(Timestamp.fastDate("2024-13-01T00:00:00.000Z") == nil)
    }
}

@Suite("Story drafts")
struct StoryDraftTests {
    func draft(_ nodes: [StoryNode], _ choices: [StoryChoice.Draft]) -> StoryDraft {
        StoryDraft(story: Story(profileId: 1, title: "T", source: .written), nodes: nodes, choices: choices)
    }

    @Test("a draft needs exactly one start and unique names, and choices inside the story")
    func rules() {
        let a = StoryNode(content: "a", name: "a", isRoot: true)
        let b = StoryNode(content: "b", name: "b", isEnding: true)
        #expect(draft([a, b], [.init(from: 0, position: 0, text: "go", target: 1)]).validate().isEmpty)
        #expect(draft([b], []).validate().map(\.field) == ["is_root"])
        #expect(draft([a, a], []).validate().map(\.field).sorted() == ["is_root", "name"])
        #expect(draft([a, b], [.init(from: 0, position: 0, text: "go", target: 7)]).validate().map(\.field)
                == ["target_node_id"])
        #expect(draft([a, b], [.init(from: 0, position: 0, text: "go", target: 1),
                               .init(from: 0, position: 0, text: "again", target: 1)]).validate().map(\.field)
                == ["position"])
        #expect(draft([a, b], [.init(from: 0, position: 0, text: "  ", target: 1)]).validate().map(\.field)
                == ["text"])
        let winningMiddle = StoryNode(content: "w", isWinningEnding: true)
        #expect(draft([a, winningMiddle], []).validate().map(\.field) == ["is_winning_ending"])
    }

    @Test("depth is the distance from the start; loops and unreachable passages do not confuse it")
    func depths() {
        let nodes = (0..<5).map { StoryNode(content: "\($0)", isRoot: $0 == 0) }
        var story = draft(nodes, [
            .init(from: 0, position: 0, text: "1", target: 1), .init(from: 0, position: 1, text: "2", target: 2),
            .init(from: 1, position: 0, text: "3", target: 3), .init(from: 2, position: 0, text: "3", target: 3),
            .init(from: 3, position: 0, text: "back", target: 0),
        ])
        story.assignDepths()
        #expect(story.nodes.map(\.depth) == [0, 1, 1, 2, 0])
    }

    @Test("words are counted as readers count them")
    func wordCount() {
        #expect(WordCount.of("Pip's lantern glowed -- softly, twice!") == 5)
        #expect(WordCount.of("") == 0)
        // Text with a letter beyond ASCII is counted the same way, code point by code point.
        #expect(WordCount.of("Zoë's lantern glowed -- softly, twice!") == 5)
        #expect(WordCount.of("狐 and 3 owls") == 4)
    }
}
