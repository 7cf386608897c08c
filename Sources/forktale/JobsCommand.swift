import ArgumentParser
import Foundation
import StoryCore
import StoryEngine
import StoryStore

struct JobsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "See, run, cancel and retry the jobs that write stories.",
        subcommands: [List.self, Show.self, Watch.self, Cancel.self, Retry.self, Run.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the profile's jobs, newest first.")

        @OptionGroup var options: GlobalOptions
        @Flag(help: "Print one JSON array.") var json = false

        func run() throws {
            let store = try options.openStore()
            let profile = try options.resolveProfile(in: store)
            let summaries = try store.jobSummaries(profileId: profile.id!)
            if json { return try Console.printJSON(summaries.map { JobListing($0) }) }
            guard !summaries.isEmpty else {
                Console.out("No jobs yet. Write a story with 'forktale generate --wait'.")
                return
            }
            Console.out(JobListing.table(summaries))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a job: its stages, attempts and errors.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The job's id, or the start of its uuid.") var job: String
        @Flag(help: "Print one JSON object.") var json = false

        func run() throws {
            let store = try options.openStore()
            let job = try JobReference(self.job).resolve(in: store)
            let attempts = try store.attempts(jobId: job.id!)
            let flags = try store.contentFlags(jobId: job.id!)
            let listing = try JobListing(job, in: store)
            if json { return try Console.printJSON(JobDetail(job: listing, attempts: attempts.map(AttemptListing.init))) }
            var lines: [ConsoleText] = [
                Console.bold("Job \(job.id!): \(job.status.rawValue)") + (listing.title.map { " · \($0)" } ?? ""),
                "  uuid \(job.uuid)",
                "  brief: theme \(listing.theme), ages \(job.brief.ageRange.rawValue), \(job.brief.length.rawValue), seed \(job.brief.seed), writer \(job.brief.writer)"
                    + (job.brief.moral.map { ", moral \"\($0)\"" } ?? ""),
                "  stage: \(job.currentStage?.rawValue ?? "-"); done: \(job.completedStages.map(\.rawValue).joined(separator: ", ").ifEmpty("-"))",
                "  pages: \(job.nodesDone) of \(job.nodesTotal) (\(Int(job.progress * 100))%)" + (job.storyId.map { "; story \($0)" } ?? ""),
                "  queued \(Self.time(job.createdAt))" + (job.startedAt.map { "; started \(Self.time($0))" } ?? "")
                    + (job.completedAt.map { "; ended \(Self.time($0))" } ?? ""),
                "  tokens \(job.tokensIn) in, \(job.tokensOut) out; cost $\(String(format: "%.4f", job.costUsd)); retries \(job.retryCount)",
            ]
            if let worker = job.worker { lines.append("  worker \(worker)") }
            if let error = job.error { lines.append("  error: \(error)") }
            lines.append("  attempts (\(attempts.count)):")
            // Pages by their place in the story (the plan's order); the prompts and answers are in --json.
            let pageNumbers = try job.storyId.map { storyId in
                Dictionary(uniqueKeysWithValues: try store.jobNodes(storyId: storyId).enumerated().map { ($1.id, $0 + 1) })
            } ?? [:]
            for attempt in attempts.suffix(40) {
                let call = attempt.nodeId.map { pageNumbers[$0].map { "page \($0)" } ?? "page" } ?? "title"
                var line: ConsoleText = "    \(attempt.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))"
                line += " \(call) try \(attempt.attemptNumber) · \(attempt.writer)/\(attempt.model) · \(attempt.latencyMs.map { "\($0) ms" } ?? "-")"
                if attempt.tokensIn + attempt.tokensOut > 0 {
                    line += " · \(attempt.tokensIn)+\(attempt.tokensOut) tokens\(attempt.tokensEstimated ? " (estimated)" : "")"
                        + " $\(String(format: "%.4f", attempt.costUsd))"
                }
                if let error = attempt.error { line += " · \(error)" }
                lines.append(line)
            }
            if attempts.count > 40 { lines.append("    (the \(attempts.count - 40) earlier attempts: --json)") }
            if !flags.isEmpty {
                lines.append("  content flags (\(flags.count)):")
                for flag in flags.prefix(20) {
                    lines.append("    \(flag.flagType.rawValue) \(flag.severity.rawValue), \(flag.actionTaken.rawValue): \(TerminalText.truncate(flag.originalText, toWidth: 60))")
                }
            }
            Console.out(lines.joined(separator: "\n"))
        }

        static func time(_ date: Date) -> String {
            String(Timestamp.string(from: date).prefix(19)).replacingOccurrences(of: "T", with: " ")
        }
    }

    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow the jobs live until none is queued or running.",
            discussion: "Sees jobs run by this or any other Forktale process on the same database.")

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let store = try options.openStore()
            let profile = try options.resolveProfile(in: store)
            let changed = DispatchSemaphore(value: 0)
            let watch = try store.watch(pollInterval: 0.25, minimumGap: 0.1) { changed.signal() }
            defer { watch.stop() }
            var last: ConsoleText = ""
            while true {
                let active = try store.jobSummaries(profileId: profile.id!, statuses: [.queued, .running])
                let text: ConsoleText = active.isEmpty ? "" : JobListing.table(active)
                if text != last {
                    if Console.isTerminal { Console.out("\u{1B}[H\u{1B}[2J", terminator: "") }
                    Console.out(text.isEmpty ? "No job is queued or running." : text)
                    if !Console.isTerminal { Console.out("") }
                    fflush(nil)
                    last = text
                }
                if active.isEmpty { return }
                _ = changed.wait(timeout: .now() + 1)
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a queued or running job; what is written stays readable.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The job's id, or the start of its uuid.") var job: String

        func run() throws {
            let store = try options.openStore()
            let job = try JobReference(self.job).resolve(in: store)
            if let refusal = job.status.cannotCancel("Job \(job.id!)") { throw CLIError.failure(refusal) }
            _ = try store.cancelJob(id: job.id!)
            Console.out("Cancelled job \(job.id!). Resume it with 'forktale jobs retry \(job.id!)'.")
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue a failed or cancelled job again; it resumes where it stopped.")

        @OptionGroup var options: GlobalOptions
        @Argument(help: "The job's id, or the start of its uuid.") var job: String

        func run() throws {
            let store = try options.openStore()
            let job = try JobReference(self.job).resolve(in: store)
            // A running job whose process has ended is queued again too (`retryJob`).
            let now = try store.retryJob(id: job.id!)
            guard job.status != .queued, now?.status == .queued else {
                throw CLIError.failure((now ?? job).status.cannotRetry("Job \(job.id!)") ?? "Job \(job.id!) is queued already.")
            }
            Console.out(job.status == .running
                ? "Job \(job.id!)'s process had ended; it is queued again. Run it with 'forktale jobs run'."
                : "Queued job \(job.id!) again. Run it with 'forktale jobs run'.")
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work as a job runner: write queued and abandoned jobs until none is left.",
            discussion: "Ctrl-C stops and gives unfinished jobs back to the queue.")

        @OptionGroup var options: GlobalOptions
        @Flag(help: "Keep running and pick up new jobs as they are queued.") var follow = false
        @Option(help: "Writer calls at once (default: the number of cores).") var workers: Int?
        @Option(help: ArgumentHelp("Claim a running job whose process has been silent this long.", valueName: "seconds"))
        var reclaimAfter: Double = 15

        func validate() throws {
            if let workers, !(1...64).contains(workers) { throw ValidationError("--workers must be 1 to 64.") }
            if !(0.1...3600).contains(reclaimAfter) { throw ValidationError("--reclaim-after must be 0.1 to 3600 seconds.") }
        }

        func run() throws {
            let store = try options.openStore()
            var runnerOptions = JobRunner.Options()
            if let workers { runnerOptions.workers = workers }
            runnerOptions.staleAfter = reclaimAfter
            let failed = Counter()
            let runner = try Engine.runner(store: store, options: runnerOptions) { event in
                switch event {
                case .ended(let id, let status, let error):
                    if status == .failed { failed.add() }
                    let story = (try? store.job(id: id))?.storyId.map { " (story \($0))" } ?? ""
                    Console.out("job \(id): \(status.rawValue)\(story)" + (error.map { ": \($0)" } ?? ""))
                case .claimFailed(_, retryIn: nil):
                    failed.add()
                    Console.error(event.note ?? "")
                case .heldElsewhere, .claimFailed:
                    Console.out(ConsoleText(event.note ?? ""))
                case .claimed, .progress, .idle:
                    return
                }
                fflush(nil)
            }
            let stop = DispatchSemaphore(value: 0)
            let sources = Signals.handle([SIGINT, SIGTERM, SIGHUP]) { _ in stop.signal() }
            defer { sources.forEach { $0.cancel() } }
            runner.start(follow ? .follow : .untilEmpty)
            DispatchQueue.global().async {
                runner.waitUntilIdle()
                stop.signal()
            }
            stop.wait()
            runner.stop(release: true)
            if failed.value > 0 { throw ExitCode(1) }
        }
    }
}

