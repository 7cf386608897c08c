import Foundation
import StoryCore
@testable import StoryEngine
import StoryStore
import TestSupport
import Testing

extension FaultServer {
    func settings(timeout: Double = 5) -> LLMSettings {
        var settings = LLMSettings(baseURL: url, model: "test-model")
        settings.requestTimeout = timeout
        settings.priceInput = 1.0
        settings.priceOutput = 2.0
        return settings
    }
}

/// A page to ask for: the opening of a short space story (two choices).
func openingRequest() throws -> NodeRequest {
    let plan = try BriefCheck(library: library, safety: safety).check(StoryJob.Brief(theme: "space", length: .short, seed: 3), hero: nil).plan
    return NodeRequest(plan: plan, index: 0, path: [])
}

@Suite("The model-server writer against a test server", .serialized)
struct LLMWriterTests {
    @Test("a good answer: the page, its choices, tokens and cost")
    func good() async throws {
        let server = try FaultServer()
        let writer = LLMWriter(settings: server.settings(), apiKey: "test-key")
        let request = try openingRequest()
        let draft = try await writer.writeNode(request)
        #expect(draft.choices.count == request.node.choices.count && !draft.content.isEmpty)
        #expect(draft.usage == TokenUsage(input: 120, output: 45, estimated: false, costUsd: (120 * 1.0 + 45 * 2.0) / 1_000_000))
        let asked = try #require(try await server.requests().first?["body"] as? [String: Any])
        #expect(asked["model"] as? String == "test-model" && asked["response_format"] != nil && asked["frequency_penalty"] as? Double == 0.5)
        let prompt = draft.prompt
        #expect(prompt.contains("exactly \(request.node.choices.count) choices") && prompt.contains(request.plan.cast.name))
    }

