import ForktaleResources
import Foundation
import StoryCore

/// Checks text for a child audience: every writer's output and every field people type
/// into a brief pass through it. It swaps unsuitable words for gentler ones, or refuses
/// the text, and reports what it found so it can be kept in `content_flags`.
public struct SafetyFilter: Sendable {
    /// Something the filter found and what it did about it.
    public struct Finding: Hashable, Sendable {
        public var flag: ContentFlag.FlagType
        public var severity: ContentFlag.Severity
        public var action: ContentFlag.Action
        public var word: String
    }

    public struct Result: Hashable, Sendable {
        /// The text with replacements made (unchanged when nothing was found).
        public var text: String
        public var findings: [Finding]
        /// True when a word that cannot be replaced was found: the text must not be used.
        public var rejected: Bool { findings.contains { $0.action == .rejected } }
        public var changed: Bool { !findings.isEmpty }
    }

    struct Rule: Sendable {
        var flag: ContentFlag.FlagType
        var severity: ContentFlag.Severity
        /// The youngest readers for whom the rule no longer applies; nil when it always applies.
        var allowedFrom: AgeRange?
        var reject: Set<String>
        var replace: [String: String]
    }

    let rules: [Rule]

    /// Reads the word lists from a file (`Assets/writer/safety.json`).
    public init(contentsOf url: URL) throws {
        let raw = try JSONDecoder().decode(RawSafety.self, from: Data(contentsOf: url))
        rules = try raw.rules.map { rule in
            guard let flag = ContentFlag.FlagType(rawValue: rule.flag),
                  let severity = ContentFlag.Severity(rawValue: rule.severity)
            else { throw ThemePackError(file: url.lastPathComponent, problem: "unknown flag or severity in a rule") }
            return Rule(
                flag: flag, severity: severity, allowedFrom: rule.allowedFrom.flatMap(AgeRange.init(rawValue:)),
                reject: Set(rule.reject.map { $0.lowercased() }),
                replace: Dictionary(uniqueKeysWithValues: rule.replace.map { ($0.key.lowercased(), $0.value) }))
        }
    }

    /// The lists shipped in `Assets/`, read once.
    public static func bundled() throws -> SafetyFilter {
        try bundledResult.get()
    }

    private static let bundledResult = Swift.Result {
        guard let url = ForktaleResources.asset("writer/safety.json") else {
            throw ThemePackError(file: "Assets/writer/safety.json", problem: "missing from the installed resources")
        }
        return try SafetyFilter(contentsOf: url)
    }

    /// Checks `text` for readers of `age` (`all` is checked as for the youngest).
    public func check(_ text: String, for age: AgeRange) -> Result {
        let active = rules.filter { rule in
            guard let allowed = rule.allowedFrom else { return true }
            return Self.rank(age) < Self.rank(allowed)
        }
        var findings: [Finding] = []
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var word = ""
        func flush() {
            defer { word = "" }
            guard !word.isEmpty else { return }
            let key = word.lowercased()
            for rule in active {
                if rule.reject.contains(key) {
                    findings.append(Finding(flag: rule.flag, severity: rule.severity, action: .rejected, word: word))
                } else if let replacement = rule.replace[key] {
                    findings.append(Finding(flag: rule.flag, severity: rule.severity, action: .modified, word: word))
                    out += word.first!.isUppercase ? replacement.prefix(1).uppercased() + replacement.dropFirst() : replacement
                    return
                }
            }
            out += word
        }
        for character in text {
            if character.isLetter || (character == "-" && !word.isEmpty) {
                word.append(character)
            } else {
                flush()
                out.append(character)
            }
        }
        flush()
        return Result(text: findings.isEmpty ? text : out, findings: findings)
    }

    private static func rank(_ age: AgeRange) -> Int {
        switch age {
        case .fourToSix, .all: 0
        case .sixToEight: 1
        case .eightToTen: 2
        }
    }
}

private struct RawSafety: Decodable {
    struct Rule: Decodable {
        var flag: String
        var severity: String
        var allowedFrom: String?
        var reject: [String]
        var replace: [String: String]

        enum CodingKeys: String, CodingKey {
            case flag, severity, allowedFrom = "allowed_from", reject, replace
        }
    }

    var format: String
    var rules: [Rule]
}
