import Foundation
import StoryCore
import StoryEngine
import Testing

@Suite struct PlanTests {
    func hero(_ name: String = "Amara", pronouns: Pronouns = .she, traits: (StoryCore.Trait, StoryCore.Trait) = (.brave, .kind),
              ability: String = "talking to animals") -> Hero {
        Hero(id: 42, profileId: 1, name: name, pronouns: pronouns, primaryTrait: traits.0, secondaryTrait: traits.1,
             specialAbility: ability)
    }

    @Test func theHeroShapesTheStory() throws {
        for theme in library.themeIds {
            let story = try WrittenStory(theme: theme, seed: 3, length: .long, hero: hero())
            let text = story.pages.map(\.content).joined(separator: " ")
            #expect(story.plan.cast.name == "Amara" && story.plan.cast.heroId == 42)
            #expect(text.contains("Amara"))
            #expect(text.range(of: #"\b(she|her|She|Her)\b"#, options: .regularExpression) != nil, "\(theme): she/her")
            #expect(!text.contains("she were") && !text.contains("She were") && !text.contains("herself were"), "\(theme)")
            // The special ability is offered as a choice at the challenges.
            #expect(story.pages.flatMap(\.choices).contains { $0.contains("talking to animals") }, "\(theme)")
        }
    }

    @Test func customPronounsAreUsed() throws {
        let story = try WrittenStory(theme: "space", seed: 4, length: .medium, hero: hero("Sol", pronouns: .custom("xe/xem/xyr")))
        let text = story.pages.map(\.content).joined(separator: " ")
        #expect(text.contains(" xe ") || text.contains("Xe ") || text.contains(" xem") || text.contains(" xyr") || text.contains("Xyr "))
        #expect(!text.contains(" she ") && !text.contains(" they were"))
    }

    @Test func withoutAHeroOneIsInventedFromTheSeed() throws {
        let names = try Set((1...12).map { try WrittenStory(theme: "pirate-seas", seed: $0).plan.cast.name })
        #expect(names.count >= 3)
        let again = try WrittenStory(theme: "pirate-seas", seed: 5).plan.cast
        #expect(again == (try WrittenStory(theme: "pirate-seas", seed: 5).plan.cast))
        #expect(!again.ability.isEmpty)
    }

    /// Paths that follow the hero's traits end well more often than paths that do not.
    @Test func traitsTiltWhichPathsEndWell() throws {
        var favoured = (wins: 0, all: 0), other = (wins: 0, all: 0)
        for seed in UInt64(1)...40 {
            let story = try WrittenStory(theme: "dragon-mountain", seed: seed, length: .long, hero: hero(traits: (.clever, .curious)))
            let kinds = story.plan.cast.traits.reduce(into: Set<ChoiceKind>()) { $0.formUnion($1.favouredKinds) }
            for node in story.plan.nodes where node.depth == story.plan.shape.depth {
                let path = story.plan.path(to: node.index)
                let followed = path.dropFirst().filter { story.plan.nodes[$0].arrival.map(kinds.contains) ?? false }.count
                let win = node.outcome == .winning ? 1 : 0
                if followed * 2 >= path.count - 1 { favoured.wins += win; favoured.all += 1 } else { other.wins += win; other.all += 1 }
            }
        }
        let favouredRate = Double(favoured.wins) / Double(favoured.all), otherRate = Double(other.wins) / Double(other.all)
        #expect(favouredRate > otherRate + 0.2, "trait paths win \(favouredRate), others \(otherRate)")
    }

    /// What a page recalls (an item found, a friend met, a place visited) was in the text of
    /// an earlier page on every path to it.
    @Test func stateRecallsOnlyWhatThePathMentioned() throws {
        for theme in library.themeIds {
            for seed in UInt64(1)...6 {
                let story = try WrittenStory(theme: theme, seed: seed, length: .long)
                let pack = story.plan.theme
                for path in story.paths {
                    for (step, index) in path.enumerated() {
                        let before = path[..<step].map { story.pages[$0].content.lowercased() }.joined(separator: " ")
                        let state = story.plan.states[index]
                        for item in state.items {
                            let name = pack.items[item].name.lowercased(), the = pack.items[item].the.lowercased()
                            let stem = String(the.dropFirst(4))
                            #expect(before.contains(stem) || before.contains(name), "\(theme) \(seed): \(the) recalled on page \(index) of \(path)")
                        }
                        for ally in state.allies {
                            #expect(before.contains(pack.allies[ally].name.lowercased()), "\(theme) \(seed): \(pack.allies[ally].name) on page \(index)")
                        }
                    }
                }
            }
        }
    }

