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

    /// The writer a brief names. Only the embedded writer exists so far.
    static func writer(for brief: StoryJob.Brief, library: ThemeLibrary) throws -> any StoryWriter {
        guard brief.writer == "embedded" else {
            throw WriterError.fatal("The writer \"\(brief.writer)\" is not available: queue the story with the embedded writer.")
        }
        return EmbeddedWriter(library: library)
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
        return JobRunner(database: store, check: check, options: options, makeWriter: { brief in
            try writer(for: brief, library: check.library)
        }, events: events)
    }
}
