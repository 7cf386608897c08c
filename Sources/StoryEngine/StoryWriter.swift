import Foundation
import StoryCore

/// Something that writes the pages of a planned story: the embedded writer, or a model
/// server. Calls are async and cancellable (a job's runner cancels the task at its
/// timeout or when the job is cancelled) and report the tokens they used.
public protocol StoryWriter: Sendable {
    /// Recorded in every attempt row: `embedded`, `openai`.
    var name: String { get }
    /// The model behind the writer, for the attempt log and usage by model.
    var model: String { get }
    /// One page's text and the labels of its planned choices, in the plan's order.
    func writeNode(_ request: NodeRequest) async throws -> NodeDraft
    /// The title and summary, once every page is written.
    func writeTitle(_ request: TitleRequest) async throws -> TitleDraft
    /// The most calls the writer takes at once (a model server's parallel requests); nil
    /// for as many as the runner has workers.
    var maxConcurrentCalls: Int? { get }
}

extension StoryWriter {
    public var maxConcurrentCalls: Int? { nil }
}

/// What a writer gets for one page.
public struct NodeRequest: Sendable {
    /// A page already written on the way to this one, with the label of the choice taken from it.
    public struct Step: Sendable, Hashable {
        public var index: Int
        public var content: String
        public var choice: String

        public init(index: Int, content: String, choice: String) {
            self.index = index
            self.content = content
            self.choice = choice
        }
    }

    public let plan: StoryPlan
    public let index: Int
    /// The written pages from the opening to the parent, in reading order.
    public let path: [Step]

    public init(plan: StoryPlan, index: Int, path: [Step]) {
        self.plan = plan
        self.index = index
        self.path = path
    }

    public var node: StoryPlan.Node { plan.nodes[index] }
}

public struct TitleRequest: Sendable {
    public let plan: StoryPlan
    /// Every page's text, by plan index.
    public let contents: [String]

    public init(plan: StoryPlan, contents: [String]) {
        self.plan = plan
        self.contents = contents
    }
}

/// Tokens a call used, as the server counted them or as estimated.
public struct TokenUsage: Hashable, Sendable {
    public var input: Int
    public var output: Int
    public var estimated: Bool
    /// What the call cost, in US dollars, at the writer's prices.
    public var costUsd: Double

    public init(input: Int = 0, output: Int = 0, estimated: Bool = false, costUsd: Double = 0) {
        self.input = input
        self.output = output
        self.estimated = estimated
        self.costUsd = costUsd
    }
}

/// What the attempt log keeps of one call: what the writer was asked, what it answered,
/// and the tokens and cost that took.
public struct CallRecord: Sendable, Hashable {
    public var prompt: String
    /// The raw answer, when it differs from the page (a model's JSON); nil otherwise.
    public var response: String?
    public var usage: TokenUsage

    public init(prompt: String, response: String?, usage: TokenUsage) {
        self.prompt = prompt
        self.response = response
        self.usage = usage
    }
}

/// A written page, with what the attempt log keeps of the call.
public struct NodeDraft: Sendable, Hashable {
    public var content: String
    public var choices: [String]
    public var usage: TokenUsage
    public var prompt: String
    /// The raw answer, when it differs from the page (a model's JSON); nil otherwise.
    public var response: String?

    public init(content: String, choices: [String], usage: TokenUsage = TokenUsage(), prompt: String, response: String?) {
        self.content = content
        self.choices = choices
        self.usage = usage
        self.prompt = prompt
        self.response = response
    }

    public var record: CallRecord { CallRecord(prompt: prompt, response: response, usage: usage) }
}

public struct TitleDraft: Sendable, Hashable {
    public var title: String
    public var summary: String
    public var usage: TokenUsage
    public var prompt: String
    public var response: String?

    public init(title: String, summary: String, usage: TokenUsage = TokenUsage(), prompt: String, response: String?) {
        self.title = title
        self.summary = summary
        self.usage = usage
        self.prompt = prompt
        self.response = response
    }

    public var record: CallRecord { CallRecord(prompt: prompt, response: response, usage: usage) }
}

/// Why a writer call failed, and whether trying again may help.
public enum WriterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Worth another try, after `retryAfter` seconds when the server said so.
    case retryable(String, retryAfter: Double? = nil)
    /// Trying again will not help (a bad key, a refused request).
    case fatal(String)
    /// The call took longer than the runner allows.
    case timeout(seconds: Double)
    /// A call that failed (the reason inside), kept for the attempt log as it was made:
    /// its prompt, and, when the writer answered but the answer could not be used, the
    /// answer and the tokens it cost.
    indirect case recorded(WriterError, CallRecord)

    public var description: String {
        switch self {
        case .retryable(let message, _), .fatal(let message): message
        case .timeout(let seconds): "The writer did not answer within \(Self.format(seconds)) s."
        case .recorded(let reason, _): reason.description
        }
    }

    public var isRetryable: Bool {
        switch self {
        case .fatal: false
        case .recorded(let reason, _): reason.isRetryable
        case .retryable, .timeout: true
        }
    }

    /// The seconds the server asked to wait before the next try.
    public var retryAfter: Double? {
        switch self {
        case .retryable(_, let seconds): seconds
        case .recorded(let reason, _): reason.retryAfter
        case .fatal, .timeout: nil
        }
    }

    /// The call as it was made, when the writer kept it.
    public var record: CallRecord? {
        if case .recorded(_, let record) = self { return record }
        return nil
    }

    /// The reason itself, without the call kept with it.
    public var reason: WriterError {
        if case .recorded(let reason, _) = self { return reason.reason }
        return self
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}