/// A job named on the command line: its id, or the start of its uuid.
struct JobReference {
    var text: String

    init(_ text: String) { self.text = text }

    func resolve(in store: AppDatabase) throws -> StoryJob {
        try Reference(text, kind: "job", list: "forktale jobs list")
            .resolve(byId: store.job(id:), byUUIDPrefix: store.jobs(uuidPrefix:))
    }
}

/// A job as `--json` and the tables show it.
struct JobListing: Encodable {
    var id: Int64
    var uuid: String
    var status: String
    var stage: String?
    var theme: String
    var seed: UInt64
    var ageRange: String
    var length: String
    var nodesDone: Int
    var nodesTotal: Int
    var progress: Double
    var storyId: Int64?
    var title: String?
    var attempts: Int
    var retries: Int
    var tokensIn: Int
    var tokensOut: Int
    var costUsd: Double
    var error: String?
    var createdAt: Date
    var startedAt: Date?
    var completedAt: Date?

    init(_ summary: JobSummary) {
        let job = summary.job
        id = job.id!
        uuid = job.uuid
        status = job.status.rawValue
        stage = job.currentStage?.rawValue
        theme = job.brief.theme ?? "-"
        seed = job.brief.seed
        ageRange = job.brief.ageRange.rawValue
        length = job.brief.length.rawValue
        nodesDone = job.nodesDone
        nodesTotal = job.nodesTotal
        progress = job.progress
        storyId = job.storyId
        title = summary.storyTitle
        attempts = summary.attempts
        retries = summary.retries
        tokensIn = job.tokensIn
        tokensOut = job.tokensOut
        costUsd = job.costUsd
        error = job.error
        createdAt = job.createdAt
        startedAt = job.startedAt
        completedAt = job.completedAt
    }

