import Foundation
import Logging
import StoryCore
import StoryStore

/// Runs story jobs: claims them from the database, plans them, writes their pages with a
/// bounded pool of workers on Dispatch queues, and stores every result through
/// `AppDatabase`. Nothing here touches interface state; progress reaches the interface
/// through the database (see `StoreWatch`) and the optional `events` callback.
///
/// Three queues share the work. The serial control queue keeps the books and never waits
/// for the disk. Writer calls run on a concurrent queue, at most `workers` at a time, and
/// their drafts are checked there too (plan, safety filter). Every database write runs on
/// a serial store queue, in batches: while one commit runs, the results that arrive wait
/// for the next, so a fast writer is held back by neither one transaction per page nor
/// the control queue waiting for a commit.
public final class JobRunner: @unchecked Sendable {
    public struct Options: Sendable {
        /// Writer calls at once. Default: the number of cores.
        public var workers = ProcessInfo.processInfo.activeProcessorCount
        /// Jobs worked on at once (more than workers, so that pages waiting for their
        /// parent never leave a worker idle).
        public var maxActiveJobs = 4 * ProcessInfo.processInfo.activeProcessorCount
        /// A running job whose heartbeat is older than this may be claimed again.
        public var staleAfter: TimeInterval = 15
        /// The longest one writer call may take.
        public var callTimeout: TimeInterval = 120
        /// Tries per page before the job fails.
        public var maxAttempts = 4
        /// The first retry's delay; each later one doubles, with jitter, up to `maxBackoff`.
        public var backoff: TimeInterval = 0.5
        public var maxBackoff: TimeInterval = 30
        /// What waits before a retry (tests record the waits instead of sleeping).
        public var clock: any RetryClock = DispatchRetryClock()
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
        /// A job another runner holds, said once. `takenOverIn` is how long until this
        /// runner may take it over if that runner stays silent; nil when its process is
        /// alive (then an `untilEmpty` runner does not wait for it).
        case heldElsewhere(jobId: Int64, worker: String, takenOverIn: TimeInterval?)
        /// The queue could not be read (a busy or failing database); the runner tries again
        /// after `retryIn` seconds, or, with nil, has given up (only in `untilEmpty` mode).
        case claimFailed(error: String, retryIn: TimeInterval?)
        /// The runner has nothing left to do (only in `untilEmpty` mode).
        case idle
    }

    public let database: AppDatabase
    public let workerName: String
    /// This runner's sign of life for other processes; nil without a file database.
    private let lock: WorkerLock?
    let options: Options
    let check: BriefCheck
    let makeWriter: @Sendable (StoryJob.Brief) throws -> any StoryWriter
    let events: (@Sendable (Event) -> Void)?

    private let control = DispatchQueue(label: "forktale.runner.control")
    private let storing = DispatchQueue(label: "forktale.runner.store")
    private let work = DispatchQueue(label: "forktale.runner.writers", attributes: .concurrent)
    private let idle = DispatchSemaphore(value: 0)

    // Everything below belongs to the control queue.
    private var mode = Mode.untilEmpty
    private var only: [Int64]?
    private var running = false
    private var queueEmpty = false
    private var claiming = false
    /// A batch is being stored.
    private var committing = false
    private var executions: [Int64: JobExecution] = [:]
    /// Job ids in the order they were claimed: the order pages are scheduled in.
    private var order: [Int64] = []
    private var inFlight = 0
    /// Calls in flight by writer name, for writers that limit theirs (a model server's
    /// parallel requests).
    private var callsByWriter: [String: Int] = [:]
    private var heartbeatTimer: DispatchSourceTimer?
    private var pollTimer: DispatchSourceTimer?
    private var pendingPriority: [Int64: Int64] = [:]
    private var jitter = SeededRandom(seed: UInt64.random(in: .min ... .max))
    /// Claims that failed in a row; the next waits longer.
    private var claimFailures = 0
    /// Jobs of other runners already announced (`heldElsewhere`).
    private var announced: Set<Int64> = []

