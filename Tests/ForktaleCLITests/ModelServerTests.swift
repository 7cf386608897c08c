import Foundation
import GRDB
import TestSupport
import Testing

@Suite("the model-server writer from the command line", .serialized)
struct ModelServerTests {
    static let key = "sk-test-SECRET-7f3a9c"

    func environment(_ server: FaultServer) -> [String: String] {
        ["FORKTALE_LLM_URL": server.url.absoluteString, "FORKTALE_LLM_MODEL": "test-model", "FORKTALE_LLM_API_KEY": Self.key]
    }

    /// A `[writer.llm]` table for `server` with `settings` lines, and the key in the
    /// environment: what the commands get.
    func configure(_ cli: CLI, _ server: FaultServer, model: String = "test-model", _ settings: String = "") throws -> [String: String] {
        var environment = try writeConfig(cli, """
            [writer.llm]
            base_url = "\(server.url.absoluteString)"
            model = "\(model)"
            \(settings)
            """)
        environment["FORKTALE_LLM_API_KEY"] = Self.key
        return environment
    }

    func writeConfig(_ cli: CLI, _ text: String) throws -> [String: String] {
        let folder = cli.home + "/config/forktale"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.write(toFile: folder + "/config.toml", atomically: true, encoding: .utf8)
        return ["XDG_CONFIG_HOME": cli.home + "/config"]
    }

    @Test("generate --writer llm writes a story through the server; usage counts it; the key is nowhere")
    func writes() throws {
        // One unusable answer first: its tokens count too.
        let server = try FaultServer(["malformed"])
        let cli = try CLI()
        defer { cli.remove() }
        let missing = try cli.run(["generate", "--writer", "llm"])
        #expect(missing.status == 2 && missing.stderr.contains("No model server is configured"))

        let result = try cli.run(["generate", "--writer", "llm", "--length", "short", "--seed", "4", "--wait", "--json"], environment: environment(server))
        #expect(result.status == 0, "\(result.stderr)")
        let job = try #require(try cli.json(result.stdout).first)
        #expect(job["status"] as? String == "completed")
        let usage = try cli.json(cli.run(["usage", "--json"]).stdout)
        let row = try #require(usage.first { $0["model"] as? String == "test-model" })
        #expect(row["writer"] as? String == "openai" && (row["tokens_in"] as? Int ?? 0) > 0)
        let shown = try cli.run(["jobs", "show", "\(job["id"] as? Int ?? 0)"])
        #expect(shown.stdout.contains("failed   page 1 try 1 · openai/test-model"), "\(shown.stdout)")
        #expect(shown.stdout.contains("120+45 tokens") && shown.stdout.contains("not the JSON object"), "\(shown.stdout)")
        #expect(shown.stdout.contains("success  title try 1"), "\(shown.stdout)")
        // The job's totals are its attempts', the failed one's included.
        let (jobTokens, attemptTokens, failed) = try DatabaseQueue(path: cli.database).read { db in
            (try Int.fetchOne(db, sql: "SELECT tokens_in + tokens_out FROM story_jobs") ?? 0,
             try Int.fetchOne(db, sql: "SELECT sum(tokens_in + tokens_out) FROM generation_attempts") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM generation_attempts WHERE status = 'failed' AND tokens_in > 0 AND response <> ''") ?? 0)
        }
        #expect(jobTokens == attemptTokens && failed == 1)

        // Nowhere: not in the database, its WAL, the log, or anything printed.
        var places = [cli.database, cli.database + "-wal", cli.home + "/state/forktale/forktale.log"]
        places = places.filter { FileManager.default.fileExists(atPath: $0) }
        #expect(places.count >= 2)
        for path in places {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(bytes.range(of: Data(Self.key.utf8)) == nil, "the key is in \(path)")
        }
        for text in [result.stdout, result.stderr, shown.stdout] { #expect(!text.contains(Self.key)) }
    }

    @Test("against a failing server: the configured tries, then a readable failure; the job can be retried")
    func failing() throws {
        let server = try FaultServer(["503", "500", "503"])
        let cli = try CLI()
        defer { cli.remove() }
        let config = try configure(cli, server, "retries = 3")
        let result = try cli.run(["generate", "--writer", "llm", "--length", "short", "--wait"], environment: config)
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("Page 1 could not be written after 3 tries: The model server failed (HTTP 503)."), "\(result.stderr)")
        #expect(result.stderr.contains("Try it again with 'forktale jobs retry 1'."), "\(result.stderr)")
        #expect(result.stderr.contains(/progress: 0\/1 stories, 0\/\d+ pages, 1 not written/), "\(result.stderr)")
        let shown = try cli.run(["jobs", "show", "1"], environment: config)
        #expect(shown.stdout.contains("Job 1: failed") && shown.stdout.contains("attempts (3)"), "\(shown.stdout)")
        #expect(shown.stdout.contains("HTTP 500") && !shown.stdout.contains("success"), "\(shown.stdout)")
        let retried = try cli.run(["jobs", "retry", "1"], environment: config)
        #expect(retried.status == 0)
        #expect(try cli.run(["jobs", "run"], environment: config).status == 0)
        #expect(try cli.run(["jobs", "show", "1"], environment: config).stdout.contains("Job 1: completed"))
        #expect(!(result.stdout + result.stderr + shown.stdout).contains(Self.key))
    }

    @Test("doctor checks the server: reachable, the model listed, a one-token answer; and says what to fix")
    func doctor() throws {
        let server = try FaultServer()
        let cli = try CLI()
        defer { cli.remove() }
        let healthy = try cli.run(["doctor"], environment: environment(server))
        #expect(healthy.status == 0 && healthy.stdout.contains("test-model at \(server.url.absoluteString): answered in"), "\(healthy.stdout)")
        var wrong = environment(server)
        wrong["FORKTALE_LLM_MODEL"] = "no-such-model"
        let unlisted = try cli.run(["doctor"], environment: wrong)
        #expect(unlisted.status == 1 && unlisted.stdout.contains("does not list the model no-such-model"))
        wrong["FORKTALE_LLM_URL"] = "http://127.0.0.1:9/v1"
        let down = try cli.run(["doctor"], environment: wrong)
        #expect(down.status == 1 && down.stdout.contains("did not answer"))
        #expect(!(healthy.stdout + unlisted.stdout + down.stdout).contains(Self.key))
    }

    @Test("a broken config file is one line naming the file and the line, exit 2")
    func brokenConfig() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let config = try writeConfig(cli, "[writer.llm]\nbase_url = \"http://127.0.0.1:1/v1\"\nmodel = \"m\"\nretries = \"many\"\n")
        let result = try cli.run(["generate", "--writer", "llm"], environment: config)
        #expect(result.status == 2)
        #expect(result.stderr.contains("config.toml:4: retries: should be a number"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("past the monthly budget, a new job is refused with the figures")
    func budget() throws {
        let server = try FaultServer()
        let cli = try CLI()
        defer { cli.remove() }
        let config = try configure(cli, server, """
            price_input_per_million = 100
            price_output_per_million = 100
            monthly_budget = 0.01
            """)
        let first = try cli.run(["generate", "--writer", "llm", "--length", "short", "--wait"], environment: config)
        #expect(first.status == 0, "\(first.stderr)")
        let refused = try cli.run(["generate", "--writer", "llm"], environment: config)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("of the $0.01 budget"), "\(refused.stderr)")
    }

