import Foundation
import Logging
import StoryCore

/// Logging through swift-log to `$XDG_STATE_HOME/forktale/forktale.log`, never to the
/// terminal (the interface owns it). When the file cannot be opened, logs are dropped.
enum Logs {
    // Set once, on the main thread, before any work starts.
    nonisolated(unsafe) private static var started = false
    nonisolated(unsafe) private(set) static var file: String?

    /// The logger; asking for it first starts logging, so nothing ever reaches swift-log's
    /// default handler (which writes to the terminal).
    static var logger: Logger {
        start(verbose: false)
        return Logger(label: "forktale")
    }

    /// Bootstraps swift-log once per process.
    static func start(verbose: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard !started else { return }
        started = true
        let folder = XDG.folder("XDG_STATE_HOME", fallback: ".local/state", environment: environment) + "/forktale"
        let path = folder + "/forktale.log"
        let sink = FileLogSink(path: path, folder: folder)
        file = sink == nil ? nil : path
        LoggingSystem.bootstrap { label in
            guard let sink else { return SwiftLogNoOpLogHandler() }
            var handler = FileLogHandler(label: label, sink: sink)
            handler.logLevel = verbose ? .debug : .info
            return handler
        }
    }
}

/// An append-only log file shared by every handler of the process.
final class FileLogSink: Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    init?(path: String, folder: String) {
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        handle.write(Data(line.utf8))
    }
}

struct FileLogHandler: LogHandler {
    let label: String
    let sink: FileLogSink
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String, sink: FileLogSink) {
        self.label = label
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let details = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")
        let message = TerminalText.safe(event.message.description).replacingOccurrences(of: "\n", with: " ")
        sink.write("\(Timestamp.string(from: Date())) \(event.level) [\(ProcessInfo.processInfo.processIdentifier)] \(label): \(message)\(details)\n")
    }
}
