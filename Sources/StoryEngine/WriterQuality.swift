import Foundation
import StoryCore

/// What a parent reading aloud would notice in the embedded writer's stories, counted over
/// many of them: text broken by filling in, problems left unsolved, choices naming
/// strangers, items never used, shallow readings, stitched and shared sentences, endings
/// that are all "try again tomorrow", and reading levels. `forktale-bench writer.quality`
/// prints the table; the writer's tests hold every line to its target.
public struct WriterQuality: Sendable {
    /// One story as the reader gets it.
    public struct Story: Sendable {
        public var plan: StoryPlan
        public var pages: [NodeDraft]
        public var title: TitleDraft
        /// The line the story repeats on purpose (stories for 4-6), left out of the counts
        /// of repeated sentences.
        public var refrain: String?

        public init(plan: StoryPlan, writer: EmbeddedWriter) {
            self.plan = plan
            pages = plan.nodes.indices.map { writer.renderNode(plan, $0) }
            title = writer.renderTitle(plan)
            refrain = writer.refrain(of: plan)
        }

        /// Every path from the opening to an ending.
        public var paths: [[Int]] {
            var paths: [[Int]] = []
            func walk(_ path: [Int]) {
                let node = plan.nodes[path.last!]
                if node.choices.isEmpty { return paths.append(path) }
                for choice in node.choices where !path.contains(choice.target) { walk(path + [choice.target]) }
            }
            walk([0])
            return paths
        }

        /// The story as a reader sees it along one path.
        public func read(_ path: [Int]) -> String {
            var out = "# \(title.title)\n"
            for (step, index) in path.enumerated() {
                out += "\n" + pages[index].content + "\n"
                if step + 1 < path.count {
                    let position = plan.nodes[index].choices.firstIndex { $0.target == path[step + 1] }!
                    for (number, label) in pages[index].choices.enumerated() {
                        out += "  \(number + 1). \(label)\(number == position ? "   <- chosen" : "")\n"
                    }
                }
            }
            return out
        }
    }

    /// A count out of a total.
    public struct Share: Sendable, CustomStringConvertible {
        public var count = 0
        public var total = 0
        public var value: Double { total == 0 ? 0 : Double(count) / Double(total) }
        public var description: String { "\(count) of \(total) (\(Int((value * 100).rounded())) %)" }
    }

    /// Lines with text broken by filling in, with the first few of them.
    public var broken = Share()
    public var brokenExamples: [String] = []
    /// Choices at an obstacle (or a riddle) whose next page resolves it.
    public var obstaclesResolved = Share()
    /// Pages after an obstacle choice that do not tell how it went, with the choice.
    public var unresolvedExamples: [String] = []
    public var riddlesResolved = Share()
    /// Choices naming a companion the path has not met.
    public var strangers = Share()
    /// Paths that find an item and use it later.
    public var itemsUsed = Share()
    /// Mean pages of a reading, by length.
    public var pagesPerReading: [StoryJob.Brief.Length: Double] = [:]
    /// Mean pages of a story, by length.
    public var pagesPerStory: [StoryJob.Brief.Length: Double] = [:]
    /// Mean share of a story's sentences that appear on another of its pages.
    public var repeatedInStory = 0.0
    public var repeatedInLongStory = 0.0
    /// Mean share of a story's sentences found in another story of the same theme.
    public var sharedInTheme = 0.0
    /// Endings that say "try again tomorrow" (or bedtime, or another day).
    public var notYetEndings = Share()
    /// Kinds of quest a theme's stories can be, at the fewest.
    public var questKinds = 0
    /// Flesch-Kincaid grade by age range.
    public var grade: [AgeRange: Double] = [:]
    public var stories = 0

