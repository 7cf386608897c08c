import Foundation
import StoryCore
import StoryEngine
import StoryStore
import TestSupport

/// A fresh database with `count` short stories queued for the model-server writer, and
/// its profile's id.
private func queuedStories(_ path: String, count: Int, workspace: Workspace) throws -> (AppDatabase, Int64) {
    let (store, profile) = try freshStore(path, workspace: workspace)
    _ = try store.queueJobs((0..<count).map { index in
        StoryJob(profileId: profile, brief: StoryJob.Brief(
            theme: benchThemes[index % benchThemes.count], length: .short, seed: UInt64(50 + index), writer: "llm"))
    })
    return (store, profile)
}

/// Runs the queued jobs with `writer`; the seconds it took.
private func runAll(_ store: AppDatabase, writer: LLMWriter, options: JobRunner.Options) throws -> Double {
    let check = try BriefCheck.bundled()
    let runner = JobRunner(database: store, check: check, options: options, makeWriter: { _ in writer })
    return seconds {
        runner.start(.untilEmpty)
        runner.waitUntilIdle()
    }
}

/// `engine.llm.overhead`: what Forktale adds to each call of the model-server writer
/// (building the request, reading and checking the answer, storing the page), against
/// the fault-injecting test server answering at once, one call at a time. The baseline is
/// the bare round trip: the same number of requests with a recorded page request's body,
/// sent by the same HTTP code, in the same run. Overhead = (time per call through the
/// engine) − (bare round trip).
struct LLMOverheadScenario: Scenario {
    let name = "engine.llm.overhead"

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let server = try FaultServer()
        var settings = LLMSettings(baseURL: server.url, model: "test-model")
        settings.parallelRequests = 1
        let stories = quick ? 3 : 25
        let rounds = quick ? 1 : 5
        var best = (engine: Double.infinity, bare: Double.infinity)
        var calls = 0
        for round in 0..<rounds {
            let path = workspace.file("llm-\(round).sqlite")
            let (store, profile) = try queuedStories(path, count: stories, workspace: workspace)
            var options = JobRunner.Options()
            options.workers = 1
            best.engine = min(best.engine, try runAll(store, writer: LLMWriter(settings: settings, apiKey: nil), options: options))
            let jobs = try store.jobSummaries(profileId: profile)
            guard jobs.count == stories, jobs.allSatisfy({ $0.job.status == .completed }) else {
                throw BenchError.failed("engine.llm.overhead: \(jobs.filter { $0.job.status == .completed }.count) of \(stories) stories were written")
            }
            calls = jobs.reduce(0) { $0 + $1.attempts }
            workspace.removeDatabase(path)
        }
        // The bare round trips: a page request as the writer sent it, `calls` times.
        let recorded = try Result.waiting { () async throws -> Data? in
            let page = try await server.requests().first { ($0["path"] as? String)?.hasSuffix("/chat/completions") == true }
            return try page.map { try JSONSerialization.data(withJSONObject: $0["body"] ?? [:]) }
        }.get()
        guard let body = recorded else { throw BenchError.failed("engine.llm.overhead: the server recorded no request") }
        let url = server.url.appendingPathComponent("chat/completions")
        let requests = calls
        for _ in 0..<rounds {
            best.bare = min(best.bare, try Result.waiting {
                let started = Date()
                for _ in 0..<requests {
                    _ = try await HTTP.send("POST", url, headers: ["Content-Type": "application/json"], body: body, timeout: 10)
                }
                return Date().timeIntervalSince(started)
            }.get())
        }
        let perCall = best.engine / Double(calls) * 1000
        let bare = best.bare / Double(calls) * 1000
        return [
            Measurement(scenario: name, metric: "ms_per_node", value: perCall, unit: "ms", baseline: bare),
            Measurement(scenario: name, metric: "overhead_ms_per_node", value: perCall - bare, unit: "ms"),
            Measurement(scenario: name, metric: "calls", value: Double(calls), unit: "calls"),
        ]
    }
}

/// `engine.llm.parallel`: pages per second from a real model server (llama.cpp's, with
/// SmolLM2-135M on the CPU, four slots) for each `parallel_requests` setting. Needs the
/// virtual environment `scripts/test` makes: run it with
/// `FORKTALE_TEST_LLM_PYTHON=.venv-llm/bin/python`. Minutes long, so only when named.
struct LLMParallelScenario: Scenario {
    let name = "engine.llm.parallel"
    var onlyWhenNamed: Bool { true }

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let slots = 4
        let server = try FaultServer.realModel(slots: slots)
        var results: [Measurement] = []
        var best = (parallel: 0, rate: 0.0)
        for parallel in quick ? [1, 2] : [1, 2, 4] {
            var settings = LLMSettings(baseURL: server.url, model: "smollm2")
            settings.parallelRequests = parallel
            settings.temperature = 0.7
            settings.maxTokens = 700
            settings.requestTimeout = 300
            var options = JobRunner.Options()
            options.workers = max(options.workers, parallel)
            options.maxAttempts = 15
            options.callTimeout = 310
            let path = workspace.file("llm-parallel-\(parallel).sqlite")
            let (store, profile) = try queuedStories(path, count: quick ? 1 : 3, workspace: workspace)
            let time = try runAll(store, writer: LLMWriter(settings: settings, apiKey: nil), options: options)
            let jobs = try store.jobSummaries(profileId: profile)
            let pages = jobs.filter { $0.job.status == .completed }.reduce(0) { $0 + $1.job.nodesTotal }
            let rate = Double(pages) / time
            if rate > best.rate { best = (parallel, rate) }
            // Pages per second depend on how many answers were thrown away (chance, with
            // this model); calls per second show the server's throughput alone.
            let calls = Double(jobs.reduce(0) { $0 + $1.attempts })
            results += [
                Measurement(scenario: name, metric: "pages_per_s_parallel_\(parallel)", value: rate, unit: "pages/s"),
                Measurement(scenario: name, metric: "calls_per_s_parallel_\(parallel)", value: calls / time, unit: "calls/s"),
                Measurement(scenario: name, metric: "calls_parallel_\(parallel)", value: calls, unit: "calls"),
            ]
            workspace.removeDatabase(path)
        }
        return results + [Measurement(scenario: name, metric: "best_parallel_requests", value: Double(best.parallel), unit: "requests")]
    }
}
