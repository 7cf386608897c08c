import Foundation
import StoryCore

/// Reads Twee 3 source (the text form of a Twine story) into passages.
///
/// Handles what real files show: a byte-order mark, CRLF or CR line endings, `::Name`
/// without a space, `Name[tags]` without a space before the tags, spaces inside the tag
/// brackets, escaped `\[ \] \{ \} \\` in names, metadata objects, no final newline.
enum TweeReader {
    static func read(_ text: String) throws(FormatError) -> SourceStory {
        let lines = normalizedLines(text)
        var story = SourceStory()
        var current: SourcePassage?
        var body: [Substring] = []

        func finish() {
            guard var passage = current else { return }
            passage.text = trimBlankLines(body).joined(separator: "\n")
            story.passages.append(passage)
        }

        for (number, line) in lines.enumerated() {
            if line.hasPrefix("::") {
                finish()
                body = []
                let header = try parseHeader(line.dropFirst(2), line: number + 1)
                current = SourcePassage(name: header.name, tags: header.tags, text: "", line: number + 1)
            } else if current != nil {
                body.append(line)
            }  // Text before the first header is not part of any passage (Twee 3 ignores it).
        }
        finish()
        guard !story.passages.isEmpty else { throw FormatError("no passages: a Twee passage starts with \":: Name\"") }

        // StoryTitle and StoryData describe the story; they are not passages of it.
        if let title = story.passages.first(where: { $0.name == "StoryTitle" }) {
            story.title = title.text.trimmingWhitespace()
        }
        if let data = story.passages.first(where: { $0.name == "StoryData" }) {
            let object = (try? JSONSerialization.jsonObject(with: Data(data.text.utf8))) as? [String: Any]
            guard let object else {
                throw FormatError("line \(data.line ?? 0): StoryData is not a JSON object")
            }
            story.start = object["start"] as? String
            story.ifid = object["ifid"] as? String
            story.storyFormat = object["format"] as? String
            story.storyFormatVersion = object["format-version"] as? String
        }
        story.passages.removeAll { $0.name == "StoryTitle" || $0.name == "StoryData" }
        return story
    }

    /// Lines without their endings: a BOM dropped, CRLF and lone CR taken as newlines.
    static func normalizedLines(_ text: String) -> [Substring] {
        var text = Substring(text)
        if text.first == "\u{FEFF}" { text = text.dropFirst() }
        // Split on bytes: Character-wise splitting runs grapheme breaking over the whole file.
        let utf8 = text.utf8
        var lines: [Substring] = []
        var lineStart = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(text[lineStart..<index])
                let next = utf8.index(after: index)
                index = byte == 0x0D && next < utf8.endIndex && utf8[next] == 0x0A ? utf8.index(after: next) : next
                lineStart = index
            } else {
                index = utf8.index(after: index)
            }
        }
        lines.append(text[lineStart..<utf8.endIndex])
        return lines
    }

    private static func trimBlankLines(_ lines: [Substring]) -> ArraySlice<Substring> {
        var slice = lines[...]
        while let last = slice.last, last.allSatisfy(\.isWhitespace) { slice = slice.dropLast() }
        return slice
    }

    /// `Name [tag tag] {"metadata": 1}` with escapes in the name.
    static func parseHeader(_ header: Substring, line: Int) throws(FormatError) -> (name: String, tags: [String]) {
        var name = ""
        var rest = header.drop(while: { $0 == " " || $0 == "\t" })[...]
        var escaped = false
        while let character = rest.first {
            if escaped {
                name.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "[" || character == "{" {
                break
            } else {
                name.append(character)
            }
            rest = rest.dropFirst()
        }
        name = name.trimmingWhitespace()
        guard !name.isEmpty else { throw FormatError("line \(line): a passage header without a name") }
        var tags: [String] = []
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else {
                throw FormatError("line \(line): the tags of \"\(name)\" are not closed with \"]\"")
            }
            tags = rest[rest.index(after: rest.startIndex)..<close].split(whereSeparator: \.isWhitespace).map(String.init)
        }
        return (name, tags)
    }
}
