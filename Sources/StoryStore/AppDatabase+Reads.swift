import Foundation
import GRDB
import StoryCore

/// A story as the library lists it.
public struct StorySummary: Hashable, Sendable {
    public var story: Story
    public var heroName: String?
    public var nodeCount: Int
    /// Passages marked as endings.
    public var endingCount: Int
    /// Different endings this profile has reached.
    public var endingsFound: Int
    /// Passages written so far (all of them, unless the story is being written).
    public var readyCount: Int

    public init(story: Story, heroName: String?, nodeCount: Int, endingCount: Int, endingsFound: Int, readyCount: Int) {
        self.story = story
        self.heroName = heroName
        self.nodeCount = nodeCount
        self.endingCount = endingCount
        self.endingsFound = endingsFound
        self.readyCount = readyCount
    }
}

/// How many rows the main tables hold.
public struct StoreCounts: Hashable, Sendable, Codable {
    public var profiles: Int
    public var stories: Int
    public var nodes: Int
    public var heroes: Int
    public var jobs: Int
}

/// Facts about the database file for `forktale doctor`.
public struct StoreHealth: Hashable, Sendable {
    public var sqliteVersion: String
    public var journalMode: String
    public var schemaVersion: Int
    public var migrations: [String]
    /// `ok`, or the problems `PRAGMA integrity_check` found.
    public var integrity: [String]
    public var foreignKeyProblems: Int
}

extension AppDatabase {
    // MARK: - Profiles

    public func profiles() throws -> [Profile] {
        try read { db in try Profile.order(Column("id")).fetchAll(db) }
    }

    /// The profile commands act for when none is named: the first one made.
    public func defaultProfile() throws -> Profile? {
        try read { db in try Profile.order(Column("id")).fetchOne(db) }
    }

    // MARK: - Stories

    /// The profile's stories, most recently played or added first.
    public func storySummaries(profileId: Int64) throws -> [StorySummary] {
        try read { db in
            try summaries(db, where: "s.profile_id = ?", arguments: [profileId])
        }
    }

    /// One story as the library lists it, or nil when there is no such story.
    public func storySummary(id: Int64) throws -> StorySummary? {
        try read { db in try summaries(db, where: "s.id = ?", arguments: [id]).first }
    }

    private func summaries(_ db: Database, where condition: String, arguments: StatementArguments) throws -> [StorySummary] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT s.*,
              h.name AS hero_name,
              (SELECT count(*) FROM story_nodes n WHERE n.story_id = s.id) AS node_count,
              (SELECT count(*) FROM story_nodes n WHERE n.story_id = s.id AND n.is_ending) AS ending_count,
              (SELECT count(*) FROM story_nodes n WHERE n.story_id = s.id AND n.status = 'ready') AS ready_count,
              (SELECT count(DISTINCT p.ending_node_id) FROM playthroughs p
                 WHERE p.story_id = s.id AND p.profile_id = s.profile_id AND p.ending_node_id IS NOT NULL)
                AS endings_found
            FROM stories s LEFT JOIN heroes h ON h.id = s.hero_id
            WHERE \(condition)
            ORDER BY coalesce(s.last_played_at, s.created_at) DESC, s.id DESC
            """, arguments: arguments)
        // The columns are found in the first row and read by position in every row.
        var layout: (story: Story.ColumnPositions, extra: [Int])?
        return try Array(rows.map { row in
            let (columns, extra) = try layout
                ?? (Story.ColumnPositions(row), ["hero_name", "node_count", "ending_count", "endings_found", "ready_count"].map(Row.positions(in: row)))
            layout = (columns, extra)
            return StorySummary(
                story: try Story(row: row, columns: columns), heroName: row[extra[0]], nodeCount: row[extra[1]],
                endingCount: row[extra[2]], endingsFound: row[extra[3]], readyCount: row[extra[4]])
        })
    }

    public func story(id: Int64) throws -> Story? {
        try read { db in try Story.fetchOne(db, key: id) }
    }

    /// Stories whose uuid starts with `prefix` (for commands that take an id or a uuid).
    public func stories(uuidPrefix prefix: String) throws -> [Story] {
        try read { db in
            try Story.filter(Column("uuid").like("\(prefix.lowercased())%", escape: "\\")).limit(10).fetchAll(db)
        }
    }

    // MARK: - Health

    public func counts() throws -> StoreCounts {
        try read { db in
            func count(_ table: String) throws -> Int {
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            }
            return StoreCounts(
                profiles: try count("profiles"), stories: try count("stories"), nodes: try count("story_nodes"),
                heroes: try count("heroes"), jobs: try count("story_jobs"))
        }
    }

    /// Runs the integrity and foreign key checks; on a large file this reads all of it.
    public func health() throws -> StoreHealth {
        try read { db in
            StoreHealth(
                sqliteVersion: try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?",
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?",
                schemaVersion: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                migrations: try Schema.migrator.appliedMigrations(db),
                integrity: try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                foreignKeyProblems: try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count)
        }
    }
}

extension AppDatabase {
    /// Whether a story with this uuid is stored (an import of the same story again).
    public func storyExists(uuid: String) throws -> Bool {
        try read { db in try Story.filter(Column("uuid") == uuid).fetchCount(db) > 0 }
    }
}
