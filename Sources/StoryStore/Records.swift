import Foundation
import GRDB
import StoryCore

/// How StoryCore's value types map to rows: snake_case columns, timestamps in the one
/// ISO-8601 form, nested values (tags, briefs, visual profiles) as JSON text.
public protocol StoredRecord: Codable, FetchableRecord, MutablePersistableRecord {}

extension StoredRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
    // GRDB asks per column; every date column uses the one form.
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { Timestamp.string(from: $0) }
    }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom { dbValue in String.fromDatabaseValue(dbValue).flatMap(Timestamp.date(from:)) }
    }
}

/// A record whose table has an integer primary key `id`, filled in on insert.
public protocol RowIDRecord: StoredRecord {
    var id: Int64? { get set }
}

extension RowIDRecord {
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Profile: RowIDRecord {
    public static let databaseTableName = "profiles"
}

extension Hero: RowIDRecord {
    public static let databaseTableName = "heroes"
}

extension HeroAvatar: RowIDRecord {
    public static let databaseTableName = "hero_avatars"
}

extension StoryTemplate: RowIDRecord {
    public static let databaseTableName = "story_templates"
}

extension Story: RowIDRecord {
    public static let databaseTableName = "stories"

    /// Decoded by hand: the library reads every story at start, and Codable decoding (with
    /// its snake-case key conversion) was half the time of opening a 1,000-story library.
    public init(row: Row) throws {
        try self.init(row: row, columns: ColumnPositions(row))
    }

    /// Where a story's columns are in a statement's rows. A list finds them once and then
    /// decodes every row by position: each lookup by name lowercases and hashes the name,
    /// which was a third of the time to list a 1,000-story library.
    struct ColumnPositions {
        let id, uuid, profileId, title, summary, theme, language, ageRange, moral, storyFormat, storyFormatVersion: Int
        let heroId, templateId: Int
        let source, status, wordCount, isFavorite, rating, playCount, lastPlayedAt, createdAt, updatedAt: Int

        init(_ row: Row) throws {
            let at = Row.positions(in: row)
            (id, uuid, profileId, title, summary, theme, language) =
                (try at("id"), try at("uuid"), try at("profile_id"), try at("title"), try at("summary"), try at("theme"),
                 try at("language"))
            (ageRange, moral, storyFormat, storyFormatVersion) =
                (try at("age_range"), try at("moral"), try at("story_format"), try at("story_format_version"))
            (heroId, templateId, source, status, wordCount) =
                (try at("hero_id"), try at("template_id"), try at("source"), try at("status"), try at("word_count"))
            (isFavorite, rating, playCount, lastPlayedAt, createdAt, updatedAt) =
                (try at("is_favorite"), try at("rating"), try at("play_count"), try at("last_played_at"),
                 try at("created_at"), try at("updated_at"))
        }
    }

    init(row: Row, columns c: ColumnPositions) throws {
        self.init(
            id: row[c.id], uuid: row[c.uuid], profileId: row[c.profileId], title: row[c.title], summary: row[c.summary],
            theme: row[c.theme], language: row[c.language], ageRange: try Row.enumValue(row[c.ageRange], "age_range"),
            moral: row[c.moral], storyFormat: row[c.storyFormat], storyFormatVersion: row[c.storyFormatVersion],
            heroId: row[c.heroId], templateId: row[c.templateId],
            source: try Row.enumValue(row[c.source], "source"), status: try Row.enumValue(row[c.status], "status"),
            wordCount: row[c.wordCount], isFavorite: row[c.isFavorite], rating: row[c.rating], playCount: row[c.playCount],
            lastPlayedAt: try (row[c.lastPlayedAt] as String?).map { try Row.timestamp($0, "last_played_at") },
            createdAt: try Row.timestamp(row[c.createdAt], "created_at"),
            updatedAt: try Row.timestamp(row[c.updatedAt], "updated_at"))
    }
}

extension StoryNode: RowIDRecord {
    public static let databaseTableName = "story_nodes"