    public init(_ stories: [Story]) {
        self.stories = stories.count
        var readings: [StoryJob.Brief.Length: [Int]] = [:]
        var sizes: [StoryJob.Brief.Length: [Int]] = [:]
        var repeated: [Double] = []
        var repeatedLong: [Double] = []
        var text: [AgeRange: [String]] = [:]
        for story in stories {
            let plan = story.plan
            let lines = [story.title.title, story.title.summary] + story.pages.flatMap { [$0.content] + $0.choices }
            for line in lines where !Self.brokenPatterns(in: line).isEmpty {
                broken.count += 1
                if brokenExamples.count < 8 { brokenExamples.append(line) }
            }
            broken.total += lines.count
            countResolutions(story)
            let paths = story.paths
            readings[plan.shape.length, default: []] += paths.map(\.count)
            sizes[plan.shape.length, default: []].append(plan.nodes.count)
            for path in paths {
                countStrangers(story, path)
                countItems(story, path)
            }
            for node in plan.nodes where node.isEnding {
                notYetEndings.total += 1
                let words = Set(Self.words(story.pages[node.index].content))
                if !words.isDisjoint(with: ["tomorrow", "bedtime", "tonight's"]) || story.pages[node.index].content.contains("another day") {
                    notYetEndings.count += 1
                }
            }
            let share = Self.repeatedShare(story)
            repeated.append(share)
            if plan.shape.length == .long { repeatedLong.append(share) }
            text[plan.ageRange, default: []] += story.pages.map(\.content)
        }
        pagesPerReading = readings.mapValues { Double($0.reduce(0, +)) / Double(max(1, $0.count)) }
        pagesPerStory = sizes.mapValues { Double($0.reduce(0, +)) / Double(max(1, $0.count)) }
        repeatedInStory = repeated.reduce(0, +) / Double(max(1, repeated.count))
        repeatedInLongStory = repeatedLong.reduce(0, +) / Double(max(1, repeatedLong.count))
        sharedInTheme = Self.sharedShare(stories)
        questKinds = Dictionary(grouping: stories, by: { $0.plan.theme.id }).values
            .map { Set($0[0].plan.theme.quests.map(\.kind)).count }.min() ?? 0
        grade = text.mapValues { Readability($0.joined(separator: " ")).grade }
    }

    // MARK: The counts

    /// Wrongly filled text: an unfilled slot, an ability dropped into a noun's place, a
    /// phrase where a clause belongs, doubled words.
    public static func brokenPatterns(in line: String) -> [String] {
        var found: [String] = []
        if line.contains("{") || line.contains("}") { found.append("unfilled slot") }
        if line.contains("  ") { found.append("double space") }
        for sentence in sentences(line) {
            // Word pairs within a clause: "a watering can, smiling" is fine.
            for clause in sentence.split(whereSeparator: { ",;:".contains($0) }) {
                found += brokenPatterns(inSentence: Self.words(String(clause)))
            }
            // "the the", "to to": a slot filled next to the same word in its template (words
            // with only a space between them: "Take it," it said is fine).
            let spaced = sentence.lowercased().split(separator: " ")
            for (word, next) in zip(spaced, spaced.dropFirst()) where word == next && functionWords.contains(String(word)) {
                found.append("doubled \(word)")
            }
        }
        return found
    }

    private static func brokenPatterns(inSentence words: [String]) -> [String] {
        var found: [String] = []
        for (index, word) in words.enumerated() where index + 1 < words.count {
            let next = words[index + 1]
            if ["gift", "power"].contains(word), next == "of" { found.append("\(word) of") }
            if ["a", "an", "the"].contains(word), ["a", "an", "the"].contains(next) { found.append("\(word) \(next)") }
            // "to talking": a gerund where a verb belongs.
            if ["to", "can", "could"].contains(word), next.hasSuffix("ing"), !Self.ingWords.contains(next) {
                found.append("\(word) \(next)")
            }
            // "learned that telling the truth even when it is hard": a phrase where a clause
            // belongs ("that helping others makes it better" is a clause, and fine).
            if word == "that", next.hasSuffix("ing"), !Self.ingWords.contains(next),
               case .phrase? = MoralPhrase(words[(index + 1)...].joined(separator: " "))
            {
                found.append("that \(next)")
            }
            // "to talks to owls", "can remembers".
            if ["to", "can", "could", "would", "will"].contains(word), index + 2 < words.count,
               Self.thirdPersonVerbs.contains(next)
            {
                found.append("\(word) \(next)")
            }
        }
        return found
    }

