import Foundation
import StoryCore
import StoryStore
import TOMLKit

/// How to reach an OpenAI-compatible model server: the `[writer.llm]` table of
/// `$XDG_CONFIG_HOME/forktale/config.toml`, with `FORKTALE_LLM_URL`, `FORKTALE_LLM_MODEL`
/// and `FORKTALE_LLM_API_KEY` over it. The key is never stored: it comes from the
/// environment or from the output of `api_key_command`.
public struct LLMSettings: Sendable, Hashable {
    /// The API's base, ending before `/chat/completions` (such as `http://127.0.0.1:8080/v1`).
    public var baseURL: URL
    public var model: String
    /// Seconds one request may take.
    public var requestTimeout: Double = 60
    /// Tries per page before the job fails (the first one included).
    public var retries: Int = 4
    public var temperature: Double = 0.8
    /// OpenAI's `frequency_penalty` (-2 to 2): how much a token already used is held
    /// back. The default keeps small models out of loops (one measured: 6 of 12 pages ran
    /// on to `max_tokens` repeating a sentence without it, none with it); 0 sends none.
    public var frequencyPenalty: Double = 0.5
    /// The most tokens one page's answer may use.
    public var maxTokens: Int = 700
    /// Requests at once.
    public var parallelRequests: Int = 2
    /// US dollars per million tokens.
    public var priceInput: Double = 0
    public var priceOutput: Double = 0
    /// US dollars a month; nil for no limit.
    public var monthlyBudget: Double?
    /// A command whose first line of output is the API key.
    public var apiKeyCommand: String?

    public init(baseURL: URL, model: String) {
        self.baseURL = baseURL
        self.model = model
    }

    /// The config file: `$XDG_CONFIG_HOME/forktale/config.toml`, else `~/.config/…`.
    public static func configFile(environment: [String: String]) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.config"
        return base + "/forktale/config.toml"
    }

    /// The settings, or nil when no model server is configured (no `[writer.llm]` table
    /// and no `FORKTALE_LLM_URL`). A file that cannot be read throws `ConfigError`.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LLMSettings? {
        let path = configFile(environment: environment)
        var table: TOMLTable?
        if let text = try configText(path) {
            do {
                table = try TOMLTable(string: text)["writer"]?.table?["llm"]?.table
            } catch let error as TOMLParseError {
                throw ConfigError(file: path, line: error.source.begin.line, problem: error.description)
            }
            if let table {
                return try settings(from: table, text: text, file: path, environment: environment)
            }
        }
        guard let url = environment["FORKTALE_LLM_URL"], !url.isEmpty else { return nil }
        return try settings(from: TOMLTable(), text: "", file: path, environment: environment)
    }

    /// The config file's text; nil when there is none. One that is there but cannot be
    /// read, or is not UTF-8 text, is an error: a setting silently ignored is worse.
    private static func configText(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, line: nil, problem: "the file cannot be read: check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: nil, problem: "the file is not UTF-8 text: save it as UTF-8")
        }
        return text
    }

    private static func settings(from table: TOMLTable, text: String, file: String, environment: [String: String]) throws -> LLMSettings {
        func problem(_ key: String, _ message: String) -> ConfigError {
            // The line of the key, found in the text (TOMLKit gives lines for syntax errors only).
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + " ") || $0.trimmingCharacters(in: .whitespaces).hasPrefix(key + "=")
            }.map { $0 + 1 }
            return ConfigError(file: file, line: line, problem: "\(key): \(message)")
        }
        let known = ["base_url", "model", "request_timeout", "retries", "temperature", "frequency_penalty", "max_tokens", "parallel_requests",
                     "price_input_per_million", "price_output_per_million", "monthly_budget", "api_key_command"]
        if let unknown = table.keys.first(where: { !known.contains($0) }) {
            throw problem(unknown, "not a setting Forktale knows (it knows \(known.joined(separator: ", ")))")
        }
        /// Text, without control characters: a model name is printed by `doctor` and `jobs show`.
        func string(_ key: String) throws -> String? {
            guard let value = table[key] else { return nil }
            guard let text = value.string else { throw problem(key, "should be text in quotes") }
            return TerminalText.safe(text)
        }
        func number(_ key: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard let value = table[key] else { return nil }
            guard let number = value.double ?? value.int.map(Double.init) else { throw problem(key, "should be a number") }
            guard range.contains(number) else { throw problem(key, "should be between \(range.lowerBound) and \(range.upperBound)") }
            return number
        }
        /// A count: a whole number ("parallel_requests = 3.7" is refused, not rounded).
        func whole(_ key: String, _ range: ClosedRange<Double>) throws -> Int? {
            guard let number = try number(key, range) else { return nil }
            guard number.rounded() == number else { throw problem(key, "should be a whole number") }
            return Int(number)
        }
        let urlText = try environment["FORKTALE_LLM_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? string("base_url")
        guard let urlText, let url = URL(string: urlText), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw problem("base_url", "should be the server's address, such as \"http://127.0.0.1:8080/v1\"")
        }
        let model = try environment["FORKTALE_LLM_MODEL"].flatMap { $0.isEmpty ? nil : TerminalText.safe($0) } ?? string("model")
        guard let model, !model.isEmpty else { throw problem("model", "name the model to use, such as model = \"llama3.2\"") }
        var settings = LLMSettings(baseURL: url, model: model)
        settings.requestTimeout = try number("request_timeout", 1...3600) ?? settings.requestTimeout
        settings.retries = try whole("retries", 1...20) ?? settings.retries
        settings.temperature = try number("temperature", 0...2) ?? settings.temperature
        settings.frequencyPenalty = try number("frequency_penalty", -2...2) ?? settings.frequencyPenalty
        settings.maxTokens = try whole("max_tokens", 50...32_000) ?? settings.maxTokens
        settings.parallelRequests = try whole("parallel_requests", 1...64) ?? settings.parallelRequests
        settings.priceInput = try number("price_input_per_million", 0...10_000) ?? 0
        settings.priceOutput = try number("price_output_per_million", 0...10_000) ?? 0
        settings.monthlyBudget = try number("monthly_budget", 0...1_000_000)
        settings.apiKeyCommand = try string("api_key_command")
        return settings
    }

    /// The API key: `FORKTALE_LLM_API_KEY`, else the first line `api_key_command` prints,
    /// else none (local servers need none).
    public func apiKey(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String? {
        if let key = environment["FORKTALE_LLM_API_KEY"], !key.isEmpty { return key }
        guard let command = apiKeyCommand else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first, !line.isEmpty
        else { throw ConfigError(file: "api_key_command", line: nil, problem: "the command printed no key (exit \(process.terminationStatus))") }
        return String(line)
    }

    /// Why no new job may start this month (the spending so far has reached the monthly
    /// budget), or nil.
    public func budgetRefusal(in store: AppDatabase, now: Date = Date()) throws -> String? {
        guard let budget = monthlyBudget else { return nil }
        let spent = try store.spending(month: now).reduce(0) { $0 + $1.costUsd }
        guard spent >= budget else { return nil }
        return String(format: "This month's model-server spending is $%.4f of the $%.2f budget (monthly_budget): no new job starts until next month.", spent, budget)
    }

    /// What tokens cost, in US dollars.
    public func cost(_ usage: TokenUsage) -> Double {
        (Double(usage.input) * priceInput + Double(usage.output) * priceOutput) / 1_000_000
    }
}

/// A config file that cannot be used: one line naming the file, the line and the problem.
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    public var line: Int?
    public var problem: String

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(problem.replacingOccurrences(of: "\n", with: " "))"
    }
}
