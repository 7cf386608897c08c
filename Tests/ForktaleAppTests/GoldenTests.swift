import Foundation
@testable import ForktaleApp
import StoryCore
import StoryStore
import TerminalUI
import Testing

/// Whole screens compared as text with files in `Golden/`. A changed screen fails with
/// the difference; `FORKTALE_RECORD_GOLDEN=1 scripts/test` writes the files anew (read the
/// diff before committing them).
@Suite struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func check(_ state: AppState, _ name: String) throws {
        let text = render(state).lines().joined(separator: "\n") + "\n"
        let file = Self.folder.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["FORKTALE_RECORD_GOLDEN"] != nil {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        guard text != expected else { return }
        let got = text.split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
        Issue.record("\(name) differs at line \(first + 1):\n  got:  \(first < got.count ? got[first] : "(none)")\n  want: \(first < want.count ? want[first] : "(none)")")
    }

    func library(_ size: Size) -> AppState {
        var state = AppState(size: size, profileId: 1)
        _ = update(&state, .libraryLoaded([
            summary(1, "Moon Picnic", played: Date(timeIntervalSince1970: 1_900_000_000)),
            summary(2, "Dragon Tea", theme: "dragon-mountain", favourite: true),
            summary(3, "A Story Still Being Written", status: .generating),
            summary(4, "雪の日 (a wide title)", theme: "haunted-castle"),
        ]))
        return state
    }

    @Test(arguments: [(80, 24), (40, 12)])
    func screens(width: Int, height: Int) throws {
        let size = Size(width: width, height: height)
        let suffix = "\(width)x\(height)"
        try check(library(size), "library-\(suffix)")
        var player = playing(size: size)
        try check(player, "player-\(suffix)")
        _ = player.press(.character("1"))
        try check(player, "ending-\(suffix)")
        _ = player.press(.character("m"))
        try check(player, "map-\(suffix)")
        _ = player.press(.character("?"))
        try check(player, "help-map-\(suffix)")
    }

    @Test(arguments: [(80, 24), (40, 12)])
    func heroScreens(width: Int, height: Int) throws {
        let size = Size(width: width, height: height)
        let suffix = "\(width)x\(height)"
        var state = gallery(3, size: size)
        try check(state, "heroes-\(suffix)")
        let summary = heroSummary(2, "Bo", stories: 1)
        let story = Story(id: 9, profileId: 1, title: "Bo and the Moon", heroId: 2, source: .generated)
        _ = update(&state, .heroLoaded(HeroPageState(hero: summary.hero, avatars: [summary.primaryAvatar!], stories: [story])))
        try check(state, "hero-\(suffix)")
        var new = wizard(size: size)
        new.type("Zara")
        _ = new.press(.enter, .enter)
        try check(new, "wizard-look-\(suffix)")
        var ability = wizard(size: size)
        ability.type("Zara")
        _ = ability.press(.enter, .tab, .tab)
        ability.type("talks to owls")
        try check(ability, "wizard-ability-\(suffix)")
    }

    @Test(arguments: [(130, 24), (100, 24), (40, 12)])
    func jobScreens(width: Int, height: Int) throws {
        try check(dashboard(size: Size(width: width, height: height)), "jobs-\(width)x\(height)")
    }

    @Test(arguments: [(80, 24), (40, 12)])
    func storyScreens(width: Int, height: Int) throws {
        let size = Size(width: width, height: height)
        var form = AppState(size: size, profileId: 1)
        _ = update(&form, .storyFormOpened(StoryFormState(
            templates: shipped, heroes: [heroSummary(1, "Ari").hero], check: briefCheck, template: shipped[6].id, hero: 1, seed: 7)))
        try check(form, "new-story-\(width)x\(height)")
        var templates = AppState(size: size, profileId: 1)
        _ = templates.press(.character("t"))
        _ = update(&templates, .templatesLoaded(shipped))
        try check(templates, "templates-\(width)x\(height)")
    }

    @Test func tooSmall() throws {
        try check(playing(size: Size(width: 24, height: 6)), "too-small-24x6")
    }
}
