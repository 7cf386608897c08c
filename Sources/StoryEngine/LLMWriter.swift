import Foundation
import StoryCore

/// A writer that asks an OpenAI-compatible model server (`POST {base}/chat/completions`)
/// for each page as a JSON object, `{"text": ..., "choices": [...]}`, checked against the
/// page's plan. Answers with the object wrapped in prose or a code fence are repaired;
/// others fail the attempt so that the runner tries again. Every failure says whether a
/// new try may help: a refused key does not, a busy server does (after its Retry-After).
public final class LLMWriter: StoryWriter, @unchecked Sendable {
    public let settings: LLMSettings
    private let apiKey: String?
    /// Whether to ask for `response_format` with a JSON schema; turned off for good the
    /// first time the server refuses it.
    private let lock = NSLock()
    private var useSchema = true

    public var name: String { "openai" }
    public var model: String { settings.model }
    public var maxConcurrentCalls: Int? { settings.parallelRequests }

    public init(settings: LLMSettings, apiKey: String?) {
        self.settings = settings
        self.apiKey = apiKey
    }

    /// One request to the server; transport failures become writer errors.
    private func send(_ method: String, _ path: String, body: [String: Any]?) async throws -> HTTP.Response {
        var headers = ["Content-Type": "application/json"]
        if let apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
        do {
            return try await HTTP.send(
                method, settings.baseURL.appendingPathComponent(path), headers: headers,
                body: try body.map { try JSONSerialization.data(withJSONObject: $0) }, timeout: settings.requestTimeout)
        } catch let failure as HTTP.Failure {
            throw Self.describe(failure, timeout: settings.requestTimeout, server: settings.baseURL)
        }
    }

    // MARK: - Pages

    public func writeNode(_ request: NodeRequest) async throws -> NodeDraft {
        let node = request.node
        let prompt = Prompts.page(request)
        let expected = node.choices.count
        let schema: [String: Any] = [
            "type": "object", "additionalProperties": false, "required": ["text", "choices"],
            "properties": [
                "text": ["type": "string"],
                "choices": ["type": "array", "items": ["type": "string"], "minItems": expected, "maxItems": expected],
            ],
        ]
        let answer = try await sent(prompt) { try await complete(system: Prompts.system(request.plan), user: prompt, schema: ("page", schema)) }
        return try use(answer, prompt: prompt) { object in
            guard let text = (object["text"] ?? object["page"] ?? object["content"]) as? String else {
                throw WriterError.retryable("The answer had no \"text\" for the page.")
            }
            let choices = ((object["choices"] ?? object["options"]) as? [Any] ?? []).compactMap { item -> String? in
                ((item as? String) ?? ((item as? [String: Any])?["text"] as? String)).map(Self.unnumbered)
            }
            try Self.check(text: text, choices: choices, expected: expected)
            return NodeDraft(content: text.trimmingWhitespace(), choices: choices, usage: answer.usage, prompt: prompt, response: answer.content)
        }
    }

    public func writeTitle(_ request: TitleRequest) async throws -> TitleDraft {
        let prompt = Prompts.title(request)
        let schema: [String: Any] = [
            "type": "object", "additionalProperties": false, "required": ["title", "summary"],
            "properties": ["title": ["type": "string"], "summary": ["type": "string"]],
        ]
        let answer = try await sent(prompt) { try await complete(system: Prompts.system(request.plan), user: prompt, schema: ("title", schema)) }
        return try use(answer, prompt: prompt) { object in
            let summary = (object["summary"] as? String) ?? ""
            guard let title = object["title"] as? String, !title.trimmingWhitespace().isEmpty, title.count <= Rules.storyTitleMaxLength,
                  !Self.hasMarkup(title), !Self.hasMarkup(summary), Self.copiedInstruction(title + " " + summary) == nil
            else { throw WriterError.retryable("The answer had no usable title and summary.") }
            return TitleDraft(title: title.trimmingWhitespace(), summary: summary.trimmingWhitespace(), usage: answer.usage,
                              prompt: prompt, response: answer.content)
        }
    }

    /// A call that fails before an answer (refused, timed out, an HTTP error) keeps its
    /// prompt for the attempt log.
    private func sent(_ prompt: String, _ call: () async throws -> Answer) async throws -> Answer {
        do {
            return try await call()
        } catch let error as WriterError {
            throw WriterError.recorded(error, CallRecord(prompt: prompt, response: nil, usage: TokenUsage()))
        }
    }

