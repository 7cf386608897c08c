import Foundation
import StoryCore
import StoryEngine
import StoryStore
import Testing

/// A writer whose behaviour a test scripts: each call gets the request and the call's
/// number (from 1), and may wait, fail or answer.
struct ScriptedWriter: StoryWriter {
    let name = "scripted"
    let model = "test"
    let calls = Counter()
    let maxConcurrentCalls: Int?
    let behaviour: @Sendable (NodeRequest, Int) async throws -> NodeDraft

    init(limit: Int? = nil, _ behaviour: @escaping @Sendable (NodeRequest, Int) async throws -> NodeDraft) {
        maxConcurrentCalls = limit
        self.behaviour = behaviour
    }

    func writeNode(_ request: NodeRequest) async throws -> NodeDraft {
        try await behaviour(request, calls.next())
    }

    func writeTitle(_ request: TitleRequest) async throws -> TitleDraft {
        embedded.renderTitle(request.plan)
    }

    /// The embedded writer's page, after an optional pause.
    static func page(_ request: NodeRequest, after delay: TimeInterval = 0) async throws -> NodeDraft {
        if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
        return embedded.renderNode(request.plan, request.index)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func next() -> Int { lock.withLock { count += 1; return count } }
    var value: Int { lock.withLock { count } }
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)

    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

struct RunnerFixture {
    let store: AppDatabase
    let profileId: Int64

    init(store: AppDatabase? = nil) throws {
        self.store = try store ?? AppDatabase.inMemory()
        _ = try self.store.prepareFirstRun(samples: [])
        profileId = try self.store.defaultProfile()!.id!
    }

    func queue(theme: String = "space", seed: UInt64 = 7, length: StoryJob.Brief.Length = .short, age: AgeRange = .sixToEight, count: Int = 1) throws -> [StoryJob] {
        try store.queueJobs((0..<count).map { offset in
            StoryJob(profileId: profileId, brief: StoryJob.Brief(theme: theme, ageRange: age, length: length, seed: seed + UInt64(offset)))
        })
    }

    func runner(
        _ writer: (any StoryWriter)? = nil, workerName: String = JobRunner.defaultWorkerName(),
        configure: (inout JobRunner.Options) -> Void = { _ in }
    ) -> JobRunner {
        var options = JobRunner.Options()
        options.backoff = 0.01
        options.maxBackoff = 0.05
        configure(&options)
        let chosen: any StoryWriter = writer ?? embedded
        return JobRunner(
            database: store, check: BriefCheck(library: library, safety: safety), options: options,
            workerName: workerName, makeWriter: { _ in chosen })
    }

    /// Runs every queued job to the end (or fails the test after `timeout`).
    func runAll(_ runner: JobRunner, timeout: TimeInterval = 30) async -> Bool {
        runner.start(.untilEmpty)
        return await runner.idle(timeout: timeout)
    }

    func pages(of job: StoryJob) throws -> [JobNode] {
        guard let storyId = try store.job(id: job.id!)?.storyId else { return [] }
        return try store.jobNodes(storyId: storyId)
    }

    /// Polls until `condition` holds, up to `timeout` seconds.
    func eventually(timeout: TimeInterval = 10, _ condition: () throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        return try condition()
    }

    /// A long story's job, being written one page at a time (20 ms a page) by a runner
    /// that has written at least `pages` of it.
    func writingSlowly(pages: Int) async throws -> (job: StoryJob, runner: JobRunner) {
        let job = try queue(length: .long)[0]
        let slow = ScriptedWriter { request, _ in try await ScriptedWriter.page(request, after: 0.02) }
        let runner = runner(slow) { $0.workers = 1 }
        runner.start(.untilEmpty)
        #expect(try await eventually { try store.job(id: job.id!)!.nodesDone >= pages })
        return (job, runner)
    }
}

/// Values appended from any thread, in order.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int] = []

    func append(_ value: Int) { lock.withLock { items.append(value) } }
    var values: [Int] { lock.withLock { items } }
}
