import Foundation
import GRDB
import TestSupport
import Testing

/// Drives the real binary in tmux as a person would: keys in, the screen read back,
/// waiting for what should appear with a deadline (never a fixed sleep).
struct Tmux {
    let session = "forktale-\(UUID().uuidString.prefix(8))"
    /// The socket of this instance's own tmux server.
    var socket: String { FileManager.default.temporaryDirectory.appendingPathComponent("\(session).tmux").path }

    struct Failure: Error, CustomStringConvertible {
        let arguments: [String], status: Int32, message: String
        var description: String { "tmux \(arguments.joined(separator: " ")) exited with \(status): \(message)" }
    }

    /// Runs tmux with posix_spawn and waitpid, its output in a file. (Foundation's
    /// `Process` did not notice a tmux client exit when that client had just started the
    /// tmux server, and the test hung.) Each `Tmux` has a server of its own (`-S`): with
    /// one shared server, killing the last session stops it, and a session started by
    /// another test at that moment was lost with it.
    @discardableResult
    func run(_ arguments: [String], capture: Bool = true) throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        let output = base + ".out", errors = base + ".err"
        defer { [output, errors].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture ? output : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // tmux starts with the signals the test runner's threads block unblocked again:
        // a server that inherited them could not stop itself on kill-server.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = (["tmux", "-S", socket] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/usr/bin/tmux", &actions, &attributes, argv, environ) == 0 else {
            throw CocoaError(.executableLoad)
        }
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        guard status == 0 else {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw Failure(arguments: arguments, status: status, message: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return capture ? ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "") : ""
    }

    func start(_ command: String, width: Int = 100, height: Int = 30) throws {
        try run(["-u", "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command], capture: false)
    }

    /// Starts `forktale` on the CLI fixture's database, with `settings` (such as
    /// `TERM=xterm`) and `more` variables, then `after` in the pane's shell. `clean`
    /// starts from an empty environment, so the test runner's own (NO_COLOR) stays out.
    func startForktale(
        _ cli: CLI, settings: String = "TERM=xterm-256color", more: [String: String] = [:], clean: Bool = false,
        after: String = "echo EXITED $?; sleep 60", width: Int = 100
    ) throws {
        let binary = CLI.products.appendingPathComponent("forktale").path
        let environment = cli.environment.merging(more) { $1 }.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        try start("env \(clean ? "-i " : "")\(environment) \(settings) \(binary); \(after)", width: width)
    }

    func keys(_ keys: String...) throws { try run(["send-keys", "-t", session] + keys, capture: false) }
    /// The screen as text; with `styles`, with the colours and attributes as SGR sequences.
    func screen(styles: Bool = false) throws -> String {
        try run(["capture-pane", "-t", session, "-p"] + (styles ? ["-e"] : []))
    }
    func resize(_ width: Int, _ height: Int) throws {
        try run(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"], capture: false)
    }
    func kill() {
        _ = try? run(["kill-server"], capture: false)
        try? FileManager.default.removeItem(atPath: socket)
    }

    /// The process the pane's shell started (the program under test).
    func programID() throws -> pid_t? {
        let shell = try run(["display-message", "-p", "-t", session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        return children?.split(separator: " ").first.flatMap { pid_t($0) }
    }

    /// Waits until the screen contains `text`; returns the screen (or fails the test).
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            usleep(20_000)
        }
        Issue.record("\"\(text)\" never appeared; the screen was:\n\(last)")
        return last
    }
}

@Suite("the interface in tmux", .serialized)
struct InterfaceTests {
    @Test("a new user opens the library, plays to an ending, uses the map and help, resizes and quits")
    func firstRun() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.startForktale(cli)
        try tmux.waitFor("Forktale · Library")
        try tmux.waitFor("ENDINGS")
        // tmux sends Home and End as sequences TERM=xterm-256color does not list, and Alt-j
        // as ESC j: none of them is Esc, which would leave the library.
        try tmux.keys("End", "M-j", "Home")
        try tmux.keys("Enter")
        try tmux.waitFor("Step 1")
        var screen = ""
        for _ in 0..<20 {
            try tmux.keys("1")
            screen = try tmux.screen()
            if screen.contains("The End") { break }
            usleep(50_000)
        }
        screen = try tmux.waitFor("The End")
        #expect(screen.contains("Endings found: 1 of"))
        try tmux.keys("b")
        try tmux.waitFor("1. ")
        try tmux.keys("m")
        try tmux.waitFor("you are here")
        try tmux.keys("?")
        try tmux.waitFor("Keys here:")
        try tmux.keys("q")
        try tmux.waitFor("you are here")
        for (width, height) in [(40, 10), (20, 5), (1, 1), (120, 40), (100, 30)] {
            try tmux.resize(width, height)
            if width >= 30 && height >= 8 { try tmux.waitFor("Forktale") } else if width >= 20 { try tmux.waitFor("larger") }
        }
        try tmux.keys("q")
        try tmux.waitFor("Step")
        try tmux.keys("q")
        try tmux.waitFor("Library")
        try tmux.keys("q")
        let after = try tmux.waitFor("EXITED 0")
        #expect(!after.contains("Forktale · Library"), "the interface's screen is gone: the shell is back")
    }

    @Test("a story queued from another terminal is written while the interface is open, and fills in as it is read")
    func liveFill() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.startForktale(cli, more: ["FORKTALE_TEST_WRITER_DELAY_MS": "300"])
        try tmux.waitFor("ENDINGS")
        let queued = try cli.run(["generate", "--theme", "space", "--seed", "7", "--length", "short"])
        #expect(queued.status == 0)
        // The interface's own runner takes the job; the library shows it being written.
        try tmux.waitFor("writing")
        try tmux.keys("g", "Enter")
        try tmux.waitFor("Step 1")
        // Whether the opening was ready or not, its choices arrive without a key press.
        try tmux.waitFor("1. ")
        try tmux.keys("1")
        try tmux.waitFor("Step 2")
        // A page of the story's middle may have one way on: its choice arrives too.
        try tmux.waitFor("1. ", timeout: 15)
        try tmux.keys("q", "q")
        try tmux.waitFor("EXITED 0")
    }

    @Test("a Harlowe story plays with its state in the Player: the key unlocks the door, and back is exact")
    func statefulStory() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let path = try Corpus.url("twee/brisberg__twine-games__cellar-crawl_combined.twee").path
        #expect(try cli.run(["import", path]).status == 0)
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.startForktale(cli)
        try tmux.waitFor("Cellar Crawl")
        try tmux.keys("Enter")  // the newest story is first
        let start = try tmux.waitFor("There is a door with a small, iron lock.")
        #expect(!start.contains("Escape") && start.contains("1. door"))
        try tmux.keys("1")
        try tmux.waitFor("You unlock the door with the Rusty Key.")
        try tmux.keys("1")
        try tmux.waitFor("You stand in a musky Storeroom.")
        try tmux.keys("b")
        let back = try tmux.waitFor("You unlock the door with the Rusty Key.")
        #expect(back.contains("iron lock"), "back is the page with the door unlocked, as it was")
        try tmux.keys("q", "q")
        try tmux.waitFor("EXITED 0")
    }

