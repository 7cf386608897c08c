import Foundation
import GRDB
@testable import StoryStore
import Testing

/// The schema refuses bad rows on its own: every statement here is raw SQL, past any
/// Swift validation.
@Suite("Schema constraints")
struct ConstraintTests {
    let fixture: Fixture

    init() throws { fixture = try Fixture() }

    func expectRefused(_ sql: String, _ code: ResultCode = .SQLITE_CONSTRAINT, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let error = try fixture.refusal(sql)
        #expect(error?.resultCode == code, "accepted: \(sql)", sourceLocation: sourceLocation)
    }

    func expectAccepted(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let error = try fixture.refusal(sql)
        #expect(error == nil, "refused: \(sql): \(String(describing: error))", sourceLocation: sourceLocation)
    }

    @Test("hero names are 1 to 50 characters after trimming, without control characters")
    func heroName() throws {
        func insert(_ name: String) -> String {
            "INSERT INTO heroes (uuid, profile_id, name, primary_trait, secondary_trait) VALUES ('\(UUID())', 1, \(name), 'brave', 'kind')"
        }
        try expectRefused(insert("''"))
        try expectRefused(insert("'   '"))
        try expectRefused(insert("' ' || char(9) || ' '"))
        try expectRefused(insert("'\(String(repeating: "a", count: 51))'"))
        try expectAccepted(insert("'  \(String(repeating: "a", count: 50))  '"))
        try expectAccepted(insert("'Łucja 🦊'"))
        try expectRefused(insert("'Mia' || char(27) || '[31m'"))
        try expectRefused(insert("'Mia' || char(133)"))
        try expectRefused(insert("NULL"))
        try expectRefused("UPDATE heroes SET name = '' WHERE id = 1")
    }

    @Test("the two traits differ and come from the list")
    func traits() throws {
        try expectRefused("INSERT INTO heroes (uuid, profile_id, name, primary_trait, secondary_trait) VALUES ('x', 1, 'A', 'kind', 'kind')")
        try expectRefused("INSERT INTO heroes (uuid, profile_id, name, primary_trait, secondary_trait) VALUES ('x', 1, 'A', 'grumpy', 'kind')")
        try expectRefused("UPDATE heroes SET secondary_trait = 'brave' WHERE id = 1")
        try expectRefused("UPDATE heroes SET visual_profile = 'not json' WHERE id = 1")
        try expectRefused("UPDATE heroes SET is_active = 2 WHERE id = 1")
    }

    @Test("a story format is 1 to 100 characters, and a version needs a format")
    func storyFormat() throws {
        try expectRefused("UPDATE stories SET story_format = '  ' WHERE id = 1")
        try expectRefused("UPDATE stories SET story_format = '\(String(repeating: "a", count: 101))' WHERE id = 1")
        try expectRefused("UPDATE stories SET story_format_version = '2.31.1' WHERE id = 1")
        try expectAccepted("UPDATE stories SET story_format = 'SugarCube', story_format_version = '2.31.1' WHERE id = 1")
        try expectRefused("UPDATE stories SET story_format_version = '' WHERE id = 1")
        try expectAccepted("UPDATE stories SET story_format = 'Harlowe', story_format_version = NULL WHERE id = 1")
    }

    @Test("a winning ending is an ending")
    func winningImpliesEnding() throws {
        try expectRefused("INSERT INTO story_nodes (story_id, content, is_ending, is_winning_ending) VALUES (1, 'x', 0, 1)")
        try expectRefused("UPDATE story_nodes SET is_ending = 0 WHERE id = 2")
        try expectAccepted("INSERT INTO story_nodes (story_id, content, is_ending, is_winning_ending) VALUES (1, 'x', 1, 0)")
    }

    @Test("status columns take only their values")
    func statuses() throws {
        try expectRefused("UPDATE stories SET status = 'done' WHERE id = 1")
        try expectRefused("UPDATE stories SET source = 'downloaded' WHERE id = 1")
        try expectRefused("UPDATE story_nodes SET status = 'almost' WHERE id = 1")
        try expectRefused("UPDATE story_jobs SET status = 'paused' WHERE id = 1")
        try expectRefused("UPDATE story_jobs SET current_stage = 'polish' WHERE id = 1")
        try expectRefused("UPDATE generation_attempts SET status = 'maybe'")
        try expectRefused("UPDATE content_flags SET action_taken = 'ignored'")
        try expectRefused("UPDATE content_flags SET flag_type = 'spooky'")
        try expectRefused("UPDATE content_flags SET content_type = 'template'")
        try expectRefused("UPDATE story_templates SET category = 'horror'")
        try expectRefused("UPDATE story_templates SET tone = 'grim'")
        try expectRefused("UPDATE stories SET age_range = '3-5' WHERE id = 1")
        // A running job names its worker.
        try expectRefused("UPDATE story_jobs SET status = 'running' WHERE id = 1")
        try expectAccepted("UPDATE story_jobs SET status = 'running', worker = 'host:1' WHERE id = 1")
    }

