import Foundation
import Testing

@Suite("forktale-bench")
struct BenchTests {
    @Test("--json prints one array of {scenario, metric, value, unit, baseline, ratio}")
    func json() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let result = try cli.run(["--quick", "--json"], program: "forktale-bench")
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try cli.json(result.stdout)
        #expect(Set(rows.compactMap { $0["scenario"] as? String }) == ["store.insert", "store.open", "formats.import.twee", "formats.export.twee", "formats.runtime.page", "engine.generate", "engine.first-node", "writer.quality", "ui.render", "ui.startup", "ui.latency", "engine.llm.overhead"],
                "every scenario but engine.llm.parallel, which runs only when named")
        for row in rows {
            #expect(Set(row.keys) == ["scenario", "metric", "value", "unit", "baseline", "ratio"])
            #expect((row["value"] as? Double ?? 0) > 0)
        }
        let insert = try #require(rows.first { $0["scenario"] as? String == "store.insert" && $0["metric"] as? String == "rows_per_s" })
        let value = try #require(insert["value"] as? Double), baseline = try #require(insert["baseline"] as? Double)
        #expect(abs((insert["ratio"] as? Double ?? 0) - value / baseline) < 1e-9)
    }

    @Test("an unknown scenario is bad usage")
    func unknown() throws {
        let cli = try CLI()
        defer { cli.remove() }
        let result = try cli.run(["store.nope"], program: "forktale-bench")
        #expect(result.status != 0)
        #expect(result.stderr.contains("Unknown scenario 'store.nope'"))
    }
}
