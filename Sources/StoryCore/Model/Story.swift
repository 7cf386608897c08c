import Foundation

/// Who a story or template is written for.
public enum AgeRange: String, Codable, CaseIterable, Hashable, Sendable {
    case fourToSix = "4-6", sixToEight = "6-8", eightToTen = "8-10", all
}

/// A story: its metadata. Its passages are `StoryNode`s, its links `StoryChoice`s.
public struct Story: Codable, Hashable, Sendable {
    public enum Source: String, Codable, CaseIterable, Hashable, Sendable {
        case generated, imported, written
    }

    public enum Status: String, Codable, CaseIterable, Hashable, Sendable {
        case draft, generating, ready, failed
    }

    public var id: Int64?
    /// Stable identity across export and import (a Twine IFID when the story came from Twine).
    public var uuid: String
    public var profileId: Int64
    public var title: String
    public var summary: String
    public var theme: String
    public var language: String
    public var ageRange: AgeRange
    public var moral: String
    /// The Twine story format the story was written for ("SugarCube"), when its file said;
    /// nil for stories written here, whose plain text and links suit any format.
    public var storyFormat: String?
    /// That format's version ("2.31.1"), when the file said.
    public var storyFormatVersion: String?
    public var heroId: Int64?
    public var templateId: Int64?
    public var source: Source
    public var status: Status
    public var wordCount: Int
    public var isFavorite: Bool
    /// 1 to 5 stars, or nil when not rated.
    public var rating: Int?
    public var playCount: Int
    public var lastPlayedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, uuid: String = UUID().uuidString.lowercased(), profileId: Int64, title: String,
        summary: String = "", theme: String = "", language: String = "en", ageRange: AgeRange = .all,
        moral: String = "", storyFormat: String? = nil, storyFormatVersion: String? = nil, heroId: Int64? = nil,
        templateId: Int64? = nil, source: Source, status: Status = .ready,
        wordCount: Int = 0, isFavorite: Bool = false, rating: Int? = nil, playCount: Int = 0,
        lastPlayedAt: Date? = nil, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.uuid = uuid
        self.profileId = profileId
        self.title = title
        self.summary = summary
        self.theme = theme
        self.language = language
        self.ageRange = ageRange
        self.moral = moral
        self.storyFormat = storyFormat
        self.storyFormatVersion = storyFormatVersion
        self.heroId = heroId
        self.templateId = templateId
        self.source = source
        self.status = status
        self.wordCount = wordCount
        self.isFavorite = isFavorite
        self.rating = rating
        self.playCount = playCount
        self.lastPlayedAt = lastPlayedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    public func validate() -> [ValidationError] {
        var errors: [ValidationError] = []
        // A story being written gets its title in the finish stage.
        if status == .ready || status == .failed || !title.isEmpty {
            errors += [Rules.checkName(title, field: "title", label: "Title", maxLength: Rules.storyTitleMaxLength)]
                .compactMap { $0 }
        }
        if let rating, !(1...5).contains(rating) {
            errors.append(ValidationError(field: "rating", message: "A rating is 1 to 5 stars, not \(rating)."))
        }
        return errors
    }
}

/// One passage of a story.
public struct StoryNode: Codable, Hashable, Sendable {
    public enum Status: String, Codable, CaseIterable, Hashable, Sendable {
        case pending, writing, ready, failed
    }

    public var id: Int64?
    public var storyId: Int64
    public var content: String
    /// The passage name (Twine) or key (JSON); unique within its story when set.
    public var name: String?
    public var tags: [String]
    public var isRoot: Bool
    public var isEnding: Bool
    public var isWinningEnding: Bool
    public var depth: Int
    public var status: Status
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, storyId: Int64 = 0, content: String, name: String? = nil, tags: [String] = [],
        isRoot: Bool = false, isEnding: Bool = false, isWinningEnding: Bool = false, depth: Int = 0,
        status: Status = .ready, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.storyId = storyId
        self.content = content
        self.name = name
        self.tags = tags
        self.isRoot = isRoot
        self.isEnding = isEnding
        self.isWinningEnding = isWinningEnding
        self.depth = depth
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    public func validate() -> [ValidationError] {
        isWinningEnding && !isEnding
            ? [ValidationError(field: "is_winning_ending", message: "A winning ending must be an ending.")]
            : []
    }
}

/// A link from one passage to another, shown to the reader as a numbered choice.
public struct StoryChoice: Codable, Hashable, Sendable {
    public var id: Int64?
    public var nodeId: Int64
    /// Order among the node's choices, from 0.
    public var position: Int
    public var text: String
    /// The passage this choice leads to; nil when the link's target does not exist.
    public var targetNodeId: Int64?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, nodeId: Int64, position: Int, text: String, targetNodeId: Int64?,
        createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.nodeId = nodeId
        self.position = position
        self.text = text
        self.targetNodeId = targetNodeId
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// A choice of a story not stored yet: its ends are indexes into the draft's nodes.
    public struct Draft: Hashable, Sendable {
        public var from: Int
        public var position: Int
        public var text: String
        public var target: Int?

        public init(from: Int, position: Int, text: String, target: Int?) {
            self.from = from
            self.position = position
            self.text = text
            self.target = target
        }
    }
}

/// A whole story before it is stored: what importers and writers hand to the store.
public struct StoryDraft: Hashable, Sendable {
    public var story: Story
    public var nodes: [StoryNode]
    public var choices: [StoryChoice.Draft]

    public init(story: Story, nodes: [StoryNode], choices: [StoryChoice.Draft]) {
        self.story = story
        self.nodes = nodes
        self.choices = choices
    }

    /// The rules a story must meet to be stored, beyond each value's own.
    public func validate() -> [ValidationError] {
        var errors = story.validate()
        for node in nodes { errors += node.validate() }
        let roots = nodes.filter(\.isRoot).count
        if roots != 1 {
            errors.append(ValidationError(field: "is_root", message: "A story needs exactly one start passage, not \(roots)."))
        }
        var names = Set<String>()
        for name in nodes.compactMap(\.name) where !names.insert(name).inserted {
            errors.append(ValidationError(field: "name", message: "Two passages are named \"\(name)\"."))
        }
        struct Slot: Hashable { var from: Int, position: Int }
        var slots = Set<Slot>()
        for choice in choices {
            if let problem = Rules.checkName(choice.text, field: "text", label: "A choice's text",
                                             maxLength: Rules.choiceTextMaxLength) {
                errors.append(problem)
            }
            if !nodes.indices.contains(choice.from) || choice.target.map({ !nodes.indices.contains($0) }) == true {
                errors.append(ValidationError(field: "target_node_id", message: "A choice points outside the story."))
            } else if !slots.insert(Slot(from: choice.from, position: choice.position)).inserted {
                errors.append(ValidationError(field: "position", message: "Two choices share one place in a passage."))
            }
        }
        return errors
    }
}
