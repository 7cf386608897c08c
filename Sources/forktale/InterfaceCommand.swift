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
        let runner = try Engine.runner(store: store)
        let terminal = try CursesTerminal()
        CursesTerminal.restoreOnCrash()
        defer { terminal.end() }
        let interface = Interface(terminal: terminal, store: store, profileId: profile.id!, runner: runner)
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
        runner.start(.follow)
        defer { runner.stop(release: true) }
        try interface.run()
    }
}
