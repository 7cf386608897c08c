import Foundation
import StoryCore
import TerminalUI

/// The hero wizard: one step per group of fields, checked as the person types, the
/// portrait drawn from the draft as it changes. Nothing is saved until the last step is
/// confirmed. Pure: keys in, the draft and what happened out.
public struct HeroWizard: Sendable {
    public enum Field: String, CaseIterable, Hashable, Sendable {
        case name, pronouns, ownPronouns, primaryTrait, secondaryTrait, ability
        case hairColor, hairStyle, eyeColor, skinTone, clothing, colors, features, appearance

        public var label: String {
            switch self {
            case .name: "Name"
            case .pronouns: "Pronouns"
            case .ownPronouns: "Their own"
            case .primaryTrait: "Main trait"
            case .secondaryTrait: "Second trait"
            case .ability: "Special ability"
            case .hairColor: "Hair colour"
            case .hairStyle: "Hair style"
            case .eyeColor: "Eyes"
            case .skinTone: "Skin"
            case .clothing: "Clothes"
            case .colors: "Colours"
            case .features: "Features"
            case .appearance: "In words"
            }
        }

        /// A line under the field saying what to type, where the label is not enough.
        public var hint: String? {
            switch self {
            case .ability: "What can they do? Such as \"talk to owls\" or \"see in the dark\"."
            default: nil
            }
        }

        enum Kind { case text(limit: Int), choice([String]), several([String], limit: Int) }

        var kind: Kind {
            switch self {
            case .name: .text(limit: Rules.heroNameMaxLength)
            case .ownPronouns: .text(limit: Rules.pronounsMaxLength)
            case .ability: .text(limit: Rules.specialAbilityMaxLength)
            case .appearance: .text(limit: Rules.appearanceMaxLength)
            case .pronouns: .choice(HeroWizard.pronounChoices)
            case .primaryTrait, .secondaryTrait: .choice(Trait.allCases.map(\.rawValue))
            case .hairColor: .choice(Looks.hairColors)
            case .hairStyle: .choice(Looks.hairStyles)
            case .eyeColor: .choice(Looks.eyeColors)
            case .skinTone: .choice(Looks.skinTones)
            case .clothing: .choice(Looks.clothingStyles)
            case .colors: .several(Looks.colors, limit: Looks.maxColors)
            case .features: .several(Looks.features, limit: Looks.maxFeatures)
            }
        }

        var isText: Bool { if case .text = kind { true } else { false } }

        /// The model's name for the field, as validation reports it.
        var modelField: String {
            switch self {
            case .name: "name"
            case .pronouns, .ownPronouns: "pronouns"
            case .primaryTrait: "primary_trait"
            case .secondaryTrait: "secondary_trait"
            case .ability: "special_ability"
            case .hairColor: "hair_color"
            case .hairStyle: "hair_style"
            case .eyeColor: "eye_color"
            case .skinTone: "skin_tone"
            case .clothing: "clothing_style"
            case .colors: "color_palette"
            case .features: "distinctive_features"
            case .appearance: "appearance"
            }
        }
    }

    public struct Step: Sendable {
        public var title: String
        public var fields: [Field]
    }

    public static let steps = [
        Step(title: "Who is your hero?", fields: [.name, .pronouns, .ownPronouns]),
        Step(title: "What are they like?", fields: [.primaryTrait, .secondaryTrait, .ability]),
        Step(title: "How do they look?", fields: [.hairColor, .hairStyle, .eyeColor, .skinTone]),
        Step(title: "What do they wear?", fields: [.clothing, .colors, .features, .appearance]),
        Step(title: "Ready to meet them?", fields: []),
    ]
    static let pronounChoices = ["she", "he", "they", "their own"]

    /// What a key did.
    public enum Outcome: Equatable, Sendable {
        case stay, cancelled, confirmed, help
    }

