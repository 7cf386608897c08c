import Foundation
#if canImport(Glibc)
import Glibc
#endif
import StoryCore

/// A passage's text read the way a player shows it: the links it offers, its prose without
/// markup, and what could not be followed.
struct PassageReading: Sendable {
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
/// vars sections and modifiers, hook brackets and Harlowe hook names (`|name>[`, `]<name|`,
/// hidden `|name)[`, `](name|`); emphasis is kept as plain words.
struct TwineMarkup: Sendable {
    /// Raw text of another passage, for `(display:)` and `{embed passage:}`.
    var passageText: @Sendable (String) -> String?

    func read(_ raw: String) -> PassageReading {
        var scanner = Scanner(markup: self)
        scanner.scan(Self.prepare(raw), depth: 0)
        let text = Self.tidy(scanner.output)
        var notFollowed = scanner.notFollowed
        // Said once a passage, so the report tells what the reader will not get.
        if raw.has("<%") || raw.has("<script") || raw.has("<<script") || raw.hasIgnoringCase("[javascript]") {
            notFollowed.append("script is left out (Forktale runs no JavaScript)")
        }
        if let variable = Self.firstVariable(in: text) {
            notFollowed.append("shows \(variable) as written: variables are not worked out yet")
        }
        return PassageReading(text: text, links: scanner.links, notFollowed: notFollowed)
    }

    /// A story variable as a reader would see it leak: `$name`, `_name` (a `$` or `_` that
    /// starts a word, then a letter). Read on bytes: a byte of a non-ASCII character before
    /// the mark counts as a letter, as the letters of other scripts do.
    static func firstVariable(in text: String) -> String? {
        let bytes = text.utf8
        var previous: UInt8 = 0x20
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            let next = bytes.index(after: index)
            if byte == UInt8(ascii: "$") || byte == UInt8(ascii: "_"), !isWordByte(previous), previous != UInt8(ascii: "$"),
               next < bytes.endIndex, isASCIILetter(bytes[next]) {
                let end = bytes[next...].firstIndex { !isWordByte($0) || $0 >= 0x80 } ?? bytes.endIndex
                return String(text[index..<end])
            }
            previous = byte
            index = next
        }
        return nil
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    /// A letter, a digit, `_`, or a byte of a non-ASCII character.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || isASCIILetter(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }

    // Link text is wrapped in these while scanning, so that lines holding nothing but
    // links can be dropped afterwards. Control characters never survive `prepare`.
    static let linkOpen: UInt8 = 0x01
    static let linkClose: UInt8 = 0x02

    /// Control characters out, comments and script out (Snowman's `<% %>` too), a Chapbook
    /// vars section and its code and note sections out.
    static func prepare(_ raw: String) -> [UInt8] {
        var text = TerminalText.safe(raw.has("\r") ? raw.replacingOccurrences(of: "\r\n", with: "\n") : raw)
        for (open, close) in [("/*", "*/"), ("/%", "%/"), ("<!--", "-->"), ("<%", "%>")] where text.has(open) {
            while let start = text.range(of: open) {
                let end = text.range(of: close, range: start.upperBound..<text.endIndex)?.upperBound ?? text.endIndex
                text.removeSubrange(start.lowerBound..<end)
            }
        }
        if text.has("\n--") {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if let separator = lines.firstIndex(where: { $0.trimmingWhitespace() == "--" }), separator > 0,
               lines[..<separator].allSatisfy({ $0.allSatisfy(\.isWhitespace) || isVarsLine($0) }) {
                text = lines[(separator + 1)...].joined(separator: "\n")
            }
        }
        if hasBracketLine(text) { text = withoutCodeSections(text) }
        return Array(text.utf8)
    }