    init(_ job: StoryJob, in store: AppDatabase) throws {
        guard let summary = try store.jobSummary(id: job.id!) else {
            throw CLIError.failure("Job \(job.id!) disappeared while it was being read: try again.")
        }
        self.init(summary)
    }

    static func table(_ summaries: [JobSummary]) -> ConsoleText {
        Console.table(
            header: ["ID", "STATUS", "STAGE", "PAGES", "PROGRESS", "TRIES", "THEME", "STORY", "ELAPSED"],
            rows: summaries.map { summary in
                let job = summary.job
                let end = job.completedAt ?? Date()
                let elapsed = job.startedAt.map { String(format: "%.1f s", end.timeIntervalSince($0)) } ?? "-"
                return [
                    String(job.id!), job.status.rawValue, job.currentStage?.rawValue ?? "-", "\(job.nodesDone)/\(job.nodesTotal)",
                    Self.bar(job.progress), "\(summary.attempts)" + (summary.retries > 0 ? " (\(summary.retries) failed)" : ""),
                    job.brief.theme ?? "-", summary.storyTitle ?? "-", elapsed,
                ]
            },
            flexible: 7)
    }

    static func bar(_ progress: Double, width: Int = 10) -> String {
        let filled = Int((progress * Double(width)).rounded(.down))
        return String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + String(format: " %3d%%", Int(progress * 100))
    }
}

struct AttemptListing: Encodable {
    var generationId: String
    var attemptNumber: Int
    var nodeId: Int64?
    var writer: String
    var model: String
    var status: String
    var error: String?
    var tokensIn: Int
    var tokensOut: Int
    var latencyMs: Int?
    var prompt: String
    var response: String?

    init(_ attempt: GenerationAttempt) {
        generationId = attempt.generationId
        attemptNumber = attempt.attemptNumber
        nodeId = attempt.nodeId
        writer = attempt.writer
        model = attempt.model
        status = attempt.status.rawValue
        error = attempt.error
        tokensIn = attempt.tokensIn
        tokensOut = attempt.tokensOut
        latencyMs = attempt.latencyMs
        prompt = attempt.prompt
        response = attempt.response
    }
}

struct JobDetail: Encodable {
    var job: JobListing
    var attempts: [AttemptListing]
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

extension String {
    func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}

extension JobRunner.Event {
    /// What a person is told about a job held elsewhere or a queue that cannot be read.
    var note: String? {
        switch self {
        case .heldElsewhere(let id, let worker, takenOverIn: nil):
            "job \(id) is being written by another Forktale (\(worker)); 'forktale jobs watch' follows it."
        case .heldElsewhere(let id, let worker, takenOverIn: 0):
            "job \(id)'s runner (\(worker)) has ended: taking it over."
        case .heldElsewhere(let id, let worker, takenOverIn: let wait?):
            "waiting for job \(id): its runner (\(worker)) cannot be seen from here; it is taken over if silent \(Int(wait.rounded(.up))) s more."
        case .claimFailed(let error, retryIn: nil):
            "gave up reading the queue: \(error)"
        case .claimFailed(let error, retryIn: .some):
            "could not read the queue (\(error)); trying again."
        default:
            nil
        }
    }
}
