import Foundation
import GRDB
@testable import StoryStore
import StoryCore
import TestSupport
import Testing

/// A migrated in-memory database with one row in every table, written with raw SQL, so
/// tests can try bad rows against the schema itself.
struct Fixture {
    let store: AppDatabase

    init() throws {
        store = try AppDatabase.inMemory()
        try store.writer.write { db in
            try db.execute(sql: """
                INSERT INTO profiles (id, name) VALUES (1, 'Reader'), (2, 'Sam');
                INSERT INTO heroes (id, uuid, profile_id, name, primary_trait, secondary_trait)
                  VALUES (1, 'h-1', 1, 'Mia', 'brave', 'kind');
                INSERT INTO hero_avatars (id, hero_id, art, style, seed, is_primary) VALUES (1, 1, '@', 'mono', 7, 1);
                INSERT INTO story_templates (id, title, category, tone) VALUES (1, 'Moon trip', 'science', 'calming');
                INSERT INTO stories (id, uuid, profile_id, title, hero_id, template_id, source)
                  VALUES (1, 's-1', 1, 'Owls', 1, 1, 'written'), (2, 's-2', 1, 'Bats', NULL, NULL, 'written');
                INSERT INTO story_nodes (id, story_id, content, name, is_root) VALUES (1, 1, 'Start', 'start', 1);
                INSERT INTO story_nodes (id, story_id, content, name, is_ending, is_winning_ending)
                  VALUES (2, 1, 'Home', 'home', 1, 1);
                INSERT INTO story_nodes (id, story_id, content, is_root) VALUES (3, 2, 'Other story', 1);
                INSERT INTO story_choices (id, node_id, position, text, target_node_id) VALUES (1, 1, 0, 'Go home', 2);
                INSERT INTO story_jobs (id, uuid, profile_id, story_id, brief) VALUES (1, 'j-1', 1, 1, '{"seed": 1}');
                INSERT INTO generation_attempts (generation_id, attempt_number, job_id, node_id, writer)
                  VALUES ('g-1', 1, 1, 1, 'embedded');
                INSERT INTO playthroughs (id, profile_id, story_id, current_node_id, path, finished_at, ending_node_id)
                  VALUES (1, 1, 1, 2, '[1,2]', '2026-11-18T11:06:40.250Z', 2);
                INSERT INTO content_flags (id, content_type, content_id, job_id, flag_type, severity, action_taken, original_text)
                  VALUES (1, 'node', 1, 1, 'fear', 'low', 'approved', 'Start');
                """)
        }
    }

    /// Runs `sql` and returns the error SQLite refused it with (nil when it was accepted).
    func refusal(_ sql: String) throws -> DatabaseError? {
        do {
            try store.writer.write { db in try db.execute(sql: sql) }
            return nil
        } catch let error as DatabaseError {
            return error
        }
    }

    func count(_ sql: String) throws -> Int {
        try store.writer.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }
}

/// A temporary folder removed at the end of a test.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("forktale-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        _ = chmod(path, 0o755)
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }
}