    /// Reads the JSON object in an answer with `read`. An answer it cannot use (cut off,
    /// empty, not the object asked for, failing the checks) throws `.recorded`, which
    /// keeps the call for the attempt log: its tokens were spent all the same.
    private func use<T>(_ answer: Answer, prompt: String, _ read: ([String: Any]) throws -> T) throws -> T {
        do {
            if answer.finishReason == "length" {
                throw WriterError.retryable("The answer was cut off at \(settings.maxTokens) tokens (max_tokens).")
            }
            guard !answer.content.trimmingWhitespace().isEmpty else { throw WriterError.retryable("The model server gave an empty answer.") }
            return try read(try Self.object(in: answer.content))
        } catch let error as WriterError {
            throw WriterError.recorded(error, CallRecord(prompt: prompt, response: answer.content, usage: answer.usage))
        }
    }

    // MARK: - Checking the server

    /// What `forktale doctor` learns: the models the server lists, and how long a
    /// one-token answer took.
    public struct Probe: Sendable {
        public var models: [String]
        public var latencyMs: Int
    }

    public func probe() async throws -> Probe {
        let list = try await send("GET", "models", body: nil)
        if list.status == 401 || list.status == 403 {
            throw WriterError.fatal("The model server refused the API key (HTTP \(list.status)): check FORKTALE_LLM_API_KEY or api_key_command.")
        }
        let models = ((try? JSONSerialization.jsonObject(with: list.body) as? [String: Any])?["data"] as? [[String: Any]] ?? [])
            .compactMap { $0["id"] as? String }
        let started = Date()
        let answer = try await send("POST", "chat/completions", body: [
            "model": settings.model, "max_tokens": 1, "messages": [["role": "user", "content": "Say OK."]],
        ])
        guard (200..<300).contains(answer.status) else {
            throw WriterError.fatal("The model server did not answer a one-token test (HTTP \(answer.status)).")
        }
        return Probe(models: models, latencyMs: Int(Date().timeIntervalSince(started) * 1000))
    }

    // MARK: - The call

    struct Answer {
        var content: String
        var usage: TokenUsage
        /// Why the model stopped: `stop`, or `length` at `max_tokens`.
        var finishReason: String?
    }

    /// One chat completion: the answer's text and what it used.
    func complete(system: String, user: String, schema: (name: String, schema: [String: Any])) async throws -> Answer {
        let schemaOn = lock.withLock { useSchema }
        var body: [String: Any] = [
            "model": settings.model, "temperature": settings.temperature, "max_tokens": settings.maxTokens,
            "messages": [["role": "system", "content": system], ["role": "user", "content": user]],
        ]
        if settings.frequencyPenalty != 0 { body["frequency_penalty"] = settings.frequencyPenalty }
        if schemaOn {
            body["response_format"] = ["type": "json_schema", "json_schema": ["name": schema.name, "strict": true, "schema": schema.schema]]
        }
        let response = try await send("POST", "chat/completions", body: body)
        let (data, status, retryAfter) = (response.body, response.status, response.retryAfter)
        switch status {
        case 200..<300:
            break
        case 401, 403:
            throw WriterError.fatal("The model server refused the API key (HTTP \(status)): check FORKTALE_LLM_API_KEY or api_key_command.")
        case 429:
            throw WriterError.retryable("The model server is busy (HTTP 429).", retryAfter: retryAfter)
        case 500...:
            throw WriterError.retryable("The model server failed (HTTP \(status)).", retryAfter: retryAfter)
        case 400 where schemaOn && String(decoding: data, as: UTF8.self).contains("response_format"):
            // A server without JSON schemas: ask in words from now on.
            lock.withLock { useSchema = false }
            return try await complete(system: system, user: user, schema: schema)
        default:
            let detail = String(String(decoding: data, as: UTF8.self).prefix(200)).replacingOccurrences(of: "\n", with: " ")
            throw WriterError.fatal("The model server refused the request (HTTP \(status)): \(TerminalText.safe(detail))")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw WriterError.retryable("The model server's answer was not JSON (\(data.count) bytes; it may have stopped mid-answer).")
        }
        let choice = (json["choices"] as? [[String: Any]])?.first
        let content = ((choice?["message"] as? [String: Any])?["content"] as? String) ?? ""
        var usage: TokenUsage
        if let counted = json["usage"] as? [String: Any], let input = counted["prompt_tokens"] as? Int, let output = counted["completion_tokens"] as? Int {
            usage = TokenUsage(input: input, output: output)
        } else {
            // About four characters a token, marked as an estimate.
            usage = TokenUsage(input: (system.count + user.count) / 4, output: content.count / 4, estimated: true)
        }
        usage.costUsd = settings.cost(usage)
        return Answer(content: content, usage: usage, finishReason: choice?["finish_reason"] as? String)
    }

