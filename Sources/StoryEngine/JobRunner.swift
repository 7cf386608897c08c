import Foundation
import StoryCore
import StoryStore

/// Runs story jobs: claims them from the database, plans them, writes their pages with a
/// bounded pool of workers on Dispatch queues, and stores every result through
/// `AppDatabase`. Nothing here touches interface state; progress reaches the interface
/// through the database (see `StoreWatch`) and the optional `events` callback.
///
/// All bookkeeping happens on one serial control queue. Writer calls run on a concurrent
/// queue, at most `workers` at a time. Results are stored in batches: while one commit
/// runs, the results that arrive wait for the next, so a fast writer is not held back by
/// one transaction per page.
public final class JobRunner: @unchecked Sendable {
    public struct Options: Sendable {
        /// Writer calls at once. Default: the number of cores.
        public var workers = ProcessInfo.processInfo.activeProcessorCount
        /// Jobs worked on at once.
        public var maxActiveJobs = max(2, ProcessInfo.processInfo.activeProcessorCount)
        /// A running job whose heartbeat is older than this may be claimed again.
        public var staleAfter: TimeInterval = 15
        /// The longest one writer call may take.
        public var callTimeout: TimeInterval = 120
        /// Tries per page before the job fails.
        public var maxAttempts = 4
        /// The first retry's delay; each later one doubles, with jitter, up to `maxBackoff`.
        public var backoff: TimeInterval = 0.5
        public var maxBackoff: TimeInterval = 30
        /// How often a following runner looks for jobs queued by other processes.
        public var pollInterval: TimeInterval = 1

        public init() {}
    }

    public enum Mode: Sendable {
        /// Run what is queued (and abandoned), then stop.
        case untilEmpty
        /// Keep looking for new jobs until stopped.
        case follow
    }

    /// What the runner tells its owner, on the control queue.
    public enum Event: Sendable {
        case claimed(StoryJob)
        case progress(jobId: Int64, done: Int, total: Int)
        case ended(jobId: Int64, status: StoryJob.Status, error: String?)
        /// The runner has nothing left to do (only in `untilEmpty` mode).
        case idle
    }

    public let database: AppDatabase
    public let workerName: String
    let options: Options
    let check: BriefCheck
    let makeWriter: @Sendable (StoryJob.Brief) throws -> any StoryWriter
    let events: (@Sendable (Event) -> Void)?

    private let control = DispatchQueue(label: "forktale.runner.control")
    private let work: DispatchQueue
    private var mode = Mode.untilEmpty
    private var only: [Int64]?
    private var running = false
    private var queueEmpty = false
    private var executions: [Int64: JobExecution] = [:]
    private var order: [Int64] = []
    private var inFlight = 0
    private var commitScheduled = false
    private var heartbeatTimer: DispatchSourceTimer?
    private var pollTimer: DispatchSourceTimer?
    private var pendingPriority: [Int64: Int64] = [:]
    private let idle = DispatchSemaphore(value: 0)
    private var jitter = SeededRandom(seed: UInt64(UInt32.random(in: .min ... .max)))

    public init(
        database: AppDatabase, check: BriefCheck, options: Options = Options(),
        workerName: String = JobRunner.defaultWorkerName(),
        makeWriter: @escaping @Sendable (StoryJob.Brief) throws -> any StoryWriter,
        events: (@Sendable (Event) -> Void)? = nil
    ) {
        self.database = database
        self.check = check
        self.options = options
        self.workerName = workerName
        self.makeWriter = makeWriter
        self.events = events
        work = DispatchQueue(label: "forktale.runner.writers", attributes: .concurrent)
    }

    /// `host:pid:random`: names the claiming process in `story_jobs.worker`.
    public static func defaultWorkerName() -> String {
        "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(6).lowercased())"
    }

    // MARK: - Control

    /// Starts claiming and running jobs (only those in `only`, when given).
    public func start(_ mode: Mode, only: [Int64]? = nil) {
        control.async { [self] in
            self.mode = mode
            self.only = only
            running = true
            queueEmpty = false
            startTimers()
            pump()
        }
    }