    @Test("answers that need repair, and answers that cannot be used", arguments: [
        ("fenced", nil), ("nousage", nil),
        ("malformed", "not the JSON object"), ("truncated", "cut off"), ("empty", "empty answer"),
        ("wrongcount", "choices where the page has"), ("cut", "broke off"),
    ] as [(String, String?)])
    func answers(step: String, problem: String?) async throws {
        let server = try FaultServer()
        try await server.script([step])
        let writer = LLMWriter(settings: server.settings(), apiKey: nil)
        do {
            let draft = try await writer.writeNode(try openingRequest())
            #expect(problem == nil, "\(step) was used: \(draft.content)")
            if step == "nousage" { #expect(draft.usage.estimated && draft.usage.input > 0) }
        } catch let error as WriterError {
            guard let problem else {
                Issue.record("\(step) failed: \(error)")
                return
            }
            #expect(error.isRetryable && error.description.contains(problem), "\(step): \(error)")
        }
    }

    @Test("a page that copies the instructions, loops on one sentence or is a line long is refused; numbered choices lose their numbers")
    func weakAnswers() throws {
        let page = "The little fox found a glowing stone under the old oak tree. It hummed a happy tune, and the fox hummed along all the way home."
        #expect(throws: Never.self) { try LLMWriter.check(text: page, choices: ["Show the stone to Owl", "Hide it"], expected: 2) }
        for (text, choices, problem) in [
            ("The page, 60 to 140 words", ["Go left", "Go right"], "too short"),
            (page + " Then Mira chose to explore somewhere.", ["Go left", "Go right"], "copied the instructions"),
            (page, ["Give exactly 2 choices", "Go right"], "copied the instructions"),
            ("Pip the rabbit hopped over a mossy log and found a tiny blue door in a tree. A sleepy owl blinked down at her.", ["Knock", "Ask"],
             "copied the instructions"),
            (page + String(repeating: " The story will be passed down.", count: 3), ["Go left", "Go right"], "same sentence"),
        ] {
            #expect(throws: WriterError.self) { try LLMWriter.check(text: text, choices: choices, expected: 2) }
            do { try LLMWriter.check(text: text, choices: choices, expected: 2) } catch {
                #expect("\(error)".contains(problem), "\(error)")
            }
        }
        #expect(LLMWriter.unnumbered(" 1. Play with the owl ") == "Play with the owl" && LLMWriter.unnumbered("2) Run") == "Run")
        #expect(LLMWriter.unnumbered("4.Swim") == "Swim" && LLMWriter.unnumbered("3 little pigs") == "3 little pigs")
        #expect(LLMWriter.unnumbered("2.5 more steps") == "2.5 more steps")
        #expect(throws: WriterError.self) { try LLMWriter.check(text: page, choices: ["{story},", "Go right"], expected: 2) }
    }

    @Test("HTTP faults: 429 with its Retry-After, 5xx retryable, 401 and 403 not; a refused connection and a timeout")
    func faults() async throws {
        let server = try FaultServer()
        let writer = LLMWriter(settings: server.settings(timeout: 1), apiKey: "k")
        let request = try openingRequest()
        for (step, expected) in [("429:7", WriterError.retryable("The model server is busy (HTTP 429).", retryAfter: 7)),
                                 ("503", .retryable("The model server failed (HTTP 503).")),
                                 ("401", nil), ("403", nil), ("slow:3", .timeout(seconds: 1))] {
            try await server.script([step])
            do {
                _ = try await writer.writeNode(request)
                Issue.record("\(step) was used")
            } catch let error as WriterError {
                if let expected { #expect(error.reason == expected, "\(step)") } else {
                    #expect(!error.isRetryable && error.description.contains("refused the API key"), "\(step): \(error)")
                }
                // The attempt log shows what was asked, though no answer came.
                #expect(error.record?.prompt.contains("Write the next page") == true && error.record?.response == nil, "\(step)")
            }
        }
        // Nothing listens on this port any more.
        let gone = LLMWriter(settings: LLMSettings(baseURL: URL(string: "http://127.0.0.1:9/v1")!, model: "m"), apiKey: nil)
        do {
            _ = try await gone.writeNode(request)
            Issue.record("a closed port answered")
        } catch let error as WriterError {
            #expect(error.isRetryable && error.description.contains("did not answer"), "\(error)")
        }
    }

    @Test("a story from a template: its idea and tone are in every prompt the server gets")
    func template() async throws {
        let server = try FaultServer()
        let fixture = try RunnerFixture()
        let template = try fixture.store.saveTemplate(StoryTemplate(
            title: "Lantern Fox", promptSeed: "A fox who lights the way home for lost fireflies.", category: .nature, tone: .humorous))
        let job = try fixture.store.queueJobs([StoryJob(profileId: fixture.profileId, brief: StoryJob.Brief(
            theme: "enchanted-forest", templateId: template.id, length: .short, seed: 4))])[0]
        #expect(await fixture.runAll(fixture.runner(LLMWriter(settings: server.settings(), apiKey: nil))))
        #expect(try fixture.store.job(id: job.id!)?.status == .completed)
        let messages = try await server.requests().compactMap { ($0["body"] as? [String: Any])?["messages"] as? [[String: Any]] }
        #expect(messages.count == (try fixture.pages(of: job).count) + 1, "every page and the title")
        for message in messages {
            let system = message.first { $0["role"] as? String == "system" }?["content"] as? String ?? ""
            let user = message.first { $0["role"] as? String == "user" }?["content"] as? String ?? ""
            #expect(system.contains("The tone is humorous.") && user.contains("The story's idea: A fox who lights the way home"))
        }
    }

    @Test("a server without JSON schemas gets plain JSON instructions from then on")
    func noSchema() async throws {
        let server = try FaultServer()
        try await server.script(["noschema"])
        let writer = LLMWriter(settings: server.settings(), apiKey: nil)
        _ = try await writer.writeNode(try openingRequest())
        _ = try await writer.writeNode(try openingRequest())
        let bodies = try await server.requests().compactMap { $0["body"] as? [String: Any] }
        #expect(bodies.count == 3)
        #expect(bodies[0]["response_format"] != nil && bodies[1]["response_format"] == nil && bodies[2]["response_format"] == nil)
    }

    @Test("a job through the runner: failed attempts logged with their errors, then a complete story with tokens and cost")
    func job() async throws {
        let server = try FaultServer()
        try await server.script(["500", "malformed", "429:0"])
        let fixture = try RunnerFixture()
        let job = try fixture.queue()[0]
        let writer = LLMWriter(settings: server.settings(), apiKey: nil)
        #expect(await fixture.runAll(fixture.runner(writer)))
        let done = try #require(try fixture.store.job(id: job.id!))
        #expect(done.status == .completed)
        let attempts = try fixture.store.attempts(jobId: job.id!)
        let failed = attempts.filter { $0.status == .failed }
        #expect(failed.count == 3)
        #expect(failed.contains { $0.error?.contains("HTTP 500") == true } && failed.contains { $0.error?.contains("HTTP 429") == true })
        #expect(failed.allSatisfy { $0.latencyMs != nil && $0.model == "test-model" && $0.writer == "openai" })
        #expect(done.tokensIn > 0 && done.costUsd > 0)
        #expect(try fixture.pages(of: job).allSatisfy { $0.status == .ready && !$0.content.isEmpty })
    }

    @Test("the model's pages pass the same safety filter: an unsuitable one is refused, flagged and written again")
    func safety() async throws {
        let server = try FaultServer(["unsafe"])
        let fixture = try RunnerFixture()
        let job = try fixture.queue(age: .fourToSix)[0]
        #expect(await fixture.runAll(fixture.runner(LLMWriter(settings: server.settings(), apiKey: nil))))
        #expect(try fixture.store.job(id: job.id!)?.status == .completed)
        let flags = try fixture.store.contentFlags(jobId: job.id!)
        #expect(flags.map(\.flagType) == [.violence] && flags.map(\.actionTaken) == [.rejected])
        let refused = try #require(try fixture.store.attempts(jobId: job.id!).first { $0.status == .failed })
        #expect(refused.response?.contains("blood") == true && refused.tokensIn == 120)
        #expect(try fixture.pages(of: job).allSatisfy { $0.status == .ready && !$0.content.contains("blood") })
    }

    @Test("a refused key fails the job at once with a readable reason; it stays retryable, and no page is half-written")
    func refusedKey() async throws {
        let server = try FaultServer()
        try await server.script(["401"])
        let fixture = try RunnerFixture()
        let job = try fixture.queue()[0]
        #expect(await fixture.runAll(fixture.runner(LLMWriter(settings: server.settings(), apiKey: "wrong"))))
        let failed = try #require(try fixture.store.job(id: job.id!))
        #expect(failed.status == .failed && failed.canResume)
        #expect(failed.error?.contains("refused the API key") == true && failed.error?.contains("wrong") == false)
        #expect(try fixture.pages(of: job).allSatisfy { $0.status != .ready || !$0.content.isEmpty })
        _ = try fixture.store.retryJob(id: job.id!)
        #expect(await fixture.runAll(fixture.runner(LLMWriter(settings: server.settings(), apiKey: "right"))))
        #expect(try fixture.store.job(id: job.id!)?.status == .completed)
    }
}

/// A clock that records each wait and goes on at once.
final class RecordingClock: RetryClock, @unchecked Sendable {
    private let lock = NSLock()
    private var waits: [TimeInterval] = []

