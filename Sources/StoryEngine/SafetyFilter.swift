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

        /// What a person is told when the text of `label` ("moral", "special ability") is
        /// rejected: the words, and to reword it. Nil when nothing is rejected.
        public func refusal(of label: String) -> String? {
            let words = findings.filter { $0.action == .rejected }.map(\.word)
            return words.isEmpty ? nil : "The \(label) has words that are not for children (\(words.joined(separator: ", "))): please reword it."
        }
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

    enum Action: Sendable {
        case reject
        case replace(String)
    }

    /// For each age rank, each listed word and what the rules that apply say about it.
    let rulesByAge: [[String: [(rule: Rule, action: Action)]]]

    /// Reads the word lists from a file (`Assets/writer/safety.json`).
    public init(contentsOf url: URL) throws {
        let raw = try JSONDecoder().decode(RawSafety.self, from: Data(contentsOf: url))
        let rules = try raw.rules.map { rule in
            guard let flag = ContentFlag.FlagType(rawValue: rule.flag),
                  let severity = ContentFlag.Severity(rawValue: rule.severity)
            else { throw ThemePackError(file: url.lastPathComponent, problem: "unknown flag or severity in a rule") }
            return Rule(
                flag: flag, severity: severity, allowedFrom: rule.allowedFrom.flatMap(AgeRange.init(rawValue:)),
                reject: Set(rule.reject.map { $0.lowercased() }),
                replace: Dictionary(uniqueKeysWithValues: rule.replace.map { ($0.key.lowercased(), $0.value) }))
        }
        rulesByAge = (0...2).map { rank in
            var words: [String: [(rule: Rule, action: Action)]] = [:]
            for rule in rules where rule.allowedFrom.map({ rank < Self.rank($0) }) ?? true {
                for word in rule.reject { words[word, default: []].append((rule, .reject)) }
                for (word, replacement) in rule.replace { words[word, default: []].append((rule, .replace(replacement))) }
            }
            // Refusals first: a word that is refused is not worth replacing.
            return words.mapValues { hits in
                hits.filter { if case .reject = $0.action { true } else { false } } + hits.filter { if case .replace = $0.action { true } else { false } }
            }
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
    ///
    /// Works on UTF-8 bytes: the word lists are ASCII, so a word with other letters can
    /// never match, and most text passes without a single allocation.
    public func check(_ text: String, for age: AgeRange) -> Result {
        let active = rulesByAge[Self.rank(age)]
        var findings: [Finding] = []
        var replacements: [(range: Range<Int>, with: String)] = []
        var native = text
        native.makeContiguousUTF8()
        _ = native.utf8.withContiguousStorageIfAvailable { bytes in
            var start = -1
            var ascii = true
            func word(endingAt end: Int) {
                defer { start = -1; ascii = true }
                guard start >= 0, ascii, end - start <= 24 else { return }
                var key = ""
                for index in start..<end { key.unicodeScalars.append(Unicode.Scalar(bytes[index] | 0x20)) }
                guard let hits = active[key] else { return }
                let original = String(decoding: bytes[start..<end], as: UTF8.self)
                for hit in hits {
                    switch hit.action {
                    case .reject:
                        findings.append(Finding(flag: hit.rule.flag, severity: hit.rule.severity, action: .rejected, word: original))
                    case .replace(let replacement):
                        findings.append(Finding(flag: hit.rule.flag, severity: hit.rule.severity, action: .modified, word: original))
                        replacements.append((start..<end, Self.matchCase(of: original, replacement)))
                        return
                    }
                }
            }
            for index in 0..<bytes.count {
                let byte = bytes[index]
                let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
                if isLetter || byte >= 0x80 || (byte == 0x2D && start >= 0) {  // letters, non-ASCII, inner hyphens
                    if start < 0 { start = index }
                    if byte >= 0x80 { ascii = false }
                } else {
                    word(endingAt: index)
                }
            }
            word(endingAt: bytes.count)
        }
        guard !replacements.isEmpty else { return Result(text: text, findings: findings) }
        var out = ""
        let bytes = Array(text.utf8)
        var position = 0
        for replacement in replacements {
            out += String(decoding: bytes[position..<replacement.range.lowerBound], as: UTF8.self)
            out += replacement.with
            position = replacement.range.upperBound
        }
        out += String(decoding: bytes[position...], as: UTF8.self)
        return Result(text: out, findings: findings)
    }

    /// "Scary" becomes "Spooky", "SCARY" becomes "SPOOKY".
    static func matchCase(of original: String, _ replacement: String) -> String {
        if original.count > 1, original.allSatisfy({ !$0.isLowercase }) { return replacement.uppercased() }
        if original.first!.isUppercase { return replacement.prefix(1).uppercased() + replacement.dropFirst() }
        return replacement
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