    public private(set) var hero: Hero
    /// The portrait's seed (a new hero's first portrait, or the edited hero's primary one).
    public let seed: Int64
    public private(set) var step = 0
    /// The focused field's place in the step's fields.
    public private(set) var focus = 0
    /// The highlighted option of each several-choice field.
    public private(set) var cursor: [Field: Int] = [:]
    /// Fields changed, and steps the person tried to leave: their problems show.
    public private(set) var touched: Set<Field> = []
    /// Own pronouns as typed (kept while another choice is shown).
    public private(set) var ownPronouns = ""
    public var editing: Bool { hero.id != nil }
    /// Confirmed and on its way to the store: keys wait, so a second Enter cannot save
    /// the hero twice.
    public var saving = false
    private let maker: HeroMaker

    /// A wizard for a new hero (`hero` nil) or for editing one. A new hero starts with a
    /// look chosen from `seed`.
    public init(editing hero: Hero?, profileId: Int64, seed: Int64, maker: HeroMaker) {
        self.maker = maker
        self.seed = seed
        var draft = hero ?? Hero(profileId: profileId, name: "", pronouns: .they, primaryTrait: .brave, secondaryTrait: .kind)
        draft.visualProfile = draft.visualProfile.filled(seed: UInt64(bitPattern: seed))
        self.hero = draft
        if case .custom(let text) = draft.pronouns { ownPronouns = text }
        if hero != nil { touched = Set(Field.allCases) }
    }

    public var fields: [Field] {
        Self.steps[step].fields.filter { $0 != .ownPronouns || pronounChoice == "their own" }
    }

    public var focusedField: Field? { fields.indices.contains(focus) ? fields[focus] : nil }

    /// Problems with the draft, by field; those of untouched fields are kept quiet.
    public var problems: [Field: String] {
        var found: [Field: String] = [:]
        for problem in maker.problems(hero) {
            for field in Field.allCases where field.modelField == problem.field && found[field] == nil {
                found[field] = problem.message
            }
        }
        if pronounChoice == "their own", ownPronouns.trimmingWhitespace().isEmpty {
            found[.ownPronouns] = "Type their pronouns, such as xe/xem/xyr."
            found[.pronouns] = nil
        } else if pronounChoice == "their own" {
            found[.ownPronouns] = found[.pronouns]
            found[.pronouns] = nil
        }
        return found.filter { touched.contains($0.key) }
    }

    /// The text a field shows.
    public func value(of field: Field) -> String {
        let look = hero.visualProfile
        switch field {
        case .name: return hero.name
        case .pronouns: return pronounChoice
        case .ownPronouns: return ownPronouns
        case .primaryTrait: return hero.primaryTrait.rawValue
        case .secondaryTrait: return hero.secondaryTrait.rawValue
        case .ability: return hero.specialAbility
        case .hairColor: return look.hairColor
        case .hairStyle: return look.hairStyle
        case .eyeColor: return look.eyeColor
        case .skinTone: return look.skinTone
        case .clothing: return look.clothingStyle
        case .colors: return look.colorPalette.joined(separator: ", ")
        case .features: return look.distinctiveFeatures.joined(separator: ", ")
        case .appearance: return hero.appearance
        }
    }

    /// The options chosen in a several-choice field.
    public func chosen(in field: Field) -> [String] {
        field == .colors ? hero.visualProfile.colorPalette : field == .features ? hero.visualProfile.distinctiveFeatures : []
    }

    public func highlighted(in field: Field) -> Int { cursor[field] ?? 0 }

    var pronounChoice: String {
        switch hero.pronouns {
        case .she: "she"
        case .he: "he"
        case .they: "they"
        case .custom: "their own"
        }
    }

    /// The portrait the draft makes now.
    public var portrait: Portrait { Portrait(profile: hero.visualProfile, seed: seed) }

    // MARK: Keys

    public mutating func handle(_ key: Key) -> Outcome {
        let field = focusedField
        let action = Action.forKey(key, in: .wizard)
        // Typing goes into a text field (a "?" too); a letter in a list picks an option.
        if let field, field.isText ? (key.isCharacter || key == .backspace) : (key.isCharacter && action == nil) {
            edit(field, with: key)
            return .stay
        }
        switch action {
        case .help:
            return .help
        case .previousStep:
            guard step > 0 else { return .cancelled }
            step -= 1
            focus = 0
        case .nextStep:
            return advance()
        case .nextField:
            if !fields.isEmpty { focus = (focus + 1) % fields.count }
        case .previousField:
            if !fields.isEmpty { focus = (focus + fields.count - 1) % fields.count }
        case .pick, .toggle:
            if let field { edit(field, with: key) }
        default:
            break
        }
        return .stay
    }

