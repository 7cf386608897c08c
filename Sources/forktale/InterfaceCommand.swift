import Foundation
import ForktaleApp
import StoryEngine
import StoryStore
import TerminalCurses

/// `forktale` with no command: the full-screen interface, with a job runner that writes
/// queued stories (and the pages a reader is waiting for) in the background.
enum InterfaceCommand {
    static func run(_ options: GlobalOptions) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError.usage("The interface needs a terminal: to read in a pipe or a script, use 'forktale play ID --plain'.")
        }
        let store = try options.openStore()
        let profile = try options.resolveProfile(in: store)
        let terminal = try CursesTerminal()
        CursesTerminal.restoreOnCrash()
        defer { terminal.end() }
        let interface = Interface(terminal: terminal, store: store, profileId: profile.id!)
        signal(SIGTERM, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let sources = [SIGTERM, SIGHUP, SIGINT].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { interface.stop() }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        // The engine reads its theme packs while the first frame is drawn, not before.
        let engine = EngineStart()
        DispatchQueue.global().async {
            guard let runner = try? Engine.runner(store: store) else { return }
            runner.start(.follow)
            interface.attach(runner)
            engine.set(runner)
        }
        defer { engine.runner?.stop(release: true) }
        try interface.run()
    }
}

/// The runner made in the background, for stopping it on the way out.
private final class EngineStart: @unchecked Sendable {
    private let lock = NSLock()
    private var value: JobRunner?
    func set(_ runner: JobRunner) { lock.withLock { value = runner } }
    var runner: JobRunner? { lock.withLock { value } }
}
