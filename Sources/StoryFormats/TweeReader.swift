import Foundation
#if canImport(Glibc)
import Glibc
#endif
import StoryCore

/// Reads Twee 3 source (the text form of a Twine story) into passages.
///
/// Handles what real files show: a byte-order mark, CRLF or CR line endings, `::Name`
/// without a space, `Name[tags]` without a space before the tags, spaces inside the tag
/// brackets, escaped `\[ \] \{ \} \\` in names, metadata objects, no final newline.
enum TweeReader {
    static func read(_ text: String) throws(FormatError) -> SourceStory {
        var story = SourceStory()
        for found in passages(in: normalized(text)) {
            let header = try parseHeader(Substring(found.header), line: found.line)
            story.passages.append(SourcePassage(name: header.name, tags: header.tags, text: found.text, line: found.line))
        }
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

    /// The text with newlines only: a BOM dropped, CRLF and lone CR taken as newlines.
    static func normalized(_ text: String) -> String {
        var text = text
        if text.utf8.first == 0xEF, text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let hasReturn = text.withUTF8 { bytes in bytes.baseAddress.map { memchr($0, 0x0D, bytes.count) != nil } ?? false }
        guard hasReturn else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// Each passage's header (after "::"), its text and the line it starts on, read on
    /// bytes: a header is a line that starts with "::"; the text is the lines up to the
    /// next header, without the blank lines at its end. Text before the first header is
    /// not part of any passage (Twee 3 ignores it).
    static func passages(in text: String) -> [(header: String, text: String, line: Int)] {
        var text = text
        return text.withUTF8 { bytes in
            let colon = UInt8(ascii: ":"), newline = UInt8(ascii: "\n")
            var found: [(header: String, text: String, line: Int)] = []
            var open: (header: Range<Int>, body: Int, line: Int)?
            func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            func isBlank(_ range: Range<Int>) -> Bool {
                bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0B || $0 == 0x0C }
            }
            func close(at end: Int) {
                guard let passage = open else { return }
                var end = max(passage.body, end)
                // Blank lines at the end are not the passage's.
                while end > passage.body {
                    var start = end
                    while start > passage.body, bytes[start - 1] != newline { start -= 1 }
                    guard isBlank(start..<end) else { break }
                    end = max(passage.body, start - 1)
                }
                found.append((string(passage.header), string(passage.body..<end), passage.line))
            }
            var index = 0
            var line = 1
            while index < bytes.count {
                var end = index
                while end < bytes.count, bytes[end] != newline { end += 1 }
                if end - index >= 2, bytes[index] == colon, bytes[index + 1] == colon {
                    close(at: max(index - 1, 0))
                    open = (index + 2..<end, min(end + 1, bytes.count), line)
                }
                index = end + 1
                line += 1
            }
            close(at: bytes.count)
            return found
        }
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