    func after(_ delay: TimeInterval, on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) {
        lock.withLock { waits.append(delay) }
        queue.async(execute: work)
    }

    var delays: [TimeInterval] { lock.withLock { waits } }
}

@Suite("Back-off between tries, through a recorded clock", .serialized)
struct BackoffTests {
    @Test("the delay doubles from the first, spread by jitter, and never passes the limit; Retry-After is taken as given")
    func delays() {
        let backoff = Backoff(first: 2, limit: 20)
        let failure = WriterError.retryable("HTTP 500")
        #expect(backoff.delay(afterTries: 1, failure, jitter: 0) == 1.5 && backoff.delay(afterTries: 1, failure, jitter: 0.5) == 2)
        #expect(backoff.delay(afterTries: 2, failure, jitter: 0.5) == 4 && backoff.delay(afterTries: 3, failure, jitter: 0.999) < 10)
        #expect(backoff.delay(afterTries: 5, failure, jitter: 0) == 20 && backoff.delay(afterTries: 60, failure, jitter: 0.9) == 20)
        #expect(backoff.delay(afterTries: 1, .retryable("busy", retryAfter: 7), jitter: 0.9) == 7)
        #expect(backoff.delay(afterTries: 1, .retryable("busy", retryAfter: 600), jitter: 0) == 20)
    }

