import StoryCore
import Testing
@testable import StoryEngine

/// Every sentence a shipped pack can say, whichever story picks it: whole (no slip such
/// as "her her" when the hero is "she"), passed by the safety filter for the youngest
/// readers, and an item's way past names the item.
@Suite struct PackTextTests {
    /// Every template of a pack, with where it is.
    func sentences(of pack: ThemePack) -> [(String, Template)] {
        var all: [(String, Template)] = []
        func add(_ place: String, _ variants: [Template]?) { all += (variants ?? []).map { (place, $0) } }
        pack.places.forEach { add("\($0.name) detail", $0.detail) }
        add("travel", pack.travel)
        for companion in pack.companions {
            add(companion.name, companion.trouble + companion.help + (companion.detail ?? []))
        }
        pack.items.forEach { add($0.name, $0.found) }
        for obstacle in pack.obstacles {
            add(obstacle.name, obstacle.appear + obstacle.tryLine + (obstacle.detail ?? []))
            for approach in obstacle.approaches { add("\(obstacle.name) \(approach.by)", [approach.choice] + approach.result + (approach.setback ?? [])) }
        }
        pack.riddles.forEach { add($0.keeper, $0.why) }
        for quest in pack.quests {
            add(quest.quest, quest.problem.flatMap { $0 } + quest.near + quest.clues + quest.endings.values.flatMap { $0 })
        }
        return all
    }

    @Test(arguments: library.themeIds)
    func everySentenceIsSafeAndWhole(theme: String) throws {
        let pack = try #require(library.theme(theme))
        for (place, template) in sentences(of: pack) {
            var text = template.render { slot in
                switch slot {
                case .place: pack.places[0].name
                case .theItem: pack.items[0].the
                case .item: pack.items[0].name
                case .goal: pack.quests[0].goal
                case .friend: pack.obstacles[0].friend
                case .they: "she"
                case .them, .their: "her"
                case .themself: "herself"
                case .theyCapital: "She"
                case .theirCapital: "Her"
                case .was: "was"
                default: "Sam"
                }
            }
            // With "she" for the hero: "showed her her way" would read as a slip.
            #expect(WriterQuality.brokenPatterns(in: text).isEmpty, "\(theme), \(place): \(WriterQuality.brokenPatterns(in: text)) in \(text)")
            text = EmbeddedWriter.replaceWords(in: text, pack.ages[.fourToSix]?.simpler ?? [:])
            let result = safety.check(text, for: .fourToSix)
            #expect(!result.changed, "\(theme), \(place): \(result.findings.map(\.word)) in \(text)")
        }
    }

    @Test(arguments: library.themeIds)
    func anItemsWayPastNamesTheItem(theme: String) throws {
        let pack = try #require(library.theme(theme))
        for obstacle in pack.obstacles {
            for approach in obstacle.approaches where approach.by == .item {
                let noun = pack.items[approach.item!].the.split(separator: " ").last.map(String.init) ?? ""
                for result in approach.result {
                    let text = result.render { $0 == .theItem ? pack.items[approach.item!].the : "Sam" }
                    #expect(text.lowercased().contains(noun.lowercased()), "\(theme), \(obstacle.name): \(text)")
                }
            }
        }
    }
}
