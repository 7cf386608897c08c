import Foundation
import StoryCore
import StoryEngine
import StoryStore

/// The engine with the shipped theme packs and the embedded writer.
private func makeRunner(_ store: AppDatabase, events: (@Sendable (JobRunner.Event) -> Void)? = nil) throws -> JobRunner {
    let check = try BriefCheck.bundled()
    let writer = EmbeddedWriter(library: check.library)
    return JobRunner(database: store, check: check, makeWriter: { _ in writer }, events: events)
}

/// The themes benchmark stories cycle through.
let benchThemes = ["space", "enchanted-forest", "pirate-seas", "dinosaur-valley", "underwater-kingdom",
                   "haunted-castle", "robot-city", "dragon-mountain"]

/// An empty database (first run done, no samples) and its default profile's id.
func freshStore(_ path: String, workspace: Workspace) throws -> (AppDatabase, Int64) {
    workspace.removeDatabase(path)
    let store = try AppDatabase.openFile(at: path)
    try store.prepareFirstRun(samples: [])
    return (store, try store.defaultProfile()!.id!)
}

/// `engine.generate`: pages written per second by the embedded writer through the whole
/// job runner (claim, plan, write, store, finish), against storing the same finished
/// stories' rows with `store.insert` (one `insertStory` per story) in the same run.
struct EngineGenerateScenario: Scenario {
    let name = "engine.generate"

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let jobs = quick ? 20 : 200
        let rounds = quick ? 1 : 5
        var best = (engine: Double.infinity, insert: Double.infinity)
        var pages = 0
        for round in 0..<rounds {
            let (store, profile) = try freshStore(workspace.file("engine-\(round).sqlite"), workspace: workspace)
            _ = try store.queueJobs((0..<jobs).map { index in
                StoryJob(profileId: profile, brief: StoryJob.Brief(
                    theme: benchThemes[index % benchThemes.count], length: .long, seed: UInt64(1000 + index)))
            })
            let runner = try makeRunner(store)
            best.engine = min(best.engine, seconds {
                runner.start(.untilEmpty)
                runner.waitUntilIdle()
            })
            let stories = try store.storySummaries(profileId: profile).compactMap { try store.storyContent(id: $0.story.id!) }
            guard stories.count == jobs, stories.allSatisfy({ $0.story.status == .ready }) else {
                throw BenchError.failed("engine.generate: \(stories.count) of \(jobs) stories were written")
            }
            pages = stories.reduce(0) { $0 + $1.nodes.count }

            // The same rows, stored as finished stories.
            let drafts = stories.map { content in
                let index = Dictionary(uniqueKeysWithValues: content.nodes.enumerated().map { ($1.id!, $0) })
                let choices = content.choices.map { choice in
                    StoryChoice.Draft(from: index[choice.nodeId]!, position: choice.position, text: choice.text,
                                      target: choice.targetNodeId.flatMap { index[$0] })
                }
                return (content.story, content.nodes, choices)
            }
            let (target, _) = try freshStore(workspace.file("insert-\(round).sqlite"), workspace: workspace)
            best.insert = min(best.insert, try seconds {
                for (story, nodes, choices) in drafts { try target.insertStory(story, nodes: nodes, choices: choices) }
            })
            workspace.removeDatabase(workspace.file("engine-\(round).sqlite"))
            workspace.removeDatabase(workspace.file("insert-\(round).sqlite"))
        }
        return [
            Measurement(scenario: name, metric: "pages_per_s", value: Double(pages) / best.engine, unit: "pages/s",
                        baseline: Double(pages) / best.insert),
            Measurement(scenario: name, metric: "stories", value: Double(jobs), unit: "stories"),
            Measurement(scenario: name, metric: "pages", value: Double(pages), unit: "pages"),
        ]
    }
}

/// `engine.first-node`: from queuing a job to its opening page being stored `ready`, with a
/// runner already waiting in the same process (as the interface runs one).
struct EngineFirstNodeScenario: Scenario {
    let name = "engine.first-node"

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let samples = quick ? 5 : 41
        let (store, profile) = try freshStore(workspace.file("first.sqlite"), workspace: workspace)
        let firstPage = DispatchSemaphore(value: 0)
        let runner = try makeRunner(store) { event in
            if case .progress(_, let done, _) = event, done >= 1 { firstPage.signal() }
        }
        var times: [Double] = []
        runner.start(.follow)
        defer { runner.stop(release: false) }
        for index in 0..<samples {
            times.append(try seconds {
                _ = try store.queueJobs([StoryJob(profileId: profile, brief: StoryJob.Brief(theme: "space", length: .long, seed: UInt64(index)))])
                runner.wake()
                guard firstPage.wait(timeout: .now() + 10) == .success else {
                    throw BenchError.failed("engine.first-node: no page was written within 10 s")
                }
            })
            // Let the rest of the story finish before the next sample.
            while try store.hasUnfinishedJobs() { usleep(1_000) }
            while firstPage.wait(timeout: .now()) == .success {}
        }
        times.sort()
        return [
            Measurement(scenario: name, metric: "median_ms", value: times[times.count / 2] * 1000, unit: "ms"),
            Measurement(scenario: name, metric: "p90_ms", value: times[times.count * 9 / 10] * 1000, unit: "ms"),
        ]
    }
}

enum BenchError: Error, CustomStringConvertible {
    case failed(String)

    var description: String {
        switch self {
        case .failed(let message): message
        }
    }
}
