import ArgumentParser
import Foundation

/// `forktale-bench`: named scenarios, each measured against a baseline in the same run
/// where one exists. Build with `-c release`; debug figures mean nothing.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forktale-bench",
        abstract: "Run Forktale's benchmark scenarios.",
        discussion: """
            Scenarios: \(Bench.scenarios.map(\.name).joined(separator: ", ")). All but \
            \(Bench.scenarios.filter(\.onlyWhenNamed).map(\.name).joined(separator: ", ")) run by default.
            --json prints one array of {scenario, metric, value, unit, baseline, ratio}; ratio is
            value / baseline of the same metric, so for rates higher is better.
            """)

    static let scenarios: [any Scenario] = [
        StoreInsertScenario(), StoreOpenScenario(), TweeImportScenario(), ImportScaleScenario(), TweeExportScenario(), RuntimePageScenario(),
        EngineGenerateScenario(), EngineFirstNodeScenario(), WriterQualityScenario(), InterfaceRenderScenario(),
        InterfaceStartupScenario(),
        InterfaceLatencyScenario(), LLMOverheadScenario(), LLMParallelScenario(),
    ]

    @Argument(help: "Scenarios to run (default: all).") var names: [String] = []
    @Flag(help: "Print one JSON array instead of a table.") var json = false
    @Flag(help: "Smaller inputs and fewer rounds, to check that the scenarios run.") var quick = false

    func validate() throws {
        let known = Set(Self.scenarios.map(\.name))
        if let unknown = names.first(where: { !known.contains($0) }) {
            throw ValidationError("Unknown scenario '\(unknown)': choose from \(known.sorted().joined(separator: ", ")).")
        }
    }

    func run() throws {
        let chosen = names.isEmpty ? Self.scenarios.filter { !$0.onlyWhenNamed } : Self.scenarios.filter { names.contains($0.name) }
        var results: [Measurement] = []
        for scenario in chosen {
            let workspace = try Workspace(reportsToStandardError: json)
            defer { workspace.remove() }
            results += try scenario.run(quick: quick, in: workspace)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        } else {
            print(Measurement.table(results))
        }
    }
}

/// One benchmark: builds its inputs in a scratch folder and returns what it measured.
protocol Scenario: Sendable {
    var name: String { get }
    /// Left out of a run of all scenarios (minutes long, or needing a helper).
    var onlyWhenNamed: Bool { get }
    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement]
}

extension Scenario {
    var onlyWhenNamed: Bool { false }
}

/// One figure, with the baseline measured in the same run when there is one.
struct Measurement: Codable, Equatable {
    var scenario: String
    var metric: String
    var value: Double
    var unit: String
    var baseline: Double?
    var ratio: Double?

    init(scenario: String, metric: String, value: Double, unit: String, baseline: Double? = nil) {
        self.scenario = scenario
        self.metric = metric
        self.value = value
        self.unit = unit
        self.baseline = baseline
        self.ratio = baseline.map { value / $0 }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(metric, forKey: .metric)
        try container.encode(value, forKey: .value)
        try container.encode(unit, forKey: .unit)
        try container.encode(baseline, forKey: .baseline)  // null rather than absent
        try container.encode(ratio, forKey: .ratio)
    }

    static func table(_ results: [Measurement]) -> String {
        let header = ["scenario", "metric", "value", "unit", "baseline", "ratio"]
        let rows = results.map { result in
            [result.scenario, result.metric, format(result.value), result.unit,
             result.baseline.map(format) ?? "-", result.ratio.map { String(format: "%.2f", $0) } ?? "-"]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
        return ([header] + rows).map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        value >= 100 ? String(format: "%.0f", value) : String(format: "%.3f", value)
    }
}

/// A scratch folder removed when the scenario ends.
struct Workspace {
    let folder: URL
    /// With --json, standard output holds the JSON alone, and reports go to standard error.
    let reportsToStandardError: Bool

    init(reportsToStandardError: Bool = false) throws {
        self.reportsToStandardError = reportsToStandardError
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("forktale-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// What a scenario has to say beyond its figures, such as a table of its own.
    func report(_ text: String) {
        if reportsToStandardError {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        } else {
            print(text)
        }
    }

    /// Removes a database file with its -wal and -shm companions.
    func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// Wall-clock seconds of `body`, from a monotonic clock.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
