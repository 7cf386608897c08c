import Foundation
import GRDB
import StoryCore
@testable import StoryStore
import Testing

/// Every table keeps its times in one form, ISO-8601 UTC with milliseconds, whether a row
/// was written by hand-made SQL or by a Codable record.
@Test func everyTimestampIsISO8601() throws {
    let store = try AppDatabase.inMemory()
    _ = try store.prepareFirstRun(samples: [])
    let profile = try #require(try store.defaultProfile())
    let hero = try store.createHero(Hero(profileId: profile.id!, name: "Mira", primaryTrait: .brave, secondaryTrait: .kind))
    _ = try store.queueJobs([StoryJob(profileId: profile.id!, brief: StoryJob.Brief(seed: 1))])
    let pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
    try store.writer.read { db in
        for (table, column) in [("profiles", "created_at"), ("heroes", "updated_at"), ("story_jobs", "created_at")] {
            for value in try String.fetchAll(db, sql: "SELECT \(column) FROM \(table)") {
                #expect(value.wholeMatch(of: pattern) != nil, "\(table).\(column) = \(value)")
            }
        }
    }
    let stored = try #require(try store.hero(id: hero.id!))
    #expect(Timestamp.string(from: stored.createdAt) == Timestamp.string(from: hero.createdAt))
}
