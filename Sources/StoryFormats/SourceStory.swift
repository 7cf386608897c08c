import Foundation
import StoryCore

/// A story as a file describes it, before links are followed and text is cleaned:
/// what every importer produces and `StoryAssembler` turns into a draft.
struct SourceStory {
    var title: String?
    /// The start passage's name.
    var start: String?
    /// The story format ("Harlowe") and its version ("3.1.0"), when the file says.
    var storyFormat: String?
    var storyFormatVersion: String?
    var ifid: String?
    var passages: [SourcePassage] = []
    /// What the reader of the file found wrong with it as a whole, for the report.
    var problems: [String] = []
}

struct SourcePassage {
    var name: String
    var tags: [String] = []
    /// The passage's text as written, markup and all.
    var text: String
    /// Where the passage starts in the file (1-based), for messages.
    var line: Int?
    /// Links the file states outright (JSON shapes); nil means "find them in the text".
    var links: [SourceLink]?
    /// Whether the text is Twine markup (false: plain text, as JSON shapes have).
    var isMarkup = true
    /// An ending the file states outright; nil means "decide from tags and links".
    var ending: EndingKind?
}

struct SourceLink: Hashable {
    var text: String
    var target: String
}

enum EndingKind: Hashable {
    case winning, losing, neutral
}

/// What an import found: for people (`description`) and for `--json`.
public struct ImportReport: Codable, Hashable, Sendable {
    /// Something in a passage the importer could not follow, such as a computed target.
    public struct Note: Codable, Hashable, Sendable {
        public var passage: String
        public var message: String

        public init(passage: String, message: String) {
            self.passage = passage
            self.message = message
        }
    }

    public var file: String
    public var format: String
    public var storyFormat: String?
    public var title: String
    public var start: String
    public var passages: Int
    public var links: Int
    public var endings: Int
    public var winningEndings: Int
    /// Passages that are not part of the story (scripts, stylesheets, StoryInit, ...).
    public var leftOut: [String]
    public var notFollowed: [Note]
    /// Where readers would get stuck (see `StoryGraph.Problem`).
    public var problems: [String]
    /// For a Twine story that runs with its state: what runs and what does not.
    public var fidelity: String?
    /// The library already holds this story (its IFID or uuid): it comes in as a second
    /// copy under a new uuid.
    public var alreadyInLibrary = false
    /// The story's id once stored; nil for a dry run.
    public var storyId: Int64?

    public var summary: String {
        "\(passages) passages, \(links) links, \(endings) endings (\(winningEndings) winning); start: \(start)"
    }

    public var description: String {
        var lines = ["\"\(title)\" (\(format)\(storyFormat.map { ", \($0)" } ?? ""))", "  " + summary]
        if alreadyInLibrary {
            lines.append(storyId == nil
                ? "  Already in the library: importing it would store a second copy."
                : "  Already in the library: stored as a second copy.")
        }
        if let fidelity { lines.append("  " + fidelity) }
        if !leftOut.isEmpty { lines.append("  Left out (not story passages): " + leftOut.joined(separator: ", ")) }
        if !notFollowed.isEmpty {
            lines.append("  Could not follow:")
            lines += notFollowed.map { "    \($0.passage): \($0.message)" }
        }
        if !problems.isEmpty {
            lines.append("  Check:")
            lines += problems.map { "    \($0)" }
        }
        return lines.map(TerminalText.safe).joined(separator: "\n")
    }
}

extension ImportReport {
    /// The report of `draft`: the counts and the story format come from the story itself.
    init(draft: StoryDraft, file: String, format: String, leftOut: [String] = [], notFollowed: [Note] = [],
         problems: [String]) {
        let storyFormat = [draft.story.storyFormat, draft.story.storyFormatVersion].compactMap { $0 }.joined(separator: " ")
        self.init(
            file: file, format: format, storyFormat: storyFormat.isEmpty ? nil : storyFormat, title: draft.story.title,
            start: draft.nodes.first(where: \.isRoot)?.name ?? "", passages: draft.nodes.count,
            links: draft.choices.count, endings: draft.nodes.filter(\.isEnding).count,
            winningEndings: draft.nodes.filter(\.isWinningEnding).count, leftOut: leftOut, notFollowed: notFollowed,
            problems: problems, fidelity: nil, storyId: nil)
    }
}

/// A story read from a file, ready to store, with its report.
public struct ImportResult: Sendable {
    public var draft: StoryDraft
    public var report: ImportReport
    /// The story as written, for a Twine story that runs with its state (Harlowe,
    /// SugarCube, Chapbook); nil when its imported pages are all it needs.
    public var source: StorySource?

    public init(draft: StoryDraft, report: ImportReport, source: StorySource? = nil) {
        self.draft = draft
        self.report = report
        self.source = source
    }
}
