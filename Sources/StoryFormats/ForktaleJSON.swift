import Foundation
import StoryCore

/// Forktale's own JSON story format: what `forktale export --format json` writes and the
/// sample library is written in.
///
/// ```json
/// { "format": "forktale-story", "version": 1, "title": "The Lantern Fox", "start": "den",
///   "nodes": [ { "id": "den", "text": "...", "choices": [ { "text": "Go out", "to": "wood" } ] },
///              { "id": "wood", "text": "...", "is_ending": true, "is_winning_ending": true } ] }
/// ```
public enum ForktaleJSON {
    public static let formatName = "forktale-story"
    public static let version = 1

    public struct Document: Codable, Hashable, Sendable {
        public var format: String
        public var version: Int
        public var uuid: String?
        public var title: String
        public var summary: String?
        public var theme: String?
        public var language: String?
        public var ageRange: AgeRange?
        public var moral: String?
        /// The Twine story format the story came with, for Twee exports of it.
        public var storyFormat: String?
        public var storyFormatVersion: String?
        public var start: String
        public var nodes: [Node]

        enum CodingKeys: String, CodingKey {
            case format, version, uuid, title, summary, theme, language, ageRange = "age_range", moral
            case storyFormat = "story_format", storyFormatVersion = "story_format_version", start, nodes
        }
    }

    public struct Node: Codable, Hashable, Sendable {
        public var id: String
        public var text: String
        public var tags: [String]?
        public var isEnding: Bool?
        public var isWinningEnding: Bool?
        public var choices: [Choice]?

        enum CodingKeys: String, CodingKey {
            case id, text, tags, isEnding = "is_ending", isWinningEnding = "is_winning_ending", choices
        }
    }

    public struct Choice: Codable, Hashable, Sendable {
        public var text: String
        public var to: String
    }

    /// Reads a document into a story draft for `profileId`, checking that it holds together:
    /// known format and version, unique passage ids, a start passage, and every choice leading
    /// to a passage of the story.
    public static func draft(from data: Data, profileId: Int64, source: Story.Source) throws(FormatError) -> StoryDraft {
        var document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch let error as DecodingError {
            throw FormatError(readable: error)
        } catch {
            throw FormatError("not a Forktale story: \(error)")
        }
        guard document.format == formatName else {
            throw FormatError("\"format\" is \"\(document.format)\", expected \"\(formatName)\"")
        }
        guard document.version <= version else {
            throw FormatError("version \(document.version) is newer than this Forktale reads (\(version)): update Forktale")
        }

        var index: [String: Int] = [:]
        for (position, node) in document.nodes.enumerated() {
            guard index.updateValue(position, forKey: node.id) == nil else {
                throw FormatError("two passages have the id \"\(node.id)\"")
            }
        }
        guard index[document.start] != nil else {
            throw FormatError("the start passage \"\(document.start)\" is not among the nodes")
        }

        var nodes: [StoryNode] = []
        var choices: [StoryChoice.Draft] = []
        for (position, node) in document.nodes.enumerated() {
            let isEnding = node.isEnding ?? (node.choices ?? []).isEmpty
            nodes.append(StoryNode(
                content: TerminalText.safe(node.text), name: TerminalText.safe(node.id), tags: (node.tags ?? []).map(TerminalText.safe), isRoot: node.id == document.start,
                isEnding: isEnding, isWinningEnding: node.isWinningEnding ?? false))
            for (place, choice) in (node.choices ?? []).enumerated() {
                guard let target = index[choice.to] else {
                    throw FormatError("passage \"\(node.id)\" has a choice to \"\(choice.to)\", which is not among the nodes")
                }
                choices.append(StoryChoice.Draft(
                    from: position, position: place, text: TerminalText.safe(choice.text), target: target))
            }
        }
        document.nodes = []  // Read into `nodes` and `choices`: let it go before the checks.
        let storyFormat = StoryAssembler.storyFormat(document.storyFormat, version: document.storyFormatVersion)
        let story = Story(
            uuid: document.uuid?.lowercased() ?? UUID().uuidString.lowercased(), profileId: profileId,
            title: TerminalText.safe(document.title), summary: TerminalText.safe(document.summary ?? ""),
            theme: TerminalText.safe(document.theme ?? ""), language: TerminalText.safe(document.language ?? "en"), ageRange: document.ageRange ?? .all,
            moral: TerminalText.safe(document.moral ?? ""), storyFormat: storyFormat.name,
            storyFormatVersion: storyFormat.version, source: source, status: .ready,
            wordCount: nodes.reduce(0) { $0 + WordCount.of($1.content) })
        var draft = StoryDraft(story: story, nodes: nodes, choices: choices)
        draft.assignDepths()
        let problems = draft.validate()
        if let first = problems.first { throw FormatError(first.message) }
        return draft
    }
}

/// A story file that cannot be read, with the reason in words.
public struct FormatError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    init(readable error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the document" : String(text.drop(while: { $0 == "." }))
        }
        switch error {
        case .keyNotFound(let key, let context):
            message = "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            message = "\(path(context.codingPath)) has the wrong type: \(context.debugDescription)"
        case .dataCorrupted(let context):
            message = context.codingPath.isEmpty
                ? "not valid JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            message = "not a Forktale story"
        }
    }

    public var description: String { message }
}
