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
    private func owns(_ db: Database, jobId: Int64, worker: String) throws -> Bool {
        let statement = try db.cachedStatement(sql: "SELECT 1 FROM story_jobs WHERE id = ? AND worker = ? AND status = 'running'")
        return try Bool.fetchOne(statement, arguments: [jobId, worker]) ?? false
    }
}

// MARK: - The stages

extension AppDatabase {
    /// The pages of a story being written, in plan order, for a job that resumes.
    public func jobNodes(storyId: Int64) throws -> [JobNode] {
        try read { db in try jobNodes(db, storyId: storyId) }
    }

    private func jobNodes(_ db: Database, storyId: Int64) throws -> [JobNode] {
        let choices = try Row.fetchAll(
            db, sql: """
                SELECT c.node_id, c.text FROM story_choices c JOIN story_nodes n ON n.id = c.node_id
                WHERE n.story_id = ? ORDER BY c.node_id, c.position
                """, arguments: [storyId])
        var texts: [Int64: [String]] = [:]
        for row in choices { texts[row[0], default: []].append(row[1]) }
        return try Row.fetchAll(
            db, sql: "SELECT id, status, content FROM story_nodes WHERE story_id = ? ORDER BY id", arguments: [storyId]
        ).map { row in
            JobNode(id: row[0], status: try Row.enumValue(row, "status"), content: row[2], choiceTexts: texts[row[0]] ?? [])
        }
    }

    /// The write stage's commit, for any number of jobs in one transaction: stores
    /// written pages (content, choice labels, `ready`) and adds their words to the story's
    /// count, every attempt (failed ones too), content flags and each job's progress. A
    /// page already `ready` is never written twice. A job no longer running under this
    /// worker (cancelled, or reclaimed after a stall) gets nothing stored. Returns the ids
    /// of the jobs that were stored.
    public func saveProgress(_ batch: [JobProgress], worker: String) throws -> Set<Int64> {
        try write { db in
            var stored = Set<Int64>()
            let stamp = timestamp
            let fillNode = try db.cachedStatement(sql: """
                UPDATE story_nodes SET content = ?, status = 'ready', updated_at = ? WHERE id = ? AND status <> 'ready'
                """)
            let fillChoice = try db.cachedStatement(sql: """
                UPDATE story_choices SET text = ?, updated_at = ? WHERE node_id = ? AND position = ?
                """)
            let countWords = try db.cachedStatement(sql: """
                UPDATE stories SET word_count = word_count + ? WHERE id = (SELECT story_id FROM story_jobs WHERE id = ?)
                """)
            let updateJob = try db.cachedStatement(sql: """
                UPDATE story_jobs SET nodes_done = nodes_done + ?, tokens_in = tokens_in + ?, tokens_out = tokens_out + ?,
                  cost_usd = cost_usd + ?, heartbeat_at = ?, updated_at = ?,
                  progress = CASE WHEN nodes_total = 0 THEN 0 ELSE min(1.0, (nodes_done + ?) * 1.0 / nodes_total) END
                WHERE id = ?
                """)
            for progress in batch {
                guard try owns(db, jobId: progress.jobId, worker: worker) else { continue }
                var filled = 0
                var words = 0
                for fill in progress.fills {
                    try fillNode.execute(arguments: [fill.content, stamp, fill.nodeId])
                    guard db.changesCount == 1 else { continue }
                    filled += 1
                    words += WordCount.of(fill.content)
                    for (position, text) in fill.choiceTexts.enumerated() {
                        try fillChoice.execute(arguments: [text, stamp, fill.nodeId, position])
                    }
                    try insertAttempt(fill.attempt, db)
                    for flag in fill.flags { try insertFlag(flag, db) }
                }
                if words > 0 { try countWords.execute(arguments: [words, progress.jobId]) }
                for attempt in progress.failedAttempts { try insertAttempt(attempt, db) }
                for flag in progress.flags { try insertFlag(flag, db) }
                let spent = Self.spent(by: progress.fills.map(\.attempt) + progress.failedAttempts)
                try updateJob.execute(arguments: [
                    filled, spent.tokensIn, spent.tokensOut, spent.costUsd, stamp, stamp, filled, progress.jobId,
                ])
                if let finish = progress.finish { try self.finish(db, jobId: progress.jobId, finish) }
                stored.insert(progress.jobId)
            }
            return stored
        }
    }

