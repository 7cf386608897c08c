import Foundation

/// A character who stars in stories: often a child's own hero.
public struct Hero: Codable, Hashable, Sendable {
    public var id: Int64?
    public var uuid: String
    public var profileId: Int64
    public var name: String
    public var pronouns: Pronouns
    public var primaryTrait: Trait
    public var secondaryTrait: Trait
    public var appearance: String
    public var specialAbility: String
    public var visualProfile: VisualProfile
    /// Archived heroes are hidden, not deleted.
    public var isActive: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, uuid: String = UUID().uuidString.lowercased(), profileId: Int64, name: String,
        pronouns: Pronouns = .they, primaryTrait: Trait, secondaryTrait: Trait,
        appearance: String = "", specialAbility: String = "", visualProfile: VisualProfile = VisualProfile(),
        isActive: Bool = true, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.uuid = uuid
        self.profileId = profileId
        self.name = name
        self.pronouns = pronouns
        self.primaryTrait = primaryTrait
        self.secondaryTrait = secondaryTrait
        self.appearance = appearance
        self.specialAbility = specialAbility
        self.visualProfile = visualProfile
        self.isActive = isActive
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// The hero as stored: the name trimmed, texts without control characters and in composed form (NFC) so that a letter
    /// typed with its accent as two characters counts, and is found, as one, and the special
    /// ability as a verb phrase (`AbilityPhrase`: "talking to owls" is kept as "talk to
    /// owls", "super speed" as "use super speed") so that stories can say it.
    public func normalized() -> Hero {
        var hero = self
        hero.name = name.trimmingWhitespace().precomposedStringWithCanonicalMapping
        hero.appearance = TerminalText.safe(appearance).precomposedStringWithCanonicalMapping
        hero.specialAbility = AbilityPhrase(TerminalText.safe(specialAbility).precomposedStringWithCanonicalMapping)?.base ?? ""
        return hero
    }

    public func validate() -> [ValidationError] {
        var errors = [
            Rules.checkName(name, field: "name", label: "Name", maxLength: Rules.heroNameMaxLength),
            Rules.checkText(appearance, field: "appearance", label: "Appearance", maxLength: Rules.appearanceMaxLength),
            Rules.checkText(specialAbility, field: "special_ability", label: "Special ability",
                            maxLength: Rules.specialAbilityMaxLength),
        ].compactMap { $0 }
        errors += pronouns.validate()
        errors += visualProfile.validate()
        if primaryTrait == secondaryTrait {
            errors.append(ValidationError(
                field: "secondary_trait",
                message: "The second trait must differ from the first (both are \(primaryTrait.rawValue))."))
        }
        return errors
    }
}

/// How the story refers to a hero: she, he, they, or the hero's own words
/// (written `subject/object/possessive`, such as `xe/xem/xyr`).
public enum Pronouns: Hashable, Sendable, Codable, CustomStringConvertible {
    case she, he, they
    case custom(String)

    public init(_ text: String) {
        switch text.lowercased() {
        case "she", "she/her": self = .she
        case "he", "he/him": self = .he
        case "they", "they/them": self = .they
        default: self = .custom(text)
        }
    }

    public var description: String {
        switch self {
        case .she: "she"
        case .he: "he"
        case .they: "they"
        case .custom(let text): text
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public func validate() -> [ValidationError] {
        guard case .custom(let text) = self else { return [] }
        if let problem = Rules.checkName(text, field: "pronouns", label: "Pronouns", maxLength: Rules.pronounsMaxLength) {
            return [problem]
        }
        // Stories need each form: "xe" alone would give "cheering xe on" and "xes gift".
        let forms = text.split(separator: "/").map { $0.trimmingWhitespace() }
        guard (3...4).contains(forms.count), forms.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else {
            return [ValidationError(field: "pronouns", message: "Pronouns need their forms as subject/object/possessive, such as xe/xem/xyr.")]
        }
        return []
    }
}

/// The traits a hero can have; the schema accepts exactly these.
public enum Trait: String, Codable, CaseIterable, Hashable, Sendable {
    case brave, curious, kind, clever, funny, creative, gentle, determined, loyal, magical
}

/// What a hero looks like, the input of the procedural avatar.
public struct VisualProfile: Codable, Hashable, Sendable {
    public var hairColor: String
    public var hairStyle: String
    public var eyeColor: String
    public var skinTone: String
    public var clothingStyle: String
    public var distinctiveFeatures: [String]
    public var colorPalette: [String]

    public init(
        hairColor: String = "", hairStyle: String = "", eyeColor: String = "", skinTone: String = "",
        clothingStyle: String = "", distinctiveFeatures: [String] = [], colorPalette: [String] = []
    ) {
        self.hairColor = hairColor
        self.hairStyle = hairStyle
        self.eyeColor = eyeColor
        self.skinTone = skinTone
        self.clothingStyle = clothingStyle
        self.distinctiveFeatures = distinctiveFeatures
        self.colorPalette = colorPalette
    }

    enum CodingKeys: String, CodingKey {
        case hairColor = "hair_color", hairStyle = "hair_style", eyeColor = "eye_color", skinTone = "skin_tone"
        case clothingStyle = "clothing_style", distinctiveFeatures = "distinctive_features"
        case colorPalette = "color_palette"
    }

    /// Missing fields are empty: the schema's default profile is `{}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String { try container.decodeIfPresent(String.self, forKey: key) ?? "" }
        self.init(
            hairColor: try text(.hairColor), hairStyle: try text(.hairStyle), eyeColor: try text(.eyeColor),
            skinTone: try text(.skinTone), clothingStyle: try text(.clothingStyle),
            distinctiveFeatures: try container.decodeIfPresent([String].self, forKey: .distinctiveFeatures) ?? [],
            colorPalette: try container.decodeIfPresent([String].self, forKey: .colorPalette) ?? [])
    }
}

/// One portrait of a hero, stored as rendered cell art so a gallery opens without re-drawing.
public struct HeroAvatar: Codable, Hashable, Sendable {
    public var id: Int64?
    public var heroId: Int64
    public var art: String
    public var style: String
    public var seed: Int64
    public var isPrimary: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, heroId: Int64, art: String, style: String, seed: Int64, isPrimary: Bool = false,
        createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.heroId = heroId
        self.art = art
        self.style = style
        self.seed = seed
        self.isPrimary = isPrimary
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
