import Foundation
import GRDB
import StoryCore

// MARK: - The stages

extension AppDatabase {
    /// The pages of a story being written, in plan order, for a job that resumes.
    public func jobNodes(storyId: Int64) throws -> [JobNode] {
        try read { db in try jobNodes(db, storyId: storyId) }
    }

    func jobNodes(_ db: Database, storyId: Int64) throws -> [JobNode] {
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
