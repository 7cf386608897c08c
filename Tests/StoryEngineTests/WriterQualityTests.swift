import Foundation
import StoryCore
import StoryEngine
import Testing

/// What a parent reading aloud would notice, checked over many seeds of every theme.
@Suite struct WriterQualityTests {
    static let seeds: [UInt64] = Array(1...12)
    static let lengths: [StoryJob.Brief.Length] = [.short, .medium, .long]

    /// Every theme the issue names is shipped.
    @Test func shipsTheEightThemes() {
        let expected: Set = [
            "space", "enchanted-forest", "pirate-seas", "dinosaur-valley", "underwater-kingdom", "haunted-castle",
            "robot-city", "dragon-mountain",
        ]
        #expect(expected.isSubset(of: Set(library.themeIds)), "missing: \(expected.subtracting(library.themeIds))")
    }

    @Test(arguments: library.themeIds)
    func storiesAreClean(theme: String) throws {
        for seed in Self.seeds {
            for length in Self.lengths {
                let age = AgeRange.allCases[Int(seed) % AgeRange.allCases.count]
                let story = try WrittenStory(theme: theme, seed: seed, length: length, age: age)
                check(story, "\(theme) seed \(seed) \(length)")
            }
        }
    }

    private func check(_ story: WrittenStory, _ label: String) {
        let plan = story.plan
        #expect(!story.title.title.isEmpty && !story.title.summary.isEmpty, "\(label): title and summary")
        for text in [story.title.title, story.title.summary] + story.pages.flatMap({ [$0.content] + $0.choices }) {
            #expect(!text.contains("{") && !text.contains("}"), "\(label): unfilled slot in \(text)")
            #expect(!text.contains("  ") && !text.hasPrefix(" "), "\(label): stray spaces in \(text)")
            #expect(TerminalText.safe(text) == text, "\(label): control characters")
            #expect(!safety.check(text, for: plan.ageRange).changed, "\(label): the safety filter flags \(text)")
        }
        for (index, node) in plan.nodes.enumerated() {
            let page = story.pages[index]
            #expect(page.choices.count == node.choices.count, "\(label): page \(index) choice count")
            #expect(Set(page.choices.map { $0.lowercased() }).count == page.choices.count, "\(label): page \(index) repeats a choice: \(page.choices)")
            if node.choices.isEmpty {
                #expect(node.isEnding, "\(label): page \(index) is a leaf but not an ending")
            } else {
                #expect(!node.isEnding, "\(label): page \(index) is an ending with choices")
            }
            for choice in page.choices {
                #expect(choice.first?.isUppercase == true && !choice.hasSuffix("."), "\(label): choice \(choice)")
            }
        }
        #expect(plan.nodes.contains { $0.outcome == .winning }, "\(label): no winning ending")
        for path in story.paths {
            let text = path.map { story.pages[$0].content }
            #expect(text.contains { $0.contains(plan.cast.name) }, "\(label): the hero is not named on path \(path)")
            let all = text.flatMap(sentences)
            var seen = Set<String>()
            for sentence in all where !seen.insert(sentence).inserted {
                Issue.record("\(label): the sentence \"\(sentence)\" repeats along path \(path)")
            }
        }
    }

    /// Readers of each age get sentences they can follow: a readability grade
    /// (Flesch-Kincaid) and sentence lengths within bounds for the age range.
    @Test(arguments: [AgeRange.fourToSix, .sixToEight, .eightToTen])
    func readabilitySuitsTheAge(age: AgeRange) throws {
        let bounds: (grade: Double, meanWords: Double, longest: Int) = switch age {
        case .fourToSix: (5.5, 12.5, 22)
        case .sixToEight: (6.0, 13, 24)
        default: (7.5, 14, 26)
        }
        for theme in library.themeIds {
            var text: [String] = []
            for seed in Self.seeds {
                let story = try WrittenStory(theme: theme, seed: seed, length: .medium, age: age)
                text += story.pages.map(\.content)
            }
            let measure = Readability(text.joined(separator: " "))
            #expect(measure.grade <= bounds.grade, "\(theme) for \(age.rawValue): grade \(measure.grade)")
            #expect(measure.meanWords <= bounds.meanWords, "\(theme) for \(age.rawValue): \(measure.meanWords) words a sentence")
            #expect(measure.longest <= bounds.longest, "\(theme) for \(age.rawValue): a sentence of \(measure.longest) words: \(measure.longestSentence)")
        }
    }

    /// Young readers get the shortest text: older ones also hear about the places.
    @Test func olderReadersGetMoreDetail() throws {
        for theme in library.themeIds {
            let young = try WrittenStory(theme: theme, seed: 5, age: .fourToSix)
            let older = try WrittenStory(theme: theme, seed: 5, age: .eightToTen)
            let words = { (story: WrittenStory) in story.pages.reduce(0) { $0 + WordCount.of($1.content) } }
            #expect(words(older) > words(young), "\(theme)")
        }
    }
}

/// Sentence length and the Flesch-Kincaid grade, with syllables counted the usual
/// rough way (groups of vowels, a silent final e).
struct Readability {
    var grade: Double
    var meanWords: Double
    var longest: Int
    var longestSentence: String

    init(_ text: String) {
        let all = sentences(text)
        let lengths = all.map { $0.split(whereSeparator: \.isWhitespace).count }
        let words = all.flatMap { $0.split(whereSeparator: { !$0.isLetter && $0 != "'" }) }.map(String.init)
        let syllables = words.reduce(0) { $0 + Self.syllables($1) }
        meanWords = Double(lengths.reduce(0, +)) / Double(max(1, all.count))
        longest = lengths.max() ?? 0
        longestSentence = all.indices.max { lengths[$0] < lengths[$1] }.map { all[$0] } ?? ""
        grade = 0.39 * meanWords + 11.8 * Double(syllables) / Double(max(1, words.count)) - 15.59
    }

    static func syllables(_ word: String) -> Int {
        let letters = Array(word.lowercased())
        var count = 0
        var previousVowel = false
        for letter in letters {
            let vowel = "aeiouy".contains(letter)
            if vowel && !previousVowel { count += 1 }
            previousVowel = vowel
        }
        if letters.count > 2, letters.last == "e", !"aeiouy".contains(letters[letters.count - 2]) { count -= 1 }
        return max(1, count)
    }
}
