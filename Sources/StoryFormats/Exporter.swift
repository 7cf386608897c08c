import Foundation
import StoryCore

/// Writes a stored story out: Twee 3 and Forktale JSON (which import again to the same
/// story), a Markdown gamebook to print, and one standalone HTML file to read in a browser.
public enum Exporter {
    public enum Format: String, CaseIterable, Sendable {
        case twee, json, md, html

        public var fileExtension: String { rawValue }
    }

    /// A story that runs with its state (`source`) goes out as Twee as its author wrote it,
    /// conditions and all, so that it imports again to the same story; its other formats
    /// are of its pages as imported.
    /// Every format passes through the one sanitizer, so a control character or an
    /// override that reached the database some other way never reaches a file (which may
    /// well be printed on a terminal): JSON keeps it as a `\u` escape, the others drop it.
    public static func export(_ content: StoryContent, as format: Format, source: StorySource? = nil) -> Data {
        switch format {
        case .twee: Data(TerminalText.safe(source?.twee ?? twee(content)).utf8)
        case .json: Data(TerminalText.jsonSafe(String(decoding: json(content), as: UTF8.self)).utf8)
        case .md: Data(TerminalText.safe(markdown(content)).utf8)
        case .html: Data(TerminalText.safe(html(content)).utf8)
        }
    }

    /// Passage names, unique: a node's own name, else "Passage N".
    static func names(_ content: StoryContent) -> [Int64: String] {
        var names: [Int64: String] = [:]
        var taken = Set(content.nodes.compactMap(\.name))
        for (index, node) in content.nodes.enumerated() {
            guard let id = node.id else { continue }
            if let name = node.name {
                names[id] = name
                continue
            }
            var number = index + 1
            while taken.contains("Passage \(number)") { number += 1 }
            taken.insert("Passage \(number)")
            names[id] = "Passage \(number)"
        }
        return names
    }

    // MARK: - Twee 3