    static func describe(_ failure: HTTP.Failure, timeout: Double, server: URL) -> WriterError {
        switch failure {
        case .timedOut:
            return .timeout(seconds: timeout)
        case .cannotConnect:
            return .retryable("The model server at \(server.host ?? "?"):\(server.port.map(String.init) ?? "") did not answer (connection refused).")
        case .brokeOff(let message):
            return .retryable("The model server's answer broke off: \(message).")
        case .cancelled:
            return .retryable("The request was stopped.")
        case .unavailable(let message):
            return .fatal("The model server cannot be reached from here: \(message).")
        case .other(let message):
            return .retryable("The model server could not be reached: \(message).")
        }
    }

    // MARK: - Reading and checking answers

    /// The JSON object in an answer: the whole answer, or the object inside a code fence
    /// or surrounded by prose.
    static func object(in answer: String) throws -> [String: Any] {
        func parse(_ text: Substring) -> [String: Any]? {
            try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        }
        if let whole = parse(Substring(answer.trimmingWhitespace())) { return whole }
        if let open = answer.firstIndex(of: "{"), let close = answer.lastIndex(of: "}"), open < close,
           let inner = parse(answer[open...close]) {
            return inner
        }
        throw WriterError.retryable("The answer was not the JSON object asked for (malformed or cut short).")
    }

    static func check(text: String, choices: [String], expected: Int) throws {
        let text = text.trimmingWhitespace()
        let words = WordCount.of(text)
        guard words >= 20, text.count <= 2_000 else {
            throw WriterError.retryable(words < 20 ? "The page was too short (\(words) words)." : "The page's text was too long (\(text.count) characters).")
        }
        guard choices.count == expected else {
            throw WriterError.retryable("The answer had \(choices.count) choices where the page has \(expected).")
        }
        for choice in choices where choice.isEmpty || choice.count > 120 {
            throw WriterError.retryable("A choice was \(choice.isEmpty ? "empty" : "too long").")
        }
        if hasMarkup(text) || choices.contains(where: hasMarkup) {
            throw WriterError.retryable("The answer had markup (HTML or Markdown) in it.")
        }
        if let copied = ([text] + choices).lazy.compactMap(copiedInstruction).first {
            throw WriterError.retryable("The answer copied the instructions (\"\(copied)\") instead of writing.")
        }
        if repeatsItself(text) { throw WriterError.retryable("The page said the same sentence three times or more.") }
    }

    /// "1. Go left" and "2) Go right" are "Go left" and "Go right": the page numbers its
    /// choices itself.
    static func unnumbered(_ choice: String) -> String {
        let trimmed = choice.trimmingWhitespace()
        guard let range = trimmed.range(of: #"^\d{1,2}[.):](?!\d)\s*"#, options: .regularExpression) else { return trimmed }
        return String(trimmed[range.upperBound...])
    }

    /// The phrase of the prompt's instructions a text repeats, if any.
    static func copiedInstruction(_ text: String) -> String? {
        Prompts.instructionPhrases.first { text.range(of: $0, options: [.caseInsensitive, .regularExpression]) != nil }
    }

    /// A small model stuck in a loop says one sentence over and over.
    static func repeatsItself(_ text: String) -> Bool {
        var seen: [String: Int] = [:]
        for sentence in text.lowercased().split(whereSeparator: { ".!?".contains($0) }) {
            let key = sentence.trimmingWhitespace()
            guard key.count >= 12 else { continue }
            seen[key, default: 0] += 1
            if seen[key]! >= 3 { return true }
        }
        return false
    }

    /// HTML tags, code fences, bold, links, headings or template braces: a page is plain text.
    static func hasMarkup(_ text: String) -> Bool {
        text.range(of: #"<[a-zA-Z/][^>]*>|```|\*\*|\[[^\]]+\]\([^)]+\)|\{[^}]*\}"#, options: .regularExpression) != nil
            || text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
    }
}
