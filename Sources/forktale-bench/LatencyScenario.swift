import Foundation
import ForktaleApp
import StoryCore
import StoryEngine
import StoryStore
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// `ui.latency`: from a key press to the finished frame that shows it, p50 and p99, in the
/// Library of 100 stories while eight jobs are being written (the embedded writer at a
/// model server's pace, 20 ms a page), against the same measure with no jobs. The real
/// main loop runs with a terminal that takes keys through a pipe, as a terminal would.
struct InterfaceLatencyScenario: Scenario {
    let name = "ui.latency"

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let samples = quick ? 40 : 400
        let idle = try measure(jobs: 0, samples: samples, path: workspace.file("latency-idle.sqlite"), workspace: workspace)
        let busy = try measure(jobs: 8, samples: samples, path: workspace.file("latency-busy.sqlite"), workspace: workspace)
        return [
            Measurement(scenario: name, metric: "p50_ms", value: busy.p50, unit: "ms", baseline: idle.p50),
            Measurement(scenario: name, metric: "p99_ms", value: busy.p99, unit: "ms", baseline: idle.p99),
            Measurement(scenario: name, metric: "fewest_running_jobs", value: Double(busy.running), unit: "jobs"),
            Measurement(scenario: name, metric: "keys", value: Double(samples), unit: "keys"),
        ]
    }

    private func measure(jobs: Int, samples: Int, path: String, workspace: Workspace) throws -> (p50: Double, p99: Double, running: Int) {
        workspace.removeDatabase(path)
        let store = try AppDatabase.openFile(at: path)
        try store.prepareFirstRun(samples: [])
        let profile = try store.defaultProfile()!.id!
        for index in 0..<100 {
            let story = SyntheticStory(passages: 10, profileId: profile, title: "Story \(index)")
            try store.insertStory(story.story, nodes: story.nodes, choices: story.choices)
        }
        var runner: JobRunner?
        if jobs > 0 {
            // Ten times as many as run at once (about 2,500 pages, six seconds of writing),
            // so that eight run for the whole measure.
            _ = try store.queueJobs((0..<jobs * 10).map { index in
                StoryJob(profileId: profile, brief: StoryJob.Brief(theme: "space", length: .long, seed: UInt64(index + 1)))
            })
            let check = try BriefCheck.bundled()
            let writer = PacedWriter(inner: EmbeddedWriter(library: check.library), delay: 0.02)
            var options = JobRunner.Options()
            options.workers = jobs
            runner = JobRunner(database: store, check: check, options: options, makeWriter: { _ in writer })
            runner!.start(.follow)
        }
        let terminal = try ScriptedTerminal(size: Size(width: 100, height: 30))
        let interface = Interface(terminal: terminal, store: store, profileId: profile, runner: runner)
        let loop = Thread { try? interface.run() }
        loop.start()
        defer {
            interface.stop()
            while !loop.isFinished { usleep(1_000) }
            runner?.stop(release: true)
        }
        guard terminal.waitForScreen(containing: "Story 99", timeout: 10) else { throw BenchError.failed("ui.latency: the library never showed") }
        var running = 0
        if jobs > 0 {
            // Measure once the runner has its jobs going.
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                running = try store.jobSummaries(statuses: [.running]).count
                if running >= jobs { break }
                usleep(20_000)
            }
        }
        var latencies: [Double] = []
        for index in 0..<samples {
            guard let latency = terminal.press(index % 2 == 0 ? .down : .up, timeout: 2) else {
                throw BenchError.failed("ui.latency: no frame after a key")
            }
            latencies.append(latency * 1000)
            // The fewest jobs seen running during the measure.
            if jobs > 0, index % 50 == 49 { running = min(running, try store.jobSummaries(statuses: [.running]).count) }
            usleep(8_000)
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        return (percentile(0.5), percentile(0.99), running)
    }
}

/// A terminal whose keys come through a pipe (so the main loop's `poll` wakes as it would
/// for a real one), and which notes when the frame after each key is presented.
private final class ScriptedTerminal: Terminal, @unchecked Sendable {
    let size: Size
    let colors = ColorDepth.full
    private let lock = NSCondition()
    private var keys: [Key] = []
    private var pipeEnds: [Int32] = [-1, -1]
    /// When the key being measured was read by the loop, and the latency once its frame is up.
    private var pressedAt: UInt64?
    private var read = false
    private var latency: Double?
    private var lastScreen: Screen?

    init(size: Size) throws {
        self.size = size
        guard pipe(&pipeEnds) == 0 else { throw BenchError.failed("ui.latency: no pipe") }
        _ = fcntl(pipeEnds[0], F_SETFL, O_NONBLOCK)
    }

    deinit {
        close(pipeEnds[0])
        close(pipeEnds[1])
    }

    var inputDescriptors: [Int32] { [pipeEnds[0]] }

    func readKey() -> Key? {
        var byte: UInt8 = 0
        _ = Glibc.read(pipeEnds[0], &byte, 1)
        return lock.withLock {
            guard !keys.isEmpty else { return nil }
            if pressedAt != nil { read = true }
            return keys.removeFirst()
        }
    }

    func present(_ screen: Screen) {
        lock.withLock {
            lastScreen = screen
            if read, let pressedAt {
                latency = Double(DispatchTime.now().uptimeNanoseconds - pressedAt) / 1e9
                self.pressedAt = nil
                read = false
            }
            lock.broadcast()
        }
    }

    /// Presses `key` and returns the seconds until the frame after it was presented.
    func press(_ key: Key, timeout: TimeInterval) -> Double? {
        lock.withLock {
            keys.append(key)
            latency = nil
            read = false
            pressedAt = DispatchTime.now().uptimeNanoseconds
        }
        var byte: UInt8 = 1
        _ = Glibc.write(pipeEnds[1], &byte, 1)
        let deadline = Date().addingTimeInterval(timeout)
        return lock.withLock {
            while latency == nil, lock.wait(until: deadline) {}
            return latency
        }
    }

    func waitForScreen(containing text: String, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        return lock.withLock {
            while !(lastScreen?.text.contains(text) ?? false) {
                guard lock.wait(until: deadline) else { return lastScreen?.text.contains(text) ?? false }
            }
            return true
        }
    }
}
