import Foundation
import StoryCore
import StoryEngine

/// `writer.quality`: the embedded writer's stories as a parent reading aloud would judge
/// them, over every theme, length and age range (`WriterQuality`), printed as a table with
/// each measure's target; and the time to plan and write a long story, against planning it
/// alone in the same run.
struct WriterQualityScenario: Scenario {
    let name = "writer.quality"

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let check = try BriefCheck.bundled()
        let writer = EmbeddedWriter(library: check.library)
        let stories = try WriterQuality.sample(check: check, writer: writer)
        let quality = WriterQuality(stories)
        workspace.report("\(stories.count) stories: \(check.library.themeIds.count) themes x 3 lengths x 4 age ranges, \(WriterQuality.heroes.count) heroes in turn\n")
        workspace.report(quality.table + "\n")
        if !quality.brokenExamples.isEmpty {
            workspace.report("Broken lines, the first \(quality.brokenExamples.count):\n" + quality.brokenExamples.map { "  " + $0 }.joined(separator: "\n") + "\n")
        }

        // A long story, planned and every page written, fresh each time (no memo shared).
        let rounds = quick ? 20 : 200
        var written: [Double] = []
        var planned: [Double] = []
        for round in 0..<rounds {
            let brief = StoryJob.Brief(theme: benchThemes[round % benchThemes.count], length: .long, seed: UInt64(round))
            planned.append(try seconds { _ = try check.check(brief, hero: nil) })
            written.append(try seconds {
                let plan = try check.check(brief, hero: nil).plan
                for index in plan.nodes.indices { _ = writer.renderNode(plan, index) }
                _ = writer.renderTitle(plan)
            })
        }
        written.sort()
        planned.sort()
        return [
            Measurement(scenario: name, metric: "long_story_ms", value: written[written.count / 2] * 1000, unit: "ms",
                        baseline: planned[planned.count / 2] * 1000),
            Measurement(scenario: name, metric: "measures_met", value: Double(quality.lines.count { $0.met }),
                        unit: "of \(quality.lines.count)"),
        ]
    }
}