    /// Runs one short space story (seed 3) against `server` with `clock`; its pages come
    /// first, in order of the server's script, and then its title.
    func run(_ server: FaultServer, clock: RecordingClock, maxAttempts: Int = 4) async throws -> (RunnerFixture, StoryJob) {
        let fixture = try RunnerFixture()
        let job = try fixture.queue(seed: 3)[0]
        let runner = fixture.runner(LLMWriter(settings: server.settings(), apiKey: nil)) {
            $0.backoff = 2
            $0.maxBackoff = 5
            $0.maxAttempts = maxAttempts
            $0.workers = 1
            $0.clock = clock
        }
        #expect(await fixture.runAll(runner))
        return (fixture, job)
    }

    @Test("server faults: each retry waits twice as long as the one before, up to the limit, then the page is written")
    func doubling() async throws {
        let server = try FaultServer()
        try await server.script(["500", "503", "500"])
        let clock = RecordingClock()
        let (fixture, job) = try await run(server, clock: clock)
        let delays = clock.delays
        #expect(delays.count == 3)
        #expect((1.5...2.5).contains(delays[0]) && (3...5).contains(delays[1]) && delays[2] == 5, "\(delays)")
        #expect(try fixture.store.job(id: job.id!)?.status == .completed)
        let failed = try fixture.store.attempts(jobId: job.id!).filter { $0.status == .failed }
        #expect(failed.map(\.attemptNumber) == [1, 2, 3] && Set(failed.map(\.nodeId)).count == 1)
    }

    @Test("a busy server's Retry-After is waited for, up to the limit")
    func retryAfter() async throws {
        let server = try FaultServer()
        try await server.script(["429:3", "429:120"])
        let clock = RecordingClock()
        let (fixture, job) = try await run(server, clock: clock)
        #expect(clock.delays == [3, 5])
        #expect(try fixture.store.job(id: job.id!)?.status == .completed)
    }

    @Test("a server that keeps failing: the configured tries, then the job fails readably and can be retried")
    func givesUp() async throws {
        let server = try FaultServer()
        try await server.script(Array(repeating: "503", count: 3))
        let clock = RecordingClock()
        let (fixture, job) = try await run(server, clock: clock, maxAttempts: 3)
        #expect(clock.delays.count == 2)
        let failed = try #require(try fixture.store.job(id: job.id!))
        #expect(failed.status == .failed && failed.canResume)
        #expect(failed.error == "Page 1 could not be written after 3 tries: The model server failed (HTTP 503).")
        #expect(try fixture.store.attempts(jobId: job.id!).map(\.status) == [.failed, .failed, .failed])
        #expect(try fixture.pages(of: job).allSatisfy { $0.status != .ready })
    }

    @Test("a title that fails is tried again like a page, and every try is in the attempt log")
    func title() async throws {
        let server = try FaultServer()
        let pages = try openingRequest().plan.nodes.count
        try await server.script(Array(repeating: "ok", count: pages) + ["malformed", "500"])
        let clock = RecordingClock()
        let (fixture, job) = try await run(server, clock: clock)
        #expect(clock.delays.count == 2)
        let done = try #require(try fixture.store.job(id: job.id!))
        #expect(done.status == .completed)
        let titles = try fixture.store.attempts(jobId: job.id!).filter { $0.nodeId == nil }
        #expect(titles.map(\.status) == [.failed, .failed, .success] && titles.map(\.attemptNumber) == [1, 2, 3])
        #expect(titles[0].error?.contains("not the JSON object") == true && titles[0].response?.isEmpty == false)
    }
}

@Suite("The model server's settings")
struct LLMSettingsTests {
    func folder(_ toml: String?) throws -> (environment: [String: String], remove: () -> Void) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("forktale-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("forktale"), withIntermediateDirectories: true)
        if let toml { try toml.write(to: root.appendingPathComponent("forktale/config.toml"), atomically: true, encoding: .utf8) }
        return (["XDG_CONFIG_HOME": root.path], { try? FileManager.default.removeItem(at: root) })
    }

