import Foundation

/// One reading of a story by a profile: where the reader is and the path that led there.
public struct Playthrough: Codable, Hashable, Sendable {
    public var id: Int64?
    public var profileId: Int64
    public var storyId: Int64
    public var currentNodeId: Int64?
    /// Visited node ids in order, for back and for the map.
    public var path: [Int64]
    public var startedAt: Date
    public var finishedAt: Date?
    public var endingNodeId: Int64?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, profileId: Int64, storyId: Int64, currentNodeId: Int64?, path: [Int64] = [],
        startedAt: Date = Date(), finishedAt: Date? = nil, endingNodeId: Int64? = nil, createdAt: Date? = nil,
        updatedAt: Date? = nil
    ) {
        self.id = id
        self.profileId = profileId
        self.storyId = storyId
        self.currentNodeId = currentNodeId
        self.path = path
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.endingNodeId = endingNodeId
        self.createdAt = createdAt ?? startedAt
        self.updatedAt = updatedAt ?? self.createdAt
    }
}

/// A note from the safety filter: what it found in a piece of content and what it did.
public struct ContentFlag: Codable, Hashable, Sendable {
    public enum ContentType: String, Codable, CaseIterable, Hashable, Sendable {
        case story, node, prompt, hero
    }

    public enum FlagType: String, Codable, CaseIterable, Hashable, Sendable {
        case violence, fear, inappropriate, other
    }

    public enum Severity: String, Codable, CaseIterable, Hashable, Sendable {
        case low, medium, high
    }

    public enum Action: String, Codable, CaseIterable, Hashable, Sendable {
        case filtered, rejected, modified, approved
    }

    public var id: Int64?
    public var contentType: ContentType
    public var contentId: Int64
    /// The job that produced the content, when a job did.
    public var jobId: Int64?
    public var flagType: FlagType
    public var severity: Severity
    public var actionTaken: Action
    public var originalText: String
    public var modifiedText: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64? = nil, contentType: ContentType, contentId: Int64, jobId: Int64? = nil, flagType: FlagType,
        severity: Severity, actionTaken: Action, originalText: String, modifiedText: String? = nil,
        createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.contentType = contentType
        self.contentId = contentId
        self.jobId = jobId
        self.flagType = flagType
        self.severity = severity
        self.actionTaken = actionTaken
        self.originalText = originalText
        self.modifiedText = modifiedText
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
