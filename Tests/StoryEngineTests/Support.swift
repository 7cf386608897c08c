import Foundation
import StoryCore
import StoryEngine

/// The shipped theme packs and safety lists, read once for all tests.
let library = try! ThemeLibrary.bundled()
let safety = try! SafetyFilter.bundled()
let embedded = EmbeddedWriter(library: library)
let briefCheck = BriefCheck(library: library, safety: safety)

/// A whole story written by the embedded writer without a database: its plan, and each
/// page's text and choice labels by plan index (`WriterQuality.Story`).
typealias WrittenStory = WriterQuality.Story

extension WriterQuality.Story {
    init(theme: String, seed: UInt64, length: StoryJob.Brief.Length = .medium, age: AgeRange = .sixToEight,
         hero: Hero? = nil, moral: String? = nil) throws {
        let brief = StoryJob.Brief(theme: theme, ageRange: age, length: length, moral: moral, seed: seed)
        self.init(plan: try briefCheck.check(brief, hero: hero).plan, writer: embedded)
    }
}

/// Sentences as a reader hears them.
func sentences(_ text: String) -> [String] {
    WriterQuality.sentences(text)
}