    @Test("a real model (llama.cpp's server with SmolLM2-135M, on the CPU) writes a whole short story")
    func realModel() throws {
        let server = try FaultServer.realModel()
        let cli = try CLI()
        defer { cli.remove() }
        // More tries than usual, and room for long answers: the model is tiny and now and
        // then rambles past its budget (a retry, at this temperature, says something else).
        // The test is about structure, not prose.
        let config = try configure(cli, server, model: "smollm2", """
            temperature = 0.7
            retries = 15
            max_tokens = 700
            request_timeout = 120
            """)
        let result = try cli.run(["generate", "--writer", "llm", "--length", "short", "--seed", "2", "--wait", "--json"], environment: config)
        #expect(result.status == 0, "\(result.stderr)")
        let job = try #require(try cli.json(result.stdout).first)
        #expect(job["status"] as? String == "completed")
        let story = try #require(job["story_id"] as? Int)
        let (pages, choices, attempts, tokens) = try DatabaseQueue(path: cli.database).read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM story_nodes WHERE story_id = ? AND status = 'ready' AND length(content) > 0", arguments: [story]) ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM story_choices c JOIN story_nodes n ON n.id = c.node_id WHERE n.story_id = ? AND length(c.text) > 0", arguments: [story]) ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM generation_attempts WHERE model = 'smollm2'") ?? 0,
             try Int.fetchOne(db, sql: "SELECT sum(tokens_in + tokens_out) FROM generation_attempts WHERE status = 'success' AND tokens_estimated = 0") ?? 0)
        }
        // The model writes the pages of the same plan as the embedded writer's.
        let embedded = try cli.run(["generate", "--length", "short", "--seed", "2", "--wait", "--json"])
        let planned = try #require(try cli.json(embedded.stdout).first?["story_id"] as? Int)
        let (plannedPages, plannedChoices) = try DatabaseQueue(path: cli.database).read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM story_nodes WHERE story_id = ?", arguments: [planned]) ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM story_choices c JOIN story_nodes n ON n.id = c.node_id WHERE n.story_id = ?", arguments: [planned]) ?? 0)
        }
        #expect(pages >= 9 && pages == plannedPages && choices == plannedChoices, "a short story: the plan's \(plannedPages) pages and \(plannedChoices) choices")
        #expect(attempts >= 10 && tokens > 0, "attempts and the server's token counts recorded")
        let files = [cli.database, cli.database + "-wal"].filter { FileManager.default.fileExists(atPath: $0) }
        for path in files { #expect(try Data(contentsOf: URL(fileURLWithPath: path)).range(of: Data(Self.key.utf8)) == nil) }
    }
}
