import Foundation

/// A story idea people come back to: a theme, a tone and a seed for the writer.
public struct StoryTemplate: Codable, Hashable, Sendable {
    public enum Category: String, Codable, CaseIterable, Hashable, Sendable {
        case adventure, fantasy, science, nature, friendship, mystery
    }

    public enum Tone: String, Codable, CaseIterable, Hashable, Sendable {
        case calming, exciting, educational, humorous
    }

    public var id: Int64?
    public var title: String
    public var description: String
    public var promptSeed: String
    public var category: Category
    public var ageRange: AgeRange
    public var tone: Tone
    public var keywords: [String]
    public var usageCount: Int
    public var isFavorite: Bool
    /// Shipped with Forktale; cannot be deleted.
    public var builtIn: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, title: String, description: String = "", promptSeed: String = "",
        category: Category, ageRange: AgeRange = .all, tone: Tone, keywords: [String] = [], usageCount: Int = 0,
        isFavorite: Bool = false, builtIn: Bool = false, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.promptSeed = promptSeed
        self.category = category
        self.ageRange = ageRange
        self.tone = tone
        self.keywords = keywords
        self.usageCount = usageCount
        self.isFavorite = isFavorite
        self.builtIn = builtIn
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    public func validate() -> [ValidationError] {
        [Rules.checkName(title, field: "title", label: "Title", maxLength: Rules.templateTitleMaxLength)]
            .compactMap { $0 }
    }
}
