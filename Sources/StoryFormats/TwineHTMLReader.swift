import Foundation

/// Reads a published Twine 2 story (HTML): the passages inside `<tw-storydata>`.
///
/// The story format's own code, also in the file, mentions the element's name; the story
/// data is the element that has attributes and `<tw-passagedata>` children.
enum TwineHTMLReader {
    static func read(_ html: String) throws(FormatError) -> SourceStory {
        var searchFrom = html.startIndex
        var found: [(attributes: [String: String], body: Substring)] = []
        while let open = html.range(of: "<tw-storydata", options: .caseInsensitive, range: searchFrom..<html.endIndex) {
            searchFrom = open.upperBound
            guard let tagEnd = html[open.upperBound...].firstIndex(of: ">"),
                  let close = html.range(of: "</tw-storydata>", options: .caseInsensitive, range: tagEnd..<html.endIndex)
            else { continue }
            let attributes = parseAttributes(html[open.upperBound..<tagEnd])
            let body = html[html.index(after: tagEnd)..<close.lowerBound]
            guard attributes["name"] != nil || attributes["startnode"] != nil,
                  body.range(of: "<tw-passagedata", options: .caseInsensitive) != nil else { continue }
            found.append((attributes, body))
            searchFrom = close.upperBound
        }
        guard let first = found.first else {
            throw FormatError("no <tw-storydata> element with passages: this is not a published Twine 2 story")
        }
        var story = try story(attributes: first.attributes, body: first.body)
        if found.count > 1 {
            let others = found.dropFirst().map { "\"\($0.attributes["name"] ?? "untitled")\"" }.joined(separator: ", ")
            story.problems.append("The file holds \(found.count) stories; only the first was imported. Not imported: \(others) "
                + "(in Twine, publish each story to a file of its own).")
        }
        return story
    }

    private static func story(attributes: [String: String], body: Substring) throws(FormatError) -> SourceStory {
        var story = SourceStory(title: attributes["name"], ifid: attributes["ifid"])
        story.storyFormat = attributes["format"]
        story.storyFormatVersion = attributes["format-version"]
        var startName: String?
        var rest = body[...]
        while let open = rest.range(of: "<tw-passagedata", options: .caseInsensitive) {
            guard let tagEnd = rest[open.upperBound...].firstIndex(of: ">"),
                  let close = rest.range(of: "</tw-passagedata>", options: .caseInsensitive, range: tagEnd..<rest.endIndex)
            else { throw FormatError("a <tw-passagedata> element is not closed") }
            let passage = parseAttributes(rest[open.upperBound..<tagEnd])
            guard let name = passage["name"], !name.isEmpty else {
                throw FormatError("a <tw-passagedata> element has no name")
            }
            let text = decodeEntities(String(rest[rest.index(after: tagEnd)..<close.lowerBound]))
            story.passages.append(SourcePassage(
                name: name, tags: (passage["tags"] ?? "").split(separator: " ").map(String.init), text: text))
            if let pid = passage["pid"], pid == attributes["startnode"] { startName = name }
            rest = rest[close.upperBound...]
        }
        story.start = startName
        return story
    }

    /// `name="value"` and `name='value'` pairs, entities decoded.
    static func parseAttributes(_ text: Substring) -> [String: String] {
        var attributes: [String: String] = [:]
        var rest = text[...]
        while let equals = rest.firstIndex(of: "=") {
            let name = rest[..<equals].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            rest = rest[rest.index(after: equals)...].drop(while: \.isWhitespace)
            guard let quote = rest.first, quote == "\"" || quote == "'" else { break }
            rest = rest.dropFirst()
            guard let end = rest.firstIndex(of: quote) else { break }
            attributes[String(name.split(separator: " ").last ?? "")] = decodeEntities(String(rest[..<end]))
            rest = rest[rest.index(after: end)...]
        }
        return attributes
    }

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "hellip": "…",
        "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "copy": "©",
    ]

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            rest = rest[amp...]
            guard let semicolon = rest.prefix(12).firstIndex(of: ";") else {
                result.append("&")
                rest = rest.dropFirst()
                continue
            }
            let entity = rest[rest.index(after: rest.startIndex)..<semicolon]
            var decoded: String?
            if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                decoded = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if entity.hasPrefix("#") {
                decoded = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                decoded = named[String(entity)]
            }
            if let decoded {
                result += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result.append("&")
                rest = rest.dropFirst()
            }
        }
        return result + rest
    }
}
