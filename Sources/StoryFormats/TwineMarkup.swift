import Foundation
import StoryCore

/// A passage's text read the way a player shows it: the links it offers, its prose without
/// markup, and what could not be followed.
struct PassageReading {
    var text: String
    var links: [SourceLink]
    var notFollowed: [String]
}

/// Follows Twine links and the common story-format macros with literal targets, and turns
/// everything else into readable text.
///
/// Links: `[[t]]`, `[[t->p]]`, `[[p<-t]]`, `[[t|p]]`, setter links `[[t|p][...]]`;
/// Harlowe `(link-goto:)`, `(go-to:)`, `(link:)[(go-to:)]`; SugarCube `<<link "t" "p">>`,
/// `<<goto>>`, `<<button>>`, `<<link "t">><<goto "p">><</link>>`; Chapbook `{link to:}`,
/// `{reveal link:}`. Removed: comments, HTML tags, scripts, styles, other macros, Chapbook
/// vars sections and modifiers, hook brackets; emphasis is kept as plain words.
struct TwineMarkup {
    /// Raw text of another passage, for `(display:)` and `{embed passage:}`.
    var passageText: (String) -> String?

    func read(_ raw: String) -> PassageReading {
        var scanner = Scanner(markup: self)
        scanner.scan(Self.prepare(raw), depth: 0)
        return PassageReading(text: Self.tidy(scanner.output), links: scanner.links, notFollowed: scanner.notFollowed)
    }

    // Link text is wrapped in these while scanning, so that lines holding nothing but
    // links can be dropped afterwards. Control characters never survive `prepare`.
    static let linkOpen: UInt8 = 0x01
    static let linkClose: UInt8 = 0x02

    /// Control characters out, comments out, a Chapbook vars section out.
    static func prepare(_ raw: String) -> [UInt8] {
        var text = TerminalText.safe(raw.replacingOccurrences(of: "\r\n", with: "\n"))
        for (open, close) in [("/*", "*/"), ("/%", "%/"), ("<!--", "-->")] {
            while let start = text.range(of: open) {
                let end = text.range(of: close, range: start.upperBound..<text.endIndex)?.upperBound ?? text.endIndex
                text.removeSubrange(start.lowerBound..<end)
            }
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let separator = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "--" }),
           separator > 0,
           lines[..<separator].allSatisfy({ $0.allSatisfy(\.isWhitespace) || isVarsLine($0) }) {
            text = lines[(separator + 1)...].joined(separator: "\n")
        }
        return Array(text.utf8)
    }

    /// `name: value` or `name (condition): value`, as in a Chapbook vars section.
    private static func isVarsLine(_ line: Substring) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces)
        guard let first = name.first, first.isLetter || first == "_" || first == "$" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || "_.$[]'() =!<>&|\"".contains($0) }
    }

    // MARK: - After scanning

    private static let chapbookModifiers = ["align", "if", "else", "unless", "cont", "continue", "after", "append",
                                            "note", "fork", "transition", "n.b.", "ifgoto"]
    private static let placeholder = "Double-click this passage to edit it."

    /// Drops lines that hold only links or Chapbook modifiers, unwraps inline links, removes
    /// hook brackets and emphasis marks, and tidies whitespace.
    static func tidy(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var withoutLinks = ""
            var plain = ""
            var inLink = false
            for scalar in line.unicodeScalars {
                switch scalar.value {
                case UInt32(linkOpen): inLink = true
                case UInt32(linkClose): inLink = false
                default:
                    plain.unicodeScalars.append(scalar)
                    if !inLink { withoutLinks.unicodeScalars.append(scalar) }
                }
            }
            let hadLink = plain.count != withoutLinks.count
            let rest = withoutLinks.trimmingCharacters(in: .whitespaces)
            if hadLink, rest.allSatisfy({ "|*-•·>[]()_/.,;: ".contains($0) }) { continue }
            if isModifierLine(rest) { continue }
            lines.append(unmark(plain))
        }
        var result = lines.joined(separator: "\n").replacingOccurrences(of: placeholder, with: "")
        while result.contains("\n\n\n") { result = result.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return result.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func isModifierLine(_ line: String) -> Bool {
        guard line.hasPrefix("["), line.hasSuffix("]"), line.count > 2 else { return false }
        let inner = line.dropFirst().dropLast().lowercased()
        return chapbookModifiers.contains { inner == $0 || inner.hasPrefix($0 + " ") || inner.hasPrefix($0 + "'") || inner.hasPrefix($0 + ";") }
    }

    /// Hook brackets, named hooks, headings and emphasis marks out; spaces collapsed.
    private static func unmark(_ line: String) -> String {
        var text = line
        // Named hooks: |name>[ ... ]<name|
        text = text.replacingOccurrences(of: #"\|[A-Za-z_][\w-]*>|<[A-Za-z_][\w-]*\|"#, with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: #"^\s*#{1,6}\s+"#, with: "", options: .regularExpression)
        for mark in ["''", "**", "__", "~~", "^^", "@@", "[", "]"] {
            text = text.replacingOccurrences(of: mark, with: "")
        }
        // `//italic//`, but not the slashes of a URL.
        text = text.replacingOccurrences(of: #"(?<!:)//"#, with: "", options: .regularExpression)
        // Single * and _ used as emphasis, at the edges of words.
        text = text.replacingOccurrences(of: #"(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])"#, with: "", options: .regularExpression)
        text = text.replacingOccurrences(of: #"[ \t]{2,}"#, with: " ", options: .regularExpression)
        return text.trimmingCharacters(in: .whitespaces)
    }
}
