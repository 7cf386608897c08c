import Foundation
import GRDB
import StoryCore

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
