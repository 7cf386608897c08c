import Foundation

/// Who is reading. A family shares one machine; stories, heroes, playthroughs and jobs
/// belong to a profile. One default profile is made on first start.
public struct Profile: Codable, Hashable, Sendable {
    public static let defaultName = "Reader"

    public var id: Int64?
    public var name: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64? = nil, name: String, createdAt: Date = Date(), updatedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    public func validate() -> [ValidationError] {
        [Rules.checkName(name, field: "name", label: "Profile name", maxLength: Rules.profileNameMaxLength)]
            .compactMap { $0 }
    }
}