    static let functionWords: Set<String> = [
        "a", "an", "the", "to", "of", "and", "in", "on", "at", "is", "was", "it", "for", "with", "her", "his", "their",
    ]

    /// Words ending in -ing that are not gerunds, or are verbs in their own right.
    static let ingWords: Set<String> = [
        "bring", "sing", "ring", "king", "thing", "things", "something", "nothing", "everything", "anything", "morning",
        "evening", "string", "spring", "swing", "wing", "sting", "cling", "fling", "ceiling", "building", "pudding",
        "ping", "ding", "bling", "icing", "darling", "duckling", "sapling", "seedling",
    ]

    /// Third-person forms that show an ability typed as "talks to owls" was used as a verb.
    static let thirdPersonVerbs: Set<String> = [
        "talks", "remembers", "makes", "sees", "flies", "runs", "swims", "speaks", "hears", "floats", "jumps", "climbs",
        "sings", "reads", "grows", "turns", "changes", "becomes", "does", "has", "is", "knows", "finds", "glows",
    ]

    /// Each choice at an obstacle or a climax leads to a page that tells how that way went;
    /// each answer to a riddle leads to a page that says the answer.
    private mutating func countResolutions(_ story: Story) {
        let plan = story.plan
        let theme = plan.theme
        for node in plan.nodes {
            for choice in node.choices {
                let next = story.pages[choice.target].content
                switch choice.action {
                case .approach(let kind):
                    obstaclesResolved.total += 1
                    let obstacle = theme.obstacles[node.obstacle!]
                    // A "not yet" ending tells only the first sentence of a setback.
                    let own = obstacle.approach(kind, helper: node.helper).map { approach in
                        approach.result + (approach.setback ?? []) + (approach.setback ?? []).map(\.firstSentence)
                    } ?? []
                    let told = own.contains { template in template.appears(in: next) }
                    let named = EmbeddedWriter.replaceWords(in: obstacle.the, theme.ages[plan.ageRange]?.simpler ?? [:])
                    if told || (kind == .ability && next.lowercased().contains(named.lowercased())) {
                        obstaclesResolved.count += 1
                    } else if unresolvedExamples.count < 8 {
                        unresolvedExamples.append("\(kind.rawValue) at \(obstacle.the): \(next)")
                    }
                case .answer:
                    riddlesResolved.total += 1
                    if next.lowercased().contains(theme.riddles[node.riddle!].answer.lowercased()) { riddlesResolved.count += 1 }
                default: break
                }
            }
        }
    }

    /// A choice label naming a companion of the theme whom the pages read so far never named.
    private mutating func countStrangers(_ story: Story, _ path: [Int]) {
        let names = story.plan.theme.companions.map(\.name)
        var read = ""
        for index in path {
            read += story.pages[index].content
            for label in story.pages[index].choices {
                for name in names where label.contains(name) {
                    strangers.total += 1
                    if !read.contains(name) { strangers.count += 1 }
                }
            }
        }
    }

    /// A path that finds an item (a gathering page names it) and later meets an obstacle
    /// with it: a page after the finding that tells the item's own way past.
    private mutating func countItems(_ story: Story, _ path: [Int]) {
        let plan = story.plan
        for (step, index) in path.enumerated() {
            guard plan.nodes[index].stage == .gather, case .item(let item)? = plan.nodes[index].helper else { continue }
            itemsUsed.total += 1
            // The item's own word ("the silver rope": "rope") on a page where it got the hero past.
            let noun = plan.theme.items[item].the.split(separator: " ").last.map { $0.lowercased() } ?? ""
            let used = path[(step + 1)...].contains { later in
                plan.nodes[later].approach == .item && story.pages[later].content.lowercased().contains(noun)
            }
            if used { itemsUsed.count += 1 }
        }
    }