    /// 2 as "II", 14 as "XIV".
    static func roman(_ number: Int) -> String {
        let numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                        (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var rest = number
        var out = ""
        for (value, numeral) in numerals {
            while rest >= value {
                out += numeral
                rest -= value
            }
        }
        return out
    }

    /// One job's results for `saveProgress`, with what its worker stores for it.
    public func saveProgress(
        jobId: Int64, worker: String, fills: [NodeFill], failedAttempts: [GenerationAttempt], flags: [ContentFlag] = []
    ) throws -> Bool {
        try saveProgress([JobProgress(jobId: jobId, fills: fills, failedAttempts: failedAttempts, flags: flags)], worker: worker)
            .contains(jobId)
    }

    /// The story gets its title, summary and word count and becomes `ready`; the job is
    /// `completed`. A title another story of the profile has already gets a number, as a
    /// sequel's would ("Nova and the Lost Comet II"), so that no two share one.
    private func finish(_ db: Database, jobId: Int64, _ finish: StoryFinish) throws {
        let stamp = timestamp
        var title = finish.title
        if let story = try Row.fetchOne(
            db, sql: "SELECT s.id, s.profile_id FROM stories s JOIN story_jobs j ON j.story_id = s.id WHERE j.id = ?",
            arguments: [jobId])
        {
            let storyId: Int64 = story[0], profileId: Int64 = story[1]
            var number = 2
            while try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM stories WHERE profile_id = ? AND id != ? AND title = ? COLLATE NOCASE)
                """, arguments: [profileId, storyId, title]) == true
            {
                title = "\(finish.title) \(Self.roman(number))"
                number += 1
            }
        }
        try db.execute(
            sql: "UPDATE stories SET title = ?, summary = ?, word_count = ?, status = 'ready', updated_at = ? WHERE id = (SELECT story_id FROM story_jobs WHERE id = ?)",
            arguments: [title, finish.summary, finish.wordCount, stamp, jobId])
        try insertAttempt(finish.attempt, db)
        for flag in finish.flags { try insertFlag(flag, db) }
        try db.execute(sql: """
            UPDATE story_jobs SET status = 'completed', current_stage = 'completed',
              completed_stages = '["plan","write","finish"]', progress = 1, nodes_done = nodes_total,
              tokens_in = tokens_in + ?, tokens_out = tokens_out + ?, cost_usd = cost_usd + ?,
              completed_at = ?, worker = NULL, heartbeat_at = NULL, error = NULL, updated_at = ?
            WHERE id = ?
            """, arguments: [finish.attempt.tokensIn, finish.attempt.tokensOut, finish.attempt.costUsd, stamp, stamp, jobId])
    }

    /// The job failed: it keeps its pages and attempt log and can be retried.
    public func failJob(jobId: Int64, worker: String, error: String, attempts: [GenerationAttempt] = []) throws {
        try write { db in
            guard try owns(db, jobId: jobId, worker: worker) else { return }
            for attempt in attempts { try insertAttempt(attempt, db) }
            // Failed calls were paid for all the same.
            let spent = Self.spent(by: attempts)
            try db.execute(sql: """
                UPDATE story_jobs SET status = 'failed', error = ?, worker = NULL, heartbeat_at = NULL,
                  can_resume = 1, completed_at = ?,
                  tokens_in = tokens_in + ?, tokens_out = tokens_out + ?, cost_usd = cost_usd + ?
                WHERE id = ?
                """, arguments: [error, timestamp, spent.tokensIn, spent.tokensOut, spent.costUsd, jobId])
            try db.execute(
                sql: "UPDATE stories SET status = 'failed' WHERE id = (SELECT story_id FROM story_jobs WHERE id = ?) AND title <> ''",
                arguments: [jobId])
        }
    }

    /// Gives a running job back to the queue (this process is stopping); another worker
    /// resumes it where it stopped.
    public func releaseJob(jobId: Int64, worker: String) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE story_jobs SET status = 'queued', worker = NULL, heartbeat_at = NULL WHERE id = ? AND worker = ? AND status = 'running'",
                arguments: [jobId, worker])
        }
    }

    /// What attempts add to their job's totals.
    private static func spent(by attempts: [GenerationAttempt]) -> (tokensIn: Int, tokensOut: Int, costUsd: Double) {
        attempts.reduce((0, 0, 0)) { ($0.tokensIn + $1.tokensIn, $0.tokensOut + $1.tokensOut, $0.costUsd + $1.costUsd) }
    }

    private func insertAttempt(_ attempt: GenerationAttempt, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO generation_attempts
              (generation_id, attempt_number, job_id, node_id, writer, model, prompt, response, status, error,
               tokens_in, tokens_out, cost_usd, latency_ms, tokens_estimated, created_at, updated_at, completed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let created = Timestamp.string(from: attempt.createdAt)
        try statement.execute(arguments: [
            attempt.generationId, attempt.attemptNumber, attempt.jobId, attempt.nodeId, attempt.writer, attempt.model,
            attempt.prompt, attempt.response, attempt.status.rawValue, attempt.error, attempt.tokensIn, attempt.tokensOut,
            attempt.costUsd, attempt.latencyMs, attempt.tokensEstimated, created, created,
            attempt.completedAt.map(Timestamp.string(from:)),
        ])
    }

    private func insertFlag(_ flag: ContentFlag, _ db: Database) throws {
        var flag = flag
        try flag.insert(db)
    }
}

// MARK: - Usage

/// What one writer and model used in one month.
public struct UsageRow: Hashable, Sendable, Codable {
    /// `YYYY-MM`, in UTC.
    public var month: String
    public var writer: String
    public var model: String
    public var attempts: Int
    public var tokensIn: Int
    public var tokensOut: Int
    /// Attempts whose token counts are estimates.
    public var estimatedAttempts: Int
    public var costUsd: Double
}

extension AppDatabase {
    /// Tokens and cost by month, writer and model; only the month holding `month` when given.
    public func spending(month: Date? = nil) throws -> [UsageRow] {
        let filter = month.map { "WHERE substr(created_at, 1, 7) = '\(Timestamp.string(from: $0).prefix(7))'" } ?? ""
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT substr(created_at, 1, 7) AS month, writer, model, count(*) AS attempts,
                  sum(tokens_in) AS tokens_in, sum(tokens_out) AS tokens_out,
                  sum(tokens_estimated) AS estimated, sum(cost_usd) AS cost
                FROM generation_attempts \(filter)
                GROUP BY month, writer, model ORDER BY month, writer, model
                """).map { row in
                UsageRow(month: row["month"], writer: row["writer"], model: row["model"], attempts: row["attempts"],
                         tokensIn: row["tokens_in"], tokensOut: row["tokens_out"], estimatedAttempts: row["estimated"], costUsd: row["cost"])
            }
        }
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
                WHERE id = ? AND status IN ('queued', 'running')
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
                WHERE id = ? AND status IN ('failed', 'cancelled')
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

// MARK: - Reading jobs

/// A job as lists show it, with its story's title once known.
public struct JobSummary: Hashable, Sendable {
    public var job: StoryJob
    public var storyTitle: String?
    public var attempts: Int
    /// Attempts that failed or timed out.
    public var retries: Int

