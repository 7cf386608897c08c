import Foundation
import GRDB
import StoryCore

extension AppDatabase {
    /// A story with all its passages and choices, or nil when there is no such story.
    public func storyContent(id: Int64) throws -> StoryContent? {
        try read { db in
            guard let story = try Story.fetchOne(db, key: id) else { return nil }
            let nodes = try StoryNode.filter(Column("story_id") == id).order(Column("id")).fetchAll(db)
            let choices = try StoryChoice.fetchAll(db, sql: """
                SELECT c.* FROM story_choices c JOIN story_nodes n ON n.id = c.node_id
                WHERE n.story_id = ? ORDER BY c.node_id, c.position
                """, arguments: [id])
            return StoryContent(story: story, nodes: nodes, choices: choices)
        }
    }

    /// The reading of `storyId` that `profileId` left unfinished, to resume it.
    public func openPlaythrough(storyId: Int64, profileId: Int64) throws -> Playthrough? {
        try read { db in
            try Playthrough
                .filter(Column("story_id") == storyId && Column("profile_id") == profileId && Column("finished_at") == nil)
                .fetchOne(db)
        }
    }

    /// The reading to continue in a story: the profile's unfinished one, or a new one at
    /// the start (also when the page it was on is gone), saved. Nil for a story without a
    /// start page.
    public func resumePlaythrough(of content: StoryContent, profileId: Int64) throws -> Playthrough? {
        guard let storyId = content.story.id, let root = content.root?.id else { return nil }
        var reading = try openPlaythrough(storyId: storyId, profileId: profileId)
            ?? Playthrough.begin(profileId: profileId, storyId: storyId, root: root, at: now())
        if reading.currentNodeId.flatMap(content.node) == nil {
            // The page the reader was on is gone: start again, in the same saved reading.
            let saved = reading.id
            reading = Playthrough.begin(profileId: profileId, storyId: storyId, root: root, at: now())
            reading.id = saved
        }
        return try savePlaythrough(reading)
    }

    /// Saves a reading (autosave after every move). Finishing one counts as a play of the
    /// story; every save marks the story as just played.
    /// With `steps`, the pages of a story that runs with its state are kept with it.
    @discardableResult
    public func savePlaythrough(_ playthrough: Playthrough, steps: [PlayStep]? = nil) throws -> Playthrough {
        try write { db in
            var playthrough = playthrough
            let wasFinished = try playthrough.id.flatMap { try Playthrough.fetchOne(db, key: $0) }?.finishedAt != nil
            try playthrough.save(db)
            if let steps {
                let json = String(decoding: try JSONEncoder().encode(steps), as: UTF8.self)
                try db.execute(sql: """
                    INSERT INTO playthrough_steps (playthrough_id, steps) VALUES (?, ?)
                    ON CONFLICT (playthrough_id) DO UPDATE SET steps = excluded.steps
                    """, arguments: [playthrough.id, json])
            }
            let finishedNow = playthrough.finishedAt != nil && !wasFinished
            try db.execute(
                sql: "UPDATE stories SET last_played_at = ?, play_count = play_count + ? WHERE id = ?",
                arguments: [timestamp, finishedNow ? 1 : 0, playthrough.storyId])
            return playthrough
        }
    }

    /// The endings of `storyId` that `profileId` has reached.
    public func endingsFound(storyId: Int64, profileId: Int64) throws -> Set<Int64> {
        try read { db in
            Set(try Int64.fetchAll(db, sql: """
                SELECT DISTINCT ending_node_id FROM playthroughs
                WHERE story_id = ? AND profile_id = ? AND ending_node_id IS NOT NULL
                """, arguments: [storyId, profileId]))
        }
    }

    /// The pages kept with a playthrough of a story that runs with its state (none when it
    /// has none yet).
    public func playSteps(playthroughId: Int64) throws -> [PlayStep] {
        try read { db in
            guard let json = try String.fetchOne(db, sql: "SELECT steps FROM playthrough_steps WHERE playthrough_id = ?",
                                                 arguments: [playthroughId]) else { return [] }
            return try JSONDecoder().decode([PlayStep].self, from: Data(json.utf8))
        }
    }

    /// The source of a story that runs with its state; nil for any other story.
    public func storySource(storyId: Int64) throws -> StorySource? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT format, twee FROM story_sources WHERE story_id = ?", arguments: [storyId])
                .map { StorySource(format: $0["format"], twee: $0["twee"]) }
        }
    }
}