    /// Sentences as a reader would hear them repeat: the hero's name and pronouns
    /// replaced (another hero does not make a sentence new), and sounds of a word or two
    /// ("Click!", "Beep!") and the story's refrain (repeated on purpose) left out.
    public static func sentences(of story: Story, page: Int) -> [String] {
        let forms = PronounForms(story.plan.cast.pronouns)
        let pronouns = Set([forms.subject, forms.object, forms.possessive, forms.reflexive].map { $0.lowercased() })
        return Self.sentences(story.pages[page].content).compactMap { sentence in
            if sentence == story.refrain { return nil }
            let words = sentence.replacingOccurrences(of: story.plan.cast.name, with: "HERO").split(separator: " ")
            guard words.count > 2 else { return nil }
            return words.map { word in
                let bare = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
                return pronouns.contains(bare) ? word.replacingOccurrences(of: bare, with: "P", options: .caseInsensitive) : String(word)
            }.joined(separator: " ")
        }
    }

    private static func repeatedShare(_ story: Story) -> Double {
        var pagesOf: [String: Set<Int>] = [:]
        var all: [String] = []
        for index in story.pages.indices {
            for sentence in sentences(of: story, page: index) {
                pagesOf[sentence, default: []].insert(index)
                all.append(sentence)
            }
        }
        let repeated = all.count { pagesOf[$0]!.count > 1 }
        return Double(repeated) / Double(max(1, all.count))
    }

    private static func sharedShare(_ stories: [Story]) -> Double {
        let sets = stories.map { story in Set(story.pages.indices.flatMap { sentences(of: story, page: $0) }) }
        var shares: [Double] = []
        for (index, story) in stories.enumerated() {
            var others = Set<String>()
            for (other, candidate) in stories.enumerated() where other != index && candidate.plan.theme.id == story.plan.theme.id {
                others.formUnion(sets[other])
            }
            shares.append(Double(sets[index].count { others.contains($0) }) / Double(max(1, sets[index].count)))
        }
        return shares.reduce(0, +) / Double(max(1, shares.count))
    }

    // MARK: The table

    public struct Line: Sendable {
        public var measure: String
        public var value: String
        public var target: String
        public var met: Bool
    }

    public var lines: [Line] {
        func percent(_ value: Double) -> String { "\(Int((value * 100).rounded())) %" }
        let short = pagesPerReading[.short] ?? 0, medium = pagesPerReading[.medium] ?? 0, long = pagesPerReading[.long] ?? 0
        let young = grade[.fourToSix] ?? 0, older = grade[.eightToTen] ?? 0
        return [
            Line(measure: "broken filled-in text", value: "\(broken.count) lines", target: "0", met: broken.count == 0),
            Line(measure: "obstacles / riddles whose next page resolves them",
                 value: "\(percent(obstaclesResolved.value)) / \(percent(riddlesResolved.value))", target: "100 %",
                 met: obstaclesResolved.count == obstaclesResolved.total && riddlesResolved.count == riddlesResolved.total),
            Line(measure: "choices naming someone not met on that path", value: "\(strangers.count) of \(strangers.total)",
                 target: "0", met: strangers.count == 0),
            Line(measure: "items found that are used later on the same path", value: percent(itemsUsed.value),
                 target: "at least 60 %", met: itemsUsed.value >= 0.6),
            Line(measure: "pages per reading, mean (short / medium / long)",
                 value: String(format: "%.1f / %.1f / %.1f", short, medium, long), target: "4 / 6 / 10",
                 met: short >= 4 && medium >= 6 && long >= 10),
            Line(measure: "pages per story, mean (short / medium / long)",
                 value: String(format: "%.0f / %.0f / %.0f", pagesPerStory[.short] ?? 0, pagesPerStory[.medium] ?? 0, pagesPerStory[.long] ?? 0),
                 target: "close to 7 / 15 / 31", met: true),
            Line(measure: "sentences of a story on another of its pages (long)",
                 value: "\(percent(repeatedInStory)) (\(percent(repeatedInLongStory)))", target: "at most 5 %",
                 met: repeatedInStory <= 0.05 && repeatedInLongStory <= 0.05),
            Line(measure: "sentences found in another story of the same theme", value: percent(sharedInTheme),
                 target: "at most 25 %", met: sharedInTheme <= 0.25),
            Line(measure: "\"try again tomorrow\" endings", value: percent(notYetEndings.value), target: "at most 20 %",
                 met: notYetEndings.value <= 0.2),
            Line(measure: "quest kinds per theme", value: "\(questKinds)", target: "at least 5", met: questKinds >= 5),
            Line(measure: "Flesch-Kincaid grade, 4-6 / 8-10", value: String(format: "%.1f / %.1f", young, older),
                 target: "at most 3.0 / 4.5-6.5", met: young <= 3.0 && (4.5...6.5).contains(older)),
        ]
    }

