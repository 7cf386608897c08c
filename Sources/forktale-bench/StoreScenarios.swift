import Foundation
import StoryCore
import StoryStore

/// A generated story of `count` passages, each with two choices (the graph loops back, as
/// Twine stories may), and passage texts of realistic length.
struct SyntheticStory {
    var story: Story
    var nodes: [StoryNode]
    var choices: [StoryChoice.Draft]

    init(passages count: Int, profileId: Int64, title: String = "Benchmark") {
        let stamp = Date(timeIntervalSince1970: 1_800_000_000)
        story = Story(profileId: profileId, title: title, summary: "A generated story for benchmarks.",
                      theme: "space", source: .generated, wordCount: count * 60, createdAt: stamp)
        nodes = (0..<count).map { index in
            StoryNode(
                content: "Passage \(index). The little ship hummed along the quiet stars, and the crew looked out at "
                    + "a silver moon that seemed to wink. Somewhere below, a garden of glowing plants waited for "
                    + "someone brave enough to land and say hello to the friendly creatures living there.",
                isRoot: index == 0, depth: Int(log2(Double(index + 1))), createdAt: stamp)
        }
        choices = (0..<count).flatMap { index in
            [StoryChoice.Draft(from: index, position: 0, text: "Fly toward the moon", target: (2 * index + 1) % count),
             StoryChoice.Draft(from: index, position: 1, text: "Land in the garden", target: (2 * index + 2) % count)]
        }
    }

    /// The rows of a story read from a file, for the same baseline.
    init(story: Story, nodes: [StoryNode], choices: [StoryChoice.Draft]) {
        self.story = story
        self.nodes = nodes
        self.choices = choices
    }

    var rowCount: Int { 1 + nodes.count + choices.count }
}

/// `store.insert`: a 10,000-passage story through `AppDatabase.insertStory` against the same
/// rows through raw sqlite3 (prepared statements, one transaction, same pragmas and schema).
struct StoreInsertScenario: Scenario {
    let name = "store.insert"

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let passages = quick ? 2_000 : 10_000
        // Commits meet disk noise (WAL checkpoints): enough rounds that the best of each is steady.
        let rounds = quick ? 2 : 9
        let input = SyntheticStory(passages: passages, profileId: 1)
        var best = (store: Double.infinity, raw: Double.infinity)
        for round in 0..<rounds {
            // Alternate which goes first so neither always meets a warmer cache.
            if round % 2 == 0 {
                best.store = min(best.store, try timeStore(input, workspace: workspace, round: round))
                best.raw = min(best.raw, try rawInsertSeconds(input, workspace: workspace, round: round))
            } else {
                best.raw = min(best.raw, try rawInsertSeconds(input, workspace: workspace, round: round))
                best.store = min(best.store, try timeStore(input, workspace: workspace, round: round))
            }
        }
        let rows = Double(input.rowCount)
        return [
            Measurement(scenario: name, metric: "rows_per_s", value: rows / best.store, unit: "rows/s",
                        baseline: rows / best.raw),
            Measurement(scenario: name, metric: "story_ms", value: best.store * 1000, unit: "ms"),
            Measurement(scenario: name, metric: "rows", value: rows, unit: "rows"),
        ]
    }


    private func timeStore(_ input: SyntheticStory, workspace: Workspace, round: Int) throws -> Double {
        let path = workspace.file("store-\(round).sqlite")
        try freshDatabase(path, workspace: workspace)
        let store = try AppDatabase.openFile(at: path)
        let time = try seconds { try store.insertStory(input.story, nodes: input.nodes, choices: input.choices) }
        workspace.removeDatabase(path)
        return time
    }

}

/// A new database with the schema and the default profile, closed again.
func freshDatabase(_ path: String, workspace: Workspace) throws {
    workspace.removeDatabase(path)
    try AppDatabase.openFile(at: path).prepareFirstRun(samples: [])
}