    @Test("a hero created in the wizard by keys is in the gallery, with a portrait")
    func heroWizard() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let tmux = Tmux()
        defer { tmux.kill() }
        // A clean environment, so the portrait is in colour even when the runner sets NO_COLOR.
        try tmux.startForktale(cli, clean: true)
        try tmux.waitFor("ENDINGS")
        try tmux.keys("h")
        try tmux.waitFor("No heroes yet")
        try tmux.keys("n")
        try tmux.waitFor("Step 1 of 5")
        try tmux.keys("Enter")
        try tmux.waitFor("Name must not be empty")
        try tmux.keys("-l", "Nia")
        try tmux.keys("Tab", "Right", "Right", "Enter")  // pronouns: she
        try tmux.waitFor("Step 2 of 5")
        try tmux.keys("c", "Tab", "l", "Tab")  // curious, loyal
        try tmux.keys("-l", "sings to the stars")
        try tmux.keys("Enter")
        try tmux.waitFor("Step 3 of 5")
        try tmux.keys("Enter")
        try tmux.waitFor("Step 4 of 5")
        try tmux.keys("Tab", "Tab", "Space", "Enter")  // features: glasses
        try tmux.waitFor("Enter creates Nia")
        try tmux.keys("Enter")
        let page = try tmux.waitFor("Welcome Nia!")
        #expect(page.contains("Nia · she · curious, loyal") && page.contains("★ main"))
        #expect(page.contains("▀▀▀▀▀▀▀▀"), "no portrait on the page:\n\(page)")
        try tmux.keys("q")
        let gallery = try tmux.waitFor("│ Nia ")
        #expect(gallery.contains("curious · loyal") && gallery.contains("0 stories"))
        let listed = try cli.json(cli.run(["heroes", "list", "--json"]).stdout)
        #expect(listed.first?["name"] as? String == "Nia" && listed.first?["special_ability"] as? String == "sing to the stars")
        #expect((listed.first?["look"] as? [String: Any])?["distinctive_features"] as? [String] == ["glasses"])
        try tmux.keys("q", "q")
        try tmux.waitFor("EXITED 0")
    }

    @Test("the jobs dashboard shows jobs queued by another process, live; cancel, retry, and quitting leaves a job to resume")
    func jobsDashboard() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.startForktale(cli, more: ["FORKTALE_TEST_WRITER_DELAY_MS": "300"], width: 120)
        try tmux.waitFor("ENDINGS")
        try tmux.keys("J")
        try tmux.waitFor("No jobs yet")
        // Three stories asked for in another terminal appear, are written here, and finish.
        #expect(try cli.run(["generate", "--count", "3", "--length", "short", "--seed", "5"]).status == 0)
        try tmux.waitFor("running", timeout: 5)
        try tmux.waitFor("3 completed", timeout: 30)

        // A long one: cancelled by keys while it runs, then retried.
        #expect(try cli.run(["generate", "--length", "long", "--seed", "9"]).status == 0)
        try tmux.waitFor("1 running", timeout: 5)
        try tmux.keys("g", "c")
        try tmux.waitFor("Cancel job 4?")
        try tmux.keys("y")
        try tmux.waitFor("1 cancelled")
        try tmux.keys("r")
        try tmux.waitFor("1 running")

        // Quitting while it runs asks; leaving hands the job back for later.
        try tmux.keys("q", "q")
        try tmux.waitFor("Quit while writing?")
        try tmux.keys("l")
        try tmux.waitFor("EXITED 0")
        let left = try #require(try cli.json(cli.run(["jobs", "list", "--json"]).stdout).first { $0["id"] as? Int == 4 })
        #expect(left["status"] as? String == "queued", "the job is left for later: \(left)")
        #expect(try cli.run(["jobs", "run"]).status == 0)
        let resumed = try #require(try cli.json(cli.run(["jobs", "list", "--json"]).stdout).first { $0["id"] as? Int == 4 })
        #expect(resumed["status"] as? String == "completed")
    }

    @Test("256 colours, 8 colours, or none with NO_COLOR: the title bar and selection stay reversed")
    func colourDepths() throws {
        let cli = try CLI()
        defer { cli.remove() }
        for (settings, expected) in [("TERM=xterm-256color", 256), ("TERM=xterm", 8), ("TERM=xterm-256color NO_COLOR=1", 0)] {
            let tmux = Tmux()
            defer { tmux.kill() }
            // A clean environment: the test runner's own (NO_COLOR, for one) must not leak in.
            try tmux.startForktale(cli, settings: settings, clean: true, after: "sleep 60")
            try tmux.waitFor("ENDINGS")
            let styled = try tmux.screen(styles: true)
            let extended = styled.contains("38;5;") || styled.contains("48;5;")
            let basic = styled.range(of: "\u{1B}\\[[34][0-7]m", options: .regularExpression) != nil
            switch expected {
            case 256: #expect(extended, "\(settings): no 256-colour codes")
            case 8: #expect(!extended && basic, "\(settings): not the 8 basic colours")
            default: #expect(!extended && !basic, "\(settings): colours despite NO_COLOR")
            }
            // Bold and reverse carry the meaning at every depth: the title bar, the selection.
            let title = styled.split(separator: "\n").first ?? ""
            #expect(title.hasPrefix("\u{1B}[1;7m") && title.contains("Forktale"), "\(settings): the title bar is not reversed")
            #expect(styled.contains("\u{1B}[7m   The"), "\(settings): the selected story is not reversed")
        }
    }

    @Test("the shell gets its terminal back after SIGTERM, SIGHUP or SIGINT from outside, and after a crash")
    func terminalRestored() throws {
        let cli = try CLI()
        defer { cli.remove() }
        // After the program, the shell prints its exit code and whether the line discipline
        // is back to canonical mode with echo (the interface turns both off).
        let modes = "stty -a | tr ' ' '\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '"
        for (name, number, status) in [("SIGTERM", SIGTERM, 0), ("SIGHUP", SIGHUP, 0), ("SIGINT", SIGINT, 0), ("a crash", SIGSEGV, 128 + SIGSEGV)] {
            let tmux = Tmux()
            defer { tmux.kill() }
            try tmux.startForktale(cli, after: "echo EXITED $? MODES $(\(modes)); sleep 60")
            try tmux.waitFor("ENDINGS")
            let program = try #require(try tmux.programID(), "\(name): no program in the pane")
            #expect(Glibc.kill(program, number) == 0)
            let screen = try tmux.waitFor("EXITED \(status) MODES icanon echo")
            #expect(!screen.contains("Forktale · Library"), "\(name): the interface's screen is still shown")
            if number == SIGSEGV { #expect(screen.contains("stopped unexpectedly; the terminal is restored")) }
        }
    }

    @Test("a closed terminal ends the interface at once, and the job it was writing goes back to the queue")
    func closedTerminal() throws {
        let cli = try CLI()
        defer { cli.remove() }
        #expect(try cli.run(["generate", "--seed", "3", "--length", "long"]).status == 0)
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.startForktale(cli, more: ["FORKTALE_TEST_WRITER_DELAY_MS": "300"])
        try tmux.waitFor("ENDINGS")
        let program = try #require(try tmux.programID())
        let deadline = Date().addingTimeInterval(20)
        var worker: String?
        while Date() < deadline, worker == nil {
            worker = try DatabaseQueue(path: cli.database).read { db in
                try String.fetchOne(db, sql: "SELECT worker FROM story_jobs WHERE status = 'running'")
            }
            usleep(20_000)
        }
        #expect(worker?.hasSuffix("+") == true, "the interface's runner holds its lock")
        _ = try? tmux.run(["kill-session", "-t", tmux.session], capture: false)
        let closed = Date()
        while Date().timeIntervalSince(closed) < 10, let status = try? String(contentsOfFile: "/proc/\(program)/status", encoding: .utf8),
              !status.contains("State:\tZ") {
            usleep(5_000)
        }
        let ended = Date().timeIntervalSince(closed)
        #expect(ended < 2, "the interface lived \(ended) s after its terminal closed")
        let status = try DatabaseQueue(path: cli.database).read { db in try String.fetchOne(db, sql: "SELECT status FROM story_jobs") }
        #expect(status == "queued" || status == "completed", "\(status ?? "-")")
    }

    @Test("a story of more than 5,000 pages opens at once, its map is drawn in the background, and Ctrl-C quits at once")
    func largeStory() throws {
        let cli = try CLI()
        defer { cli.remove() }
        var twee = ":: StoryTitle\nLong Corridor\n\n"
        for index in 0..<6_000 { twee += ":: P\(index)\nRoom \(index) is quiet.\n" + (index < 5_999 ? "[[On->P\(index + 1)]]\n\n" : "\n") }
        let file = cli.home + "/corridor.twee"
        try Data(twee.utf8).write(to: URL(fileURLWithPath: file))
        #expect(try cli.run(["import", file]).status == 0)
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.startForktale(cli)
        try tmux.waitFor("Long Corridor")
        try tmux.keys("/")
        try tmux.keys("-l", "Long Corridor")
        try tmux.keys("Enter", "Enter")
        try tmux.waitFor("Room 0 is quiet.")
        for step in 1...5 {
            try tmux.keys("1")
            try tmux.waitFor("Room \(step) is quiet.")
        }
        try tmux.keys("m")
        try tmux.waitFor("you are here")
        try tmux.keys("G")
        try tmux.waitFor("P5999")
        let program = try #require(try tmux.programID())
        try tmux.keys("C-c")
        let screen = try tmux.waitFor("EXITED 0", timeout: 5)
        #expect(!screen.contains("Forktale · Map"))
        #expect(kill(program, 0) != 0 || (try? String(contentsOfFile: "/proc/\(program)/status", encoding: .utf8))?.contains("State:\tZ") == true)
    }

    @Test("a terminal that cannot move the cursor, or that the system does not know, is refused with a way out")
    func unusableTerminals() throws {
        let cli = try CLI()
        defer { cli.remove() }
        for (term, message) in [("dumb", "cannot move the cursor"), ("no-such-terminal", "no terminal this system knows")] {
            let tmux = Tmux()
            defer { tmux.kill() }
            try tmux.startForktale(cli, settings: "TERM=\(term)")
            let screen = try tmux.waitFor("EXITED 2")
            #expect(screen.contains(message), "TERM=\(term): \(screen)")
            #expect(screen.contains("play ID --plain"))
        }
    }

    @Test("without a terminal the interface points to play --plain")
    func notATerminal() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let result = try cli.run([])
        #expect(result.status == 2)
        #expect(result.stderr.contains("play ID --plain"))
    }
}
