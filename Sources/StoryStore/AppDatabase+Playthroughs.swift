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

    /// Whether a story has more than `count` pages: read from the index up to that many
    /// (counting a million takes 40 ms).
    public func hasPages(moreThan count: Int, storyId: Int64) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM story_nodes WHERE story_id = ? LIMIT 1 OFFSET ?)", arguments: [storyId, count]) ?? false
        }
    }

    /// Some pages of a story too large to load whole: the opening, the pages `around`, and
    /// every page up to `depth` choices on from those, each with its choices; with the
    /// story's page and ending counts when `counting` (40 ms for a million pages, so more
    /// pages of a story already open skip them). Nil when there is no such story.
    public func storyPages(id: Int64, around ids: [Int64], depth: Int, counting: Bool = true) throws -> StoryContent? {
        try read { db in
            guard let story = try Story.fetchOne(db, key: id) else { return nil }
            let near = try Int64.fetchAll(db, sql: """
                WITH RECURSIVE near(id, hops) AS (
                  SELECT value, 0 FROM json_each(?)
                  UNION SELECT id, 0 FROM story_nodes WHERE story_id = ? AND is_root = 1
                  UNION SELECT c.target_node_id, near.hops + 1 FROM story_choices c JOIN near ON c.node_id = near.id
                    WHERE near.hops < ? AND c.target_node_id IS NOT NULL)
                SELECT DISTINCT id FROM near
                """, arguments: [String(decoding: try JSONEncoder().encode(ids), as: UTF8.self), id, depth])
            let arguments: StatementArguments = [String(decoding: try JSONEncoder().encode(near), as: UTF8.self), id]
            // "+story_id": by id, not by scanning the story's index (135 ms for 1M pages).
            let nodes = try StoryNode.fetchAll(db, sql: """
                SELECT * FROM story_nodes WHERE id IN (SELECT value FROM json_each(?)) AND +story_id = ? ORDER BY id
                """, arguments: arguments)
            let choices = try StoryChoice.fetchAll(db, sql: """
                SELECT c.* FROM story_choices c JOIN story_nodes n ON n.id = c.node_id
                WHERE c.node_id IN (SELECT value FROM json_each(?)) AND +n.story_id = ? ORDER BY c.node_id, c.position
                """, arguments: arguments)
            guard counting else { return StoryContent(story: story, nodes: nodes, choices: choices) }
            // Both counts read only the index on (story_id, is_ending).
            let pages = try Int.fetchOne(db, sql: "SELECT count(*) FROM story_nodes WHERE story_id = ?", arguments: [id])
            let endings = try Int.fetchOne(db, sql: "SELECT count(*) FROM story_nodes WHERE story_id = ? AND is_ending = 1", arguments: [id])
            return StoryContent(story: story, nodes: nodes, choices: choices, pageCount: pages, endingCount: endings)
        }
    }

    /// Every link of a story as ids and labels, in order (no page text): what the Map's
    /// outline of a story too large to load whole is built from.
    public func storyLinks(id: Int64) throws -> StoryLinks {
        try read { db in
            let root = try Int64.fetchOne(db, sql: "SELECT id FROM story_nodes WHERE story_id = ? AND is_root = 1", arguments: [id])
            let pages = try Int64.fetchAll(db, sql: "SELECT id FROM story_nodes WHERE story_id = ? ORDER BY id", arguments: [id])
            var links: [Int64: [StoryLinks.Link]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT c.node_id, c.text, c.target_node_id FROM story_choices c JOIN story_nodes n ON n.id = c.node_id
                WHERE n.story_id = ? AND c.target_node_id IS NOT NULL ORDER BY c.node_id, c.position
                """, arguments: [id])
            while let row = try rows.next() {
                links[row[0], default: []].append(StoryLinks.Link(text: row[1], target: row[2]))
            }
            return StoryLinks(root: root, pages: pages, links: links)
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