    /// Enter: the next step when this one is right, else the first field that is not.
    private mutating func advance() -> Outcome {
        touched.formUnion(fields)
        let wrong = problems
        if let first = fields.firstIndex(where: { wrong[$0] != nil }) {
            focus = first
            return .stay
        }
        guard step < Self.steps.count - 1 else {
            // The last step: every field must be right, wherever it is.
            touched = Set(Field.allCases)
            if let place = Self.steps.indices.first(where: { index in Self.steps[index].fields.contains { problems[$0] != nil } }) {
                step = place
                focus = fields.firstIndex { problems[$0] != nil } ?? 0
                return .stay
            }
            return .confirmed
        }
        step += 1
        focus = 0
        return .stay
    }

    private mutating func edit(_ field: Field, with key: Key) {
        switch field.kind {
        case .text(let limit):
            var text = value(of: field)
            switch key {
            case .character(let character): if text.count < limit + 10 { text.append(character) }
            case .backspace: if !text.isEmpty { text.removeLast() }
            default: return
            }
            setText(field, text)
        case .choice(let options):
            let current = options.firstIndex(of: value(of: field)) ?? 0
            let next: Int
            switch key {
            case .right, .character(" "): next = (current + 1) % options.count
            case .left: next = (current + options.count - 1) % options.count
            case .character(let letter):
                // The next option that starts with the letter typed.
                let order = (1...options.count).map { (current + $0) % options.count }
                guard let found = order.first(where: { options[$0].lowercased().hasPrefix(String(letter).lowercased()) }) else { return }
                next = found
            default: return
            }
            choose(field, options[next])
        case .several(let options, let limit):
            var place = highlighted(in: field)
            switch key {
            case .right: place = (place + 1) % options.count
            case .left: place = (place + options.count - 1) % options.count
            case .character(" "):
                var picked = chosen(in: field)
                if let index = picked.firstIndex(of: options[place]) {
                    picked.remove(at: index)
                } else if picked.count < limit {
                    picked.append(options[place])
                }
                setSeveral(field, picked)
            case .character(let letter):
                let order = (1...options.count).map { (place + $0) % options.count }
                guard let found = order.first(where: { options[$0].lowercased().hasPrefix(String(letter).lowercased()) }) else { return }
                place = found
            default: return
            }
            cursor[field] = place
        }
    }

    private mutating func setText(_ field: Field, _ text: String) {
        touched.insert(field)
        switch field {
        case .name: hero.name = text
        case .ability: hero.specialAbility = text
        case .appearance: hero.appearance = text
        case .ownPronouns:
            ownPronouns = text
            hero.pronouns = .custom(text)
        default: break
        }
    }

    private mutating func choose(_ field: Field, _ option: String) {
        touched.insert(field)
        switch field {
        case .pronouns:
            hero.pronouns = option == "their own" ? .custom(ownPronouns) : Pronouns(option)
        case .primaryTrait: hero.primaryTrait = Trait(rawValue: option)!
        case .secondaryTrait: hero.secondaryTrait = Trait(rawValue: option)!
        case .hairColor: hero.visualProfile.hairColor = option
        case .hairStyle: hero.visualProfile.hairStyle = option
        case .eyeColor: hero.visualProfile.eyeColor = option
        case .skinTone: hero.visualProfile.skinTone = option
        case .clothing: hero.visualProfile.clothingStyle = option
        default: break
        }
    }

    private mutating func setSeveral(_ field: Field, _ picked: [String]) {
        touched.insert(field)
        if field == .colors { hero.visualProfile.colorPalette = picked } else { hero.visualProfile.distinctiveFeatures = picked }
    }
}
