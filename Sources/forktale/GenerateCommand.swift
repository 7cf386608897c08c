import ArgumentParser
import Foundation
import StoryCore
import StoryEngine
import StoryStore

extension AgeRange: ExpressibleByArgument {}
extension StoryJob.Brief.Length: ExpressibleByArgument {}

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write new stories with the embedded writer or a model server.",
        discussion: """
            Without --wait the jobs are queued and their ids printed; a running Forktale \
            interface or 'forktale jobs run' writes them. With --wait this command writes them \
            itself and shows their progress; Ctrl-C stops and leaves them to resume with \
            'forktale jobs retry ID'. The same --seed and options give the same story.
            """)

    @OptionGroup var options: GlobalOptions
    @Option(help: ArgumentHelp("The theme (default: one picked by the seed). 'forktale generate --theme list' lists them.", valueName: "theme"))
    var theme: String?
    @Option(help: ArgumentHelp("A story template's id (its theme follows its category).", valueName: "id"))
    var template: Int64?
    @Option(help: ArgumentHelp("The hero who stars (default: one invented for the story).", valueName: "name"))
    var hero: String?
    @Option(help: "Who the story is for: 4-6, 6-8, 8-10 or all.") var age: AgeRange = .all
    @Option(help: "short (about 7 pages), medium (about 15) or long (about 31).") var length: StoryJob.Brief.Length = .medium
    @Option(help: ArgumentHelp("What the hero learns, such as \"sharing makes fun bigger\".", valueName: "text"))
    var moral: String?
    @Option(help: ArgumentHelp("The seed (default: random). Stories with --count use seed, seed+1, ...", valueName: "n"))
    var seed: UInt64?
    @Option(help: "How many stories to write (1 to 50).") var count = 1
    @Option(help: ArgumentHelp("embedded (offline, the default) or llm (the model server in the config file).", valueName: "writer"))
    var writer = "embedded"
    @Flag(help: "Write the stories now, in this process, and wait for them.") var wait = false
    @Flag(help: "Print one JSON array of the jobs.") var json = false

    func validate() throws {
        if theme != nil && template != nil { throw ValidationError("Give --theme or --template, not both.") }
        if !(1...50).contains(count) { throw ValidationError("--count must be 1 to 50, not \(count).") }
        if !["embedded", "llm"].contains(writer) { throw ValidationError("--writer is embedded or llm, not \(writer).") }
        if let moral, moral.trimmingWhitespace().isEmpty || moral.count > 200 {
            throw ValidationError("--moral must be 1 to 200 characters.")
        }
    }

    func run() throws {
        let check = try Engine.check()
        if theme == "list" {
            for pack in check.library.themes { Console.out("\(pack.id)\t\(pack.description)") }
            return
        }
        let store = try options.openStore()
        let profile = try options.resolveProfile(in: store)
        if writer == "llm" { try Engine.checkModelServer(store: store) }
        let briefs = try makeBriefs(store: store, profile: profile, check: check)
        var jobs = try store.queueJobs(briefs.map { StoryJob(profileId: profile.id!, brief: $0) })
        Logs.logger.info("queued \(jobs.count) jobs")
        if wait {
            jobs = try WaitForJobs(store: store, jobs: jobs, quiet: json).run()
        }
        let listings = try jobs.map { try JobListing($0, in: store) }
        if json {
            try Console.printJSON(listings)
        } else if !wait {
            for job in listings {
                Console.out("queued job \(job.id) (\(job.uuid.prefix(8))): \(job.theme), seed \(job.seed)")
            }
            Console.out("Run them with 'forktale jobs run', or open Forktale; watch them with 'forktale jobs watch'.")
        }
        if jobs.contains(where: { $0.status != .completed && $0.status != .queued }) { throw ExitCode(1) }
    }

    private func makeBriefs(store: AppDatabase, profile: Profile, check: BriefCheck) throws -> [StoryJob.Brief] {
        var themeId = theme
        var templateRecord: StoryTemplate?
        if let template {
            guard let found = try store.template(id: template) else {
                throw CLIError.usage("There is no story template \(template).")
            }
            templateRecord = found
            themeId = check.library.theme(for: found)
        }
        if let themeId, check.library.theme(themeId) == nil {
            throw CLIError.usage("There is no theme \"\(themeId)\". Themes: \(check.library.themeIds.joined(separator: ", ")).")
        }
        var heroRecord: Hero?
        if let hero {
            guard let match = try store.findHero(hero, profileId: profile.id!), match.isActive else {
                let names = try store.heroes(profileId: profile.id!).map(\.name)
                throw CLIError.usage("There is no hero named \"\(hero)\"" + (names.isEmpty ? "; this profile has no heroes yet." : ". Heroes: \(names.joined(separator: ", "))."))
            }
            heroRecord = match
        }
        let first = seed ?? UInt64.random(in: 1...999_999_999)
        return try (0..<UInt64(count)).map { offset in
            let brief = StoryJob.Brief(
                theme: themeId, heroId: heroRecord?.id, templateId: templateRecord?.id, ageRange: age, length: length,
                moral: moral?.trimmingWhitespace(), seed: first &+ offset, writer: writer)
            do {
                // Settle the theme now, so the job says which one it is.
                var settled = brief
                settled.theme = try check.theme(for: brief).id
                _ = try check.check(settled, hero: heroRecord, template: templateRecord)
                return settled
            } catch let problem as BriefCheck.Problem {
                throw CLIError.usage(problem.description)
            }
        }
    }
}

