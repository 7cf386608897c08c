import Foundation
import ForktaleApp
import StoryEngine
import StoryStore
import TerminalCurses

/// `forktale` with no command: the full-screen interface, with a job runner that writes
/// queued stories (and the pages a reader is waiting for) in the background.
enum InterfaceCommand {
    static func run(_ options: StoreOptions) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError.usage("The interface needs a terminal: to read in a pipe or a script, use 'forktale play ID --plain'.")
        }
        let store = try options.openStore()
        let profile = try options.resolveProfile(in: store)
        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal()
        } catch let error as CursesError {
            throw CLIError.usage(error.description)
        }
        CursesTerminal.restoreOnCrash()
        defer { terminal.end() }
        let interface = Interface(terminal: terminal, store: store, profileId: profile.id!)
        let sources = Signals.handle([SIGTERM, SIGHUP, SIGINT]) { _ in interface.stop() }
        defer { sources.forEach { $0.cancel() } }
        // The engine reads its theme packs once the library is on screen, not before.
        let engine = EngineStart()
        defer { engine.end() }
        try interface.run(whenShown: {
            guard let runner = try? Engine.runner(store: store), engine.start(runner) else { return }
            interface.attach(runner)
        })
    }
}

/// The runner made in the background. One made after the interface ended is never started,
/// so no job is claimed by a process on its way out.
private final class EngineStart: @unchecked Sendable {
    private let lock = NSLock()
    private var runner: JobRunner?
    private var ended = false

    /// Starts `runner` unless the interface has ended; says whether it did.
    func start(_ runner: JobRunner) -> Bool {
        lock.withLock {
            guard !ended else { return false }
            runner.start(.follow)
            self.runner = runner
            return true
        }
    }

    /// Stops the runner, handing its jobs back to the queue.
    func end() {
        let runner = lock.withLock {
            ended = true
            return self.runner
        }
        runner?.stop(release: true)
    }
}
