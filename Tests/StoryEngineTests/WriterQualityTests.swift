import Foundation
import StoryCore
import StoryEngine
import Testing

/// What a parent reading aloud would notice, checked on every theme: the measures of
/// `WriterQuality` (the table `forktale-bench writer.quality` prints) each at its target,
/// and the rules every page keeps.
@Suite struct WriterQualityTests {
    /// Every theme the issue names is shipped.
    @Test func shipsTheEightThemes() {
        let expected: Set = [
            "space", "enchanted-forest", "pirate-seas", "dinosaur-valley", "underwater-kingdom", "haunted-castle",
            "robot-city", "dragon-mountain",
        ]
        #expect(expected.isSubset(of: Set(library.themeIds)), "missing: \(expected.subtracting(library.themeIds))")
    }

    /// Each theme's stories (every length and age range, the measure's heroes in turn) meet
    /// every line of the table.
    @Test(arguments: library.themeIds)
    func everyMeasureMeetsItsTarget(theme: String) throws {
        let quality = WriterQuality(try WriterQuality.sample(check: briefCheck, writer: embedded, themes: [theme]))
        for line in quality.lines where !line.met {
            Issue.record("\(theme): \(line.measure) is \(line.value), target \(line.target)")
        }
        #expect(quality.brokenExamples.isEmpty && quality.unresolvedExamples.isEmpty,
                "\((quality.brokenExamples + quality.unresolvedExamples).joined(separator: "\n"))")
    }

    @Test(arguments: library.themeIds)
    func pagesKeepTheRules(theme: String) throws {
        for story in try WriterQuality.sample(check: briefCheck, writer: embedded, themes: [theme]) {
            check(story, "\(theme) \(story.plan.shape.length) \(story.plan.ageRange.rawValue) seed \(story.plan.seed)")
        }
    }

    private func check(_ story: WrittenStory, _ label: String) {
        let plan = story.plan
        #expect(!story.title.title.isEmpty && !story.title.summary.isEmpty, "\(label): title and summary")
        #expect(!story.title.title.contains(#/[a-z] The /#), "\(label): a small article in \(story.title.title)")
        for text in [story.title.title, story.title.summary] + story.pages.flatMap({ [$0.content] + $0.choices }) {
            #expect(WriterQuality.brokenPatterns(in: text).isEmpty, "\(label): \(WriterQuality.brokenPatterns(in: text)) in \(text)")
            #expect(!text.hasPrefix(" ") && !text.hasSuffix(" "), "\(label): stray spaces in \(text)")
            #expect(TerminalText.safe(text) == text, "\(label): control characters")
            #expect(!safety.check(text, for: plan.ageRange).changed, "\(label): the safety filter flags \(text)")
        }
        for (index, node) in plan.nodes.enumerated() {
            let page = story.pages[index]
            #expect(page.choices.count == node.choices.count, "\(label): page \(index) choice count")
            #expect(Set(page.choices.map { $0.lowercased() }).count == page.choices.count, "\(label): page \(index) repeats a choice: \(page.choices)")
            #expect(node.isEnding == node.choices.isEmpty, "\(label): page \(index) is a leaf exactly when it is an ending")
            for choice in page.choices {
                #expect(choice.first?.isUppercase == true && !choice.hasSuffix("."), "\(label): choice \(choice)")
            }
        }
        #expect(plan.nodes.contains { $0.outcome == .winning }, "\(label): no winning ending")
        for path in story.paths {
            let text = path.map { story.pages[$0].content }
            #expect(text.contains { $0.contains(plan.cast.name) }, "\(label): the hero is not named on path \(path)")
            var seen = Set<String>()
            // Sounds of a word or two ("Beep!") and the refrain may come back; sentences may not.
            let said = text.flatMap(sentences).filter { $0 != story.refrain && $0.split(separator: " ").count > 2 }
            for sentence in said where !seen.insert(sentence).inserted {
                Issue.record("\(label): the sentence \"\(sentence)\" repeats along path \(path)")
            }
        }
    }

    /// Readers of each age get sentences they can follow: Flesch-Kincaid grade and sentence
    /// lengths within bounds for the age range (the youngest are read to).
    @Test(arguments: [AgeRange.fourToSix, .sixToEight, .eightToTen])
    func readabilitySuitsTheAge(age: AgeRange) throws {
        let bounds: (grade: ClosedRange<Double>, meanWords: Double, longest: Int) = switch age {
        case .fourToSix: (-5...3.0, 10, 20)
        case .sixToEight: (-5...5.0, 12, 28)
        default: (4.5...6.5, 14, 34)
        }
        var text: [String] = []
        for theme in library.themeIds {
            for length in StoryJob.Brief.Length.allCases {
                for seed in UInt64(1)...3 {
                    text += try WrittenStory(theme: theme, seed: seed, length: length, age: age).pages.map(\.content)
                }
            }
        }
        let measure = Readability(text.joined(separator: " "))
        #expect(bounds.grade.contains(measure.grade), "\(age.rawValue): grade \(measure.grade)")
        #expect(measure.meanWords <= bounds.meanWords, "\(age.rawValue): \(measure.meanWords) words a sentence")
        #expect(measure.longest <= bounds.longest, "\(age.rawValue): a sentence of \(measure.longest) words: \(measure.longestSentence)")
    }

    /// Young readers get the shortest pages; older ones also hear about the places.
    @Test func olderReadersGetMoreDetail() throws {
        for theme in library.themeIds {
            let young = try WrittenStory(theme: theme, seed: 5, age: .fourToSix)
            let older = try WrittenStory(theme: theme, seed: 5, age: .eightToTen)
            let words = { (story: WrittenStory) in story.pages.reduce(0) { $0 + WordCount.of($1.content) } / story.pages.count }
            #expect(words(older) > words(young) + 10, "\(theme): \(words(young)) and \(words(older)) words a page")
        }
    }

    /// The measure itself finds what it is meant to find.
    @Test func brokenTextIsFound() {
        #expect(!WriterQuality.brokenPatterns(in: "Use the gift of talks to owls").isEmpty)
        #expect(!WriterQuality.brokenPatterns(in: "Sam understood that telling the truth even when it is hard.").isEmpty)
        #expect(!WriterQuality.brokenPatterns(in: "Sam tried to talks to owls.").isEmpty)
        #expect(!WriterQuality.brokenPatterns(in: "Sam found {item}.").isEmpty)
        #expect(WriterQuality.brokenPatterns(in: "Sam learned that friends make everything better, that morning.").isEmpty)
        #expect(WriterQuality.brokenPatterns(in: "Knock, knock! Sam went to bring the string.").isEmpty)
        #expect(WriterQuality.brokenPatterns(in: "A robot with a watering can, smiling, stood there.").isEmpty)
    }
}
