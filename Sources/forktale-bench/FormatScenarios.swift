import Foundation
import ForktaleApp
import StoryCore
import StoryFormats
import StoryStore

/// A Twee 3 file of `count` passages of about 80 words with 2 or 3 links each.
func syntheticTwee(passages count: Int) -> String {
    let words = ["lantern", "river", "quiet", "stone", "meadow", "bright", "whisper", "map", "little", "owl", "path",
                 "gentle", "tower", "moon", "garden", "door", "warm", "shadow", "friend", "bridge"]
    var out = ":: StoryTitle\nGenerated\n\n:: StoryData\n{\"ifid\": \"0C9A3F59-7B1E-4D2A-9E55-4A1B2C3D4E5F\", \"start\": \"P0\"}\n"
    for index in 0..<count {
        out += "\n:: P\(index)\n"
        var sentence: [String] = []
        for word in 0..<80 { sentence.append(words[(index * 31 + word * 7) % words.count]) }
        out += sentence.joined(separator: " ") + ".\n\n"
        let links = 2 + index % 2
        for link in 0..<links {
            let target = (index * 2 + link + 1) % count
            out += "[[Go to the \(words[(index + link) % words.count])->P\(target)]]\n"
        }
    }
    return out
}

/// `formats.import.twee`: parse a 10,000-passage Twee file and store it, against raw sqlite3
/// inserting the same rows with the same schema in the same run (target: at most 1.5 times
/// as long); parsing alone is given in MB/s (target: at least 100).
struct TweeImportScenario: Scenario {
    let name = "formats.import.twee"

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let data = Data(syntheticTwee(passages: quick ? 1_000 : 10_000).utf8)
        let rounds = quick ? 2 : 5
        var best = (all: Double.infinity, parse: Double.infinity, store: Double.infinity, raw: Double.infinity)
        var rows = 0
        for round in 0..<rounds {
            best.parse = min(best.parse, try seconds { _ = try Importer.read(data, file: "g.twee", profileId: 1) })
            let parsed = try Importer.read(data, file: "g.twee", profileId: 1).draft
            rows = 1 + parsed.nodes.count + parsed.choices.count

            best.raw = min(best.raw, try rawInsertSeconds(
                SyntheticStory(story: parsed.story, nodes: parsed.nodes, choices: parsed.choices), workspace: workspace, round: round))

            let storePath = workspace.file("store-\(round).sqlite")
            try AppDatabase.openFile(at: storePath).prepareFirstRun(samples: [])
            let store = try AppDatabase.openFile(at: storePath)
            best.store = min(best.store, try seconds { try store.insertStory(parsed.story, nodes: parsed.nodes, choices: parsed.choices) })
            workspace.removeDatabase(storePath)

            let allPath = workspace.file("all-\(round).sqlite")
            try AppDatabase.openFile(at: allPath).prepareFirstRun(samples: [])
            let target = try AppDatabase.openFile(at: allPath)
            best.all = min(best.all, try seconds {
                let draft = try Importer.read(data, file: "g.twee", profileId: 1).draft
                try target.insertStory(draft.story, nodes: draft.nodes, choices: draft.choices)
            })
            workspace.removeDatabase(allPath)
        }
        let megabytes = Double(data.count) / 1_048_576
        return [
            Measurement(scenario: name, metric: "import_ms", value: best.all * 1000, unit: "ms", baseline: best.raw * 1000),
            Measurement(scenario: name, metric: "parse_mb_per_s", value: megabytes / best.parse, unit: "MB/s"),
            Measurement(scenario: name, metric: "parse_ms", value: best.parse * 1000, unit: "ms"),
            Measurement(scenario: name, metric: "store_ms", value: best.store * 1000, unit: "ms"),
            Measurement(scenario: name, metric: "parse_share", value: best.parse / best.all, unit: "fraction"),
            Measurement(scenario: name, metric: "rows", value: Double(rows), unit: "rows"),
            Measurement(scenario: name, metric: "megabytes", value: megabytes, unit: "MB"),
        ]
    }
}

/// `formats.export.twee`: write the same story as Twee 3.
struct TweeExportScenario: Scenario {
    let name = "formats.export.twee"

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let data = Data(syntheticTwee(passages: quick ? 1_000 : 10_000).utf8)
        let path = workspace.file("export.sqlite")
        let store = try AppDatabase.openFile(at: path)
        try store.prepareFirstRun(samples: [])
        let draft = try Importer.read(data, file: "g.twee", profileId: try store.defaultProfile()!.id!).draft
        let id = try store.insertStory(draft.story, nodes: draft.nodes, choices: draft.choices).id!
        var best = (load: Double.infinity, write: Double.infinity)
        var size = 0
        for _ in 0..<(quick ? 2 : 5) {
            var content: StoryContent?
            best.load = min(best.load, try seconds { content = try store.storyContent(id: id) })
            best.write = min(best.write, seconds { size = Exporter.export(content!, as: .twee).count })
        }
        return [
            Measurement(scenario: name, metric: "export_ms", value: (best.load + best.write) * 1000, unit: "ms"),
            Measurement(scenario: name, metric: "load_ms", value: best.load * 1000, unit: "ms"),
            Measurement(scenario: name, metric: "write_ms", value: best.write * 1000, unit: "ms"),
            Measurement(scenario: name, metric: "megabytes", value: Double(size) / 1_048_576, unit: "MB"),
        ]
    }
}

