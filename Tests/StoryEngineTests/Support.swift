import Foundation
import StoryCore
import StoryEngine

/// The shipped theme packs and safety lists, read once for all tests.
let library = try! ThemeLibrary.bundled()
let safety = try! SafetyFilter.bundled()
let embedded = EmbeddedWriter(library: library)

/// A whole story written by the embedded writer without a database: its plan, and each
/// page's text and choice labels by plan index.
struct WrittenStory {
    var plan: StoryPlan
    var pages: [NodeDraft]
    var title: TitleDraft

    init(theme: String, seed: UInt64, length: StoryJob.Brief.Length = .medium, age: AgeRange = .sixToEight,
         hero: Hero? = nil, moral: String? = nil) throws {
        let brief = StoryJob.Brief(theme: theme, ageRange: age, length: length, moral: moral, seed: seed)
        let plan = try BriefCheck(library: library, safety: safety).check(brief, hero: hero).plan
        self.plan = plan
        pages = plan.nodes.indices.map { embedded.renderNode(plan, $0) }
        title = embedded.renderTitle(plan)
    }

    /// Every path from the opening to an ending, following every choice.
    var paths: [[Int]] {
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
    func read(_ path: [Int]) -> String {
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

/// Sentences as a reader hears them.
func sentences(_ text: String) -> [String] {
    var result: [String] = []
    var current = ""
    for character in text {
        current.append(character)
        if ".!?".contains(character) {
            let sentence = current.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"”")))
            if sentence.count > 1 { result.append(sentence) }
            current = ""
        }
    }
    let rest = current.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"”")))
    if rest.count > 1 { result.append(rest) }
    return result
}