    @Test("progress is between 0 and 1, ratings 1 to 5, attempts from 1, counts not negative")
    func ranges() throws {
        try expectRefused("UPDATE story_jobs SET progress = 1.01 WHERE id = 1")
        try expectRefused("UPDATE story_jobs SET progress = -0.1 WHERE id = 1")
        try expectAccepted("UPDATE story_jobs SET progress = 1 WHERE id = 1")
        try expectRefused("UPDATE story_jobs SET nodes_total = 3, nodes_done = 4 WHERE id = 1")
        try expectRefused("UPDATE stories SET rating = 0 WHERE id = 1")
        try expectRefused("UPDATE stories SET rating = 6 WHERE id = 1")
        try expectAccepted("UPDATE stories SET rating = 5 WHERE id = 1")
        try expectAccepted("UPDATE stories SET rating = NULL WHERE id = 1")
        try expectRefused("INSERT INTO generation_attempts (generation_id, attempt_number, job_id, writer) VALUES ('g-2', 0, 1, 'embedded')")
        try expectRefused("UPDATE stories SET play_count = -1 WHERE id = 1")
        try expectRefused("UPDATE story_templates SET usage_count = -1")
    }

    @Test("STRICT tables refuse values of the wrong type")
    func strictTypes() throws {
        try expectRefused("UPDATE stories SET word_count = 'many' WHERE id = 1")
        try expectRefused("UPDATE story_jobs SET progress = 'half' WHERE id = 1")
        try expectRefused("UPDATE story_nodes SET depth = 1.5 WHERE id = 1")
    }

    @Test("one root per story, unique passage names, one choice per position, one primary avatar")
    func uniqueIndexes() throws {
        try expectRefused("INSERT INTO story_nodes (story_id, content, is_root) VALUES (1, 'second root', 1)")
        try expectAccepted("INSERT INTO story_nodes (story_id, content, is_root) VALUES (2, 'not a root', 0)")
        try expectRefused("INSERT INTO story_nodes (story_id, content, name) VALUES (1, 'x', 'home')")
        try expectAccepted("INSERT INTO story_nodes (story_id, content, name) VALUES (2, 'x', 'home')")
        try expectAccepted("INSERT INTO story_nodes (story_id, content) VALUES (1, 'unnamed'), (1, 'unnamed too')")
        try expectRefused("INSERT INTO story_choices (node_id, position, text, target_node_id) VALUES (1, 0, 'again', 2)")
        try expectRefused("INSERT INTO hero_avatars (hero_id, art, style, seed, is_primary) VALUES (1, '#', 'mono', 8, 1)")
        try expectAccepted("INSERT INTO hero_avatars (hero_id, art, style, seed, is_primary) VALUES (1, '#', 'mono', 8, 0)")
        try expectRefused("INSERT INTO profiles (name) VALUES ('Sam')")
        try expectRefused("INSERT INTO generation_attempts (generation_id, attempt_number, job_id, writer) VALUES ('g-1', 1, 1, 'embedded')")
    }

    @Test("uuids are unique on stories, heroes and jobs")
    func uuids() throws {
        try expectRefused("INSERT INTO stories (uuid, profile_id, title, source) VALUES ('s-1', 1, 'Copy', 'written')")
        try expectRefused("INSERT INTO heroes (uuid, profile_id, name, primary_trait, secondary_trait) VALUES ('h-1', 1, 'B', 'brave', 'kind')")
        try expectRefused("INSERT INTO story_jobs (uuid, profile_id, brief) VALUES ('j-1', 1, '{}')")
    }

    @Test("one open playthrough per story and profile")
    func oneOpenPlaythrough() throws {
        try expectAccepted("INSERT INTO playthroughs (profile_id, story_id, current_node_id) VALUES (1, 1, 1)")
        try expectRefused("INSERT INTO playthroughs (profile_id, story_id, current_node_id) VALUES (1, 1, 1)")
        try expectAccepted("INSERT INTO playthroughs (profile_id, story_id, current_node_id) VALUES (2, 1, 1)")
    }