    public init(job: StoryJob, storyTitle: String?, attempts: Int, retries: Int) {
        self.job = job
        self.storyTitle = storyTitle
        self.attempts = attempts
        self.retries = retries
    }
}

extension AppDatabase {
    /// The profile's jobs (or everyone's), newest first, optionally only some statuses.
    public func jobSummaries(profileId: Int64? = nil, statuses: Set<StoryJob.Status>? = nil) throws -> [JobSummary] {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let profileId {
            conditions.append("j.profile_id = ?")
            arguments += [profileId]
        }
        if let statuses {
            conditions.append("j.status IN (\(statuses.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")))")
        }
        return try read { db in try jobSummaries(db, conditions, arguments) }
    }

    public func jobSummary(id: Int64) throws -> JobSummary? {
        try read { db in try jobSummaries(db, ["j.id = ?"], [id]).first }
    }

    private func jobSummaries(_ db: Database, _ conditions: [String], _ arguments: StatementArguments) throws -> [JobSummary] {
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let rows = try Row.fetchAll(db, sql: """
            SELECT j.*, s.title AS story_title,
              (SELECT count(*) FROM generation_attempts a WHERE a.job_id = j.id) AS attempt_count,
              (SELECT count(*) FROM generation_attempts a WHERE a.job_id = j.id AND a.status IN ('failed', 'timeout')) AS failed_count
            FROM story_jobs j LEFT JOIN stories s ON s.id = j.story_id
            \(filter)
            ORDER BY j.created_at DESC, j.id DESC
            """, arguments: arguments)
        return try rows.map { row in
            let title: String? = row["story_title"]
            return JobSummary(
                job: try StoryJob(row: row), storyTitle: title?.isEmpty == true ? nil : title,
                attempts: row["attempt_count"], retries: row["failed_count"])
        }
    }

    public func job(id: Int64) throws -> StoryJob? {
        try read { db in try StoryJob.fetchOne(db, key: id) }
    }

    /// Jobs whose uuid starts with `prefix` (people type a few characters of it).
    public func jobs(uuidPrefix prefix: String) throws -> [StoryJob] {
        try read { db in
            try StoryJob.filter(sql: "substr(uuid, 1, ?) = ?", arguments: [prefix.count, prefix.lowercased()]).fetchAll(db)
        }
    }

    /// A job's attempt log, oldest first.
    public func attempts(jobId: Int64) throws -> [GenerationAttempt] {
        try read { db in
            try GenerationAttempt.filter(Column("job_id") == jobId).order(Column("created_at"), Column("generation_id"), Column("attempt_number"))
                .fetchAll(db)
        }
    }

    public func contentFlags(jobId: Int64) throws -> [ContentFlag] {
        try read { db in try ContentFlag.filter(Column("job_id") == jobId).order(Column("id")).fetchAll(db) }
    }

    /// Whether any job is queued or running.
    public func hasUnfinishedJobs() throws -> Bool {
        try read { db in
            try StoryJob.filter(["queued", "running"].contains(Column("status"))).fetchCount(db) > 0
        }
    }
}