    @Test func shapeParameters() throws {
        let base = try WrittenStory(theme: "space", seed: 9)
        let check = BriefCheck(library: library, safety: safety)
        let pack = try check.theme(for: StoryJob.Brief(theme: "space", seed: 9))
        let wide = StoryPlanner.plan(theme: pack, cast: base.plan.cast, ageRange: .all, seed: 9, moral: nil,
                                     shape: StoryShape(depth: 5, branching: 3))
        #expect(wide.nodes.map(\.depth).max() == 5)
        #expect(wide.nodes.filter { !$0.isEnding }.allSatisfy { $0.choices.count == 3 })
        #expect(wide.nodes.count == (0...5).reduce(0) { $0 + Int(pow(3.0, Double($1))) })

        var merged = 0, early = 0, middle = 0
        for seed in UInt64(1)...20 {
            let plan = StoryPlanner.plan(theme: pack, cast: base.plan.cast, ageRange: .all, seed: seed, moral: nil,
                                         shape: StoryShape(depth: 4, earlyEndings: 0.3, merges: true))
            merged += plan.nodes.filter { $0.parents.count > 1 }.count
            early += plan.nodes.filter { $0.isEnding && $0.depth < 4 }.count
            middle += plan.nodes.filter { $0.depth == 3 }.count
            // Every page is reachable, and every page leads on or ends.
            #expect(Set(plan.nodes.flatMap { $0.choices.map(\.target) }).count == plan.nodes.count - 1)
        }
        #expect(merged > 0, "merges happen")
        #expect(Double(early) / Double(middle) > 0.15 && Double(early) / Double(middle) < 0.45, "early endings: \(early) of \(middle)")

        let sizes = try [StoryJob.Brief.Length.short, .medium, .long].map { length in
            try (1...10).map { try WrittenStory(theme: "space", seed: $0, length: length).plan.nodes.count }
        }
        #expect(sizes[0].allSatisfy { $0 == 7 })
        #expect(sizes[1].allSatisfy { (11...15).contains($0) })
        #expect(sizes[2].allSatisfy { (20...31).contains($0) }, "\(sizes[2])")
    }

    @Test func sameSeedSameTextOtherSeedOtherText() throws {
        for theme in library.themeIds {
            let one = try WrittenStory(theme: theme, seed: 77, length: .long, age: .eightToTen)
            let two = try WrittenStory(theme: theme, seed: 77, length: .long, age: .eightToTen)
            let other = try WrittenStory(theme: theme, seed: 78, length: .long, age: .eightToTen)
            #expect(one.pages == two.pages && one.title == two.title)
            #expect(one.pages.map(\.content) != other.pages.map(\.content))
        }
    }

    @Test func typedFieldsPassTheSafetyFilter() throws {
        let check = BriefCheck(library: library, safety: safety)
        let softened = try check.check(StoryJob.Brief(theme: "space", ageRange: .fourToSix, moral: "Being stupid is fine.", seed: 1), hero: nil)
        #expect(softened.plan.moral == "being silly is fine")
        #expect(softened.findings.map(\.field) == ["moral"])
        #expect(throws: BriefCheck.Problem.self) {
            try check.check(StoryJob.Brief(theme: "space", moral: "guns are cool", seed: 1), hero: nil)
        }
        #expect(throws: BriefCheck.Problem.self) {
            try check.check(StoryJob.Brief(theme: "space", seed: 1), hero: hero("Killer Joe"))
        }
        #expect(safety.check("The path wound up the hill.", for: .fourToSix).changed == false)
        #expect(safety.check("A scary, SCARY night.", for: .fourToSix).text == "A spooky, SPOOKY night.")
        #expect(safety.check("A scary night.", for: .eightToTen).changed == false, "older readers may hear it")
    }
}