/// Runs queued jobs in this process with a progress display, and stops cleanly on Ctrl-C.
struct WaitForJobs {
    let store: AppDatabase
    let jobs: [StoryJob]
    /// No progress and no summary lines (the caller prints JSON).
    let quiet: Bool

    func run() throws -> [StoryJob] {
        let ids = jobs.map { $0.id! }
        let display = ProgressDisplay(total: ids.count, enabled: !quiet)
        let runner = try Engine.runner(store: store, events: { event in display.show(event) })
        // Ctrl-C, kill and a closed terminal all stop the same way: the jobs are cancelled,
        // so that 'jobs retry' resumes them, and nothing is left running.
        let stops = Signals.handle([SIGINT, SIGTERM, SIGHUP]) { number in
            for id in ids { _ = try? runner.cancel(jobId: id) }
            runner.stop(release: false)
            display.finish()
            let unfinished = ids.compactMap { try? store.job(id: $0) }.filter { $0.status == .cancelled }.map { String($0.id!) }
            if !unfinished.isEmpty {
                Console.error("Stopped. Resume with: forktale jobs retry \(unfinished.joined(separator: " "))")
            }
            Foundation.exit(number == SIGINT ? 1 : 128 + number)
        }
        runner.start(.untilEmpty, only: ids)
        runner.waitUntilIdle()
        stops.forEach { $0.cancel() }
        display.finish()
        let finished = try ids.compactMap { try store.job(id: $0) }
        for job in finished {
            let title = try job.storyId.flatMap { try store.story(id: $0) }?.title ?? ""
            switch job.status {
            case .completed:
                if !quiet { Console.out("story \(job.storyId!) written: \(title) (job \(job.id!), seed \(job.brief.seed))") }
            case .failed:
                Console.error("job \(job.id!) failed: \(job.error ?? "unknown error")"
                    + (job.canResume ? " Try it again with 'forktale jobs retry \(job.id!)'." : ""))
            default: Console.error("job \(job.id!) is \(job.status.rawValue)")
            }
        }
        return finished
    }
}

/// Progress for people, on standard error so that standard output stays clean for
/// scripts: a bar redrawn in place on a terminal, a line a second otherwise.
final class ProgressDisplay: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let enabled: Bool
    private let terminal = isatty(STDERR_FILENO) == 1
    private var pages: [Int64: (done: Int, total: Int)] = [:]
    private var written = 0
    private var failed = 0
    private var lastPlain = Date.distantPast
    private var drawn = false

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func show(_ event: JobRunner.Event) {
        guard enabled else { return }
        lock.withLock {
            var always = false
            switch event {
            case .claimed(let job): pages[job.id!] = (job.nodesDone, max(job.nodesTotal, 1))
            case .progress(let id, let done, let total): pages[id] = (done, total)
            case .ended(let id, let status, _):
                if status == .completed {
                    written += 1
                    pages[id].map { pages[id] = ($0.total, $0.total) }
                } else {
                    failed += 1
                }
                always = true
            case .heldElsewhere, .claimFailed:
                if let note = event.note { say(note) }
                return
            case .idle: return
            }
            draw(always: always)
        }
    }

    /// Redraws the bar; plain lines come at most once a second, and when a story ends.
    private func draw(always: Bool) {
        let done = pages.values.reduce(0) { $0 + $1.done }
        let all = max(1, pages.values.reduce(0) { $0 + $1.total })
        let text = "\(written)/\(total) stories, \(done)/\(all) pages" + (failed > 0 ? ", \(failed) not written" : "")
        if terminal {
            let width = 24
            let filled = min(width, width * done / all)
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            write("\r\u{1B}[2K\(bar) \(text)")
            drawn = true
        } else if always || (done > 0 && Date().timeIntervalSince(lastPlain) >= 1) {
            write("progress: \(text)\n")
            lastPlain = Date()
        }
    }

    func finish() {
        lock.withLock {
            if drawn { write("\r\u{1B}[2K") }
            drawn = false
        }
    }

    /// A line of its own, above the bar (which the next event draws again).
    private func say(_ note: String) {
        if drawn { write("\r\u{1B}[2K") }
        drawn = false
        write(TerminalText.safe(note) + "\n")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
