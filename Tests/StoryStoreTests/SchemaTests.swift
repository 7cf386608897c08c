import Foundation
import GRDB
@testable import StoryStore
import Testing

@Suite("Migrations")
struct SchemaTests {
    static let tables = [
        "content_flags", "generation_attempts", "hero_avatars", "heroes", "playthroughs", "profiles",
        "stories", "story_choices", "story_jobs", "story_nodes", "story_templates",
    ]

    /// Kept beside a story or a playthrough, without stamps of their own.
    static let companions = ["story_sources", "playthrough_steps"]

    @Test("a fresh database gets all thirteen tables, STRICT, with their indexes and triggers")
    func freshSchema() throws {
        let store = try AppDatabase.inMemory()
        try store.writer.read { db in
            let strict = try Row.fetchAll(db, sql: "PRAGMA table_list").filter { $0["schema"] == "main" }
                .reduce(into: [String: Bool]()) { $0[$1["name"]] = ($1["strict"] as Int? ?? 0) == 1 }
            #expect(Set(strict.keys) == Set(Self.tables + Self.companions + ["grdb_migrations", "sqlite_schema"]))
            for table in Self.tables + Self.companions { #expect(strict[table] == true, "\(table) is not STRICT") }

            let indexes = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
            for index in ["story_nodes_one_root", "story_nodes_unique_name", "hero_avatars_one_primary",
                          "playthroughs_one_open", "generation_attempts_by_job", "generation_attempts_by_status",
                          "generation_attempts_by_created_at", "generation_attempts_by_model"] {
                #expect(indexes.contains(index), "missing index \(index)")
            }
            let triggers = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            for table in Self.tables { #expect(triggers.contains("\(table)_updated_at")) }

            #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == AppDatabase.schemaVersion)
            #expect(try Schema.migrator.appliedMigrations(db) == Schema.migrator.migrations)
            #expect(try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") == true)
        }
    }

    @Test("a file database is WAL with synchronous NORMAL and a busy timeout; reopening changes nothing")
    func reopen() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("library.sqlite")
        let schema = try {
            let store = try AppDatabase.openFile(at: path)
            // The writer's settings (the pool's readers wait longer, 10 s, by GRDB's choice).
            return try store.writer.writeWithoutTransaction { db in
                #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
                #expect(try Int.fetchOne(db, sql: "PRAGMA synchronous") == 1)
                #expect(try Int.fetchOne(db, sql: "PRAGMA busy_timeout") == 5000)
                return try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name")
            }
        }()
        let again = try AppDatabase.openFile(at: path)
        let (schemaAgain, migrations) = try again.writer.read { db in
            (try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations"))
        }
        #expect(schemaAgain == schema)
        #expect(migrations == Schema.migrator.migrations.count)
    }

    @Test("a library written by schema v1 is brought up to date when opened, its stories and counts intact")
    func upgradeFromV1() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("old.sqlite")
        do {
            let old = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(old, upTo: "v1")
            try old.write { db in
                try db.execute(sql: """
                    INSERT INTO profiles (id, name) VALUES (1, 'Reader');
                    INSERT INTO stories (id, uuid, profile_id, title, source) VALUES (1, 's-1', 1, 'Owls', 'written');
                    INSERT INTO story_nodes (id, story_id, content, is_root) VALUES (1, 1, 'Start', 1);
                    INSERT INTO story_nodes (id, story_id, content, is_ending, status) VALUES (2, 1, 'Home', 1, 'pending');
                    """)
            }
        }
        let store = try AppDatabase.openFile(at: path)
        let (migrations, version) = try store.writer.read { db in
            (try Schema.migrator.appliedMigrations(db), try Int.fetchOne(db, sql: "PRAGMA user_version"))
        }
        #expect(migrations == Schema.migrator.migrations)
        #expect(version == Schema.version)
        let summary = try #require(try store.storySummaries(profileId: 1).first)
        #expect(summary.story.title == "Owls")
        #expect((summary.nodeCount, summary.endingCount, summary.readyCount) == (2, 1, 1))
    }
}
