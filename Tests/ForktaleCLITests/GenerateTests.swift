import Foundation
import GRDB
import Testing

@Suite("generate and jobs", .serialized)
struct GenerateTests {
    /// The pages of a stored story, in order: content and choice labels.
    func pages(_ cli: CLI, story: Int64) throws -> [String] {
        try DatabaseQueue(path: cli.database).read { db in
            try String.fetchAll(db, sql: """
                SELECT n.content || ' | ' || coalesce((SELECT group_concat(text, ' / ') FROM
                  (SELECT text FROM story_choices WHERE node_id = n.id ORDER BY position)), '')
                FROM story_nodes n WHERE n.story_id = ? ORDER BY n.id
                """, arguments: [story])
        }
    }

    /// One value from the CLI's database, read-only: polling while the program starts must
    /// neither create the file before it nor take a lock it needs.
    func value<T: DatabaseValueConvertible>(_ cli: CLI, _ sql: String, _ arguments: StatementArguments = []) throws -> T? {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: cli.database, configuration: configuration).read { db in
            try T.fetchOne(db, sql: sql, arguments: arguments)
        }
    }

    @Test("generate --theme space --seed 7 --length medium --wait twice writes the same story twice")
    func sameSeedSameStory() throws {
        let cli = try CLI()
        defer { cli.remove() }
        var stories: [Int64] = []
        for _ in 0..<2 {
            let result = try cli.run(["generate", "--theme", "space", "--seed", "7", "--length", "medium", "--wait", "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let job = try #require(try cli.json(result.stdout).first)
            #expect(job["status"] as? String == "completed")
            stories.append(try #require(job["story_id"] as? Int64 ?? (job["story_id"] as? Int).map(Int64.init)))
        }
        let first = try pages(cli, story: stories[0])
        #expect(first.count >= 13)
        #expect(first == (try pages(cli, story: stories[1])))
        for story in stories {
            let row: String? = try value(cli, "SELECT source || ' ' || status || ' ' || theme FROM stories WHERE id = ?", [story])
            #expect(row == "generated ready space")
        }
        let other = try cli.run(["generate", "--theme", "space", "--seed", "8", "--length", "medium", "--wait", "--json"])
        let story = try #require(try cli.json(other.stdout).first?["story_id"] as? Int)
        #expect(try pages(cli, story: Int64(story)) != first)

        // The story plays to an ending like any other.
        let play = try cli.run(["play", String(stories[0]), "--plain"], input: String(repeating: "1\n", count: 10))
        #expect(play.status == 0)
        #expect(play.stdout.contains("*** The End"), "\(play.stdout.suffix(400))")
    }

    @Test("an unknown theme exits 2 and lists the themes; bad options exit 2")
    func badArguments() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let unknown = try cli.run(["generate", "--theme", "volcano"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("There is no theme \"volcano\". Themes: dinosaur-valley, dragon-mountain, enchanted-forest"))
        #expect(try cli.run(["generate", "--count", "0"]).status == 2)
        #expect(try cli.run(["generate", "--length", "epic"]).status == 2)
        #expect(try cli.run(["generate", "--hero", "Nobody"]).stderr.contains("There is no hero named \"Nobody\""))
        let unsuitable = try cli.run(["generate", "--moral", "guns are fun"])
        #expect(unsuitable.status == 2 && unsuitable.stderr.contains("not suitable for children (guns)"))
        let jobs: Int? = try value(cli, "SELECT count(*) FROM story_jobs")
        #expect(jobs == 0, "nothing was queued")
    }

    @Test("generate without --wait queues; jobs run writes; jobs list, show, cancel and retry")
    func queueAndRun() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let queued = try cli.run(["generate", "--theme", "robot-city", "--seed", "3", "--count", "3", "--length", "short"])
        #expect(queued.status == 0)
        #expect(queued.stdout.contains("queued job 1") && queued.stdout.contains("queued job 3"))
        #expect(try cli.run(["jobs", "cancel", "3"]).stdout.contains("Cancelled job 3"))

        let run = try cli.run(["jobs", "run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("job 1: completed") && run.stdout.contains("job 2: completed"))
        let list = try cli.json(try cli.run(["jobs", "list", "--json"]).stdout)
        #expect(list.map { $0["status"] as? String } == ["cancelled", "completed", "completed"])

        let show = try cli.run(["jobs", "show", "1"])
        // Every page written, and one try each for the pages and the title.
        let pages = try #require(show.stdout.firstMatch(of: /pages: (\d+) of (\d+) \(100%\)/))
        #expect(show.stdout.contains("Job 1: completed") && pages.1 == pages.2 && Int(pages.1)! >= 9)
        #expect(show.stdout.contains("attempts (\(Int(pages.1)! + 1)):"))

        #expect(try cli.run(["jobs", "retry", "3"]).stdout.contains("Queued job 3 again"))
        #expect(try cli.run(["jobs", "run"]).stdout.contains("job 3: completed"))
        #expect(try cli.run(["jobs", "retry", "3"]).status == 1, "a completed job is not retried")
        #expect(try cli.run(["jobs", "show", "99"]).status == 2)
    }

    @Test("a job killed in the middle is taken over at once by jobs run: no finished page lost or written twice")
    func crashAndResume() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let slow = ["FORKTALE_TEST_WRITER_DELAY_MS": "40"]
        let child = try cli.start(["generate", "--theme", "pirate-seas", "--seed", "5", "--length", "long", "--wait"], environment: slow)
        let deadline = Date().addingTimeInterval(30)
        var done = 0
        while Date() < deadline {
            done = (try? value(cli, "SELECT nodes_done FROM story_jobs WHERE id = 1") as Int?) ?? 0
            if done >= 6 { break }
            usleep(5_000)
        }
        kill(child.process.processIdentifier, SIGKILL)
        _ = child.wait()
        #expect(done >= 6)
        let before: [String] = try DatabaseQueue(path: cli.database).read { db in
            try String.fetchAll(db, sql: "SELECT id || ':' || content FROM story_nodes WHERE status = 'ready' AND story_id = (SELECT story_id FROM story_jobs WHERE id = 1) ORDER BY id")
        }
        let status: String? = try value(cli, "SELECT status FROM story_jobs WHERE id = 1")
        #expect(status == "running" && before.count >= 6)
        // The unfinished story counts the words of its written pages.
        let story: Int? = try value(cli, "SELECT story_id FROM story_jobs WHERE id = 1")
        let shown = try cli.run(["stories", "show", "\(story ?? 0)"])
        #expect(shown.stdout.contains(" words\n") && !shown.stdout.contains(", 0 words"), "\(shown.stdout)")

        // The dead process's lock went with it: the job is taken over at once, not after
        // the 15 s its heartbeat takes to go stale.
        let dead: String? = try value(cli, "SELECT worker FROM story_jobs WHERE id = 1")
        let started = Date()
        let runner = try cli.start(["jobs", "run"], environment: slow)
        var takenOver: TimeInterval?
        while Date().timeIntervalSince(started) < 10 {
            let worker: String? = try value(cli, "SELECT worker FROM story_jobs WHERE id = 1")
            if worker != dead {
                takenOver = Date().timeIntervalSince(started)
                break
            }
            usleep(10_000)
        }
        let resumed = runner.wait()
        #expect(resumed.status == 0 && resumed.stdout.contains("job 1: completed"), "\(resumed.stdout) \(resumed.stderr)")
        #expect(try #require(takenOver) < 1, "taken over \(takenOver ?? 0) s after jobs run started")
        let after: [String] = try DatabaseQueue(path: cli.database).read { db in
            try String.fetchAll(db, sql: "SELECT id || ':' || content FROM story_nodes WHERE story_id = (SELECT story_id FROM story_jobs WHERE id = 1) ORDER BY id")
        }
        for page in before { #expect(after.contains(page), "a finished page changed: \(page.prefix(40))") }
        let doubles: Int? = try value(cli, """
            SELECT count(*) FROM (SELECT node_id FROM generation_attempts WHERE status = 'success' AND node_id IS NOT NULL
            GROUP BY node_id HAVING count(*) > 1)
            """)
        #expect(doubles == 0)
        let integrity: String? = try value(cli, "PRAGMA integrity_check")
        #expect(integrity == "ok")
    }

    @Test("two jobs run processes on one database with 20 queued jobs run each job once")
    func twoWorkers() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["generate", "--count", "20", "--length", "short", "--seed", "100"]).status == 0)
        let slow = ["FORKTALE_TEST_WRITER_DELAY_MS": "5"]
        let workers = try (0..<2).map { _ in try cli.start(["jobs", "run", "--workers", "1"], environment: slow) }
        let results = workers.map { $0.wait() }
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
        let completed: Int? = try value(cli, "SELECT count(*) FROM story_jobs WHERE status = 'completed'")
        #expect(completed == 20)
        let lines = results.flatMap { $0.stdout.split(separator: "\n").filter { $0.hasSuffix("completed") || $0.contains(": completed") } }
        #expect(lines.count == 20, "each job ended once, in one of the two workers")
        #expect(results.allSatisfy { !$0.stdout.isEmpty }, "both workers took jobs")
        let doubles: Int? = try value(cli, """
            SELECT count(*) FROM (SELECT node_id FROM generation_attempts WHERE status = 'success' AND node_id IS NOT NULL
            GROUP BY node_id HAVING count(*) > 1)
            """)
        #expect(doubles == 0)
    }

    @Test("Ctrl-C, kill and a closed terminal stop generate --wait cleanly; jobs retry resumes the story",
          arguments: [SIGINT, SIGTERM, SIGHUP])
    func interrupt(signal: Int32) throws {
        let cli = try CLI()
        defer { cli.remove() }
        let child = try cli.start(["generate", "--seed", "9", "--length", "long", "--wait"], environment: ["FORKTALE_TEST_WRITER_DELAY_MS": "40"])
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, ((try? value(cli, "SELECT nodes_done FROM story_jobs WHERE id = 1") as Int?) ?? 0) < 3 { usleep(5_000) }
        kill(child.process.processIdentifier, signal)
        let result = child.wait()
        #expect(result.status == (signal == SIGINT ? 1 : 128 + signal))
        #expect(result.stderr.contains("Resume with: forktale jobs retry 1"), "\(result.stderr)")
        let status: String? = try value(cli, "SELECT status FROM story_jobs WHERE id = 1")
        #expect(status == "cancelled")
        #expect(try cli.run(["jobs", "retry", "1"]).status == 0)
        #expect(try cli.run(["jobs", "run"]).stdout.contains("job 1: completed"))
    }

    @Test("jobs run says which jobs other processes hold, and retry takes over a job whose process died")
    func heldElsewhere() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["generate", "--seed", "2", "--length", "long"]).status == 0)
        let writer = try cli.start(["jobs", "run", "--workers", "1"], environment: ["FORKTALE_TEST_WRITER_DELAY_MS": "200"])
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, ((try? value(cli, "SELECT nodes_done FROM story_jobs WHERE id = 1") as Int?) ?? 0) < 1 { usleep(5_000) }
        let other = try cli.run(["jobs", "run"])
        #expect(other.status == 0)
        #expect(other.stdout.contains("job 1 is being written by another Forktale"), "\(other.stdout)")
        #expect(try cli.run(["jobs", "retry", "1"]).status == 1, "a job whose process is alive is not retried")

        kill(writer.process.processIdentifier, SIGKILL)
        _ = writer.wait()
        let retried = try cli.run(["jobs", "retry", "1"])
        #expect(retried.status == 0 && retried.stdout.contains("process had ended"), "\(retried.stdout) \(retried.stderr)")
        let status: String? = try value(cli, "SELECT status FROM story_jobs WHERE id = 1")
        #expect(status == "queued")
    }

    @Test("jobs watch follows jobs run by another process until the queue is empty")
    func watch() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["generate", "--count", "2", "--length", "short", "--seed", "4"]).status == 0)
        let watcher = try cli.start(["jobs", "watch"])
        let worker = try cli.start(["jobs", "run", "--workers", "1"], environment: ["FORKTALE_TEST_WRITER_DELAY_MS": "30"])
        #expect(worker.wait().status == 0)
        let watched = watcher.wait()
        #expect(watched.status == 0)
        #expect(watched.stdout.contains("running"), "\(watched.stdout)")
        #expect(watched.stdout.hasSuffix("No job is queued or running.\n\n"), "\(watched.stdout.suffix(200))")
    }

    @Test("--hero and --template shape the brief; a template's use is counted")
    func heroAndTemplate() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["doctor"]).status == 0)
        try DatabaseQueue(path: cli.database).write { db in
            try db.execute(sql: """
                INSERT INTO heroes (uuid, profile_id, name, pronouns, primary_trait, secondary_trait, special_ability, created_at, updated_at)
                VALUES ('h1', 1, 'Mira', 'she', 'curious', 'kind', 'talking to owls', '2026-11-26T10:00:00.000Z', '2026-11-26T10:00:00.000Z');
                INSERT INTO story_templates (title, category, tone, keywords, created_at, updated_at)
                VALUES ('A quiet mystery', 'mystery', 'calming', '[]', '2026-11-26T10:00:00.000Z', '2026-11-26T10:00:00.000Z');
                """)
        }
        let result = try cli.run(["generate", "--hero", "mira", "--template", "1", "--seed", "3", "--length", "short", "--wait", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let job = try #require(try cli.json(result.stdout).first)
        #expect(job["theme"] as? String == "haunted-castle")
        let story = try #require(job["story_id"] as? Int)
        let row: String? = try value(cli, "SELECT coalesce(hero_id, 0) || ' ' || coalesce(template_id, 0) FROM stories WHERE id = ?", [story])
        #expect(row == "1 1")
        let text = try pages(cli, story: Int64(story)).joined(separator: " ")
        // The ability typed as "talking to owls" is told as a verb phrase.
        #expect(text.contains("Mira") && text.contains("could talk to owls"), "\(text)")
        let uses: Int? = try value(cli, "SELECT usage_count FROM story_templates WHERE id = 1")
        #expect(uses == 1)
    }
}
