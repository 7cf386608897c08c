import Foundation
import StoryCore

/// Turns a story as a file describes it into a draft to store, and says what it did.
enum StoryAssembler {
    /// Passages that belong to the story format's machinery, not to the story.
    static let specialNames: Set<String> = [
        "StoryInit", "StoryMenu", "StoryCaption", "StoryBanner", "StorySubtitle", "StoryAuthor", "StoryShare",
        "StoryInterface", "StoryDisplayTitle", "PassageReady", "PassageDone", "PassageHeader", "PassageFooter",
    ]
    static let specialTags: Set<String> = [
        "script", "stylesheet", "widget", "startup", "header", "footer", "debug-startup", "debug-header",
        "debug-footer", "twine.private", "annotation",
    ]

    static func assemble(_ source: SourceStory, file: String, format: String, profileId: Int64) throws(FormatError) -> ImportResult {
        var leftOut: [String] = []
        var notes: [ImportReport.Note] = []
        var passages: [SourcePassage] = []
        var seen = Set<String>()
        for var passage in source.passages {
            passage.name = TerminalText.safe(passage.name)
            passage.tags = passage.tags.map(TerminalText.safe)
            if specialNames.contains(passage.name) || passage.tags.contains(where: { specialTags.contains($0.lowercased()) }) {
                leftOut.append(passage.tags.isEmpty ? passage.name : "\(passage.name) [\(passage.tags.joined(separator: " "))]")
            } else if !seen.insert(passage.name).inserted {
                leftOut.append("\(passage.name) (a second passage of that name)")
            } else {
                passages.append(passage)
            }
        }
        guard !passages.isEmpty else { throw FormatError("no story passages (only scripts, styles or special passages)") }

        let rawText = Dictionary(source.passages.map { ($0.name, $0.text) }, uniquingKeysWith: { first, _ in first })
        let markup = TwineMarkup(passageText: { rawText[$0] })
        let index = Dictionary(uniqueKeysWithValues: passages.enumerated().map { ($1.name, $0) })
        let startName = source.start.flatMap { index[$0] != nil ? $0 : nil }
            ?? (index["Start"] != nil ? "Start" : passages[0].name)

        let readings = read(passages, with: markup)
        var nodes: [StoryNode] = []
        var choices: [StoryChoice.Draft] = []
        for (position, passage) in passages.enumerated() {
            let reading = readings[position]
            notes += reading.notFollowed.map { ImportReport.Note(passage: passage.name, message: $0) }
            var links = passage.links ?? reading.links
            if links.count > 1 {
                var unique = Set<SourceLink>()
                links = links.filter { unique.insert($0).inserted }
            }

            let tagged = EndingTags.kind(of: passage.tags)
            var ending = passage.ending ?? tagged
            if ending != nil, !links.isEmpty, passage.ending == nil {
                notes.append(.init(passage: passage.name, message: "tagged as an ending, so its \(links.count) links were left out"))
                links = []
            }
            if links.isEmpty, ending == nil {
                ending = winsByText(reading.text) ? .winning : .neutral
            }
            nodes.append(StoryNode(
                content: reading.text, name: passage.name, tags: passage.tags, isRoot: passage.name == startName,
                isEnding: ending != nil, isWinningEnding: ending == .winning))
            for (place, link) in links.enumerated() {
                let target = index[TerminalText.safe(link.target)]
                if target == nil { notes.append(.init(passage: passage.name, message: "a link to \"\(link.target)\", which does not exist")) }
                var text = TerminalText.safe(link.text).trimmingWhitespace()
                if text.isEmpty { text = link.target }
                choices.append(.init(from: position, position: place, text: text.limited(to: Rules.choiceTextMaxLength), target: target))
            }
        }

        let fileName = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        var title = TerminalText.safe(source.title ?? "").trimmingWhitespace()
        if title.isEmpty { title = fileName.isEmpty ? "Untitled story" : fileName }
        let ifid = source.ifid.flatMap { UUID(uuidString: $0) }?.uuidString.lowercased()
        let storyFormat = storyFormat(source.storyFormat, version: source.storyFormatVersion)
        let story = Story(
            uuid: ifid ?? UUID().uuidString.lowercased(), profileId: profileId,
            title: title.limited(to: Rules.storyTitleMaxLength), storyFormat: storyFormat.name,
            storyFormatVersion: storyFormat.version, source: .imported, status: .ready,
            wordCount: nodes.reduce(0) { $0 + WordCount.of($1.content) })
        var draft = StoryDraft(story: story, nodes: nodes, choices: choices)
        draft.assignDepths()
        if let problem = draft.validate().first { throw FormatError(problem.message) }

        var stateful: StorySource?
        var fidelity: String?
        if passages.contains(where: \.isMarkup), TwineRuntime.format(of: source) != nil,
           let runtime = try? TwineRuntime(source: source), runtime.usesState {
            stateful = StorySource(format: runtime.format.rawValue, twee: TwineRuntime.twee(
                of: source, format: runtime.format, title: draft.story.title, ifid: draft.story.uuid))
            fidelity = runtime.fidelity
            // Its variables and computed targets are worked out when it is played.
            notes.removeAll { $0.message.hasSuffix("variables are not worked out yet") || $0.message.hasPrefix("a computed target") }
        }
        var problems = StoryGraph(draft).problems().filter {
            switch $0 {
            case .danglingLink: false  // Already a note, with the missing name.
            // A story that runs with its state reaches pages by includes, headers and
            // footers too: what no link reaches is in its fidelity line instead.
            case .unreachable: stateful == nil
            default: true
            }
        }.map(\.description)
        problems += source.problems
        // A start that shows nothing: its story begins in script, or the file is a stub.
        if let root = nodes.firstIndex(where: \.isRoot), nodes[root].content.isEmpty, !choices.contains(where: { $0.from == root }) {
            let script = notes.contains { $0.passage == startName && $0.message.hasPrefix("script") }
            problems.append("The start passage \"\(startName)\" shows nothing here" + (script
                ? ": the story begins in JavaScript, which Forktale does not run." : "."))
        }
        // A passage that ends inside a link or a macro: a file cut short, or a typing slip.
        for passage in passages where passage.isMarkup {
            for (open, close, what) in [("[[", "]]", "a link"), ("<<", ">>", "a macro"), ("<%", "%>", "a script")]
            where passage.text.occurrences(of: open) > passage.text.occurrences(of: close) {
                let last = passage.name == source.passages.last?.name
                problems.append("The passage \"\(passage.name)\" ends inside \(what) (\(open) is not closed)"
                    + (last ? ": the file may be cut short." : "."))
            }
        }
        if let start = source.start, index[start] == nil {
            problems.append("The start passage \"\(start)\" does not exist; \"\(startName)\" was used.")
        }
        var report = ImportReport(
            draft: draft, file: file, format: format, leftOut: leftOut, notFollowed: notes, problems: problems)
        report.fidelity = fidelity
        return ImportResult(draft: draft, report: report, source: stateful)
    }

