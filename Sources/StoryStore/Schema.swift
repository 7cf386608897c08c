import GRDB

/// The migrations, append-only: a shipped migration is never edited; a change to the
/// schema is a new migration appended here.
enum Schema {
    /// The schema version the newest migration gives (also `PRAGMA user_version`).
    static let version = 7

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6") { db in
            try db.execute(sql: v6)
        }
        migrator.registerMigration("v7") { db in
            try db.execute(sql: v7)
        }
        return migrator
    }

    // MARK: - v1

    /// `now` in the one timestamp form (see `Timestamp`).
    private static let now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
    private static let stamps = """
        created_at TEXT NOT NULL DEFAULT (\(now)),
          updated_at TEXT NOT NULL DEFAULT (\(now))
        """
    /// A name-like column: 1 to `max` characters after trimming, no C0/C1 control characters.
    private static func nameCheck(_ column: String, max: Int) -> String {
        """
        CHECK (length(trim(\(column), ' ' || char(9, 10, 13))) BETWEEN 1 AND \(max)
                 AND \(column) NOT GLOB ('*[' || char(\((Array(1...31) + Array(127...159)).map(String.init).joined(separator: ","))) || ']*'))
        """
    }
    private static func bool(_ column: String, default value: Int) -> String {
        "\(column) INTEGER NOT NULL DEFAULT \(value) CHECK (\(column) IN (0, 1))"
    }
    private static func oneOf(_ column: String, _ values: [String]) -> String {
        "CHECK (\(column) IN (\(values.map { "'\($0)'" }.joined(separator: ", "))))"
    }
    private static func jsonArray(_ column: String) -> String {
        "\(column) TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(\(column)) AND json_type(\(column)) = 'array')"
    }
    private static let ageRanges = ["4-6", "6-8", "8-10", "all"]
    private static let traits = ["brave", "curious", "kind", "clever", "funny", "creative", "gentle", "determined",
                                 "loyal", "magical"]
    /// Keeps `updated_at` current on every update that does not set it itself.
    private static func touchTrigger(_ table: String) -> String {
        """
        CREATE TRIGGER \(table)_updated_at AFTER UPDATE ON \(table)
        FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
        BEGIN
          UPDATE \(table) SET updated_at = \(now) WHERE rowid = NEW.rowid;
        END;
        """
    }
    /// A choice leads to a passage of its own story (a foreign key cannot say so).
    private static func sameStoryTrigger(_ name: String, event: String) -> String {
        """
        CREATE TRIGGER story_choices_same_story_\(name) BEFORE \(event) ON story_choices
        FOR EACH ROW WHEN NEW.target_node_id IS NOT NULL
          AND (SELECT story_id FROM story_nodes WHERE id = NEW.node_id)
              IS NOT (SELECT story_id FROM story_nodes WHERE id = NEW.target_node_id)
        BEGIN
          SELECT RAISE(ABORT, 'a choice must lead to a passage of its own story');
        END;
        """
    }
    private static let tables = [
        "profiles", "heroes", "hero_avatars", "story_templates", "stories", "story_nodes", "story_choices",
        "story_jobs", "generation_attempts", "playthroughs", "content_flags",
    ]

    static let v1 = """
        CREATE TABLE profiles (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE \(nameCheck("name", max: 50)),
          \(stamps)
        ) STRICT;

        CREATE TABLE heroes (
          id INTEGER PRIMARY KEY,
          uuid TEXT NOT NULL UNIQUE CHECK (length(uuid) BETWEEN 1 AND 64),
          profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
          name TEXT NOT NULL \(nameCheck("name", max: 50)),
          pronouns TEXT NOT NULL DEFAULT 'they' \(nameCheck("pronouns", max: 30)),
          primary_trait TEXT NOT NULL \(oneOf("primary_trait", traits)),
          secondary_trait TEXT NOT NULL \(oneOf("secondary_trait", traits)),
          appearance TEXT NOT NULL DEFAULT '' CHECK (length(appearance) <= 500),
          special_ability TEXT NOT NULL DEFAULT '' CHECK (length(special_ability) <= 200),
          visual_profile TEXT NOT NULL DEFAULT '{}'
            CHECK (json_valid(visual_profile) AND json_type(visual_profile) = 'object'),
          \(bool("is_active", default: 1)),
          \(stamps),
          CHECK (primary_trait <> secondary_trait)
        ) STRICT;
        CREATE INDEX heroes_by_profile ON heroes(profile_id);

        CREATE TABLE hero_avatars (
          id INTEGER PRIMARY KEY,
          hero_id INTEGER NOT NULL REFERENCES heroes(id) ON DELETE CASCADE,
          art TEXT NOT NULL,
          style TEXT NOT NULL CHECK (length(style) BETWEEN 1 AND 40),
          seed INTEGER NOT NULL,
          \(bool("is_primary", default: 0)),
          \(stamps)
        ) STRICT;
        CREATE INDEX hero_avatars_by_hero ON hero_avatars(hero_id);
        CREATE UNIQUE INDEX hero_avatars_one_primary ON hero_avatars(hero_id) WHERE is_primary = 1;

        CREATE TABLE story_templates (
          id INTEGER PRIMARY KEY,
          title TEXT NOT NULL \(nameCheck("title", max: 100)),
          description TEXT NOT NULL DEFAULT '',
          prompt_seed TEXT NOT NULL DEFAULT '',
          category TEXT NOT NULL \(oneOf("category", ["adventure", "fantasy", "science", "nature", "friendship", "mystery"])),
          age_range TEXT NOT NULL DEFAULT 'all' \(oneOf("age_range", ageRanges)),
          tone TEXT NOT NULL \(oneOf("tone", ["calming", "exciting", "educational", "humorous"])),
          \(jsonArray("keywords")),
          usage_count INTEGER NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
          \(bool("is_favorite", default: 0)),
          \(bool("built_in", default: 0)),
          \(stamps)
        ) STRICT;

        CREATE TABLE stories (
          id INTEGER PRIMARY KEY,
          uuid TEXT NOT NULL UNIQUE CHECK (length(uuid) BETWEEN 1 AND 64),
          profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
          title TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 200),
          summary TEXT NOT NULL DEFAULT '',
          theme TEXT NOT NULL DEFAULT '',
          language TEXT NOT NULL DEFAULT 'en' CHECK (length(language) BETWEEN 2 AND 35),
          age_range TEXT NOT NULL DEFAULT 'all' \(oneOf("age_range", ageRanges)),
          moral TEXT NOT NULL DEFAULT '',
          hero_id INTEGER REFERENCES heroes(id) ON DELETE SET NULL,
          template_id INTEGER REFERENCES story_templates(id) ON DELETE SET NULL,
          source TEXT NOT NULL \(oneOf("source", ["generated", "imported", "written"])),
          status TEXT NOT NULL DEFAULT 'ready' \(oneOf("status", ["draft", "generating", "ready", "failed"])),
          word_count INTEGER NOT NULL DEFAULT 0 CHECK (word_count >= 0),
          \(bool("is_favorite", default: 0)),
          rating INTEGER CHECK (rating BETWEEN 1 AND 5),
          play_count INTEGER NOT NULL DEFAULT 0 CHECK (play_count >= 0),
          last_played_at TEXT,
          \(stamps),
          -- A story being written gets its title when it is finished.
          CHECK (status IN ('draft', 'generating') OR length(trim(title)) > 0)
        ) STRICT;
        CREATE INDEX stories_by_profile ON stories(profile_id);
        CREATE INDEX stories_by_hero ON stories(hero_id);
        CREATE INDEX stories_by_template ON stories(template_id);

        CREATE TABLE story_nodes (
          id INTEGER PRIMARY KEY,
          story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
          content TEXT NOT NULL DEFAULT '',
          name TEXT CHECK (length(name) >= 1),
          \(jsonArray("tags")),
          \(bool("is_root", default: 0)),
          \(bool("is_ending", default: 0)),
          \(bool("is_winning_ending", default: 0)),
          depth INTEGER NOT NULL DEFAULT 0 CHECK (depth >= 0),
          status TEXT NOT NULL DEFAULT 'ready' \(oneOf("status", ["pending", "writing", "ready", "failed"])),
          \(stamps),
          CHECK (is_winning_ending = 0 OR is_ending = 1)
        ) STRICT;
        CREATE INDEX story_nodes_by_story ON story_nodes(story_id);
        CREATE UNIQUE INDEX story_nodes_one_root ON story_nodes(story_id) WHERE is_root = 1;
        CREATE UNIQUE INDEX story_nodes_unique_name ON story_nodes(story_id, name) WHERE name IS NOT NULL;

        CREATE TABLE story_choices (
          id INTEGER PRIMARY KEY,
          node_id INTEGER NOT NULL REFERENCES story_nodes(id) ON DELETE CASCADE,
          position INTEGER NOT NULL CHECK (position >= 0),
          text TEXT NOT NULL CHECK (length(trim(text)) BETWEEN 1 AND 500),
          target_node_id INTEGER REFERENCES story_nodes(id) ON DELETE SET NULL,
          \(stamps),
          UNIQUE (node_id, position)
        ) STRICT;
        CREATE INDEX story_choices_by_target ON story_choices(target_node_id);
        \(sameStoryTrigger("insert", event: "INSERT"))
        \(sameStoryTrigger("update", event: "UPDATE OF node_id, target_node_id"))

        CREATE TABLE story_jobs (
          id INTEGER PRIMARY KEY,
          uuid TEXT NOT NULL UNIQUE CHECK (length(uuid) BETWEEN 1 AND 64),
          profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
          story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL,
          brief TEXT NOT NULL CHECK (json_valid(brief) AND json_type(brief) = 'object'),
          status TEXT NOT NULL DEFAULT 'queued'
            \(oneOf("status", ["queued", "running", "completed", "failed", "cancelled"])),
          current_stage TEXT \(oneOf("current_stage", ["plan", "write", "finish", "completed"])),
          \(jsonArray("completed_stages")),
          nodes_total INTEGER NOT NULL DEFAULT 0 CHECK (nodes_total >= 0),
          nodes_done INTEGER NOT NULL DEFAULT 0 CHECK (nodes_done BETWEEN 0 AND nodes_total),
          progress REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
          error TEXT,
          retry_count INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
          \(bool("can_resume", default: 1)),
          worker TEXT,
          heartbeat_at TEXT,
          tokens_in INTEGER NOT NULL DEFAULT 0 CHECK (tokens_in >= 0),
          tokens_out INTEGER NOT NULL DEFAULT 0 CHECK (tokens_out >= 0),
          cost_usd REAL NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
          \(stamps),
          started_at TEXT,
          completed_at TEXT,
          CHECK (status <> 'running' OR worker IS NOT NULL)
        ) STRICT;
        CREATE INDEX story_jobs_by_status ON story_jobs(status);
        CREATE INDEX story_jobs_by_story ON story_jobs(story_id);
        CREATE INDEX story_jobs_by_profile ON story_jobs(profile_id);

        CREATE TABLE generation_attempts (
          generation_id TEXT NOT NULL CHECK (length(generation_id) >= 1),
          attempt_number INTEGER NOT NULL CHECK (attempt_number >= 1),
          job_id INTEGER NOT NULL REFERENCES story_jobs(id) ON DELETE CASCADE,
          node_id INTEGER REFERENCES story_nodes(id) ON DELETE SET NULL,
          writer TEXT NOT NULL CHECK (length(writer) >= 1),
          model TEXT NOT NULL DEFAULT '',
          prompt TEXT NOT NULL DEFAULT '',
          response TEXT,
          status TEXT NOT NULL DEFAULT 'pending' \(oneOf("status", ["pending", "success", "failed", "timeout"])),
          error TEXT,
          tokens_in INTEGER NOT NULL DEFAULT 0 CHECK (tokens_in >= 0),
          tokens_out INTEGER NOT NULL DEFAULT 0 CHECK (tokens_out >= 0),
          cost_usd REAL NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
          latency_ms INTEGER CHECK (latency_ms >= 0),
          \(stamps),
          completed_at TEXT,
          PRIMARY KEY (generation_id, attempt_number)
        ) STRICT;
        CREATE INDEX generation_attempts_by_job ON generation_attempts(job_id);
        CREATE INDEX generation_attempts_by_node ON generation_attempts(node_id);
        CREATE INDEX generation_attempts_by_status ON generation_attempts(status);
        CREATE INDEX generation_attempts_by_created_at ON generation_attempts(created_at);
        CREATE INDEX generation_attempts_by_model ON generation_attempts(model);

        CREATE TABLE playthroughs (
          id INTEGER PRIMARY KEY,
          profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
          story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
          current_node_id INTEGER REFERENCES story_nodes(id) ON DELETE SET NULL,
          \(jsonArray("path")),
          started_at TEXT NOT NULL DEFAULT (\(now)),
          finished_at TEXT,
          ending_node_id INTEGER REFERENCES story_nodes(id) ON DELETE SET NULL,
          \(stamps)
        ) STRICT;
        CREATE INDEX playthroughs_by_story ON playthroughs(story_id, profile_id);
        CREATE INDEX playthroughs_by_profile ON playthroughs(profile_id);
        CREATE INDEX playthroughs_by_current_node ON playthroughs(current_node_id);
        CREATE INDEX playthroughs_by_ending_node ON playthroughs(ending_node_id);
        -- One autosaved (unfinished) playthrough per story and profile.
        CREATE UNIQUE INDEX playthroughs_one_open ON playthroughs(profile_id, story_id) WHERE finished_at IS NULL;

        CREATE TABLE content_flags (
          id INTEGER PRIMARY KEY,
          content_type TEXT NOT NULL \(oneOf("content_type", ["story", "node", "prompt", "hero"])),
          content_id INTEGER NOT NULL,
          job_id INTEGER REFERENCES story_jobs(id) ON DELETE SET NULL,
          flag_type TEXT NOT NULL \(oneOf("flag_type", ["violence", "fear", "inappropriate", "other"])),
          severity TEXT NOT NULL \(oneOf("severity", ["low", "medium", "high"])),
          action_taken TEXT NOT NULL \(oneOf("action_taken", ["filtered", "rejected", "modified", "approved"])),
          original_text TEXT NOT NULL,
          modified_text TEXT,
          \(stamps)
        ) STRICT;
        CREATE INDEX content_flags_by_content ON content_flags(content_type, content_id);
        CREATE INDEX content_flags_by_job ON content_flags(job_id);

        \(tables.map(touchTrigger).joined(separator: "\n"))

        PRAGMA user_version = 1;
        """

    // MARK: - v2

    /// The library counts every story's pages, endings and ready pages when it opens: with
    /// the state in the index those counts never read a page's row (a 1,000-story library
    /// listed in half the time).
    private static let v2 = """
        DROP INDEX story_nodes_by_story;
        CREATE INDEX story_nodes_by_story_and_state ON story_nodes(story_id, is_ending, status);
        PRAGMA user_version = 2;
        """

    // MARK: - v3

    /// A hero who stars in a story is archived, never deleted: the story would lose its
    /// hero. (Deleting the whole profile still takes its heroes and stories with it.)
    private static let v3 = """
        CREATE TRIGGER heroes_kept_while_starring BEFORE DELETE ON heroes
        FOR EACH ROW WHEN EXISTS (SELECT 1 FROM stories WHERE hero_id = OLD.id)
          AND EXISTS (SELECT 1 FROM profiles WHERE id = OLD.profile_id)
        BEGIN
          SELECT RAISE(ABORT, 'this hero stars in a story: archive the hero instead');
        END;
        PRAGMA user_version = 3;
        """

    // MARK: - v4

    /// The templates Forktale ships stay as shipped: they cannot be deleted or rewritten
    /// (being a favourite and being used still change).
    private static let v4 = """
        CREATE TRIGGER story_templates_built_in_kept BEFORE DELETE ON story_templates
        FOR EACH ROW WHEN OLD.built_in = 1
        BEGIN
          SELECT RAISE(ABORT, 'a built-in template cannot be deleted');
        END;
        CREATE TRIGGER story_templates_built_in_unchanged
        BEFORE UPDATE OF title, description, prompt_seed, category, age_range, tone, keywords, built_in ON story_templates
        FOR EACH ROW WHEN OLD.built_in = 1
        BEGIN
          SELECT RAISE(ABORT, 'a built-in template cannot be changed');
        END;
        PRAGMA user_version = 4;
        """

    // MARK: - v5

    /// A model server that does not report its token counts gets them estimated; the
    /// attempt says so, and usage reports count such attempts.
    private static let v5 = """
        ALTER TABLE generation_attempts ADD COLUMN tokens_estimated INTEGER NOT NULL DEFAULT 0
          CHECK (tokens_estimated IN (0, 1));
        PRAGMA user_version = 5;
        """

    // MARK: - v6

    /// A story imported from Twine keeps the story format its file named (SugarCube 2.31.1,
    /// Harlowe 3.1.0), so a Twee export names it again. NULL: not known (written here, or
    /// a file that did not say); a version needs a format.
    private static let v6 = """
        ALTER TABLE stories ADD COLUMN story_format TEXT
          CHECK (story_format IS NULL OR length(trim(story_format)) BETWEEN 1 AND 100);
        ALTER TABLE stories ADD COLUMN story_format_version TEXT
          CHECK (story_format_version IS NULL
                 OR (story_format IS NOT NULL AND length(trim(story_format_version)) BETWEEN 1 AND 50));
        PRAGMA user_version = 6;
        """

    // MARK: - v7

    /// A Twine story that runs with its state keeps its source (Twee 3, in the format it
    /// names), read again when it is played; a playthrough of it keeps its pages (the state
    /// each was entered with and the reveals taken), so back and resume are exact. Apart
    /// from the story and playthrough rows, so that lists never load them.
    private static let v7 = """
        CREATE TABLE story_sources (
          story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
          format TEXT NOT NULL CHECK (format IN ('Harlowe', 'SugarCube', 'Chapbook')),
          twee TEXT NOT NULL CHECK (length(twee) > 0)
        ) STRICT;
        CREATE TABLE playthrough_steps (
          playthrough_id INTEGER PRIMARY KEY REFERENCES playthroughs(id) ON DELETE CASCADE,
          \(jsonArray("steps"))
        ) STRICT;
        PRAGMA user_version = 7;
        """
}
