import Foundation
import TestSupport
import Testing

/// Runs the built `forktale` (or `forktale-bench`) executable the way a person or a script
/// would, in a scratch home so nothing touches the real library.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    let home: String
    let database: String

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("forktale-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        database = home + "/library.sqlite"
    }

    /// How many stories the sample library ships (every file in data/).
    static var sampleCount: Int {
        let data = Corpus.packageRoot.appendingPathComponent("data")
        return ((try? FileManager.default.contentsOfDirectory(atPath: data.path)) ?? []).filter { $0.hasSuffix(".json") || $0.hasSuffix(".twee") }.count
    }

    /// The folder holding the built executables (next to the test bundle).
    static var products: URL {
        var url = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("forktale").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url
    }

    var environment: [String: String] {
        [
            "HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_DATA_HOME": home + "/data",
            "FORKTALE_DB": database, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
        ]
    }

    /// Starts the executable (in the scratch home, so relative paths land there); `wait()`
    /// the returned process to read its result.
    func start(_ arguments: [String], program: String = "forktale", environment extra: [String: String] = [:],
               input: String? = nil) throws -> Running {
        let process = Process()
        // A built product by name, or any program by its path.
        process.executableURL = program.hasPrefix("/") ? URL(fileURLWithPath: program) : Self.products.appendingPathComponent(program)
        process.arguments = arguments
        process.environment = environment.merging(extra) { $1 }
        process.currentDirectoryURL = URL(fileURLWithPath: home)
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        return Running(process: process, out: out, err: err)
    }

    func run(_ arguments: [String], program: String = "forktale", environment extra: [String: String] = [:],
             input: String? = nil) throws -> Result {
        try start(arguments, program: program, environment: extra, input: input).wait()
    }

    struct Running {
        let process: Process
        let out: Pipe
        let err: Pipe

        func wait() -> Result {
            // Read before waiting so a full pipe cannot stall the child.
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: home) }

    /// The library's listing (`stories list --json`) of the story with this title.
    func story(titled title: String) throws -> [String: Any] {
        try #require(try json(run(["stories", "list", "--json"]).stdout).first { $0["title"] as? String == title })
    }

    func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }
}