    /// Each passage as a player shows it. Passages read independently, so a large story
    /// is read on every core, in runs of passages (the order of the result is the file's).
    private static func read(_ passages: [SourcePassage], with markup: TwineMarkup) -> [PassageReading] {
        @Sendable func reading(_ passage: SourcePassage) -> PassageReading {
            passage.isMarkup
                ? markup.read(passage.text)
                : PassageReading(text: TerminalText.safe(passage.text).trimmingWhitespace(), links: [], notFollowed: [])
        }
        let runs = min(passages.count / 256, 4 * ProcessInfo.processInfo.activeProcessorCount)
        guard runs > 1 else { return passages.map(reading) }
        var readings = [PassageReading](repeating: PassageReading(text: "", links: [], notFollowed: []), count: passages.count)
        readings.withUnsafeMutableBufferPointer { buffer in
            // Each run writes only its own slots.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: runs) { run in
                for index in stride(from: run, to: passages.count, by: runs) { slots[index] = reading(passages[index]) }
            }
        }
        return readings
    }

    /// A story format's name and version as a story keeps them: safe to show, trimmed, nil
    /// when empty; no version without a format to be a version of.
    static func storyFormat(_ name: String?, version: String?) -> (name: String?, version: String?) {
        func value(_ text: String?, limit: Int) -> String? {
            let text = TerminalText.safe(text ?? "").trimmingWhitespace().limited(to: limit)
            return text.isEmpty ? nil : text
        }
        guard let name = value(name, limit: 100) else { return (nil, nil) }
        return (name, value(version, limit: 50))
    }

    /// An untagged ending that says the reader won, in whole words ("you wonder" is not
    /// "you won").
    static func winsByText(_ text: String) -> Bool {
        let words = text.lowercased().split { !$0.isLetter && $0 != "'" }.joined(separator: " ")
        let padded = " " + words + " "
        return ["you have won", "you won", "you win", "victory is yours"].contains { padded.contains(" " + $0 + " ") }
    }
}

/// What a passage's tags (`Good-Ending`, `Bad-Ending` and the like) say about it ending the story.
enum EndingTags {
    static func kind(of tags: [String]) -> EndingKind? {
        var result: EndingKind?
        for tag in tags {
            let word = tag.lowercased().filter(\.isLetter)
            if ["goodending", "goodend", "winningending", "winending", "win", "winning", "victory", "happyending",
                "bestending", "success", "trueending"].contains(word) {
                return .winning
            }
            if ["badending", "badend", "losingending", "loseending", "lose", "losing", "death", "dead", "gameover",
                "failure", "fail", "failed"].contains(word) {
                result = .losing
            } else if ["ending", "end", "theend"].contains(word), result == nil {
                result = .neutral
            }
        }
        return result
    }

}

extension String {
    /// At most `count` Unicode scalars, the unit the schema's `length()` limits count.
    func limited(to count: Int) -> String {
        // No more bytes than the limit: no more code points either, and nothing to count.
        utf8.count <= count || unicodeScalars.count <= count ? self : String(String.UnicodeScalarView(unicodeScalars.prefix(count)))
    }
}
