import Foundation

/// Text rules for anything shown on a terminal: what is safe to print and how wide it is.
public enum TerminalText {
    /// Removes escape sequences (CSI, OSC, DCS and the like), every C0/C1 control
    /// character except newline and tab, and the bidirectional overrides and isolates
    /// (U+202A-U+202E, U+2066-U+2069), so text from files, models or the database can never
    /// move the cursor, change colours, retitle the terminal or show itself reversed. The
    /// line and paragraph separators (U+2028, U+2029) become newlines. This is the one
    /// sanitizer: every way in and every way out uses it (or `jsonSafe`, which escapes the
    /// same characters).
    public static func safe(_ text: String) -> String {
        if !needsCleaning(text) { return text }
        var output = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            switch scalar.value {
            case 0x1B:  // ESC: drop the whole sequence it starts.
                guard let next = pending else { break }
                switch next.value {
                case 0x5B:  // CSI: parameters and intermediates, then one final byte 0x40...0x7E.
                    pending = scalars.next()
                    while let byte = pending, !(0x40...0x7E).contains(byte.value) { pending = scalars.next() }
                    pending = scalars.next()
                case 0x5D, 0x50, 0x58, 0x5E, 0x5F:  // OSC, DCS, SOS, PM, APC: up to BEL or ST.
                    pending = scalars.next()
                    while let byte = pending, byte.value != 0x07, byte.value != 0x9C, byte.value != 0x1B {
                        pending = scalars.next()
                    }
                    if pending?.value == 0x1B { pending = scalars.next() }  // ESC \ ends it.
                    pending = scalars.next()
                default:  // A two-character escape.
                    pending = scalars.next()
                }
            case 0x2028, 0x2029:
                output.append("\n")
            default:
                if !isUnsafe(scalar) { output.append(scalar) }
            }
        }
        return String(output)
    }

    /// Whether a code point is one that `safe` removes: a control character other than
    /// newline and tab, a bidirectional override or isolate, or a line or paragraph separator.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Whether `safe` would change `text`, in one pass over its bytes: C0 and DEL are single
    /// bytes, C1 starts with 0xC2 0x80-0x9F, and the others with 0xE2 0x80 or 0xE2 0x81.
    private static func needsCleaning(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for (index, byte) in bytes.enumerated() {
                switch byte {
                case 0x0A, 0x09: continue
                case 0x00...0x1F, 0x7F: return true
                case 0xC2: if index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) { return true }
                case 0xE2:
                    guard index + 2 < bytes.count else { continue }
                    let (second, third) = (bytes[index + 1], bytes[index + 2])
                    if second == 0x80, (0xA8...0xAE).contains(third) { return true }
                    if second == 0x81, (0xA6...0xA9).contains(third) { return true }
                default: continue
                }
            }
            return false
        }
    }

    /// JSON text with every character `safe` would remove written as a `\u` escape, so that
    /// JSON on a terminal is as harmless as plain text while a program reading it gets the
    /// value unchanged. JSON's structure is ASCII, so these can only be inside strings.
    public static func jsonSafe(_ json: String) -> String {
        guard needsCleaning(json) else { return json }
        var output = ""
        output.reserveCapacity(json.utf8.count + 16)
        for scalar in json.unicodeScalars {
            if isUnsafe(scalar) {
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Columns a string takes on a terminal: wide (East Asian, emoji) characters take two,
    /// combining marks and zero-width characters none.
    public static func width(_ text: String) -> Int {
        // Printable ASCII, the common case, is one column a byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { $0 + width(of: $1) }
    }

    /// Columns one character (grapheme cluster) takes: the sum of its code points', as
    /// ncurses and most terminals count them (wcwidth). A family emoji joined with ZWJ is
    /// three faces, six columns; a heart with VS16 is one column.
    public static func width(of character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F ? 1 : 0 }
        return character.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    /// Columns one code point takes, as glibc's wcwidth gives them.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value == 0x200B || (0x1160...0x11FF).contains(value) { return 0 }
        // Regional indicators (two make a flag) are one column each.
        if scalar.properties.isEmojiPresentation && !(0x1F1E6...0x1F1FF).contains(value) { return 2 }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Cuts `text` to at most `columns` columns, ending with "…" when something was cut.
    public static func truncate(_ text: String, toWidth columns: Int) -> String {
        guard width(text) > columns else { return text }
        guard columns > 0 else { return "" }
        var result = ""
        var used = 0
        for character in text {
            let next = width(of: character)
            if used + next > columns - 1 { break }
            result.append(character)
            used += next
        }
        return result + "…"
    }

    /// The end of `text` in at most `columns` columns, with "…" before it when the start
    /// is cut: what a text field shows of a value longer than itself.
    public static func tail(_ text: String, toWidth columns: Int) -> String {
        guard width(text) > columns else { return text }
        guard columns > 0 else { return "" }
        var kept: [Character] = []
        var used = 0
        for character in text.reversed() {
            let next = width(of: character)
            if used + next > columns - 1 { break }
            kept.append(character)
            used += next
        }
        return "…" + String(kept.reversed())
    }

    /// Pads `text` with spaces to `columns` columns (never cuts).
    public static func pad(_ text: String, toWidth columns: Int) -> String {
        text + String(repeating: " ", count: max(0, columns - width(text)))
    }
}

extension TerminalText {
    /// Wraps text into lines of at most `columns` columns. Newlines start new lines (a blank
    /// line between paragraphs stays), runs of spaces between words become one, and a word
    /// longer than the width is cut across lines.
    public static func wrap(_ text: String, width columns: Int) -> [String] {
        let columns = max(1, columns)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var used = 0
            for word in paragraph.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                var word = Substring(word)
                var wordWidth = width(String(word))
                if used > 0, used + 1 + wordWidth <= columns {
                    line += " " + word
                    used += 1 + wordWidth
                    continue
                }
                if used > 0 {
                    lines.append(line)
                    line = ""
                    used = 0
                }
                // A word wider than the line is cut at the width.
                while wordWidth > columns {
                    var piece = ""
                    var pieceWidth = 0
                    for character in word {
                        let next = width(of: character)
                        if pieceWidth + next > columns, pieceWidth > 0 { break }
                        piece.append(character)
                        pieceWidth += next
                    }
                    lines.append(piece)
                    word = word.dropFirst(piece.count)
                    wordWidth -= pieceWidth
                }
                line = String(word)
                used = wordWidth
            }
            lines.append(line)
        }
        return lines
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines; Swift-native, as
    /// Foundation's `trimmingCharacters` bridges to NSString and showed in import profiles.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