// MARK: - Templates

extension AppDatabase {
    public func template(id: Int64) throws -> StoryTemplate? {
        try read { db in try StoryTemplate.fetchOne(db, key: id) }
    }

    /// Every template: favourites first, then the most used, then by title.
    public func templates() throws -> [StoryTemplate] {
        try read { db in
            try StoryTemplate.order(Column("is_favorite").desc, Column("usage_count").desc, Column("title").collating(.localizedCaseInsensitiveCompare))
                .fetchAll(db)
        }
    }

    /// Adds the built-in templates this database does not have yet (by title), in one
    /// transaction. Returns how many were added.
    @discardableResult
    public func installBuiltInTemplates(_ templates: [StoryTemplate]) throws -> Int {
        try write { db in
            let present = Set(try String.fetchAll(db, sql: "SELECT title FROM story_templates WHERE built_in = 1"))
            var added = 0
            for var template in templates where !present.contains(template.title) {
                template.id = nil
                template.builtIn = true
                template.createdAt = now()
                template.updatedAt = template.createdAt
                try template.insert(db)
                added += 1
            }
            return added
        }
    }

    /// Stores a new template or a person's changes to one (built-in ones cannot change).
    @discardableResult
    public func saveTemplate(_ template: StoryTemplate) throws -> StoryTemplate {
        var template = template
        template.title = template.title.trimmingWhitespace()
        template.description = TerminalText.safe(template.description)
        template.promptSeed = TerminalText.safe(template.promptSeed)
        template.keywords = template.keywords.map { TerminalText.safe($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        try template.validate().throwFirst()
        return try write { db in
            if template.id == nil {
                template.builtIn = false
                template.usageCount = 0
                template.createdAt = now()
                template.updatedAt = template.createdAt
                try template.insert(db)
            } else {
                template.updatedAt = now()
                try template.update(db)
            }
            return template
        }
    }

    /// Deletes a person's template (the schema refuses to delete a built-in one).
    public func deleteTemplate(id: Int64) throws {
        try write { db in _ = try StoryTemplate.deleteOne(db, key: id) }
    }

    public func setTemplateFavourite(id: Int64, _ favourite: Bool) throws {
        try write { db in
            try db.execute(sql: "UPDATE story_templates SET is_favorite = ? WHERE id = ?", arguments: [favourite, id])
        }
    }
}