    public var table: String {
        let rows = [("measure", "value", "target", "")] + lines.map { ($0.measure, $0.value, $0.target, $0.met ? "ok" : "MISSED") }
        let widths = [rows.map(\.0.count).max()!, rows.map(\.1.count).max()!, rows.map(\.2.count).max()!]
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: width - text.count) }
        return rows.map { "\(pad($0.0, widths[0]))  \(pad($0.1, widths[1]))  \(pad($0.2, widths[2]))  \($0.3)" }
            .joined(separator: "\n")
    }
}

extension WriterQuality {
    /// The heroes the measure writes for: each pronoun, traits of every kind, and abilities
    /// typed as a verb phrase, an old third-person or -ing value, a noun, or none.
    public static let heroes: [Hero] = [
        Hero(profileId: 1, name: "Sam", pronouns: .they, primaryTrait: .kind, secondaryTrait: .clever, specialAbility: "talks to owls"),
        Hero(profileId: 1, name: "Oona", pronouns: .she, primaryTrait: .brave, secondaryTrait: .curious,
             specialAbility: "remember every map she sees"),
        Hero(profileId: 1, name: "Rafael", pronouns: .he, primaryTrait: .funny, secondaryTrait: .creative, specialAbility: "super speed"),
        Hero(profileId: 1, name: "Kit", pronouns: .custom("xe/xem/xyr"), primaryTrait: .gentle, secondaryTrait: .determined,
             specialAbility: "making things glow"),
        Hero(profileId: 1, name: "Wren", pronouns: .she, primaryTrait: .magical, secondaryTrait: .loyal),
    ]

    /// Morals as people type them: none (the pack's), a clause, a phrase.
    public static let morals: [String?] = [nil, "telling the truth even when it is hard", nil, "friends make everything better"]

    /// Every theme (or those named), length and age range, with the heroes and morals above
    /// in turn: 96 stories for the eight shipped themes.
    public static func sample(check: BriefCheck, writer: EmbeddedWriter, themes: [String]? = nil, seeds: Int = 1) throws -> [Story] {
        var stories: [Story] = []
        var turn = 0
        for theme in themes ?? check.library.themeIds {
            for length in StoryJob.Brief.Length.allCases {
                for age in AgeRange.allCases {
                    for seed in 0..<seeds {
                        let hero = heroes[turn % heroes.count]
                        let brief = StoryJob.Brief(
                            theme: theme, ageRange: age, length: length, moral: morals[turn % morals.count],
                            seed: UInt64(1000 + turn * 7 + seed))
                        stories.append(Story(plan: try check.check(brief, hero: hero).plan, writer: writer))
                        turn += 1
                    }
                }
            }
        }
        return stories
    }
}