    /// StoryData names the story format the story came with; a story with none (written
    /// here: plain text and links, which every format reads) names no format, and Twine
    /// uses its default, as the Twee 3 specification allows.
    public static func twee(_ content: StoryContent) -> String {
        let names = names(content)
        var data: [String: Any] = ["ifid": content.story.uuid.uppercased()]
        if let format = content.story.storyFormat {
            data["format"] = format
            if let version = content.story.storyFormatVersion { data["format-version"] = version }
        }
        if let root = content.root?.id, let name = names[root] { data["start"] = name }
        let json = (try? JSONSerialization.data(withJSONObject: data, options: [.prettyPrinted, .sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        var out = ":: StoryTitle\n\(content.story.title)\n\n:: StoryData\n\(json)\n"
        for node in content.nodes {
            guard let id = node.id, let name = names[id] else { continue }
            var tags = node.tags
            if node.isWinningEnding, EndingTags.kind(of: tags) != .winning { tags.append("Good-Ending") }
            let header = tags.isEmpty ? escapeName(name) : "\(escapeName(name)) [\(tags.joined(separator: " "))]"
            out += "\n:: \(header)\n"
            if !node.content.isEmpty { out += node.content + "\n" }
            let links = content.choices(of: id).compactMap { choice -> String? in
                guard let target = choice.targetNodeId.flatMap({ names[$0] }) else { return nil }
                return choice.text == target ? "[[\(target)]]" : "[[\(choice.text)->\(target)]]"
            }
            if !links.isEmpty { out += (node.content.isEmpty ? "" : "\n") + links.joined(separator: "\n") + "\n" }
        }
        return out
    }

    private static func escapeName(_ name: String) -> String {
        var escaped = ""
        for character in name {
            if "[]{}\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    // MARK: - Forktale JSON

    public static func json(_ content: StoryContent) -> Data {
        let names = names(content)
        let story = content.story
        let document = ForktaleJSON.Document(
            format: ForktaleJSON.formatName, version: ForktaleJSON.version, uuid: story.uuid, title: story.title,
            summary: story.summary.isEmpty ? nil : story.summary, theme: story.theme.isEmpty ? nil : story.theme,
            language: story.language, ageRange: story.ageRange, moral: story.moral.isEmpty ? nil : story.moral,
            storyFormat: story.storyFormat, storyFormatVersion: story.storyFormatVersion,
            start: content.root.flatMap { $0.id.flatMap { names[$0] } } ?? "",
            nodes: content.nodes.compactMap { node in
                guard let id = node.id, let name = names[id] else { return nil }
                let choices = content.choices(of: id).compactMap { choice in
                    choice.targetNodeId.flatMap { names[$0] }.map { ForktaleJSON.Choice(text: choice.text, to: $0) }
                }
                return ForktaleJSON.Node(
                    id: name, text: node.content, tags: node.tags.isEmpty ? nil : node.tags,
                    isEnding: node.isEnding ? true : nil, isWinningEnding: node.isWinningEnding ? true : nil,
                    choices: choices.isEmpty ? nil : choices)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return ((try? encoder.encode(document)) ?? Data()) + Data("\n".utf8)
    }

    // MARK: - Reading order for print

    /// Section numbers: the start is 1, then breadth-first, then what the start cannot reach.
    static func sections(_ content: StoryContent) -> [(number: Int, node: StoryNode)] {
        var order: [Int64] = []
        var seen = Set<Int64>()
        var queue = content.root?.id.map { [$0] } ?? []
        var head = 0
        while head < queue.count {
            let id = queue[head]
            head += 1
            guard seen.insert(id).inserted else { continue }
            order.append(id)
            queue += content.choices(of: id).compactMap(\.targetNodeId).filter { !seen.contains($0) }
        }
        order += content.nodes.compactMap(\.id).filter { !seen.contains($0) }
        return order.enumerated().compactMap { index, id in content.node(id).map { (index + 1, $0) } }
    }

    // MARK: - Markdown

    public static func markdown(_ content: StoryContent) -> String {
        let sections = sections(content)
        let number = Dictionary(uniqueKeysWithValues: sections.compactMap { section in section.node.id.map { ($0, section.number) } })
        var out = "# \(content.story.title)\n\n"
        if !content.story.summary.isEmpty { out += "_\(content.story.summary)_\n\n" }
        out += "Start at section 1. At each choice, turn to the section it names.\n"
        for (sectionNumber, node) in sections {
            out += "\n## \(sectionNumber)\n\n"
            if !node.content.isEmpty { out += node.content.replacingOccurrences(of: "\n", with: "  \n") + "\n\n" }
            if node.isEnding {
                out += node.isWinningEnding ? "**The End: you made it!**\n" : "**The End.**\n"
                continue
            }
            for choice in content.choices(of: node.id!) {
                if let target = choice.targetNodeId.flatMap({ number[$0] }) {
                    out += "- \(choice.text): turn to \(target).\n"
                }
            }
        }
        return out
    }

    // MARK: - HTML

    /// One file, no script: each section is an anchor, and CSS shows only the one in the
    /// address (the first when there is none).
    public static func html(_ content: StoryContent) -> String {
        let sections = sections(content)
        let number = Dictionary(uniqueKeysWithValues: sections.compactMap { section in section.node.id.map { ($0, section.number) } })
        let title = escapeHTML(content.story.title)
        var out = """
            <!DOCTYPE html>
            <html lang="\(escapeHTML(content.story.language))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <style>
            body { max-width: 40em; margin: 2em auto; padding: 0 1em; font: 1.15em/1.6 Georgia, serif; color: #222; background: #fdfaf3; }
            section { display: none; }
            section:target, body:not(:has(section:target)) section#s1 { display: block; }
            .choices a { display: block; margin: .5em 0; }
            .end { font-weight: bold; }
            @media print { section { display: block; break-inside: avoid; } }
            </style>
            </head>
            <body>
            <h1>\(title)</h1>

            """
        for (sectionNumber, node) in sections {
            out += "<section id=\"s\(sectionNumber)\">\n<h2>\(sectionNumber)</h2>\n"
            for paragraph in node.content.components(separatedBy: "\n\n") where !paragraph.isEmpty {
                out += "<p>\(escapeHTML(paragraph).replacingOccurrences(of: "\n", with: "<br>"))</p>\n"
            }
            if node.isEnding {
                out += "<p class=\"end\">\(node.isWinningEnding ? "The End: you made it!" : "The End.")</p>\n<p class=\"choices\"><a href=\"#s1\">Read again from the start</a></p>\n"
            } else {
                out += "<p class=\"choices\">\n"
                for choice in content.choices(of: node.id!) {
                    if let target = choice.targetNodeId.flatMap({ number[$0] }) {
                        out += "<a href=\"#s\(target)\">\(escapeHTML(choice.text))</a>\n"
                    }
                }
                out += "</p>\n"
            }
            out += "</section>\n"
        }
        return out + "</body>\n</html>\n"
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
