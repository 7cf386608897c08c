import Foundation
import GRDB
import StoryCore

/// A hero as the gallery shows them: with their primary portrait and how many stories
/// they star in.
public struct HeroSummary: Hashable, Sendable {
    public var hero: Hero
    public var primaryAvatar: HeroAvatar?
    public var storyCount: Int

    public init(hero: Hero, primaryAvatar: HeroAvatar?, storyCount: Int) {
        self.hero = hero
        self.primaryAvatar = primaryAvatar
        self.storyCount = storyCount
    }
}

extension AppDatabase {
    /// Adds a hero, checked, with their first portrait as the primary one, in one
    /// transaction: nothing is stored when either is refused.
    @discardableResult
    public func createHero(_ hero: Hero, avatar: HeroAvatar? = nil) throws -> Hero {
        let hero = try Self.checked(hero)
        return try write { db in
            var hero = hero
            try Self.refuseTakenName(of: hero, db)
            try hero.insert(db)
            if var avatar {
                avatar.heroId = hero.id!
                avatar.isPrimary = true
                try avatar.insert(db)
            }
            return hero
        }
    }

    /// Saves a hero's new details and returns them as stored. `redrawn` replaces the art of
    /// their portraits (a new look redraws every one, each with its own seed).
    @discardableResult
    public func updateHero(_ hero: Hero, redrawn: [HeroAvatar] = []) throws -> Hero {
        var hero = try Self.checked(hero)
        return try write { db in
            try Self.refuseTakenName(of: hero, db)
            hero.updatedAt = now()
            try hero.update(db)
            for avatar in redrawn where avatar.heroId == hero.id {
                try db.execute(
                    sql: "UPDATE hero_avatars SET art = ?, style = ? WHERE id = ? AND hero_id = ?",
                    arguments: [avatar.art, avatar.style, avatar.id, hero.id])
            }
            return hero
        }
    }

    public func hero(id: Int64) throws -> Hero? {
        try read { db in try Hero.fetchOne(db, key: id) }
    }

    /// The profile's heroes by name: the active ones, or the archived ones.
    public func heroes(profileId: Int64, archived: Bool = false) throws -> [Hero] {
        try read { db in
            try Hero.filter(Column("profile_id") == profileId && Column("is_active") == !archived)
                .order(Column("name").collating(.localizedCaseInsensitiveCompare)).fetchAll(db)
        }
    }

    /// The gallery: the profile's heroes (active or archived) by name, each with their
    /// primary portrait and the number of stories they star in.
    public func heroSummaries(profileId: Int64, archived: Bool = false) throws -> [HeroSummary] {
        try read { db in
            let heroes = try Hero.filter(Column("profile_id") == profileId && Column("is_active") == !archived)
                .order(Column("name").collating(.localizedCaseInsensitiveCompare)).fetchAll(db)
            let ids = heroes.compactMap(\.id)
            let primaries = try HeroAvatar.filter(ids.contains(Column("hero_id")) && Column("is_primary") == true).fetchAll(db)
                .reduce(into: [Int64: HeroAvatar]()) { $0[$1.heroId] = $1 }
            let counts = try Row.fetchAll(db, sql: """
                SELECT hero_id, count(*) AS stories FROM stories
                WHERE profile_id = ? AND hero_id IS NOT NULL GROUP BY hero_id
                """, arguments: [profileId])
                .reduce(into: [Int64: Int]()) { $0[$1["hero_id"]] = $1["stories"] }
            return heroes.map { hero in
                HeroSummary(hero: hero, primaryAvatar: primaries[hero.id!], storyCount: counts[hero.id!] ?? 0)
            }
        }
    }

    /// A hero of the profile by id, or by name (any case), archived ones included.
    public func findHero(_ reference: String, profileId: Int64) throws -> Hero? {
        let text = reference.trimmingWhitespace()
        return try read { db in
            if let id = Int64(text), let hero = try Hero.filter(Column("id") == id && Column("profile_id") == profileId).fetchOne(db) {
                return hero
            }
            // The name as written first, then in any case (SQLite's NOCASE folds ASCII
            // only; Swift compares "Zoë" with a combining ¨ and without as equal).
            let heroes = try Hero.filter(Column("profile_id") == profileId).order(Column("is_active").desc, Column("id")).fetchAll(db)
            return heroes.first { $0.name == text } ?? heroes.first { $0.name.lowercased() == text.lowercased() }
        }
    }

    /// A hero as stored (`Hero.normalized()`: the name trimmed, texts in composed form, the
    /// ability as a verb phrase), checked.
    private static func checked(_ hero: Hero) throws -> Hero {
        let hero = hero.normalized()
        try hero.validate().throwFirst()
        return hero
    }

    /// Heroes are named in commands (`--hero Mira`): two of one profile may not share a
    /// name, in any case.
    private static func refuseTakenName(of hero: Hero, _ db: Database) throws {
        let heroes = try Hero.filter(Column("profile_id") == hero.profileId).fetchAll(db)
        guard let taken = heroes.first(where: { $0.id != hero.id && $0.name.lowercased() == hero.name.lowercased() }) else { return }
        throw StoreError.duplicate("A hero named \"\(taken.name)\" already exists\(taken.isActive ? "" : " (archived)"): choose another name.")
    }

    /// Hides a hero (or shows them again). Archived heroes keep their stories and portraits.
    public func setHeroArchived(id: Int64, _ archived: Bool) throws {
        try write { db in
            try db.execute(sql: "UPDATE heroes SET is_active = ? WHERE id = ?", arguments: [!archived, id])
        }
    }

    /// A hero's portraits, the primary one first, then oldest first.
    public func avatars(heroId: Int64) throws -> [HeroAvatar] {
        try read { db in
            try HeroAvatar.filter(Column("hero_id") == heroId).order(Column("is_primary").desc, Column("id")).fetchAll(db)
        }
    }

    /// Adds a portrait to a hero (primary when it is their first).
    @discardableResult
    public func addAvatar(_ avatar: HeroAvatar) throws -> HeroAvatar {
        try write { db in
            var avatar = avatar
            avatar.isPrimary = try HeroAvatar.filter(Column("hero_id") == avatar.heroId).fetchCount(db) == 0
            try avatar.insert(db)
            return avatar
        }
    }

    /// Makes one portrait the hero's primary one (and the others not).
    public func setPrimaryAvatar(id: Int64) throws {
        try write { db in
            guard let avatar = try HeroAvatar.fetchOne(db, key: id) else { return }
            try db.execute(sql: "UPDATE hero_avatars SET is_primary = 0 WHERE hero_id = ? AND is_primary = 1", arguments: [avatar.heroId])
            try db.execute(sql: "UPDATE hero_avatars SET is_primary = 1 WHERE id = ?", arguments: [id])
        }
    }

    /// The stories a hero stars in, newest first.
    public func stories(heroId: Int64) throws -> [Story] {
        try read { db in
            try Story.filter(Column("hero_id") == heroId).order(Column("created_at").desc, Column("id").desc).fetchAll(db)
        }
    }
}