    /// Whether a line starts (after spaces) with one `[` that does not open a link: the
    /// only lines `withoutCodeSections` looks at.
    private static func hasBracketLine(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var atLineStart = true
            for (index, byte) in bytes.enumerated() {
                switch byte {
                case UInt8(ascii: "\n"): atLineStart = true
                case UInt8(ascii: " "), UInt8(ascii: "\t"): continue
                case UInt8(ascii: "[") where atLineStart:
                    if index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "[") { return true }
                    atLineStart = false
                default: atLineStart = false
                }
            }
            return false
        }
    }

    /// Chapbook's `[JavaScript]`, `[CSS]` and `[note]` sections (to the next modifier line,
    /// such as `[continue]`, or the end): code and the author's notes, never the reader's.
    private static func withoutCodeSections(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let hidden = ["javascript", "css", "note", "n.b.", "notes", "fixme", "todo"]
        var kept: [Substring] = []
        var hiding = false
        for line in lines {
            let trimmed = line.trimmingWhitespace()
            if trimmed.hasPrefix("["), trimmed.hasSuffix("]"), isModifierLine(trimmed) || hidden.contains(trimmed.dropFirst().dropLast().lowercased()) {
                hiding = hidden.contains(trimmed.dropFirst().dropLast().lowercased())
                if hiding { continue }
            }
            if !hiding { kept.append(line) }
        }
        return kept.count == lines.count ? text : kept.joined(separator: "\n")
    }

    /// `name: value` or `name (condition): value`, as in a Chapbook vars section.
    private static func isVarsLine(_ line: Substring) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return false }
        let name = line[..<colon].trimmingWhitespace()
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
        var lines: [String] = []
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            var plain: [UInt8] = []
            plain.reserveCapacity(end - start)
            var hadLink = false
            var inLink = false
            var onlyPunctuationBesideLinks = true
            for byte in bytes[start..<end] {
                switch byte {
                case linkOpen:
                    inLink = true
                    hadLink = true
                case linkClose:
                    inLink = false
                default:
                    plain.append(byte)
                    if !inLink, onlyPunctuationBesideLinks, !separatorBytes.contains(byte) { onlyPunctuationBesideLinks = false }
                }
            }
            start = end + 1
            if hadLink, onlyPunctuationBesideLinks { continue }
            if let prose = plainProse(plain) {
                lines.append(prose)
                continue
            }
            let line = String(decoding: plain, as: UTF8.self)
            if plain.contains(UInt8(ascii: "[")), isModifierLine(line.trimmingWhitespace()) { continue }
            if isLayoutLine(line) {
                lines.append("")
                continue
            }
            lines.append(unmark(line))
        }
        var result = lines.joined(separator: "\n")
        if result.has(placeholder) { result = result.replacingOccurrences(of: placeholder, with: "") }
        while result.has("\n\n\n") { result = result.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return result.trimmingWhitespace()
    }

    /// A line with nothing for `unmark` to take out (no mark, bracket, tab or two
    /// spaces in a row), that is not layout and starts and ends in ASCII: the line, its edges'
    /// spaces trimmed, straight from its bytes. Nil sends it the long way. Most prose
    /// lines go this way.
    static func plainProse(_ line: [UInt8]) -> String? {
        var first = line.startIndex
        var last = line.endIndex
        while first < last, line[first] == 0x20 { first += 1 }
        while last > first, line[last - 1] == 0x20 { last -= 1 }
        guard first < last, line[first] < 0x80, line[last - 1] < 0x80 else { return first == last ? "" : nil }
        var layoutOnly = true
        var previous: UInt8 = 0
        for byte in line[first..<last] {
            if markBytes[Int(byte)] || (pairedMarkBytes[Int(byte)] && byte == previous) { return nil }
            if layoutOnly, !layoutBytes[Int(byte)] { layoutOnly = false }
            previous = byte
        }
        return layoutOnly ? nil : String(decoding: line[first..<last], as: UTF8.self)
    }

    /// The bytes `unmark` looks for, as tables: these alone, and these two in a row
    /// (`''`, `//`, `~~`, `^^`, `@@`, and two spaces).
    private static let markBytes: [Bool] = (0..<256).map { "\\#*_[]\t".utf8.contains(UInt8($0)) }
    private static let pairedMarkBytes: [Bool] = (0..<256).map { "'/~^@ ".utf8.contains(UInt8($0)) }

    /// What may stand beside links on a line of links only (`[[A]] | [[B]]`).
    private static let separatorBytes = Set("|*-•·>[]()_/.,;: \t".utf8)

    /// Harlowe's aligners and columns (`==>`, `=><=`, `<==>`, `<==`, `|==`, `=|`, `==|`) and
    /// rules (`---`, `***`, `+++`), hook brackets and spaces aside: layout, shown as a blank line.
    static func isLayoutLine(_ line: String) -> Bool {
        guard line.utf8.allSatisfy({ layoutBytes[Int($0)] }) else { return false }
        let line = line.filter { $0 != "[" && $0 != "]" }.trimmingWhitespace()
        guard line.count >= 2, line.count <= 40 else { return false }
        if line.allSatisfy({ "=<>|".contains($0) }), line.contains("=") { return true }
        guard let first = line.first, "-*+_=".contains(first), line.count >= 3 else { return false }
        return line.allSatisfy { $0 == first || $0 == " " }
    }

    /// The only bytes a layout line holds: prose fails at its first letter.
    private static let layoutBytes: [Bool] = (0..<256).map { "=<>|-*+_ \t[]".utf8.contains(UInt8($0)) }

    private static func isModifierLine(_ line: String) -> Bool {
        guard line.hasPrefix("["), line.hasSuffix("]"), line.count > 2 else { return false }
        let inner = line.dropFirst().dropLast().lowercased()
        return chapbookModifiers.contains { inner == $0 || inner.hasPrefix($0 + " ") || inner.hasPrefix($0 + "'") || inner.hasPrefix($0 + ";") }
    }

    /// Hook brackets, headings and emphasis marks out; spaces collapsed.
    /// Each pattern runs only on lines that hold its characters: most prose has none.
    static func unmark(_ line: String) -> String {
        // Which ASCII bytes the line holds, found in one pass: most prose has no marks at all.
        var present = (low: UInt64(0), high: UInt64(0))
        for byte in line.utf8 where byte < 128 {
            if byte < 64 { present.low |= 1 << byte } else { present.high |= 1 << (byte - 64) }
        }
        func holds(_ character: Unicode.Scalar) -> Bool {
            let byte = UInt8(ascii: character)
            return byte < 64 ? present.low & (1 << byte) != 0 : present.high & (1 << (byte - 64)) != 0
        }
        var text = line
        // A backslash keeps the next mark as it is ("\\*" is a star, "\\." a full stop).
        var escaped: [Character] = []
        if holds("\\") {
            var out = ""
            var characters = text.makeIterator()
            while let character = characters.next() {
                if character == "\\", let next = characters.next() {
                    if next.isPunctuation || next.isSymbol {
                        escaped.append(next)
                        out.append(Self.escapeMark)
                    } else {
                        out.append(character)
                        out.append(next)
                    }
                } else {
                    out.append(character)
                }
            }
            text = out
        }
        if holds("#") { text = Pattern.heading.replace(in: text) }
        for mark in ["''", "**", "__", "~~", "^^", "@@", "[", "]"] where holds(mark.unicodeScalars.first!) && text.has(mark) {
            text = text.replacingOccurrences(of: mark, with: "")
        }
        if holds("/"), text.has("//") { text = Pattern.italic.replace(in: text) }
        if holds("*") || holds("_") { text = Pattern.emphasis.replace(in: text) }
        if holds("\t") || text.has("  ") { text = Pattern.spaces.replace(in: text, with: " ") }
        if !escaped.isEmpty {
            var marks = escaped.makeIterator()
            text = String(text.map { $0 == Self.escapeMark ? marks.next() ?? $0 : $0 })
        }
        return text.trimmingWhitespace()
    }

    /// Stands for an escaped mark while marks are taken out (a private-use character).
    private static let escapeMark: Character = "\u{E000}"

    /// The patterns `unmark` uses, compiled once.
    private enum Pattern {
        static let heading = regex(#"^\s*#{1,6}\s+"#)
        /// `//italic//`, but not the slashes of a URL.
        static let italic = regex(#"(?<!:)//"#)
        /// Single `*` and `_` used as emphasis, at the edges of words.
        static let emphasis = regex(#"(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])"#)
        static let spaces = regex(#"[ \t]{2,}"#)

        private static func regex(_ pattern: String) -> NSRegularExpression {
            // The patterns are constants; a typo fails every test at once.
            try! NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        }
    }
}

private extension NSRegularExpression {
    func replace(in text: String, with template: String = "") -> String {
        stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}

extension String {
    /// How many times `needle` stands in the text, not overlapping.
    func occurrences(of needle: String) -> Int {
        var count = 0
        var from = 0
        while let found = byteOffset(of: needle, from: from) {
            count += 1
            from = found + max(1, needle.utf8.count)
        }
        return count
    }

    /// Whether the text holds `needle` (ASCII, lower case) in any case of its ASCII
    /// letters, without lowercasing a copy of the text.
    func hasIgnoringCase(_ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        var haystack = self
        return haystack.withUTF8 { text in
            guard text.count >= pattern.count else { return false }
            for start in 0...(text.count - pattern.count) where text[start] | 0x20 == first | 0x20 {
                if (1..<pattern.count).allSatisfy({ text[start + $0] | 0x20 == pattern[$0] | 0x20 }) { return true }
            }
            return false
        }
    }

    /// Whether the text holds `needle`, compared as UTF-8 bytes (bridging to NSString made
    /// Foundation's `contains` the slowest part of an import).
    func has(_ needle: String) -> Bool {
        byteOffset(of: needle, from: 0) != nil
    }

    /// Where `needle` first stands at or after the byte `from`, as a UTF-8 offset: `memchr`
    /// finds each place its first byte stands, `memcmp` checks the rest.
    func byteOffset(of needle: String, from: Int) -> Int? {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { text in
            needle.withUTF8 { pattern -> Int? in
                guard !pattern.isEmpty else { return from <= text.count ? from : nil }
                guard let base = text.baseAddress, let key = pattern.baseAddress else { return nil }
                var start = from
                let last = text.count - pattern.count
                while start <= last {
                    guard let hit = memchr(base + start, Int32(key.pointee), last - start + 1) else { return nil }
                    let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + offset, key, pattern.count) == 0 { return offset }
                    start = offset + 1
                }
                return nil
            }
        }
    }
}
