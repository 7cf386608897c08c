import ArgumentParser
import Foundation
import StoryCore
import StoryEngine
import StoryStore

/// Checks the database and the terminal, and says what to do about each problem.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the database and the terminal.",
        discussion: "Exits 0 when the database is healthy, 1 with a 'do this' line for each problem.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let store = try options.openStore()
        let path = store.path!
        let health = try store.health()
        let counts = try store.counts()
        let fileMode = Self.mode(of: path)
        let folderMode = Self.mode(of: (path as NSString).deletingLastPathComponent)
        let terminal = TerminalFacts.current()
        var problems: [(String, String)] = []

        let integrity = health.integrity == ["ok"] ? "ok" : health.integrity.prefix(5).joined(separator: "; ")
        if integrity != "ok" {
            problems.append(("the integrity check failed: \(integrity)",
                             "copy the file aside, then restore a backup or run 'sqlite3 \(path) .recover'"))
        }
        if health.foreignKeyProblems > 0 {
            problems.append(("\(health.foreignKeyProblems) rows point at rows that are gone",
                             "run 'sqlite3 \(path) \"PRAGMA foreign_key_check\"' to see them"))
        }
        if health.journalMode != "wal" {
            problems.append(("the journal mode is \(health.journalMode), not wal",
                             "close every Forktale and run 'sqlite3 \(path) \"PRAGMA journal_mode=WAL\"'"))
        }
        if let fileMode, fileMode & 0o077 != 0 {
            problems.append(("the database is readable by others (mode \(String(fileMode, radix: 8)))", "chmod 600 \(path)"))
        }
        if counts.profiles == 0 {
            problems.append(("the database has no profile", "run 'forktale profiles add NAME'"))
        }

        let rows: [(String, String)] = [
            ("Forktale", Forktale.version),
            ("Database", path),
            ("Schema", "version \(health.schemaVersion) (migrations: \(health.migrations.joined(separator: ", ")))"),
            ("SQLite", health.sqliteVersion),
            ("Journal mode", health.journalMode),
            ("Integrity", integrity),
            ("File mode", "\(fileMode.map { String($0, radix: 8) } ?? "?") (folder \(folderMode.map { String($0, radix: 8) } ?? "?"))"),
            ("Contents", [(counts.profiles, "profile", "profiles"), (counts.stories, "story", "stories"),
                          (counts.nodes, "passage", "passages"), (counts.heroes, "hero", "heroes"),
                          (counts.jobs, "job", "jobs")]
                .map { count, one, many in "\(count) \(count == 1 ? one : many)" }.joined(separator: ", ")),
            ("Terminal", terminal.summary),
            ("Model server", Self.modelServer(&problems)),
            ("Log file", Logs.file ?? "none (the state folder is not writable)"),
        ]
        for (label, value) in rows {
            Console.out("\(TerminalText.pad(label, toWidth: 14))\(value)")
        }
        Console.out("")
        // Terminal facts are advice, not failures: doctor also runs from scripts and pipes.
        for note in terminal.notes { Console.out("note: \(note)") }
        if problems.isEmpty {
            Console.out("Healthy.")
            return
        }
        for (problem, fix) in problems {
            Console.out("problem: \(problem)\n  do this: \(fix)")
        }
        throw ExitCode(1)
    }

    /// The model server's state in one line, with a problem for each thing to fix.
    static func modelServer(_ problems: inout [(String, String)]) -> String {
        let settings: LLMSettings?
        do {
            settings = try LLMSettings.load()
        } catch {
            problems.append(("the config file cannot be read: \(error)", "fix that line, or remove the [writer.llm] table"))
            return "config file broken"
        }
        guard let settings else { return "none (the embedded writer works offline; the README says how to add one)" }
        let outcome = Result<LLMWriter.Probe, any Error>.waiting {
            try await LLMWriter(settings: settings, apiKey: try settings.apiKey()).probe()
        }
        let place = "\(settings.model) at \(settings.baseURL.absoluteString)"
        switch outcome {
        case .success(let probe):
            if !probe.models.isEmpty, !probe.models.contains(settings.model) {
                problems.append(("the server does not list the model \(settings.model) (it lists \(probe.models.prefix(5).joined(separator: ", ")))",
                                 "set model in [writer.llm] or FORKTALE_LLM_MODEL to one it lists"))
            }
            return "\(place): answered in \(probe.latencyMs) ms"
        case .failure(let error):
            problems.append(("the model server did not work: \(error)", "check that it runs at \(settings.baseURL.absoluteString) and the key"))
            return "\(place): not working"
        }
    }

    static func mode(of path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_mode & 0o777) : nil
    }
}

/// What the interface will find: TERM, colours, size and whether the locale is UTF-8.
struct TerminalFacts {
    var term: String?
    var colors: String
    var size: (columns: Int, rows: Int)?
    var utf8: Bool
    var noColor: Bool

    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalFacts {
        let term = environment["TERM"]
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        let colors: String
        if noColor { colors = "none (NO_COLOR)" }
        else if term == nil || term == "dumb" { colors = "none" }
        else if ["truecolor", "24bit"].contains(environment["COLORTERM"] ?? "") { colors = "16 million" }
        else if term!.contains("256color") { colors = "256" }
        else { colors = "8" }
        setlocale(LC_CTYPE, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        return TerminalFacts(term: term, colors: colors, size: windowSize(), utf8: codeset == "UTF-8", noColor: noColor)
    }

    /// The size of whichever standard stream is a terminal.
    static func windowSize() -> (columns: Int, rows: Int)? {
        for fd in [STDOUT_FILENO, STDIN_FILENO, STDERR_FILENO] {
            var size = winsize()
            if isatty(fd) == 1, ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
                return (Int(size.ws_col), Int(size.ws_row))
            }
        }
        return nil
    }

    var summary: String {
        let sizeText = size.map { "\($0.columns)x\($0.rows)" } ?? "not a terminal"
        return "TERM=\(term ?? "(unset)"), colours \(colors), size \(sizeText), UTF-8 locale \(utf8 ? "yes" : "no")"
    }

    var notes: [String] {
        var notes: [String] = []
        if !utf8 { notes.append("the locale is not UTF-8, so wide characters will not show: set LANG=C.UTF-8") }
        if term == nil || term == "dumb" {
            notes.append("TERM is \(term ?? "unset"): the interface cannot draw here; run forktale in a terminal emulator (TERM=xterm-256color)")
        }
        if let size, size.columns < 40 || size.rows < 12 {
            notes.append("the terminal is \(size.columns)x\(size.rows): stories read best at 60x20 or more")
        }
        return notes
    }
}