/// `formats.runtime.page`: a Harlowe page with 50 conditions over 20 variables, run with
/// its state as the Player would on entering it, against importing the same story the
/// stateless way (the import's flattening of every passage).
struct RuntimePageScenario: Scenario {
    let name = "formats.runtime.page"

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let startup = (0..<20).map { "(set: $v\($0) to \($0))" }.joined(separator: "\n")
        let page = (0..<50).map { index in
            "(if: $v\(index % 20) > \(index % 7) and $v\((index + 3) % 20) is not 4)[Line \(index) says $v\((index + 5) % 20).]"
                + "(else:)[Line \(index) is quiet.]"
        }.joined(separator: "\n") + "\n[[On->Page]]"
        let twee = ":: StoryData\n{\"format\": \"Harlowe\", \"start\": \"Page\"}\n\n:: Init [startup]\n\(startup)\n\n:: Page\n\(page)\n"
        let runtime = try TwineRuntime(twee: twee)
        let start = runtime.runner.begin(at: "Page", seed: 1)
        guard start.text.contains("Line 49"), start.choices.count == 1 else { throw BenchError.failed("formats.runtime.page: the page did not run") }
        let rounds = quick ? 200 : 2_000
        var runs: [Double] = []
        var flats: [Double] = []
        let data = Data(twee.utf8)
        for _ in 0..<rounds {
            runs.append(seconds { _ = runtime.runner.enter("Page", from: start.entry) })
            flats.append(try seconds { _ = try Importer.read(data, file: "page.twee", profileId: 1) })
        }
        runs.sort()
        flats.sort()
        return [
            Measurement(scenario: name, metric: "page_ms", value: runs[runs.count / 2] * 1000, unit: "ms",
                        baseline: flats[flats.count / 2] * 1000),
            Measurement(scenario: name, metric: "page_p99_ms", value: runs[runs.count * 99 / 100] * 1000, unit: "ms"),
        ]
    }
}

/// A Twee story of `count` short passages in a line, each one link on (the shape of the
/// stories that found the import's limits: a passage costs the same whatever its length).
func corridorTwee(passages count: Int) -> String {
    var out = ":: StoryTitle\nCorridor\n\n"
    out.reserveCapacity(count * 40)
    for index in 0..<count {
        out += ":: P\(index)\nRoom \(index) is quiet.\n"
        out += index < count - 1 ? "[[On->P\(index + 1)]]\n\n" : "\n"
    }
    return out
}

/// `formats.import.scale`: stories of 1,000 to 1,000,000 passages, each imported by the
/// `forktale` binary in a process of its own (import time, peak memory), then opened the
/// way the Player opens a story (time to its first page). Growth should be linear.
struct ImportScaleScenario: Scenario {
    let name = "formats.import.scale"
    var onlyWhenNamed: Bool { true }

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000]
        let forktale = Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("forktale")
        var measurements: [Measurement] = []
        // The program's own memory, from the smallest story: what is left is the import's.
        var own: Double?
        var table = ["passages      MB   import s   peak MB   import MB per file MB   first page ms"]
        for count in sizes {
            let file = workspace.file("corridor-\(count).twee")
            let text = corridorTwee(passages: count)
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
            let database = workspace.file("corridor-\(count).sqlite")
            _ = try AppDatabase.openFile(at: database).prepareFirstRun(samples: [])
            var peak = 0.0
            let importTime = try seconds { peak = try peakOfChild(forktale, ["import", file, "--db", database]) }
            let store = try AppDatabase.openFile(at: database)
            let profile = try store.defaultProfile()!.id!
            let id = try store.storySummaries(profileId: profile).first { $0.story.title == "Corridor" }!.story.id!
            var opened: Message?
            let firstPage = try seconds { opened = try Interface.run(.openStory(id), store: store, profileId: profile) }
            guard case .storyLoaded = opened else { throw BenchError.failed("\(name): the story of \(count) did not open") }
            let megabytes = Double(text.utf8.count) / 1_048_576
            measurements += [
                Measurement(scenario: name, metric: "import_s_\(count)", value: importTime, unit: "s"),
                Measurement(scenario: name, metric: "peak_mb_\(count)", value: peak / 1_048_576, unit: "MB"),
                Measurement(scenario: name, metric: "first_page_ms_\(count)", value: firstPage * 1000, unit: "ms"),
            ]
            let growth = own.map { (peak - $0) / 1_048_576 / megabytes }
            own = own ?? peak
            let growthText = growth.map { String(format: "%.1f", $0) } ?? "-"
            table.append(String(format: "%8d  %6.1f  %9.2f  %8.0f  ", count, megabytes, importTime, peak / 1_048_576)
                + String(repeating: " ", count: max(0, 22 - growthText.count)) + growthText
                + String(format: "  %14.1f", firstPage * 1000))
            workspace.removeDatabase(database)
            try? FileManager.default.removeItem(atPath: file)
        }
        workspace.report(table.joined(separator: "\n"))
        return measurements
    }

    /// Runs the program to its end (its output to /dev/null) and returns its own peak
    /// resident memory in bytes: the last high-water mark (VmHWM) read while it runs.
    /// (`wait4`'s figure is no good here: a child spawned from this large process counts
    /// this process's memory until it execs.)
    private func peakOfChild(_ program: URL, _ arguments: [String]) throws -> Double {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var peak = 0.0
        while process.isRunning {
            let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
            if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) {
                peak = max(peak, kilobytes * 1024)
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError.failed("\(name): forktale \(arguments.joined(separator: " ")) failed") }
        return peak
    }
}
