import Foundation

/// A request to write a story, and how far the engine has got with it.
public struct StoryJob: Codable, Hashable, Sendable {
    public enum Status: String, Codable, CaseIterable, Hashable, Sendable {
        case queued, running, completed, failed, cancelled

        /// The jobs `cancel` stops, and those `retry` queues again (it goes on from where
        /// it stopped): every screen and command asks these.
        public static let cancellable: Set<Status> = [.queued, .running]
        public static let retryable: Set<Status> = [.failed, .cancelled]

        /// Why a job in this state cannot be cancelled (`job` names it: "Job 3", "This
        /// job"), or nil when it can.
        public func cannotCancel(_ job: String) -> String? {
            Self.cancellable.contains(self) ? nil : "\(job) is \(rawValue): only a queued or running job can be cancelled."
        }

        /// Why a job in this state cannot be retried, or nil when it can.
        public func cannotRetry(_ job: String) -> String? {
            Self.retryable.contains(self) ? nil : "\(job) is \(rawValue): only a failed or cancelled job can be retried."
        }

        /// The states as an SQL list, for the store's conditions.
        public static func sqlList(_ states: Set<Status>) -> String {
            "(" + states.map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ") + ")"
        }
    }

    public enum Stage: String, Codable, CaseIterable, Hashable, Sendable {
        case plan, write, finish, completed
    }

    /// What to write: the job's input, kept as JSON.
    public struct Brief: Codable, Hashable, Sendable {
        public enum Length: String, Codable, CaseIterable, Hashable, Sendable {
            case short, medium, long
        }

        public var theme: String?
        public var heroId: Int64?
        public var templateId: Int64?
        public var ageRange: AgeRange
        public var language: String
        public var length: Length
        public var moral: String?
        public var seed: UInt64
        public var writer: String

        public init(
            theme: String? = nil, heroId: Int64? = nil, templateId: Int64? = nil, ageRange: AgeRange = .all,
            language: String = "en", length: Length = .medium, moral: String? = nil, seed: UInt64,
            writer: String = "embedded"
        ) {
            self.theme = theme
            self.heroId = heroId
            self.templateId = templateId
            self.ageRange = ageRange
            self.language = language
            self.length = length
            self.moral = moral
            self.seed = seed
            self.writer = writer
        }

        enum CodingKeys: String, CodingKey {
            case theme, heroId = "hero_id", templateId = "template_id", ageRange = "age_range", language, length
            case moral, seed, writer
        }
    }

    public var id: Int64?
    public var uuid: String
    public var profileId: Int64
    public var storyId: Int64?
    public var brief: Brief
    public var status: Status
    public var currentStage: Stage?
    public var completedStages: [Stage]
    public var nodesTotal: Int
    public var nodesDone: Int
    /// 0 to 1.
    public var progress: Double
    public var error: String?
    public var retryCount: Int
    public var canResume: Bool
    /// The process that claimed the job, and when it last said it is alive.
    public var worker: String?
    public var heartbeatAt: Date?
    public var tokensIn: Int
    public var tokensOut: Int
    public var costUsd: Double
    public var createdAt: Date
    public var startedAt: Date?
    public var completedAt: Date?
    public var updatedAt: Date

    public init(
        id: Int64? = nil, uuid: String = UUID().uuidString.lowercased(), profileId: Int64, storyId: Int64? = nil,
        brief: Brief, status: Status = .queued, currentStage: Stage? = nil, completedStages: [Stage] = [],
        nodesTotal: Int = 0, nodesDone: Int = 0, progress: Double = 0, error: String? = nil, retryCount: Int = 0,
        canResume: Bool = true, worker: String? = nil, heartbeatAt: Date? = nil, tokensIn: Int = 0,
        tokensOut: Int = 0, costUsd: Double = 0, createdAt: Date = Date(), startedAt: Date? = nil,
        completedAt: Date? = nil, updatedAt: Date? = nil
    ) {
        self.id = id
        self.uuid = uuid
        self.profileId = profileId
        self.storyId = storyId
        self.brief = brief
        self.status = status
        self.currentStage = currentStage
        self.completedStages = completedStages
        self.nodesTotal = nodesTotal
        self.nodesDone = nodesDone
        self.progress = progress
        self.error = error
        self.retryCount = retryCount
        self.canResume = canResume
        self.worker = worker
        self.heartbeatAt = heartbeatAt
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.costUsd = costUsd
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.updatedAt = updatedAt ?? createdAt
    }
}

/// One call to a writer (embedded or model server), with what it cost.
public struct GenerationAttempt: Codable, Hashable, Sendable {
    public enum Status: String, Codable, CaseIterable, Hashable, Sendable {
        case pending, success, failed, timeout
    }

    /// Shared by the retries of one call; with `attemptNumber` it names the row.
    public var generationId: String
    /// 1 for the first try.
    public var attemptNumber: Int
    public var jobId: Int64
    public var nodeId: Int64?
    public var writer: String
    public var model: String
    public var prompt: String
    public var response: String?
    public var status: Status
    public var error: String?
    public var tokensIn: Int
    public var tokensOut: Int
    public var costUsd: Double
    public var latencyMs: Int?
    /// The token counts are estimates (the server did not report them).
    public var tokensEstimated: Bool
    public var createdAt: Date
    public var completedAt: Date?
    public var updatedAt: Date

    public init(
        generationId: String, attemptNumber: Int, jobId: Int64, nodeId: Int64? = nil, writer: String,
        model: String = "", prompt: String = "", response: String? = nil, status: Status = .pending,
        error: String? = nil, tokensIn: Int = 0, tokensOut: Int = 0, costUsd: Double = 0, latencyMs: Int? = nil,
        tokensEstimated: Bool = false, createdAt: Date = Date(), completedAt: Date? = nil, updatedAt: Date? = nil
    ) {
        self.tokensEstimated = tokensEstimated
        self.generationId = generationId
        self.attemptNumber = attemptNumber
        self.jobId = jobId
        self.nodeId = nodeId
        self.writer = writer
        self.model = model
        self.prompt = prompt
        self.response = response
        self.status = status
        self.error = error
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.costUsd = costUsd
        self.latencyMs = latencyMs
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.updatedAt = updatedAt ?? createdAt
    }
}
