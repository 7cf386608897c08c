import Foundation
import StoryCore
import StoryStore
import Testing

/// The one stream of changes the interface will use: writes through this process's store
/// at once, writes by another connection to the same file (another process) by polling.
@Suite(.serialized) struct StoreWatchTests {
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var times: [Date] = []
        func add() { lock.withLock { times.append(Date()) } }
        var count: Int { lock.withLock { times.count } }
        var last: Date? { lock.withLock { times.last } }
    }

    func waitFor(_ calls: Calls, moreThan count: Int, within seconds: TimeInterval) async throws -> Date? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if calls.count > count { return calls.last }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        // A busy test run may resume this task only after the deadline: look once more.
        return calls.count > count ? calls.last : nil
    }

    @Test func seesWritesFromThisAndOtherConnections() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forktale-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("watch.sqlite").path
        let store = try AppDatabase.openFile(at: path)
        try store.prepareFirstRun(samples: [])
        let profile = try #require(try store.defaultProfile())
        let calls = Calls()
        let watch = try store.watch(pollInterval: 0.25) { calls.add() }
        defer { watch.stop() }

        let before = calls.count
        _ = try store.queueJobs([StoryJob(profileId: profile.id!, brief: StoryJob.Brief(seed: 1))])
        // How soon is for benchmarks; here, that it is seen at all.
        #expect(try await waitFor(calls, moreThan: before, within: 10) != nil, "this process's write is seen")

        // Another connection to the file, as another process would have, seen by a new watch.
        watch.stop()
        let otherCalls = Calls()
        let otherWatch = try store.watch(pollInterval: 0.25) { otherCalls.add() }
        defer { otherWatch.stop() }
        let other = try AppDatabase.openFile(at: path)
        _ = try other.queueJobs([StoryJob(profileId: profile.id!, brief: StoryJob.Brief(seed: 2))])
        #expect(try await waitFor(otherCalls, moreThan: 0, within: 10) != nil, "another process's write is seen")
    }
}
