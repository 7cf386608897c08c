import Foundation
import StoryCore
import StoryStore
#if canImport(Glibc)
import Glibc
#endif

/// `ui.startup`: from starting `forktale` on a pseudo-terminal to its first Library frame
/// with 1,000 stories (the table's header drawn), against a Foundation hello-world started
/// the same way; and the interface's resident memory once that frame is up.
struct InterfaceStartupScenario: Scenario {
    let name = "ui.startup"

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let stories = quick ? 100 : 1_000
        let rounds = quick ? 2 : 7
        let path = workspace.file("startup.sqlite")
        let store = try AppDatabase.openFile(at: path)
        try store.prepareFirstRun(samples: [])
        let profile = try store.defaultProfile()!.id!
        for index in 0..<stories {
            let story = SyntheticStory(passages: 10, profileId: profile, title: "Story \(index)")
            try store.insertStory(story.story, nodes: story.nodes, choices: story.choices)
        }
        let folder = Bundle.main.executableURL!.deletingLastPathComponent()
        // `forktale` with no arguments, as a person starts it, on the database the
        // environment names.
        let environment = ["TERM=xterm-256color", "HOME=\(workspace.folder.path)", "LANG=C.UTF-8",
                           "XDG_STATE_HOME=\(workspace.folder.path)/state", "FORKTALE_DB=\(path)"]
        var best = (app: Double.infinity, hello: Double.infinity)
        var memory = 0
        for _ in 0..<rounds {
            let app = try PseudoTerminalRun(
                program: folder.appendingPathComponent("forktale").path, arguments: [], environment: environment,
                until: "ENDINGS")
            best.app = min(best.app, app.seconds)
            memory = max(memory, app.residentKB)
            let hello = try PseudoTerminalRun(
                program: folder.appendingPathComponent("forktale-hello").path, arguments: [], environment: environment,
                until: "Hello, world")
            best.hello = min(best.hello, hello.seconds)
        }
        return [
            Measurement(scenario: name, metric: "first_frame_ms", value: best.app * 1000, unit: "ms", baseline: best.hello * 1000),
            Measurement(scenario: name, metric: "resident_mb", value: Double(memory) / 1024, unit: "MB"),
            Measurement(scenario: name, metric: "stories", value: Double(stories), unit: "stories"),
        ]
    }
}

/// Starts a program on a new pseudo-terminal (100x30), reads its output until `until`
/// appears, notes the time and its resident memory, and stops it.
struct PseudoTerminalRun {
    var seconds: Double
    var residentKB: Int

    init(program: String, arguments: [String], environment: [String], until marker: String, timeout: Double = 10) throws {
        // posix_openpt and its friends are not in Swift's Glibc module: the same by hand,
        // with Linux's ioctl numbers (TIOCSPTLCK unlocks, TIOCGPTN names the other side).
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
            throw BenchError.failed("ui.startup: no pseudo-terminal")
        }
        defer { close(master) }
        let slavePath = "/dev/pts/\(number)"
        var size = winsize(ws_row: 30, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in 0...2 {
            posix_spawn_file_actions_addopen(&actions, Int32(descriptor), slavePath, O_RDWR, 0)
        }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, program, &actions, nil, argv, envp) == 0 else {
            throw BenchError.failed("ui.startup: cannot start \(program)")
        }
        var output = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var found: UInt64?
        let deadline = start + UInt64(timeout * 1e9)
        let needle = Array(marker.utf8)
        while found == nil, DispatchTime.now().uptimeNanoseconds < deadline {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }
            output += buffer[0..<count]
            if output.count >= needle.count,
               (0...(output.count - needle.count)).contains(where: { output[$0..<($0 + needle.count)].elementsEqual(needle) }) {
                found = DispatchTime.now().uptimeNanoseconds
            }
        }
        residentKB = Self.resident(pid)
        kill(pid, SIGTERM)
        var status: Int32 = 0
        // Drain what it writes while leaving, so it never blocks on a full terminal.
        while waitpid(pid, &status, WNOHANG) == 0 {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 50) > 0 { _ = read(master, &buffer, buffer.count) }
        }
        guard let found else { throw BenchError.failed("ui.startup: \"\(marker)\" never appeared from \(program)") }
        seconds = Double(found - start) / 1e9
    }

    static func resident(_ pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}
