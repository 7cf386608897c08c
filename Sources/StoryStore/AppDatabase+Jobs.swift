import Foundation
import GRDB
import StoryCore

/// A page the engine has written, ready to be stored with its choice labels and the
/// attempt that wrote it.
public struct NodeFill: Sendable {
    public var nodeId: Int64
    public var content: String
    /// The labels of the page's choices, by position.
    public var choiceTexts: [String]
    public var attempt: GenerationAttempt
    public var flags: [ContentFlag]

    public init(nodeId: Int64, content: String, choiceTexts: [String], attempt: GenerationAttempt, flags: [ContentFlag] = []) {
        self.nodeId = nodeId
        self.content = content
        self.choiceTexts = choiceTexts
        self.attempt = attempt
        self.flags = flags
    }
}

/// What a worker has for one job since it last stored: written pages, failed attempts,
/// content flags, and at the end the finish stage.
public struct JobProgress: Sendable {
    public var jobId: Int64
    public var fills: [NodeFill]
    public var failedAttempts: [GenerationAttempt]
    public var flags: [ContentFlag]
    /// The finish stage, stored after the pages: the story is complete.
    public var finish: StoryFinish?

    public init(jobId: Int64, fills: [NodeFill], failedAttempts: [GenerationAttempt], flags: [ContentFlag], finish: StoryFinish? = nil) {
        self.jobId = jobId
        self.fills = fills
        self.failedAttempts = failedAttempts
        self.flags = flags
        self.finish = finish
    }
}

/// What the finish stage stores about a written story.
public struct StoryFinish: Sendable {
    public var title: String
    public var summary: String
    public var wordCount: Int
    public var attempt: GenerationAttempt
    public var flags: [ContentFlag]

    public init(title: String, summary: String, wordCount: Int, attempt: GenerationAttempt, flags: [ContentFlag] = []) {
        self.title = title
        self.summary = summary
        self.wordCount = wordCount
        self.attempt = attempt
        self.flags = flags
    }
}

/// A page of a story being written, as the runner needs it to resume.
public struct JobNode: Hashable, Sendable {
    public var id: Int64
    public var status: StoryNode.Status
    public var content: String
    public var choiceTexts: [String]

    public init(id: Int64, status: StoryNode.Status, content: String, choiceTexts: [String]) {
        self.id = id
        self.status = status
        self.content = content
        self.choiceTexts = choiceTexts
    }
}

/// A claimed job: ready to write (its pages in plan order and what `prepare` made of it),
/// or failed in the plan stage.
public enum Claim<Context: Sendable>: Sendable {
    case ready(job: StoryJob, nodes: [JobNode], context: Context)
    case failed(job: StoryJob, error: String)
}

// MARK: - Queueing and claiming

extension AppDatabase {
    /// Queues jobs in one transaction and returns them with their ids.
    public func queueJobs(_ jobs: [StoryJob]) throws -> [StoryJob] {
        try write { db in
            try jobs.map { job in
                var job = job
                job.id = nil
                job.status = .queued
                job.createdAt = now()
                job.updatedAt = job.createdAt
                try job.insert(db)
                if let templateId = job.brief.templateId {
                    try db.execute(sql: "UPDATE story_templates SET usage_count = usage_count + 1 WHERE id = ?", arguments: [templateId])
                }
                return job
            }
        }
    }

    /// Claims the oldest job that is queued, or running with a heartbeat older than
    /// `staleAfter` seconds (its process died). The conditional UPDATE runs in one
    /// IMMEDIATE transaction, so two processes never claim the same job. `only` limits
    /// the claim to some jobs (a command running the jobs it queued).
    public func claimNextJob(worker: String, staleAfter: TimeInterval, only ids: [Int64]? = nil) throws -> StoryJob? {
        try write { db in try claim(db, worker: worker, staleAfter: staleAfter, only: ids, limit: 1).first }
    }

