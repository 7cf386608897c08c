import Foundation
import GRDB
import StoryCore

/// How StoryCore's value types map to rows: snake_case columns, timestamps in the one
/// ISO-8601 form, nested values (tags, briefs, visual profiles) as JSON text.
public protocol StoredRecord: Codable, FetchableRecord, MutablePersistableRecord {}

extension StoredRecord {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
    public static var databaseDateEncodingStrategy: DatabaseDateEncodingStrategy {
        .custom { Timestamp.string(from: $0) }
    }
    public static var databaseDateDecodingStrategy: DatabaseDateDecodingStrategy {
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
}

extension StoryNode: RowIDRecord {
    public static let databaseTableName = "story_nodes"
}

extension StoryChoice: RowIDRecord {
    public static let databaseTableName = "story_choices"
}

extension StoryJob: RowIDRecord {
    public static let databaseTableName = "story_jobs"
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
