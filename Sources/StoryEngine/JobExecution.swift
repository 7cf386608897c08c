import Foundation
import StoryCore
import StoryStore

/// One claimed job as the runner works through it: the plan, which pages are written,
/// and what is waiting to be stored. Only the runner's control queue touches it (hence
/// `@unchecked Sendable`: closures carry it to that queue and back, never elsewhere).
final class JobExecution: @unchecked Sendable {
    enum PageState {
        case pending, writing, written, waitingToRetry
    }

    var job: StoryJob
    let plan: StoryPlan
    let writer: any StoryWriter
    /// Rows of the plan's pages, by plan index.
    let nodeIds: [Int64]
    var pages: [PageState]
    var contents: [String]
    var choiceTexts: [[String]]
    /// Tries per page in this run (attempt numbers).
    var tries: [Int]
    /// Tries of the title in this run.
    var titleTries = 0
    /// Names this run's calls in the attempt log; retries of one page share it.
    let runToken = String(UUID().uuidString.prefix(8)).lowercased()
    var fills: [NodeFill] = []
    var failedAttempts: [GenerationAttempt] = []
    /// Pages the reader wants soon: written before others.
    var priority: Set<Int> = []
    /// The finish stage has started; `finish` holds its result until it is stored.
    var finishing = false
    var finish: StoryFinish?
    /// Content flags waiting to be stored: what the filter changed in the brief, and what
    /// it found in drafts it refused.
    var flags: [ContentFlag]
    /// Pages stored as `ready`.
    var committed: Int

    init(job: StoryJob, plan: StoryPlan, writer: any StoryWriter, nodes: [JobNode], briefFlags: [ContentFlag]) {
        self.job = job
        self.plan = plan
        self.writer = writer
        flags = briefFlags
        committed = nodes.count { $0.status == .ready }
        nodeIds = nodes.map(\.id)
        pages = nodes.map { $0.status == .ready ? .written : .pending }
        contents = nodes.map { $0.status == .ready ? $0.content : "" }
        choiceTexts = nodes.map { $0.status == .ready ? $0.choiceTexts : [] }
        tries = Array(repeating: 0, count: nodes.count)
    }

    var jobId: Int64 { job.id! }
    var isWritten: Bool { !pages.contains { $0 != .written } }

    /// What is waiting to be stored, handed over (and forgotten here) for the next batch.
    func takeProgress() -> JobProgress? {
        guard !fills.isEmpty || !failedAttempts.isEmpty || !flags.isEmpty || finish != nil else { return nil }
        defer {
            fills = []
            failedAttempts = []
            flags = []
            finish = nil
        }
        return JobProgress(jobId: jobId, fills: fills, failedAttempts: failedAttempts, flags: flags, finish: finish)
    }

    /// A maker of attempt rows for one call: a page's (retries share its generation id) or,
    /// for `nil`, the title's.
    func attempt(for index: Int?, record: CallRecord?, started: Date, finished: Date)
        -> (GenerationAttempt.Status, String?) -> GenerationAttempt
    {
        let generationId = "\(job.uuid):\(runToken):\(index.map(String.init) ?? "title")"
        let number = index.map { tries[$0] } ?? titleTries
        let nodeId = index.map { nodeIds[$0] }
        let writer = self.writer
        let jobId = self.jobId
        let usage = record?.usage ?? TokenUsage()
        let latency = Int(finished.timeIntervalSince(started) * 1000)
        return { status, error in
            GenerationAttempt(
                generationId: generationId, attemptNumber: number, jobId: jobId, nodeId: nodeId, writer: writer.name,
                model: writer.model, prompt: record?.prompt ?? "", response: record?.response, status: status, error: error,
                tokensIn: usage.input, tokensOut: usage.output, costUsd: usage.costUsd, latencyMs: latency,
                tokensEstimated: usage.estimated, createdAt: started, completedAt: finished)
        }
    }

    /// A page that can be written now: pending, with its planned parent written. Pages the
    /// reader asked for come first, then the plan's order (top down).
    func nextWritable() -> Int? {
        func writable(_ index: Int) -> Bool {
            pages[index] == .pending && (plan.nodes[index].parent.map { pages[$0] == .written } ?? true)
        }
        if let index = priority.sorted().first(where: writable) { return index }
        return pages.indices.first(where: writable)
    }

    /// Asks for a page and the pages it leads to to be written first (with the pages
    /// each of them is planned after, where paths merge).
    func prioritize(nodeId: Int64) {
        guard let index = nodeIds.firstIndex(of: nodeId) else { return }
        priority = []
        for page in [index] + plan.nodes[index].choices.map(\.target) {
            priority.formUnion(plan.path(to: page))
        }
    }

    /// The request for one page: the written path along planned parents.
    func request(for index: Int) -> NodeRequest {
        let path = plan.path(to: index)
        let steps = zip(path, path.dropFirst()).map { parent, child in
            let position = plan.nodes[parent].choices.firstIndex { $0.target == child } ?? 0
            let labels = choiceTexts[parent]
            return NodeRequest.Step(index: parent, content: contents[parent], choice: position < labels.count ? labels[position] : "")
        }
        return NodeRequest(plan: plan, index: index, path: steps)
    }
}

// MARK: - The plan as rows

extension StoryPlan {
    /// Placeholder label of a choice whose page is not written yet (the schema wants text).
    static let unwrittenChoice = "…"

    /// The plan stage's rows: the story (being written), its pages `pending` and its
    /// choices as edges.
    func rows(for job: StoryJob) -> StoryDraft {
        // A working title until the finish stage writes the real one.
        let story = Story(
            profileId: job.profileId, title: "\(cast.name)'s \(theme.name.lowercased()) story", theme: theme.id, language: job.brief.language, ageRange: ageRange,
            moral: moral, heroId: cast.heroId, templateId: job.brief.templateId, source: .generated, status: .generating)
        let nodes = self.nodes.map { node in
            StoryNode(
                content: "", isRoot: node.index == 0, isEnding: node.isEnding,
                isWinningEnding: node.outcome == .winning, depth: node.depth, status: .pending)
        }
        var choices: [StoryChoice.Draft] = []
        for node in self.nodes {
            for (position, choice) in node.choices.enumerated() {
                choices.append(StoryChoice.Draft(from: node.index, position: position, text: Self.unwrittenChoice, target: choice.target))
            }
        }
        return StoryDraft(story: story, nodes: nodes, choices: choices)
    }
}