    /// Claims up to `limit` jobs and runs the plan stage for each, all in one transaction:
    /// `prepare` plans a job (given its hero and template, when it names them) and returns the rows of a
    /// new story, which are stored with its pages `pending` and its choices as edges; a job
    /// that resumes keeps the pages it has. A job `prepare` throws for fails with the
    /// error's description. One transaction for all of it keeps a job's start to one commit.
    public func claimJobs<Context: Sendable>(
        worker: String, staleAfter: TimeInterval, only ids: [Int64]? = nil, limit: Int,
        prepare: (StoryJob, Hero?, StoryTemplate?) throws -> (context: Context, rows: StoryDraft)
    ) throws -> [Claim<Context>] {
        try write { db in
            try claim(db, worker: worker, staleAfter: staleAfter, only: ids, limit: limit).map { job in
                var job = job
                do {
                    let hero = try job.brief.heroId.flatMap { try Hero.fetchOne(db, key: $0) }
                    let template = try job.brief.templateId.flatMap { try StoryTemplate.fetchOne(db, key: $0) }
                    let (context, rows) = try prepare(job, hero, template)
                    if let storyId = job.storyId {
                        return .ready(job: job, nodes: try jobNodes(db, storyId: storyId), context: context)
                    }
                    var story = rows.story
                    story.status = .generating
                    let stored = try insertStory(story, nodes: rows.nodes, choices: rows.choices, in: db)
                    let ids = try Int64.fetchAll(
                        db.cachedStatement(sql: "SELECT id FROM story_nodes WHERE story_id = ? ORDER BY id"),
                        arguments: [stored.id!])
                    try db.cachedStatement(sql: """
                        UPDATE story_jobs SET story_id = ?, nodes_total = ?, nodes_done = 0, progress = 0,
                          current_stage = 'write', completed_stages = '["plan"]', updated_at = ?
                        WHERE id = ?
                        """).execute(arguments: [stored.id!, ids.count, timestamp, job.id!])
                    job.storyId = stored.id
                    job.nodesTotal = ids.count
                    job.currentStage = .write
                    job.completedStages = [.plan]
                    let nodes = ids.map { JobNode(id: $0, status: .pending, content: "", choiceTexts: []) }
                    return .ready(job: job, nodes: nodes, context: context)
                } catch {
                    let message = "\(error)"
                    try db.execute(
                        sql: "UPDATE story_jobs SET status = 'failed', error = ?, worker = NULL, heartbeat_at = NULL, completed_at = ? WHERE id = ?",
                        arguments: [message, timestamp, job.id!])
                    return .failed(job: job, error: message)
                }
            }
        }
    }