    public init(
        database: AppDatabase, check: BriefCheck, options: Options = Options(),
        workerName: String = JobRunner.defaultWorkerName(),
        makeWriter: @escaping @Sendable (StoryJob.Brief) throws -> any StoryWriter,
        events: (@Sendable (Event) -> Void)? = nil
    ) {
        self.database = database
        self.check = check
        self.options = options
        lock = database.path.flatMap { WorkerLock(database: $0, name: workerName) }
        self.workerName = lock?.name ?? workerName
        self.makeWriter = makeWriter
        self.events = events
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

    /// Stops claiming and forgets the jobs in progress, after what is being stored is
    /// stored. With `release` they go back to the queue (another run resumes them at
    /// once); without, they stay claimed until their heartbeat goes stale. Blocks until
    /// done; never call it from an event callback.
    public func stop(release: Bool) {
        let ids: [Int64] = control.sync {
            running = false
            heartbeatTimer?.cancel()
            pollTimer?.cancel()
            defer {
                executions = [:]
                order = []
            }
            return order
        }
        storing.sync {
            guard release else { return }
            for id in ids {
                do {
                    try database.releaseJob(jobId: id, worker: workerName)
                } catch {
                    Self.log.error("giving job \(id) back to the queue failed (it is taken over once this process ends): \(error)")
                }
            }
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
            poll.setEventHandler { [weak self] in self?.wakeFromPoll() }
            poll.resume()
            pollTimer = poll
        }
    }

    private func wakeFromPoll() {
        queueEmpty = false
        pump()
    }

    /// Tells the database this worker is alive; drops the jobs it no longer owns.
    private func beat() {
        guard !order.isEmpty else { return }
        let ids = order
        storing.async { [self] in
            // A busy database delays a heartbeat; the next one follows in a few seconds.
            guard let owned = try? database.heartbeat(jobIds: ids, worker: workerName) else { return }
            control.async { [self] in
                for id in ids where !owned.contains(id) { lost(id) }
            }
        }
    }

    // MARK: - Claiming and planning

    /// Claims jobs while there is room (several in one transaction), then keeps the workers busy.
    private func pump() {
        let room = options.maxActiveJobs - executions.count
        if running, !queueEmpty, !claiming, room > 0 {
            claiming = true
            let only = self.only
            storing.async { [self] in
                let result = Result {
                    try database.claimJobs(
                        worker: workerName, staleAfter: options.staleAfter, only: only, limit: room, prepare: prepare)
                }
                control.async { [self] in claimed(result, wanted: room) }
            }
        }
        schedule()
        signalIdleIfDone()
    }

    /// The plan stage for one job, inside the claiming transaction: the plan, and the rows
    /// of its story. Throws when the job cannot be planned (an unknown theme, an unsuitable
    /// moral, an unavailable writer).
    private func prepare(_ job: StoryJob, hero: Hero?, template: StoryTemplate?) throws -> (context: Prepared, rows: StoryDraft) {
        let checked = try check.check(job.brief, hero: hero, template: template)
        let writer = try makeWriter(job.brief)
        let rows = checked.plan.rows(for: job)
        let flags = checked.findings.map { finding in
            ContentFlag(
                contentType: finding.contentType,
                contentId: finding.contentType == .hero ? (job.brief.heroId ?? job.id!) : job.id!, jobId: job.id!,
                flagType: finding.result.findings[0].flag, severity: finding.result.findings[0].severity,
                actionTaken: .modified, originalText: finding.original, modifiedText: finding.result.text)
        }
        return (Prepared(plan: checked.plan, writer: writer, flags: flags), rows)
    }

    private struct Prepared: Sendable {
        var plan: StoryPlan
        var writer: any StoryWriter
        var flags: [ContentFlag]
    }

    private func claimed(_ result: Result<[Claim<Prepared>], any Error>, wanted: Int) {
        claiming = false
        let claims: [Claim<Prepared>]
        switch result {
        case .success(let success):
            claims = success
            claimFailures = 0
        case .failure(let error):
            return claimFailed(error)
        }
        if claims.count < wanted { queueEmpty = true }
        for claim in claims {
            switch claim {
            case .failed(let job, let error):
                events?(.claimed(job))
                events?(.ended(jobId: job.id!, status: .failed, error: error))
            case .ready(let job, let nodes, let prepared):
                events?(.claimed(job))
                guard running else { continue }
                guard nodes.count == prepared.plan.nodes.count else {
                    let error = "The story's plan no longer matches its pages (\(nodes.count) stored, \(prepared.plan.nodes.count) planned); it cannot resume."
                    store { database in try database.failJob(jobId: job.id!, worker: self.workerName, error: error) }
                    events?(.ended(jobId: job.id!, status: .failed, error: error))
                    continue
                }
                let execution = JobExecution(job: job, plan: prepared.plan, writer: prepared.writer, nodes: nodes, briefFlags: prepared.flags)
                if let storyId = job.storyId, let nodeId = pendingPriority.removeValue(forKey: storyId) {
                    execution.prioritize(nodeId: nodeId)
                }
                executions[job.id!] = execution
                order.append(job.id!)
            }
        }
        if !claims.isEmpty, !queueEmpty { return pump() }
        schedule()
        signalIdleIfDone()
    }

    /// A claim that failed is not an empty queue: it is logged and tried again, soon at
    /// first, then less often (0.1 s doubling to 3.2 s); a runner that is to stop when the queue is
    /// empty gives up after about 6 s of failures, saying why.
    private func claimFailed(_ error: any Error) {
        claimFailures += 1
        Self.log.error("claiming jobs failed (\(claimFailures) in a row): \(error)")
        let wait = 0.1 * Double(1 << min(claimFailures - 1, 5))
        guard mode == .follow || claimFailures < 7 else {
            events?(.claimFailed(error: "\(error)", retryIn: nil))
            return becomeIdle()
        }
        if claimFailures == 1 { events?(.claimFailed(error: "\(error)", retryIn: wait)) }
        control.asyncAfter(deadline: .now() + wait) { [self] in pump() }
        schedule()
    }

    static let log = Logger(label: "forktale.runner")

    private func signalIdleIfDone() {
        guard mode == .untilEmpty, running, queueEmpty, !claiming, executions.isEmpty, inFlight == 0, !committing else { return }
        if let wait = waitForSilentRunners() {
            control.asyncAfter(deadline: .now() + wait) { [self] in
                queueEmpty = false
                pump()
            }
            return
        }
        becomeIdle()
    }

    private func becomeIdle() {
        running = false
        heartbeatTimer?.cancel()
        events?(.idle)
        idle.signal()
    }

    /// With nothing of its own left, a runner that stops when the queue is empty looks at
    /// the jobs other runners hold: each is announced once, and one whose runner may be
    /// dead (it cannot be told, and it is not yet silent for `staleAfter`) is waited for.
    /// Returns how long to wait before claiming again, or nil to stop now.
    private func waitForSilentRunners() -> TimeInterval? {
        let held: [AppDatabase.HeldJob]
        do {
            held = try database.jobsHeldElsewhere(worker: workerName, only: only)
        } catch {
            Self.log.error("reading the jobs other runners hold failed: \(error)")
            return nil
        }
        var wait: TimeInterval?
        for job in held {
            // Alive: not waited for. Dead (it ended since the last claim): claimed at once.
            let remaining: TimeInterval? = switch job.alive {
            case true?: nil
            case false?: 0
            case nil: max(0, options.staleAfter - job.silentFor)
            }
            if announced.insert(job.jobId).inserted {
                events?(.heldElsewhere(jobId: job.jobId, worker: job.worker, takenOverIn: remaining))
            }
            if let remaining { wait = min(wait ?? .infinity, remaining + 0.05) }
        }
        return wait.map { min($0, options.pollInterval) }
    }

    // MARK: - Writing

    /// Hands writable pages to free workers, and starts the finish stage of stories whose
    /// pages are all written.
    private func schedule() {
        guard running else { return }
        for id in order {
            guard let execution = executions[id] else { continue }
            while hasRoom(for: execution.writer), let index = execution.nextWritable() {
                dispatchWrite(execution, index)
            }
            if execution.isWritten, !execution.finishing, hasRoom(for: execution.writer) { finishStage(execution) }
        }
    }

    /// A worker is free, and the writer takes another call.
    private func hasRoom(for writer: any StoryWriter) -> Bool {
        guard inFlight < options.workers else { return false }
        guard let limit = writer.maxConcurrentCalls else { return true }
        return callsByWriter[writer.name, default: 0] < limit
    }

    private func callStarted(_ writer: any StoryWriter) {
        inFlight += 1
        if writer.maxConcurrentCalls != nil { callsByWriter[writer.name, default: 0] += 1 }
    }

    private func callEnded(_ writer: any StoryWriter) {
        inFlight -= 1
        if writer.maxConcurrentCalls != nil { callsByWriter[writer.name, default: 0] -= 1 }
    }

    private func dispatchWrite(_ execution: JobExecution, _ index: Int) {
        execution.pages[index] = .writing
        execution.tries[index] += 1
        let writer = execution.writer
        callStarted(writer)
        let request = execution.request(for: index)
        let review = DraftReview(
            plan: execution.plan, index: index, nodeId: execution.nodeIds[index], jobId: execution.jobId, safety: check.safety)
        let started = Date()
        let immediate = (writer as? any ImmediateStoryWriter).map { writer in
            { @Sendable in review.check(try writer.writeNodeNow(request)) }
        }
        WriterCall.start(
            on: work, deliverOn: control, timeout: options.callTimeout, immediate: immediate,
            async: { review.check(try await writer.writeNode(request)) }
        ) { [self] result in
            callEnded(writer)
            received(result, execution, index, started: started, finished: Date())
            schedule()
            signalIdleIfDone()
        }
    }

    private func received(
        _ result: Result<DraftReview.Outcome, WriterError>, _ execution: JobExecution, _ index: Int, started: Date,
        finished: Date
    ) {
        guard executions[execution.jobId] === execution else { return }
        let attempt = execution.attempt(for: index, record: result.map(\.draft.record).record, started: started, finished: finished)
        let failure: WriterError
        switch result {
        case .success(.accepted(let draft, let flags)):
            execution.pages[index] = .written
            execution.contents[index] = draft.content
            execution.choiceTexts[index] = draft.choices
            execution.fills.append(NodeFill(
                nodeId: execution.nodeIds[index], content: draft.content, choiceTexts: draft.choices,
                attempt: attempt(.success, nil), flags: flags))
            scheduleCommit()
            return
        case .success(.refused(let error, _, let flags)):
            execution.flags += flags
            execution.failedAttempts.append(attempt(.failed, error.description))
            failure = error
        case .failure(let error):
            execution.failedAttempts.append(attempt(error.attemptStatus, error.description))
            failure = error
        }
        execution.pages[index] = .waitingToRetry
        retryOrFail(execution, "Page \(index + 1)", tries: execution.tries[index], failure) { execution.pages[index] = .pending }
    }

    /// After a failed call: the job fails when the failure is final or the tries are used
    /// up; otherwise `again` runs on the control queue after the back-off (unless the job
    /// has ended meanwhile).
    private func retryOrFail(
        _ execution: JobExecution, _ what: String, tries: Int, _ failure: WriterError, again: @escaping @Sendable () -> Void
    ) {
        guard failure.isRetryable, tries < options.maxAttempts else {
            return fail(execution, "\(what) could not be written after \(tries) \(tries == 1 ? "try" : "tries"): \(failure)")
        }
        let delay = Backoff(first: options.backoff, limit: options.maxBackoff)
            .delay(afterTries: tries, failure, jitter: Double(jitter.below(1000)) / 1000)
        options.clock.after(delay, on: control) { [self] in
            guard executions[execution.jobId] === execution else { return }
            again()
            schedule()
        }
        scheduleCommit()
    }

    /// The finish stage: title and summary from the writer, word count; stored with (or
    /// after) the last pages, which completes the job.
    private func finishStage(_ execution: JobExecution) {
        execution.finishing = true
        execution.titleTries += 1
        let writer = execution.writer
        callStarted(writer)
        let request = TitleRequest(plan: execution.plan, contents: execution.contents)
        let started = Date()
        let immediate = (writer as? any ImmediateStoryWriter).map { writer in { @Sendable in try writer.writeTitleNow(request) } }
        WriterCall.start(
            on: work, deliverOn: control, timeout: options.callTimeout, immediate: immediate,
            async: { try await writer.writeTitle(request) }
        ) { [self] result in
            callEnded(writer)
            titled(result, execution, started: started, finished: Date())
            schedule()
            signalIdleIfDone()
        }
    }

    private func titled(_ result: Result<TitleDraft, WriterError>, _ execution: JobExecution, started: Date, finished: Date) {
        guard executions[execution.jobId] === execution else { return }
        let attempt = execution.attempt(for: nil, record: result.map(\.record).record, started: started, finished: finished)
        let failure: WriterError
        switch result {
        case .success(let draft):
            let age = execution.plan.ageRange
            let title = check.safety.check(TerminalText.safe(draft.title).trimmingWhitespace(), for: age)
            let summary = check.safety.check(TerminalText.safe(draft.summary).trimmingWhitespace(), for: age)
            if !title.rejected, !summary.rejected, !title.text.isEmpty {
                execution.finish = StoryFinish(
                    title: String(title.text.prefix(Rules.storyTitleMaxLength)), summary: summary.text,
                    wordCount: execution.contents.reduce(0) { $0 + WordCount.of($1) }, attempt: attempt(.success, nil))
                scheduleCommit()
                return
            }
            failure = .retryable("The writer's title or summary was not suitable.")
        case .failure(let error):
            failure = error
        }
        execution.failedAttempts.append(attempt(failure.attemptStatus, failure.description))
        retryOrFail(execution, "The story's title", tries: execution.titleTries, failure) { execution.finishing = false }
    }

    // MARK: - Storing

    /// Runs a database write on the store queue, after every write asked for before it.
    /// A write that fails is logged; the job's state then comes from the database again
    /// (a job left running is taken over once its runner is gone).
    private func store(_ write: @escaping @Sendable (AppDatabase) throws -> Void) {
        storing.async { [database] in
            do {
                try write(database)
            } catch {
                Self.log.error("storing a job's state failed: \(error)")
            }
        }
    }

    /// Starts storing what has arrived, unless a batch is being stored: then what arrives
    /// meanwhile goes in the next one.
    private func scheduleCommit() {
        guard !committing else { return }
        let batch = order.compactMap { executions[$0]?.takeProgress() }
        guard !batch.isEmpty else { return }
        committing = true
        let worker = workerName
        storing.async { [self, batch] in
            let result = Result { try database.saveProgress(batch, worker: worker) }
            control.async { [self] in committed(batch, result) }
        }
    }

    private func committed(_ batch: [JobProgress], _ result: Result<Set<Int64>, any Error>) {
        committing = false
        switch result {
        case .success(let stored):
            for progress in batch {
                guard let execution = executions[progress.jobId] else { continue }
                guard stored.contains(progress.jobId) else {
                    lost(progress.jobId)
                    continue
                }
                execution.committed += progress.fills.count
                if !progress.fills.isEmpty {
                    events?(.progress(jobId: progress.jobId, done: execution.committed, total: execution.pages.count))
                }
                if progress.finish != nil { drop(progress.jobId, status: .completed, error: nil) }
            }
        case .failure(let error):
            for progress in batch {
                if let execution = executions[progress.jobId] { fail(execution, "Could not store the story's pages: \(error)") }
            }
        }
        scheduleCommit()
        pump()
    }

    /// The job failed: its log and what was written are kept, and it can be retried.
    private func fail(_ execution: JobExecution, _ message: String) {
        let id = execution.jobId
        let attempts = execution.failedAttempts
        execution.failedAttempts = []
        let worker = workerName
        store { database in try database.failJob(jobId: id, worker: worker, error: message, attempts: attempts) }
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

extension WriterError {
    /// How an attempt that failed this way is logged.
    var attemptStatus: GenerationAttempt.Status {
        switch self {
        case .timeout: .timeout
        case .recorded(let reason, _): reason.attemptStatus
        case .retryable, .fatal: .failed
        }
    }
}

extension Result where Success == CallRecord, Failure == WriterError {
    /// The call to log: the answer used, or the one that could not be.
    var record: CallRecord? {
        switch self {
        case .success(let record): record
        case .failure(let error): error.record
        }
    }
}