    @Test("foreign keys refuse rows that point nowhere")
    func foreignKeys() throws {
        try expectRefused("INSERT INTO stories (uuid, profile_id, title, source) VALUES ('s-9', 99, 'Lost', 'written')")
        try expectRefused("INSERT INTO story_nodes (story_id, content) VALUES (99, 'x')")
        try expectRefused("INSERT INTO story_choices (node_id, position, text, target_node_id) VALUES (1, 5, 'x', 99)")
        try expectRefused("INSERT INTO generation_attempts (generation_id, attempt_number, job_id, writer) VALUES ('g-9', 1, 99, 'embedded')")
        try expectRefused("UPDATE stories SET hero_id = 99 WHERE id = 1")
    }

    @Test("a choice leads to a passage of its own story")
    func choiceStaysInStory() throws {
        try expectRefused("INSERT INTO story_choices (node_id, position, text, target_node_id) VALUES (1, 1, 'jump', 3)")
        try expectRefused("UPDATE story_choices SET target_node_id = 3 WHERE id = 1")
        try expectAccepted("INSERT INTO story_choices (node_id, position, text, target_node_id) VALUES (1, 1, 'dangling', NULL)")
    }

    @Test("deleting a story cascades to its passages, choices and playthroughs, and unlinks its job")
    func storyCascade() throws {
        try expectAccepted("DELETE FROM stories WHERE id = 1")
        #expect(try fixture.count("SELECT count(*) FROM story_nodes WHERE story_id = 1") == 0)
        #expect(try fixture.count("SELECT count(*) FROM story_choices") == 0)
        #expect(try fixture.count("SELECT count(*) FROM playthroughs") == 0)
        #expect(try fixture.count("SELECT count(*) FROM story_jobs WHERE id = 1 AND story_id IS NULL") == 1)
        #expect(try fixture.count("SELECT count(*) FROM generation_attempts WHERE node_id IS NULL") == 1)
    }

    @Test("a hero who stars in a story is never deleted; one who does not takes their portraits along")
    func heroDeletion() throws {
        try expectRefused("DELETE FROM heroes WHERE id = 1")
        #expect(try fixture.count("SELECT count(*) FROM heroes WHERE id = 1") == 1)
        try expectAccepted("UPDATE stories SET hero_id = NULL WHERE id = 1")
        try expectAccepted("DELETE FROM heroes WHERE id = 1")
        #expect(try fixture.count("SELECT count(*) FROM hero_avatars") == 0)
        try expectAccepted("DELETE FROM story_templates WHERE id = 1")
        #expect(try fixture.count("SELECT count(*) FROM stories WHERE id = 1 AND template_id IS NULL") == 1)
    }

    @Test("deleting a profile takes its heroes with it, stories and all")
    func profileDeletion() throws {
        try expectAccepted("DELETE FROM profiles WHERE id = 1")
        #expect(try fixture.count("SELECT count(*) FROM heroes") == 0)
        #expect(try fixture.count("SELECT count(*) FROM stories") == 0)
    }

    @Test("deleting a target passage leaves the choice pointing nowhere; a job takes its attempts and unlinks its flags")
    func setNull() throws {
        try expectAccepted("DELETE FROM story_nodes WHERE id = 2")
        #expect(try fixture.count("SELECT count(*) FROM story_choices WHERE id = 1 AND target_node_id IS NULL") == 1)
        #expect(try fixture.count("SELECT count(*) FROM playthroughs WHERE current_node_id IS NULL AND ending_node_id IS NULL") == 1)
        try expectAccepted("DELETE FROM story_jobs WHERE id = 1")
        #expect(try fixture.count("SELECT count(*) FROM generation_attempts") == 0)
        #expect(try fixture.count("SELECT count(*) FROM content_flags WHERE job_id IS NULL") == 1)
    }

    @Test("updated_at is kept by triggers")
    func updatedAt() throws {
        try expectAccepted("UPDATE stories SET updated_at = '2000-01-01T00:00:00.000Z', created_at = '2000-01-01T00:00:00.000Z' WHERE id = 1")
        try expectAccepted("UPDATE stories SET title = 'Owls at night' WHERE id = 1")
        let stamp = try fixture.store.writer.read { db in
            try String.fetchOne(db, sql: "SELECT updated_at FROM stories WHERE id = 1")
        }
        #expect(stamp != "2000-01-01T00:00:00.000Z")
        #expect(stamp?.hasSuffix("Z") == true && stamp?.count == 24)
        try expectAccepted("UPDATE generation_attempts SET updated_at = '2000-01-01T00:00:00.000Z'")
        try expectAccepted("UPDATE generation_attempts SET status = 'success'")
        #expect(try fixture.count("SELECT count(*) FROM generation_attempts WHERE updated_at > '2001'") == 1)
    }
}