    private func claim(_ db: Database, worker: String, staleAfter: TimeInterval, only ids: [Int64]?, limit: Int) throws -> [StoryJob] {
        try releaseAbandoned(db)
        let stale = Timestamp.string(from: now().addingTimeInterval(-staleAfter))
        let claimable = "(status = 'queued' OR (status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < ?)))"
        var sql = "SELECT id FROM story_jobs WHERE \(claimable)"
        var arguments: StatementArguments = [stale]
        if let ids {
            sql += " AND id IN (\(ids.map { _ in "?" }.joined(separator: ",")))"
            arguments += StatementArguments(ids)
        }
        sql += " ORDER BY created_at, id LIMIT ?"
        arguments += [limit]
        let stamp = timestamp
        let update = try db.cachedStatement(sql: """
            UPDATE story_jobs
            SET status = 'running', worker = ?, heartbeat_at = ?, started_at = coalesce(started_at, ?),
                current_stage = coalesce(current_stage, 'plan'), error = NULL, updated_at = ?
            WHERE id = ? AND \(claimable)
            """)
        let fetch = try db.cachedStatement(sql: "SELECT * FROM story_jobs WHERE id = ?")
        return try Int64.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).compactMap { id in
            try update.execute(arguments: [worker, stamp, stamp, stamp, id, stale])
            return db.changesCount == 1 ? try StoryJob.fetchOne(fetch, arguments: [id]) : nil
        }
    }

    /// Gives the running jobs of runners whose process has ended (`WorkerLock`) back to
    /// the queue, so that they are taken over at once rather than after their heartbeat
    /// goes stale.
    private func releaseAbandoned(_ db: Database) throws {
        guard let path else { return }
        let held = try String.fetchAll(
            db.cachedStatement(sql: "SELECT DISTINCT worker FROM story_jobs WHERE status = 'running' AND worker LIKE ?"),
            arguments: ["%" + WorkerLock.marker])
        for worker in held where WorkerLock.isAlive(worker, database: path) == false {
            try db.execute(
                sql: "UPDATE story_jobs SET status = 'queued', worker = NULL, heartbeat_at = NULL WHERE status = 'running' AND worker = ?",
                arguments: [worker])
            Self.log.notice("the runner \(worker) has ended: its \(db.changesCount) running jobs are queued again")
        }
    }

    /// A running job of another runner, as one with nothing else to do sees it.
    public struct HeldJob: Hashable, Sendable {
        public var jobId: Int64
        public var worker: String
        /// Whether its runner's process is alive; nil when that cannot be told from here
        /// (a runner of an older Forktale), and its heartbeat decides.
        public var alive: Bool?
        /// Seconds since its runner's last heartbeat.
        public var silentFor: TimeInterval
    }

    /// The running jobs that other runners hold (only those in `ids`, when given).
    public func jobsHeldElsewhere(worker: String, only ids: [Int64]? = nil) throws -> [HeldJob] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, worker, heartbeat_at FROM story_jobs
                WHERE status = 'running' AND worker IS NOT NULL AND worker <> ? ORDER BY id
                """, arguments: [worker])
        }
        let now = now()
        return rows.compactMap { row in
            let id: Int64 = row["id"]
            if let ids, !ids.contains(id) { return nil }
            let worker: String = row["worker"]
            let heartbeat = (row["heartbeat_at"] as String?).flatMap(Timestamp.date(from:))
            return HeldJob(
                jobId: id, worker: worker, alive: path.flatMap { WorkerLock.isAlive(worker, database: $0) },
                silentFor: heartbeat.map { max(0, now.timeIntervalSince($0)) } ?? .infinity)
        }
    }

    /// Says the worker is alive for the jobs it runs. Returns the ids it still owns
    /// (a job cancelled, or reclaimed after a stall, is no longer its own).
    public func heartbeat(jobIds: [Int64], worker: String) throws -> Set<Int64> {
        guard !jobIds.isEmpty else { return [] }
        return try write { db in
            let stamp = timestamp
            var owned = Set<Int64>()
            for id in jobIds {
                try db.execute(
                    sql: "UPDATE story_jobs SET heartbeat_at = ? WHERE id = ? AND worker = ? AND status = 'running'",
                    arguments: [stamp, id, worker])
                if db.changesCount == 1 { owned.insert(id) }
            }
            return owned
        }
    }

    /// Whether the job is still running under this worker.
    func owns(_ db: Database, jobId: Int64, worker: String) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT 1 FROM story_jobs WHERE id = ? AND worker = ? AND status = 'running'")
        return try Bool.fetchOne(statement, arguments: [jobId, worker]) ?? false
    }
}

// MARK: - Cancel and retry

extension AppDatabase {
    /// Cancels a queued or running job. A runner notices at its next page boundary; what
    /// was written stays playable (the story becomes a `draft`). Returns the job as it is
    /// now, or nil when there is no such job.
    public func cancelJob(id: Int64) throws -> StoryJob? {
        try write { db in
            try db.execute(sql: """
                UPDATE story_jobs SET status = 'cancelled', worker = NULL, heartbeat_at = NULL, completed_at = ?
                WHERE id = ? AND status IN \(StoryJob.Status.sqlList(StoryJob.Status.cancellable))
                """, arguments: [timestamp, id])
            if db.changesCount == 1 {
                try db.execute(
                    sql: "UPDATE stories SET status = 'draft' WHERE id = (SELECT story_id FROM story_jobs WHERE id = ?) AND status = 'generating'",
                    arguments: [id])
            }
            return try StoryJob.fetchOne(db, key: id)
        }
    }

    /// Queues a failed or cancelled job again; it resumes from where it stopped.
    /// Returns the job as it is now, or nil when there is no such job.
    public func retryJob(id: Int64) throws -> StoryJob? {
        try write { db in
            try releaseAbandoned(db)
            try db.execute(sql: """
                UPDATE story_jobs SET status = 'queued', error = NULL, worker = NULL, heartbeat_at = NULL,
                  completed_at = NULL, retry_count = retry_count + 1
                WHERE id = ? AND status IN \(StoryJob.Status.sqlList(StoryJob.Status.retryable))
                """, arguments: [id])
            if db.changesCount == 1 {
                try db.execute(
                    sql: "UPDATE stories SET status = 'generating' WHERE id = (SELECT story_id FROM story_jobs WHERE id = ?) AND status IN ('draft', 'failed')",
                    arguments: [id])
            }
            return try StoryJob.fetchOne(db, key: id)
        }
    }
}