/// The baseline of every store figure: the same rows inserted with raw sqlite3 (prepared
/// statements, one transaction, the same pragmas and schema) into a fresh database.
func rawInsertSeconds(_ input: SyntheticStory, workspace: Workspace, round: Int) throws -> Double {
    let path = workspace.file("raw-\(round).sqlite")
    try freshDatabase(path, workspace: workspace)
    let raw = try RawSQLite(path: path)
    try raw.execute("PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; " + AppDatabase.writerPragmas)
    let story = input.story
    let stamp = Timestamp.string(from: story.createdAt)
    let time = try seconds {
        try raw.execute("BEGIN IMMEDIATE")
        let insertStory = try raw.prepare("""
            INSERT INTO stories (uuid, profile_id, title, summary, theme, language, age_range, moral, hero_id,
              template_id, source, status, word_count, is_favorite, rating, play_count, last_played_at,
              created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, 0, NULL, 0, NULL, ?, ?)
            """)
        insertStory.bind(2, story.profileId)
        insertStory.bind(11, Int64(story.wordCount))
        try insertStory.run(texts: [
            (1, story.uuid), (3, story.title), (4, story.summary), (5, story.theme), (6, story.language),
            (7, story.ageRange.rawValue), (8, story.moral), (9, story.source.rawValue),
            (10, story.status.rawValue), (12, stamp), (13, stamp),
        ])
        let storyId = raw.lastInsertedRowID

        let insertNode = try raw.prepare("""
            INSERT INTO story_nodes
              (story_id, content, name, tags, is_root, is_ending, is_winning_ending, depth, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var nodeIds: [Int64] = []
        nodeIds.reserveCapacity(input.nodes.count)
        for node in input.nodes {
            insertNode.bind(1, storyId)
            insertNode.bind(5, node.isRoot ? 1 : 0)
            insertNode.bind(6, node.isEnding ? 1 : 0)
            insertNode.bind(7, node.isWinningEnding ? 1 : 0)
            insertNode.bind(8, Int64(node.depth))
            let tags = node.tags.isEmpty ? "[]" : "[" + node.tags.map { "\"\($0)\"" }.joined(separator: ",") + "]"
            var texts: [(Int32, String)] = [(2, node.content), (4, tags), (9, node.status.rawValue), (10, stamp), (11, stamp)]
            if let name = node.name { texts.append((3, name)) } else { insertNode.bindNull(3) }
            try insertNode.run(texts: texts)
            nodeIds.append(raw.lastInsertedRowID)
        }

        let insertChoice = try raw.prepare("""
            INSERT INTO story_choices (node_id, position, text, target_node_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for choice in input.choices {
            insertChoice.bind(1, nodeIds[choice.from])
            insertChoice.bind(2, Int64(choice.position))
            if let target = choice.target { insertChoice.bind(4, nodeIds[target]) } else { insertChoice.bindNull(4) }
            try insertChoice.run(texts: [(3, choice.text), (5, stamp), (6, stamp)])
        }
        try raw.execute("COMMIT")
    }
    let stored = try raw.int("SELECT count(*) FROM story_choices")
    guard stored == input.choices.count else { throw RawError(message: "baseline stored \(stored) choices") }
    workspace.removeDatabase(path)
    return time
}

/// `store.open`: opening an existing library of 1,000 stories (migration check included)
/// against a raw sqlite3 open with the same pragmas and a first read.
struct StoreOpenScenario: Scenario {
    let name = "store.open"

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let storyCount = quick ? 100 : 1_000
        let rounds = quick ? 5 : 30
        let path = workspace.file("library.sqlite")
        do {
            let store = try AppDatabase.openFile(at: path)
            try store.prepareFirstRun(samples: [])
            let profile = try store.defaultProfile()!.id!
            for index in 0..<storyCount {
                let input = SyntheticStory(passages: 8, profileId: profile, title: "Story \(index)")
                try store.insertStory(input.story, nodes: input.nodes, choices: input.choices)
            }
        }
        var best = (store: Double.infinity, raw: Double.infinity)
        for _ in 0..<rounds {
            best.store = min(best.store, try seconds {
                let store = try AppDatabase.openFile(at: path)
                guard try !store.needsFirstRun() else { throw RawError(message: "the library lost its profile") }
            })
            best.raw = min(best.raw, try seconds {
                let raw = try RawSQLite(path: path)
                try raw.execute("PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; " + AppDatabase.writerPragmas)
                guard try raw.int("SELECT count(*) FROM grdb_migrations") > 0,
                      try raw.int("SELECT count(*) FROM profiles") > 0
                else { throw RawError(message: "the library lost its profile") }
            })
        }
        return [
            Measurement(scenario: name, metric: "opens_per_s", value: 1 / best.store, unit: "opens/s",
                        baseline: 1 / best.raw),
            Measurement(scenario: name, metric: "open_ms", value: best.store * 1000, unit: "ms"),
            Measurement(scenario: name, metric: "stories", value: Double(storyCount), unit: "stories"),
        ]
    }
}
