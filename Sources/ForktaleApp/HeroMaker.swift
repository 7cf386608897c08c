import Foundation
import StoryCore
import StoryEngine
import StoryStore
import TerminalUI

/// Making heroes, the same way for the wizard and for `forktale heroes create`: the rules
/// of the model, the safety filter on what people type, the look completed from the seed,
/// and the first portrait drawn.
public struct HeroMaker: Sendable {
    let safety: SafetyFilter

    public init(safety: SafetyFilter) {
        self.safety = safety
    }

    /// The maker with the bundled safety filter.
    public static func bundled() throws -> HeroMaker {
        HeroMaker(safety: try SafetyFilter.bundled())
    }

    /// One maker for the interface's effects, read once.
    static let shared = Result { try HeroMaker.bundled() }

    /// Everything wrong with `hero` as it would be stored (`Hero.normalized()`), each tied to
    /// its field: the rules first, then words the filter refuses for the youngest readers (a
    /// hero may star in any story).
    public func problems(_ hero: Hero) -> [ValidationError] {
        let hero = hero.normalized()
        var problems = hero.validate()
        let typed = [("name", "name", hero.name), ("appearance", "appearance", hero.appearance),
                     ("special_ability", "special ability", hero.specialAbility), ("pronouns", "pronouns", hero.pronouns.description)]
        for (field, label, text) in typed where !problems.contains(where: { $0.field == field }) {
            if let refusal = safety.check(text, for: .all).refusal(of: label) {
                problems.append(ValidationError(field: field, message: refusal))
            }
        }
        return problems
    }

    /// A portrait of `hero` from `seed`, ready to store.
    public func avatar(for hero: Hero, seed: Int64) -> HeroAvatar {
        let portrait = Portrait(profile: hero.visualProfile, seed: seed)
        return HeroAvatar(heroId: hero.id ?? 0, art: portrait.stored, style: Portrait.style, seed: seed)
    }

    /// Stores `hero` (their look completed from `seed` where it was left empty) with a first
    /// portrait drawn from `seed`. Throws the first problem, storing nothing.
    @discardableResult
    public func create(_ hero: Hero, seed: Int64, in store: AppDatabase) throws -> Hero {
        var hero = hero
        hero.visualProfile = hero.visualProfile.filled(seed: UInt64(bitPattern: seed))
        try problems(hero).throwFirst()
        return try store.createHero(hero, avatar: avatar(for: hero, seed: seed))
    }

    /// Saves an edited hero and returns them as stored; when their look changed, every
    /// portrait is drawn again from its own seed.
    @discardableResult
    public func update(_ hero: Hero, in store: AppDatabase) throws -> Hero {
        try problems(hero).throwFirst()
        guard let id = hero.id, let before = try store.hero(id: id) else { return hero }
        let redrawn: [HeroAvatar] = before.visualProfile == hero.visualProfile ? [] : try store.avatars(heroId: id).map { old in
            var avatar = avatar(for: hero, seed: old.seed)
            avatar.id = old.id
            return avatar
        }
        return try store.updateHero(hero, redrawn: redrawn)
    }

    /// A new portrait of a stored hero, from a new seed.
    @discardableResult
    public func addAvatar(to hero: Hero, seed: Int64, in store: AppDatabase) throws -> HeroAvatar {
        try store.addAvatar(avatar(for: hero, seed: seed))
    }
}

extension HeroAvatar {
    /// The stored art, when it is a portrait this version draws.
    public var portrait: Portrait? {
        style == Portrait.style ? Portrait(stored: art) : nil
    }
}
