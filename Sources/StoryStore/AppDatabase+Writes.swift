import Foundation
import GRDB
import StoryCore

// MARK: - Profiles

extension AppDatabase {
    /// Adds a profile (a reader sharing this machine). Names are unique.
    @discardableResult
    public func createProfile(named name: String) throws -> Profile {
        var profile = Profile(name: name.trimmingCharacters(in: .whitespacesAndNewlines), createdAt: now())
        try profile.validate().throwFirst()
        return try write { db in
            if try Profile.filter(Column("name") == profile.name).fetchCount(db) > 0 {
                throw StoreError.duplicate("A profile named \"\(profile.name)\" already exists: choose another name.")
            }
            try profile.insert(db)
            return profile
        }
    }

    /// Whether this database has never been set up (no profile yet).
    public func needsFirstRun() throws -> Bool {
        try read { db in try Profile.fetchCount(db) == 0 }
    }

    /// Sets up a new database in one transaction: the default profile and the sample
    /// library. Does nothing (and returns false) when another process got there first.
    @discardableResult
    public func prepareFirstRun(samples: [StoryDraft]) throws -> Bool {
        for sample in samples { try sample.validate().throwFirst() }
        return try write { db in
            guard try Profile.fetchCount(db) == 0 else { return false }
            var profile = Profile(name: Profile.defaultName, createdAt: now())
            try profile.insert(db)
            for sample in samples {
                var story = sample.story
                story.profileId = profile.id!
                _ = try insertStory(story, nodes: sample.nodes, choices: sample.choices, in: db)
            }
            return true
        }
    }
}

// MARK: - Stories

extension AppDatabase {
    /// Stores a whole story (its row, passages and choices) in one transaction: all of it,
    /// or nothing. `choices` refer to passages by their index in `nodes`.
    /// Returns the story with its new id.
    @discardableResult
    public func insertStory(_ story: Story, nodes: [StoryNode], choices: [StoryChoice.Draft], source: StorySource? = nil) throws -> Story {
        try StoryDraft(story: story, nodes: nodes, choices: choices).validate().throwFirst()
        return try write { db in
            let stored = try insertStory(story, nodes: nodes, choices: choices, in: db)
            if let source {
                try db.execute(sql: "INSERT INTO story_sources (story_id, format, twee) VALUES (?, ?, ?)",
                               arguments: [stored.id, source.format, source.twee])
            }
            return stored
        }
    }

    /// The bulk path: cached statements, one row per `execute`, no per-row Codable encoding.
    func insertStory(
        _ story: Story, nodes: [StoryNode], choices: [StoryChoice.Draft], in db: Database
    ) throws -> Story {
        var story = story
        let stamp = timestamp
        let insertStory = try db.cachedStatement(sql: """
            INSERT INTO stories
              (uuid, profile_id, title, summary, theme, language, age_range, moral, story_format, story_format_version,
               hero_id, template_id, source, status, word_count, is_favorite, rating, play_count, last_played_at,
               created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try insertStory.execute(arguments: [
            story.uuid, story.profileId, story.title, story.summary, story.theme, story.language, story.ageRange.rawValue,
            story.moral, story.storyFormat, story.storyFormatVersion, story.heroId, story.templateId, story.source.rawValue, story.status.rawValue, story.wordCount,
            story.isFavorite, story.rating, story.playCount, story.lastPlayedAt.map(Timestamp.string(from:)),
            Timestamp.string(from: story.createdAt), Timestamp.string(from: story.updatedAt),
        ])
        story.id = db.lastInsertedRowID
        let storyId = story.id!

        let insertNode = try db.cachedStatement(sql: """
            INSERT INTO story_nodes
              (story_id, content, name, tags, is_root, is_ending, is_winning_ending, depth, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var nodeIds: [Int64] = []
        nodeIds.reserveCapacity(nodes.count)
        for node in nodes {
            insertNode.setUncheckedArguments([
                storyId, node.content, node.name, try JSONText.array(node.tags), node.isRoot, node.isEnding,
                node.isWinningEnding, node.depth, node.status.rawValue, stamp, stamp,
            ])
            try insertNode.execute()
            nodeIds.append(db.lastInsertedRowID)
        }

        let insertChoice = try db.cachedStatement(sql: """
            INSERT INTO story_choices (node_id, position, text, target_node_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for choice in choices {
            insertChoice.setUncheckedArguments([
                nodeIds[choice.from], choice.position, choice.text, choice.target.map { nodeIds[$0] }, stamp, stamp,
            ])
            try insertChoice.execute()
        }
        return story
    }

    /// Marks or unmarks a story as a favourite.
    public func setFavourite(storyId: Int64, _ favourite: Bool) throws {
        try write { db in
            try db.execute(sql: "UPDATE stories SET is_favorite = ? WHERE id = ?", arguments: [favourite, storyId])
        }
    }

    /// Deletes a story with its passages, choices and playthroughs. Returns false when
    /// there was no such story.
    @discardableResult
    public func deleteStory(id: Int64) throws -> Bool {
        try write { db in
            // A job still writing the story stops (its worker loses the claim), and says
            // why; it stays, with its attempts and what they cost. Retried, it writes the
            // story anew.
            try db.execute(sql: """
                UPDATE story_jobs SET status = 'cancelled', error = 'Its story was deleted.', worker = NULL, heartbeat_at = NULL,
                  completed_at = ?
                WHERE story_id = ? AND status IN ('queued', 'running')
                """, arguments: [timestamp, id])
            return try Story.deleteOne(db, key: id)
        }
    }
}

/// JSON text for array columns, with the common empty case free.
enum JSONText {
    static func array(_ values: [String]) throws -> String {
        values.isEmpty ? "[]" : String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
    }
}