    /// Decoded by hand: stories load all their passages at once, and Codable decoding was
    /// most of the time of loading a large one.
    public init(row: Row) throws {
        let tags: String = row["tags"]
        self.init(
            id: row["id"], storyId: row["story_id"], content: row["content"], name: row["name"],
            tags: tags == "[]" ? [] : try JSONDecoder().decode([String].self, from: Data(tags.utf8)),
            isRoot: row["is_root"], isEnding: row["is_ending"], isWinningEnding: row["is_winning_ending"],
            depth: row["depth"], status: try Row.enumValue(row, "status"),
            createdAt: try Row.timestamp(row, "created_at"), updatedAt: try Row.timestamp(row, "updated_at"))
    }
}

extension StoryChoice: RowIDRecord {
    public static let databaseTableName = "story_choices"

    /// Decoded by hand, like `StoryNode`.
    public init(row: Row) throws {
        self.init(
            id: row["id"], nodeId: row["node_id"], position: row["position"], text: row["text"],
            targetNodeId: row["target_node_id"], createdAt: try Row.timestamp(row, "created_at"),
            updatedAt: try Row.timestamp(row, "updated_at"))
    }
}

extension Row {
    /// A column holding one of an enum's raw values; the schema's CHECK makes others impossible.
    static func enumValue<T: RawRepresentable>(_ row: Row, _ column: String) throws -> T where T.RawValue == String {
        try enumValue(row[column], column)
    }

    static func enumValue<T: RawRepresentable>(_ text: String, _ column: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else { throw StoreError.invalid("Unknown \(column) \"\(text)\" in the database.") }
        return value
    }

    static func timestamp(_ row: Row, _ column: String) throws -> Date {
        try timestamp(row[column], column)
    }

    static func timestamp(_ text: String, _ column: String) throws -> Date {
        guard let date = Timestamp.date(from: text) else { throw StoreError.invalid("Unreadable \(column) \"\(text)\" in the database.") }
        return date
    }

    /// Finds columns by name in `row`'s statement, failing for a column it does not have.
    static func positions(in row: Row) -> (String) throws -> Int {
        let names = Array(row.columnNames.map { $0.lowercased() })
        return { name in
            guard let index = names.firstIndex(of: name) else { throw StoreError.invalid("The database gave no \(name) column.") }
            return index
        }
    }
}

extension StoryJob: RowIDRecord {
    public static let databaseTableName = "story_jobs"

    /// Decoded by hand: runners read a job for every claim, and Codable decoding was most
    /// of the time of a claim.
    public init(row: Row) throws {
        let brief: String = row["brief"]
        let stages: String = row["completed_stages"]
        func date(_ column: String) throws -> Date? {
            try (row[column] as String?).map { text in
                guard let date = Timestamp.date(from: text) else { throw StoreError.invalid("Unreadable \(column) \"\(text)\" in the database.") }
                return date
            }
        }
        self.init(
            id: row["id"], uuid: row["uuid"], profileId: row["profile_id"], storyId: row["story_id"],
            brief: try JSONDecoder().decode(Brief.self, from: Data(brief.utf8)), status: try Row.enumValue(row, "status"),
            currentStage: try (row["current_stage"] as String?).map { text in
                guard let stage = Stage(rawValue: text) else { throw StoreError.invalid("Unknown current_stage \"\(text)\" in the database.") }
                return stage
            },
            completedStages: stages == "[]" ? [] : try JSONDecoder().decode([Stage].self, from: Data(stages.utf8)),
            nodesTotal: row["nodes_total"], nodesDone: row["nodes_done"], progress: row["progress"], error: row["error"],
            retryCount: row["retry_count"], canResume: row["can_resume"], worker: row["worker"],
            heartbeatAt: try date("heartbeat_at"), tokensIn: row["tokens_in"], tokensOut: row["tokens_out"],
            costUsd: row["cost_usd"], createdAt: try Row.timestamp(row, "created_at"), startedAt: try date("started_at"),
            completedAt: try date("completed_at"), updatedAt: try Row.timestamp(row, "updated_at"))
    }
}

extension GenerationAttempt: StoredRecord {
    public static let databaseTableName = "generation_attempts"
}

extension Playthrough: RowIDRecord {
    public static let databaseTableName = "playthroughs"
}

extension ContentFlag: RowIDRecord {
    public static let databaseTableName = "content_flags"
}
