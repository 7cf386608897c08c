import Foundation
import StoryCore
import StoryEngine
import StoryStore

/// Builds the generation engine for commands: the shipped theme packs and safety lists,
/// the writers, and a job runner on the opened store.
enum Engine {
    static func check() throws -> BriefCheck {
        do {
            return try BriefCheck.bundled()
        } catch {
            throw CLIError.failure("The embedded writer's files are damaged (\(error)): reinstall Forktale.")
        }
    }

    /// The model server's settings, or nil when none is configured; a broken config file
    /// is one line of usage error.
    static func modelServer() throws -> LLMSettings? {
        do {
            return try LLMSettings.load()
        } catch let error as ConfigError {
            throw CLIError.usage(error.description)
        }
    }

    /// Before queueing for the model server: one must be configured, and this month's
    /// spending must be under its budget.
    static func checkModelServer(store: AppDatabase) throws {
        guard let settings = try modelServer() else {
            throw CLIError.usage(
                "No model server is configured: set FORKTALE_LLM_URL and FORKTALE_LLM_MODEL, or add [writer.llm] to \(LLMSettings.configFile(environment: ProcessInfo.processInfo.environment)) (see the README).")
        }
        if let refusal = try settings.budgetRefusal(in: store) { throw CLIError.failure(refusal) }
    }

    /// The writer a brief names: the embedded one, or the model server (one writer for the
    /// whole runner, so its requests share one connection pool).
    static func writer(for brief: StoryJob.Brief, library: ThemeLibrary, llm: LLMWriter?) throws -> any StoryWriter {
        switch brief.writer {
        case "embedded":
            return EmbeddedWriter(library: library)
        case "llm":
            guard let llm else { throw WriterError.fatal("No model server is configured: set FORKTALE_LLM_URL and FORKTALE_LLM_MODEL, then retry the job.") }
            return llm
        default:
            throw WriterError.fatal("The writer \"\(brief.writer)\" is not available: queue the story with the embedded writer.")
        }
    }

    static func runner(
        store: AppDatabase, options: JobRunner.Options = JobRunner.Options(),
        events: (@Sendable (JobRunner.Event) -> Void)? = nil
    ) throws -> JobRunner {
        let check = try check()
        var options = options
        if let delay = ProcessInfo.processInfo.environment["FORKTALE_TEST_WRITER_DELAY_MS"].flatMap(Double.init) {
            options.workers = min(options.workers, 2)
            return JobRunner(database: store, check: check, options: options, makeWriter: { _ in
                PacedWriter(inner: EmbeddedWriter(library: check.library), delay: delay / 1000)
            }, events: events)
        }
        let settings = try modelServer()
        let llm = try settings.map { LLMWriter(settings: $0, apiKey: try $0.apiKey()) }
        if let settings {
            options.workers = max(options.workers, settings.parallelRequests)
            options.maxAttempts = settings.retries
            options.callTimeout = max(options.callTimeout, settings.requestTimeout + 5)
        }
        return JobRunner(database: store, check: check, options: options, makeWriter: { brief in
            try writer(for: brief, library: check.library, llm: llm)
        }, events: events)
    }
}
