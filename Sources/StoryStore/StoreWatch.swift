import Foundation
import GRDB

/// Tells its owner when stories or jobs change, whoever changed them: writes through this
/// process's `AppDatabase` are seen at once (GRDB's region observation), and writes by
/// other processes on the same file within one poll interval (`PRAGMA data_version` on the
/// store's writer connection, whose value moves whenever another connection commits; this
/// process's own writes go through that connection and leave it alone).
///
/// The callback runs on a background queue and says only that something changed; the
/// owner re-reads what it shows. Bursts of changes are coalesced: at most one call per
/// `minimumGap`.
public final class StoreWatch: @unchecked Sendable {
    private let queue = DispatchQueue(label: "forktale.watch")
    private let onChange: @Sendable () -> Void
    private let minimumGap: TimeInterval
    private var observation: AnyDatabaseCancellable?
    private var timer: DispatchSourceTimer?
    private let database: AppDatabase
    /// Whether the last poll failed: a failure is logged once, not at every poll.
    private var failing = false
    private var lastVersion: Int?
    private var lastCall = Date.distantPast
    private var callScheduled = false
    private var stopped = false

    init(database: AppDatabase, pollInterval: TimeInterval, minimumGap: TimeInterval, onChange: @escaping @Sendable () -> Void) throws {
        self.onChange = onChange
        self.minimumGap = minimumGap
        self.database = database
        observation = DatabaseRegionObservation(tracking: Table("story_jobs"), Table("story_nodes"), Table("stories"))
            .start(in: database.writer, onError: { error in
                AppDatabase.log.error("watching the database stopped: \(error)")
            }, onChange: { [weak self] _ in self?.changed() })
        if database.path != nil {
            // The version now, so that a change made before the first poll is not missed.
            lastVersion = try database.translatingErrors { try dataVersion() }
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + pollInterval, repeating: pollInterval)
            timer.setEventHandler { [weak self] in self?.poll() }
            timer.resume()
            self.timer = timer
        }
    }

    /// Stops watching; no call follows.
    public func stop() {
        queue.sync {
            stopped = true
            timer?.cancel()
            observation?.cancel()
        }
    }

    deinit {
        timer?.cancel()
        observation?.cancel()
    }

    private func dataVersion() throws -> Int? {
        try database.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA data_version") }
    }

    /// A poll that fails (the disk, a busy file) is tried again at the next interval; the
    /// failure is logged once, and again only after a poll has worked.
    private func poll() {
        let version: Int?
        do {
            version = try dataVersion()
            failing = false
        } catch {
            if !failing { AppDatabase.log.error("watching the database: \(error)") }
            failing = true
            return
        }
        defer { lastVersion = version }
        if let lastVersion, lastVersion != version { fire() }
    }

    private func changed() {
        queue.async { [weak self] in self?.fire() }
    }

    /// Calls the owner now, or once the gap since the last call has passed.
    private func fire() {
        guard !stopped, !callScheduled else { return }
        let wait = minimumGap - Date().timeIntervalSince(lastCall)
        if wait <= 0 {
            lastCall = Date()
            onChange()
        } else {
            callScheduled = true
            queue.asyncAfter(deadline: .now() + wait) { [weak self] in
                guard let self, !self.stopped else { return }
                self.callScheduled = false
                self.lastCall = Date()
                self.onChange()
            }
        }
    }
}

extension AppDatabase {
    /// Watches stories, pages and jobs for changes (see `StoreWatch`).
    public func watch(
        pollInterval: TimeInterval = 0.25, minimumGap: TimeInterval = 0.05, onChange: @escaping @Sendable () -> Void
    ) throws -> StoreWatch {
        try StoreWatch(database: self, pollInterval: pollInterval, minimumGap: minimumGap, onChange: onChange)
    }
}