    /// Blocks until the runner is idle (`untilEmpty` mode) or `timeout` passes.
    @discardableResult
    public func waitUntilIdle(timeout: TimeInterval = .infinity) -> Bool {
        idle.wait(timeout: timeout == .infinity ? .distantFuture : .now() + timeout) == .success
    }

    /// Waits without blocking a thread of the caller's (for async code: tests, the interface).
    public func idle(timeout: TimeInterval = .infinity) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.waitUntilIdle(timeout: timeout)) }
        }
    }

    /// Stops claiming. With `release`, jobs in progress go back to the queue (to resume in
    /// another run); without, they are left as they are. Blocks until stopped.
    public func stop(release: Bool) {
        control.sync {
            running = false
            heartbeatTimer?.cancel()
            pollTimer?.cancel()
            for id in order {
                if release { try? database.releaseJob(jobId: id, worker: workerName) }
                executions[id] = nil
            }
            order = []
        }
    }

    /// There may be new jobs: look now instead of at the next poll.
    public func wake() {
        control.async { [self] in
            queueEmpty = false
            pump()
        }
    }

    /// Cancels a job (any job, run here or elsewhere). Takes effect at the next page boundary.
    @discardableResult
    public func cancel(jobId: Int64) throws -> StoryJob? {
        let job = try database.cancelJob(id: jobId)
        control.async { [self] in drop(jobId, status: .cancelled, error: nil) }
        return job
    }

    /// The reader is at this page of this story: write it and the pages it leads to first.
    public func prioritize(storyId: Int64, nodeId: Int64) {
        control.async { [self] in
            if let execution = executions.values.first(where: { $0.job.storyId == storyId }) {
                execution.prioritize(nodeId: nodeId)
            } else {
                pendingPriority[storyId] = nodeId
            }
        }
    }

    private func startTimers() {
        heartbeatTimer?.cancel()
        let heartbeat = DispatchSource.makeTimerSource(queue: control)
        let every = max(0.05, options.staleAfter / 3)
        heartbeat.schedule(deadline: .now() + every, repeating: every)
        heartbeat.setEventHandler { [weak self] in self?.beat() }
        heartbeat.resume()
        heartbeatTimer = heartbeat
        pollTimer?.cancel()
        if mode == .follow {
            let poll = DispatchSource.makeTimerSource(queue: control)
            poll.schedule(deadline: .now() + options.pollInterval, repeating: options.pollInterval)
            poll.setEventHandler { [weak self] in
                self?.queueEmpty = false
                self?.pump()
            }
            poll.resume()
            pollTimer = poll
        }
    }

    private func beat() {
        guard !order.isEmpty else { return }
        do {
            let owned = try database.heartbeat(jobIds: order, worker: workerName)
            for id in order where !owned.contains(id) { lost(id) }
        } catch {
            // A busy database delays a heartbeat; the next one follows in a few seconds.
        }
    }

    // MARK: - Claiming

    /// Claims jobs while there is room, then keeps the workers busy.
    private func pump() {
        while running, !queueEmpty, executions.count < options.maxActiveJobs {
            do {
                guard let job = try database.claimNextJob(worker: workerName, staleAfter: options.staleAfter, only: only) else {
                    queueEmpty = true
                    break
                }
                events?(.claimed(job))
                prepare(job)
            } catch {
                queueEmpty = true
            }
        }
        schedule()
        signalIdleIfDone()
    }

    private func signalIdleIfDone() {
        guard mode == .untilEmpty, running, queueEmpty, executions.isEmpty, inFlight == 0, !commitScheduled else { return }
        running = false
        heartbeatTimer?.cancel()
        events?(.idle)
        idle.signal()
    }

    /// The plan stage (or, for a job that resumes, reading back what is written).
    private func prepare(_ job: StoryJob) {
        let id = job.id!
        do {
            let hero = try job.brief.heroId.flatMap { try database.hero(id: $0) }
            let checked = try check.check(job.brief, hero: hero)
            let writer = try makeWriter(job.brief)
            let nodes: [JobNode]
            if let storyId = job.storyId {
                nodes = try database.jobNodes(storyId: storyId)
                guard nodes.count == checked.plan.nodes.count else {
                    throw WriterError.fatal("The story's plan no longer matches its pages (\(nodes.count) stored, \(checked.plan.nodes.count) planned); it cannot resume.")
                }
            } else {
                let rows = checked.plan.rows(for: job)
                guard let ids = try database.beginStory(jobId: id, worker: workerName, story: rows.story, nodes: rows.nodes, choices: rows.choices)
                else { return }
                nodes = ids.map { JobNode(id: $0, status: .pending, content: "", choiceTexts: []) }
            }
            let flags = checked.findings.map { finding in
                ContentFlag(
                    contentType: finding.contentType,
                    contentId: finding.contentType == .hero ? (job.brief.heroId ?? id) : id, jobId: id,
                    flagType: finding.result.findings[0].flag, severity: finding.result.findings[0].severity,
                    actionTaken: .modified, originalText: finding.original, modifiedText: finding.result.text)
            }
            var current = job
            if let fresh = try database.job(id: id) { current = fresh }
            let execution = JobExecution(job: current, plan: checked.plan, writer: writer, nodes: nodes, briefFlags: flags)
            if let storyId = current.storyId, let nodeId = pendingPriority.removeValue(forKey: storyId) {
                execution.prioritize(nodeId: nodeId)
            }
            executions[id] = execution
            order.append(id)
            if execution.isWritten { finishStage(execution) }
        } catch {
            try? database.failJob(jobId: id, worker: workerName, error: "\(error)")
            events?(.ended(jobId: id, status: .failed, error: "\(error)"))
        }
    }

    // MARK: - Writing

    private func schedule() {
        guard running else { return }
        var progress = true
        while inFlight < options.workers, progress {
            progress = false
            for id in order {
                guard inFlight < options.workers, let execution = executions[id] else { continue }
                if let index = execution.nextWritable() {
                    dispatchWrite(execution, index)
                    progress = true
                } else if execution.isWritten, !execution.finishing, !execution.uncommitted {
                    finishStage(execution)
                }
            }
        }
    }

    private func dispatchWrite(_ execution: JobExecution, _ index: Int) {
        execution.pages[index] = .writing
        execution.tries[index] += 1
        execution.inFlight += 1
        inFlight += 1
        let request = execution.request(for: index)
        let writer = execution.writer
        let started = Date()
        let immediate = (writer as? any ImmediateStoryWriter).map { writer in { @Sendable in try writer.writeNodeNow(request) } }
        WriterCall.start(
            on: work, deliverOn: control, timeout: options.callTimeout, immediate: immediate,
            async: { try await writer.writeNode(request) }
        ) { [self] result in
            received(result, execution, index, started: started, finished: Date())
        }
    }

    private func received(
        _ result: Result<NodeDraft, WriterError>, _ execution: JobExecution, _ index: Int, started: Date, finished: Date
    ) {
        inFlight -= 1
        execution.inFlight -= 1
        guard executions[execution.jobId] === execution else {
            schedule()
            signalIdleIfDone()
            return
        }
        let attempt = { (status: GenerationAttempt.Status, draft: NodeDraft?, error: String?) in
            GenerationAttempt(
                generationId: "\(execution.job.uuid):\(execution.runToken):\(index)", attemptNumber: execution.tries[index],
                jobId: execution.jobId, nodeId: execution.nodeIds[index], writer: execution.writer.name,
                model: execution.writer.model, prompt: draft?.prompt ?? "", response: draft?.response, status: status,
                error: error, tokensIn: draft?.usage.input ?? 0, tokensOut: draft?.usage.output ?? 0,
                latencyMs: Int(finished.timeIntervalSince(started) * 1000), createdAt: started, completedAt: finished)
        }
        switch result.flatMap({ accept($0, execution, index) }) {
        case .success(let (draft, flags)):
            execution.pages[index] = .written
            execution.contents[index] = draft.content
            execution.choiceTexts[index] = draft.choices
            execution.fills.append(NodeFill(
                nodeId: execution.nodeIds[index], content: draft.content, choiceTexts: draft.choices,
                attempt: attempt(.success, draft, nil), flags: flags))
        case .failure(let error):
            let draft = try? result.get()
            let isTimeout = if case .timeout = error { true } else { false }
            execution.failedAttempts.append(attempt(isTimeout ? .timeout : .failed, draft, error.description))
            if error.isRetryable, execution.tries[index] < options.maxAttempts {
                execution.pages[index] = .waitingToRetry
                control.asyncAfter(deadline: .now() + backoff(after: execution.tries[index], error)) { [self] in
                    guard executions[execution.jobId] === execution else { return }
                    execution.pages[index] = .pending
                    schedule()
                }
            } else {
                let tries = execution.tries[index]
                fail(execution, "Page \(index + 1) could not be written after \(tries) \(tries == 1 ? "try" : "tries"): \(error)")
                return
            }
        }
        scheduleCommit()
        schedule()
    }

    /// Checks a draft against the plan and the safety filter, and cleans its text.
    private func accept(_ draft: NodeDraft, _ execution: JobExecution, _ index: Int) -> Result<(NodeDraft, [ContentFlag]), WriterError> {
        let node = execution.plan.nodes[index]
        var draft = draft
        draft.content = TerminalText.safe(draft.content).trimmingWhitespace()
        draft.choices = draft.choices.map { TerminalText.safe($0).trimmingWhitespace() }
        guard !draft.content.isEmpty else { return .failure(.retryable("The writer returned an empty page.")) }
        guard draft.choices.count == node.choices.count else {
            return .failure(.retryable("The writer gave \(draft.choices.count) choices; the page needs \(node.choices.count)."))
        }
        if let bad = draft.choices.first(where: { $0.isEmpty || $0.count > Rules.choiceTextMaxLength }) {
            return .failure(.retryable("A choice label is empty or too long (\(bad.count) characters)."))
        }
        if Set(draft.choices.map { $0.lowercased() }).count != draft.choices.count {
            return .failure(.retryable("Two choices on one page have the same label."))
        }
        var flags: [ContentFlag] = []
        let age = execution.plan.ageRange
        let nodeId = execution.nodeIds[index]
        func filter(_ text: String) -> String? {
            let result = check.safety.check(text, for: age)
            guard result.changed else { return text }
            for finding in result.findings {
                flags.append(ContentFlag(
                    contentType: .node, contentId: nodeId, jobId: execution.jobId, flagType: finding.flag,
                    severity: finding.severity, actionTaken: finding.action, originalText: text,
                    modifiedText: result.rejected ? nil : result.text))
            }
            return result.rejected ? nil : result.text
        }
        guard let content = filter(draft.content) else {
            execution.flags += flags
            return .failure(.retryable("The page had words that are not suitable for children."))
        }
        draft.content = content
        var choices: [String] = []
        for text in draft.choices {
            guard let choice = filter(text) else {
                execution.flags += flags
                return .failure(.retryable("A choice had words that are not suitable for children."))
            }
            choices.append(choice)
        }
        draft.choices = choices
        return .success((draft, flags))
    }

    private func backoff(after tries: Int, _ error: WriterError) -> TimeInterval {
        if case .retryable(_, let retryAfter?) = error { return min(retryAfter, options.maxBackoff) }
        let base = min(options.maxBackoff, options.backoff * pow(2, Double(tries - 1)))
        return base * (0.75 + 0.5 * Double(jitter.below(1000)) / 1000)
    }

    // MARK: - Storing

    private func scheduleCommit() {
        guard !commitScheduled else { return }
        commitScheduled = true
        control.async { [self] in commit() }
    }

    /// Stores every result that has arrived, one transaction per job.
    private func commit() {
        commitScheduled = false
        for id in order {
            guard let execution = executions[id], execution.uncommitted else { continue }
            let fills = execution.fills
            let failed = execution.failedAttempts
            let flags = execution.flags
            execution.fills = []
            execution.failedAttempts = []
            execution.flags = []
            do {
                guard try database.saveProgress(jobId: id, worker: workerName, fills: fills, failedAttempts: failed, flags: flags)
                else {
                    lost(id)
                    continue
                }
                execution.committed += fills.count
                if !fills.isEmpty { events?(.progress(jobId: id, done: execution.committed, total: execution.pages.count)) }
            } catch {
                fail(execution, "Could not store the story's pages: \(error)")
            }
        }
        schedule()
        signalIdleIfDone()
    }

    /// The finish stage: title and summary from the writer, word count, then `completed`.
    private func finishStage(_ execution: JobExecution) {
        execution.finishing = true
        inFlight += 1
        let request = TitleRequest(plan: execution.plan, contents: execution.contents)
        let writer = execution.writer
        let started = Date()
        let immediate = (writer as? any ImmediateStoryWriter).map { writer in { @Sendable in try writer.writeTitleNow(request) } }
        WriterCall.start(
            on: work, deliverOn: control, timeout: options.callTimeout, immediate: immediate,
            async: { try await writer.writeTitle(request) }
        ) { [self] result in
            inFlight -= 1
            storeFinish(result, execution, started: started, finished: Date())
        }
    }

    private func storeFinish(_ result: Result<TitleDraft, WriterError>, _ execution: JobExecution, started: Date, finished: Date) {
        guard executions[execution.jobId] === execution else { return signalIdleIfDone() }
        let age = execution.plan.ageRange
        let id = execution.jobId
        let attemptNumber = 1
        func attempt(_ status: GenerationAttempt.Status, _ draft: TitleDraft?, _ error: String?) -> GenerationAttempt {
            GenerationAttempt(
                generationId: "\(execution.job.uuid):\(execution.runToken):title", attemptNumber: attemptNumber, jobId: id,
                writer: execution.writer.name, model: execution.writer.model, prompt: draft?.prompt ?? "",
                response: draft?.response, status: status, error: error, tokensIn: draft?.usage.input ?? 0,
                tokensOut: draft?.usage.output ?? 0, latencyMs: Int(finished.timeIntervalSince(started) * 1000),
                createdAt: started, completedAt: finished)
        }
        do {
            let draft = try result.get()
            let title = check.safety.check(TerminalText.safe(draft.title).trimmingWhitespace(), for: age)
            let summary = check.safety.check(TerminalText.safe(draft.summary).trimmingWhitespace(), for: age)
            guard !title.rejected, !summary.rejected, !title.text.isEmpty else {
                throw WriterError.fatal("The writer's title or summary was not suitable.")
            }
            let words = execution.contents.reduce(0) { $0 + WordCount.of($1) }
            let finish = StoryFinish(
                title: String(title.text.prefix(Rules.storyTitleMaxLength)), summary: summary.text, wordCount: words,
                attempt: attempt(.success, draft, nil))
            if try database.finishJob(jobId: id, worker: workerName, finish: finish) {
                drop(id, status: .completed, error: nil)
            } else {
                lost(id)
            }
        } catch {
            execution.failedAttempts.append(attempt(.failed, nil, "\(error)"))
            fail(execution, "The story's title could not be written: \(error)")
        }
    }

    private func fail(_ execution: JobExecution, _ message: String) {
        let id = execution.jobId
        try? database.failJob(jobId: id, worker: workerName, error: message, attempts: execution.failedAttempts)
        execution.failedAttempts = []
        drop(id, status: .failed, error: message)
    }

    /// The job is no longer this runner's: cancelled, or claimed again after a stall.
    private func lost(_ id: Int64) {
        let job = try? database.job(id: id)
        drop(id, status: job?.status ?? .cancelled, error: job?.error)
    }

    /// Forgets a job (ended here, or no longer ours) and looks for more work.
    private func drop(_ id: Int64, status: StoryJob.Status?, error: String?) {
        guard executions.removeValue(forKey: id) != nil else { return }
        order.removeAll { $0 == id }
        if let status { events?(.ended(jobId: id, status: status, error: error)) }
        queueEmpty = false
        control.async { [self] in pump() }
    }
}