    @Test("read from [writer.llm], with the environment over it; none configured is nil")
    func read() throws {
        let (environment, remove) = try folder("""
            [writer.llm]
            base_url = "http://127.0.0.1:8080/v1"
            model = "smollm2"
            retries = 3
            frequency_penalty = 0
            price_input_per_million = 0.5
            monthly_budget = 2
            """)
        defer { remove() }
        let settings = try #require(try LLMSettings.load(environment: environment))
        #expect(settings.baseURL.absoluteString == "http://127.0.0.1:8080/v1" && settings.model == "smollm2" && settings.retries == 3)
        #expect(settings.priceInput == 0.5 && settings.monthlyBudget == 2 && settings.frequencyPenalty == 0)
        var overridden = environment
        overridden["FORKTALE_LLM_MODEL"] = "other"
        overridden["FORKTALE_LLM_API_KEY"] = "sk-1"
        #expect(try LLMSettings.load(environment: overridden)?.model == "other")
        #expect(try settings.apiKey(environment: overridden) == "sk-1")
        let (empty, removeEmpty) = try folder(nil)
        defer { removeEmpty() }
        #expect(try LLMSettings.load(environment: empty) == nil)
        #expect(try LLMSettings.load(environment: empty.merging(["FORKTALE_LLM_URL": "http://h:1/v1", "FORKTALE_LLM_MODEL": "m"]) { $1 })?.model == "m")
    }

    @Test("a broken file is one line naming the file, the line and the problem", arguments: [
        ("[writer.llm]\nbase_url = \"http://h/v1\"\nmodel = \n", ":3:"),
        ("[writer.llm]\nbase_url = \"http://h/v1\"\nmodel = \"m\"\nretries = \"many\"\n", ":4: retries: should be a number"),
        ("[writer.llm]\nbase_url = \"http://h/v1\"\nmodel = \"m\"\ntemprature = 1\n", ":4: temprature: not a setting"),
        ("[writer.llm]\nbase_url = \"ftp://h\"\nmodel = \"m\"\n", ":2: base_url"),
        ("[writer.llm]\nbase_url = \"http://h/v1\"\nmodel = \"m\"\nparallel_requests = 3.7\n", ":4: parallel_requests: should be a whole number"),
    ])
    func broken(toml: String, expected: String) throws {
        let (environment, remove) = try folder(toml)
        defer { remove() }
        do {
            _ = try LLMSettings.load(environment: environment)
            Issue.record("accepted: \(toml)")
        } catch let error as ConfigError {
            #expect(error.description.contains("config.toml" + expected), "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("a config file that is not UTF-8 text, or cannot be read, is an error naming it, never ignored")
    func unreadable() throws {
        let (environment, remove) = try folder(nil)
        defer { remove() }
        let path = environment["XDG_CONFIG_HOME"]! + "/forktale/config.toml"
        try Data([0x5B, 0xFF, 0xFE, 0x5D]).write(to: URL(fileURLWithPath: path))
        #expect(throws: ConfigError(file: path, line: nil, problem: "the file is not UTF-8 text: save it as UTF-8")) {
            try LLMSettings.load(environment: environment)
        }
        guard getuid() != 0 else { return }  // root reads any file
        try "[writer.llm]\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
        #expect(throws: ConfigError(file: path, line: nil, problem: "the file cannot be read: check its permissions")) {
            try LLMSettings.load(environment: environment)
        }
    }

    @Test("the key can come from a command; a command that prints nothing is an error")
    func keyCommand() throws {
        var settings = LLMSettings(baseURL: URL(string: "http://h/v1")!, model: "m")
        settings.apiKeyCommand = "echo sk-from-command"
        #expect(try settings.apiKey(environment: [:]) == "sk-from-command")
        settings.apiKeyCommand = "true"
        #expect(throws: ConfigError.self) { try settings.apiKey(environment: [:]) }
    }
}
