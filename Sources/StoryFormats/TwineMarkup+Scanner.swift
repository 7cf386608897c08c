import Foundation

extension TwineMarkup {
    /// One pass over a passage's bytes: links and macros are recognised, everything else is
    /// copied. All syntax is ASCII, so multi-byte characters pass through untouched.
    struct Scanner {
        let markup: TwineMarkup
        var output: [UInt8] = []
        var links: [SourceLink] = []
        var notFollowed: [String] = []
        /// Names of passages being embedded, against embedding loops.
        private var embedding: [String] = []

        init(markup: TwineMarkup) { self.markup = markup }

        mutating func scan(_ bytes: [UInt8], depth: Int) {
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                if byte == UInt8(ascii: "["), bytes.starts(with: "[[", at: i) {
                    if bytes.starts(with: "[[[", at: i) {  // A hook bracket right before a link.
                        i += 1
                        continue
                    }
                    if let close = bytes.find("]]", from: i + 2) {
                        squareLink(bytes[(i + 2)..<close])
                        i = close + 2
                        continue
                    }
                } else if byte == UInt8(ascii: "("), let end = harloweMacro(bytes, at: i, depth: depth) {
                    i = end
                    continue
                } else if byte == UInt8(ascii: "<"), bytes.starts(with: "<<", at: i), let end = sugarCubeMacro(bytes, at: i) {
                    i = end
                    continue
                } else if byte == UInt8(ascii: "<"), let end = htmlTag(bytes, at: i) {
                    i = end
                    continue
                } else if byte == UInt8(ascii: "{"), let end = chapbookInsert(bytes, at: i, depth: depth) {
                    i = end
                    continue
                } else if byte == UInt8(ascii: "|") || byte == UInt8(ascii: "]"), let end = bytes.hookNameEnd(at: i) {
                    if byte == UInt8(ascii: "]") { output.append(byte) }  // The hook's bracket stays for `tidy`.
                    i = end
                    continue
                } else if byte == UInt8(ascii: "\\"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") {
                    i += 2  // Harlowe's line continuation.
                    continue
                }
                output.append(byte)
                i += 1
            }
        }

        // MARK: - Links

        private mutating func addLink(text: String, target: String, shown: Bool = true) {
            let text = text.trimmingWhitespace()
            let target = target.trimmingWhitespace()
            if target.has("://") || target.hasPrefix("mailto:") {
                notFollowed.append("an external link to \(target)")
                output += Array(text.utf8)
                return
            }
            if target.isEmpty || target.utf8.contains(UInt8(ascii: "(")) || target.hasPrefix("$") || target.hasPrefix("_") {
                notFollowed.append("a computed target: \(target.isEmpty ? "(empty)" : target)")
                return
            }
            links.append(SourceLink(text: text.isEmpty ? target : text, target: target))
            if shown {
                output.append(TwineMarkup.linkOpen)
                output += Array((text.isEmpty ? target : text).utf8)
                output.append(TwineMarkup.linkClose)
            }
        }

        /// `[[t]]`, `[[t|p]]`, `[[t->p]]`, `[[p<-t]]`, with an optional setter `][...]`.
        private mutating func squareLink(_ inner: ArraySlice<UInt8>) {
            let first = inner.startIndex
            var end = inner.endIndex
            var index = first
            while index + 1 < end {  // The setter part starts at the first "][".
                if inner[index] == UInt8(ascii: "]"), inner[index + 1] == UInt8(ascii: "[") { end = index; break }
                index += 1
            }
            func text(_ range: Range<Int>) -> String { String(decoding: inner[range], as: UTF8.self) }
            func pair(at index: Int, _ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
                inner[index] == UInt8(ascii: a) && inner[index + 1] == UInt8(ascii: b)
            }
            if let pipe = inner[first..<end].lastIndex(of: UInt8(ascii: "|")) {
                return addLink(text: text(first..<pipe), target: text((pipe + 1)..<end))
            }
            if end - first >= 2 {
                for index in stride(from: end - 2, through: first, by: -1) where pair(at: index, "-", ">") {
                    return addLink(text: text(first..<index), target: text((index + 2)..<end))
                }
                for index in first...(end - 2) where pair(at: index, "<", "-") {
                    return addLink(text: text((index + 2)..<end), target: text(first..<index))
                }
            }
            addLink(text: text(first..<end), target: text(first..<end))
        }

        // MARK: - Harlowe

        /// `(name: args)`; returns where scanning goes on, or nil when this is not a macro.
        private mutating func harloweMacro(_ bytes: [UInt8], at start: Int, depth: Int) -> Int? {
            var nameEnd = start + 1
            while nameEnd < bytes.count, bytes[nameEnd].isMacroNameByte { nameEnd += 1 }
            guard nameEnd > start + 1, nameEnd < bytes.count, bytes[nameEnd] == UInt8(ascii: ":"),
                  let close = bytes.matching(close: UInt8(ascii: ")"), open: UInt8(ascii: "("), from: start)
            else { return nil }
            let name = String(decoding: bytes[(start + 1)..<nameEnd], as: UTF8.self).lowercased()
                .replacingOccurrences(of: "-", with: "")
            let arguments = String(decoding: bytes[(nameEnd + 1)..<close], as: UTF8.self)
            let strings = arguments.quotedStrings
            let allLiteral = strings.count == arguments.topLevelArgumentCount
            var end = close + 1
            switch name {
            case "linkgoto", "clickgoto":
                if allLiteral, strings.count == 2 {
                    addLink(text: strings[0], target: strings[1])
                } else if allLiteral, strings.count == 1 {
                    addLink(text: strings[0], target: strings[0])
                } else {
                    notFollowed.append("a computed target: (\(name.prefix(4))-goto: \(arguments.trimmingCharacters(in: .whitespaces)))")
                }
            case "goto":
                if allLiteral, let target = strings.first {
                    addLink(text: target, target: target, shown: false)
                } else {
                    notFollowed.append("a computed target: (go-to: \(arguments.trimmingCharacters(in: .whitespaces)))")
                }
            case "link", "linkreveal", "linkreplace", "linkrepeat", "linkrerun":
                // (link: "t")[(go-to: "p")] is a link from t to p.
                if end < bytes.count, bytes[end] == UInt8(ascii: "["),
                   let hookEnd = bytes.matching(close: UInt8(ascii: "]"), open: UInt8(ascii: "["), from: end) {
                    let hook = String(decoding: bytes[(end + 1)..<hookEnd], as: UTF8.self)
                    if let text = strings.first, let target = hook.goToTarget {
                        addLink(text: text, target: target)
                        end = hookEnd + 1
                    }
                }
            case "display":
                if allLiteral, let name = strings.first { embed(name, depth: depth) }
                else { notFollowed.append("a computed passage to display: \(arguments)") }
            default:
                break  // (set:), (if:), (print:) and the rest: the macro goes, its hook stays.
            }
            return end
        }

        // MARK: - SugarCube

        private mutating func sugarCubeMacro(_ bytes: [UInt8], at start: Int) -> Int? {
            guard let close = bytes.find(">>", from: start + 2) else { return nil }
            let body = String(decoding: bytes[(start + 2)..<close], as: UTF8.self)
            let name = body.prefix { !$0.isWhitespace }.lowercased()
            let arguments = String(body.dropFirst(name.count)).trimmingCharacters(in: .whitespaces)
            let strings = arguments.quotedStrings
            var end = close + 2
            switch name {
            case "link", "button":
                if arguments.hasPrefix("[[") {
                    break  // <<link [[t|p]]>>: the link itself is read next.
                } else if strings.count >= 2 {
                    addLink(text: strings[0], target: strings[1])
                } else if let text = strings.first {
                    let closing = "<</\(name)>>"
                    let bodyEnd = bytes.find(closing, from: end) ?? end
                    let inner = String(decoding: bytes[end..<bodyEnd], as: UTF8.self)
                    if let target = inner.sugarCubeGoTo {
                        addLink(text: text, target: target)
                    } else {
                        notFollowed.append("<<\(name) \"\(text)\">> runs code instead of naming a passage")
                    }
                    end = bodyEnd == end ? end : bodyEnd + closing.utf8.count
                }
            case "goto":
                if let target = ("<<" + body + ">>").sugarCubeGoTo {
                    addLink(text: target, target: target, shown: false)
                } else {
                    notFollowed.append("a computed target: <<goto \(arguments)>>")
                }
            case "script":
                end = bytes.find("<</script>>", from: end).map { $0 + 11 } ?? bytes.count
            default:
                break
            }
            return end
        }

        // MARK: - HTML

        private mutating func htmlTag(_ bytes: [UInt8], at start: Int) -> Int? {
            // `<name`, `</name` or `<!` followed by a space, `/` or `>`: not `<name|` (a Harlowe
            // hook) nor `a < b`.
            var nameEnd = start + 1
            if nameEnd < bytes.count, bytes[nameEnd] == UInt8(ascii: "/") || bytes[nameEnd] == UInt8(ascii: "!") { nameEnd += 1 }
            let nameStart = nameEnd
            while nameEnd < bytes.count, bytes[nameEnd].isMacroNameByte { nameEnd += 1 }
            guard nameEnd > nameStart, nameEnd < bytes.count, bytes[nameStart].isASCIILetter,
                  [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: ">"), UInt8(ascii: "/")].contains(bytes[nameEnd]),
                  let close = bytes.firstIndex(of: UInt8(ascii: ">"), from: nameEnd) else { return nil }
            let tag = String(decoding: bytes[(start + 1)..<close], as: UTF8.self).lowercased()
            for block in ["script", "style"] where tag.hasPrefix(block) {
                return bytes.find("</\(block)>", from: close).map { $0 + block.utf8.count + 3 } ?? bytes.count
            }
            if tag.hasPrefix("br") || tag.hasPrefix("p>") || tag == "p" || tag.hasPrefix("/p") { output.append(UInt8(ascii: "\n")) }
            return close + 1
        }

        // MARK: - Chapbook

        private mutating func chapbookInsert(_ bytes: [UInt8], at start: Int, depth: Int) -> Int? {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "}"), from: start) else { return nil }
            let body = String(decoding: bytes[(start + 1)..<close], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            let lower = body.lowercased()
            let strings = body.quotedStrings
            guard let first = lower.first, first.isLetter else { return nil }
            if lower.hasPrefix("link to:") {
                if let target = strings.first {
                    addLink(text: strings.count > 1 ? strings[1] : target, target: target)
                } else {
                    notFollowed.append("a computed target: {\(body)}")
                }
            } else if lower.hasPrefix("reveal link:") {
                if lower.contains("passage:"), strings.count >= 2 {
                    addLink(text: strings[0], target: strings[1])
                }
            } else if lower.hasPrefix("embed passage") {
                if let name = strings.first { embed(name, depth: depth) }
            } else if lower.hasPrefix("back link") || lower.hasPrefix("restart link") || lower.hasPrefix("undo link") {
                notFollowed.append("{\(body)} goes to whatever came before")
            }
            return close + 1
        }

        /// Reads another passage's text in place (one passage embedding another).
        private mutating func embed(_ name: String, depth: Int) {
            guard depth < 3, !embedding.contains(name), let raw = markup.passageText(name) else {
                notFollowed.append("the embedded passage \"\(name)\" (missing, or embedded too deeply)")
                return
            }
            embedding.append(name)
            output.append(UInt8(ascii: "\n"))
            scan(TwineMarkup.prepare(raw), depth: depth + 1)
            output.append(UInt8(ascii: "\n"))
            embedding.removeLast()
        }
    }
}

// MARK: - Helpers

private extension UInt8 {
    var isASCIILetter: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
    /// Whether an apostrophe after this byte starts a quoted string: after a word or a
    /// closing bracket it is Harlowe's possessive (`$inv's`, `(history:)'s`).
    var opensQuote: Bool { !(isMacroNameByte || self == UInt8(ascii: "$") || self == UInt8(ascii: ")") || self == UInt8(ascii: "]")) }
    var isMacroNameByte: Bool { isASCIILetter || (0x30...0x39).contains(self) || self == UInt8(ascii: "-") || self == UInt8(ascii: "_") }
}

extension Array where Element == UInt8 {
    func starts(with prefix: StaticString, at index: Int) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index + count <= self.count else { return false }
        return prefix.withUTF8Buffer { buffer in
            (0..<count).allSatisfy { self[index + $0] == buffer[$0] }
        }
    }

    func find(_ needle: String, from start: Int) -> Int? {
        let needle = Array(needle.utf8)
        guard !needle.isEmpty, start <= count - needle.count else { return nil }
        var i = start
        while i <= count - needle.count {
            if self[i] == needle[0], Array(self[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }

    func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard start < count else { return nil }
        return self[start...].firstIndex(of: byte)
    }

    /// Where a Harlowe hook name that starts at `start` ends: `|name>[` and `|name)[` (a
    /// hidden hook) before a hook, `]<name|` and `](name|` after one. Nil when the bytes at
    /// `start` are not a hook name (`a|b> c` and `(x|y)` are prose).
    func hookNameEnd(at start: Int) -> Int? {
        func name(from index: Int) -> Int? {
            guard index < count, self[index].isASCIILetter || self[index] == UInt8(ascii: "_") else { return nil }
            var end = index + 1
            while end < count, self[end].isMacroNameByte { end += 1 }
            return end
        }
        if self[start] == UInt8(ascii: "|") {
            guard let end = name(from: start + 1), end + 1 < count,
                  self[end] == UInt8(ascii: ">") || self[end] == UInt8(ascii: ")"), self[end + 1] == UInt8(ascii: "[")
            else { return nil }
            return end + 1
        }
        guard self[start] == UInt8(ascii: "]"), start + 1 < count,
              self[start + 1] == UInt8(ascii: "<") || self[start + 1] == UInt8(ascii: "("),
              let end = name(from: start + 2), end < count, self[end] == UInt8(ascii: "|")
        else { return nil }
        return end + 1
    }

    /// The index of the bracket that closes the one at `start`, skipping quoted strings.
    func matching(close: UInt8, open: UInt8, from start: Int) -> Int? {
        var depth = 0
        var quote: UInt8?
        var i = start
        while i < count {
            let byte = self[i]
            if let q = quote {
                if byte == UInt8(ascii: "\\") { i += 1 } else if byte == q { quote = nil }
            } else if byte == UInt8(ascii: "\"") || (byte == UInt8(ascii: "'") && (i == 0 || self[i - 1].opensQuote)) {
                quote = byte  // An apostrophe after a word is Harlowe's possessive (`$inv's`), not a quote.
            } else if byte == open {
                depth += 1
            } else if byte == close {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }
}

extension String {
    /// The quoted strings in a macro's arguments, in order ("..." or '...').
    var quotedStrings: [String] {
        var strings: [String] = []
        var current: String?
        var quote: Character = "\""
        var escaped = false
        var previous: Character = " "
        for character in self {
            if var text = current {
                if escaped {
                    text.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == quote {
                    strings.append(text)
                    current = nil
                    continue
                } else {
                    text.append(character)
                }
                current = text
            } else if character == "\"" || (character == "'" && previous.opensQuote) {
                quote = character
                current = ""
            }
            previous = character
        }
        return strings
    }

    /// How many comma-separated arguments there are at the top level.
    var topLevelArgumentCount: Int {
        var count = trimmingCharacters(in: .whitespaces).isEmpty ? 0 : 1
        var depth = 0
        var quote: Character?
        var previous: Character = " "
        for character in self {
            defer { previous = character }
            if let q = quote {
                if character == q { quote = nil }
            } else if character == "\"" || (character == "'" && previous.opensQuote) {
                quote = character
            } else if "([{".contains(character) {
                depth += 1
            } else if ")]}".contains(character) {
                depth -= 1
            } else if character == ",", depth == 0 {
                count += 1
            }
        }
        return count
    }

    /// The literal target of a Harlowe `(go-to: "p")` inside a hook.
    var goToTarget: String? {
        for macro in ["(go-to:", "(goto:"] {
            if let range = range(of: macro, options: .caseInsensitive),
               let close = self[range.upperBound...].firstIndex(of: ")") {
                let arguments = String(self[range.upperBound..<close])
                if arguments.topLevelArgumentCount == 1, let target = arguments.quotedStrings.first { return target }
            }
        }
        return nil
    }

    /// The target of a SugarCube `<<goto "p">>`, `<<goto [[p]]>>` or `<<goto p>>`.
    var sugarCubeGoTo: String? {
        guard let range = range(of: "<<goto", options: .caseInsensitive),
              let close = self[range.upperBound...].range(of: ">>") else { return nil }
        let argument = self[range.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
        if let quoted = argument.quotedStrings.first, argument.hasPrefix("\"") || argument.hasPrefix("'") { return quoted }
        if argument.hasPrefix("[["), argument.hasSuffix("]]") {
            let inner = argument.dropFirst(2).dropLast(2)
            return String(inner.split(separator: "|").last ?? inner).trimmingCharacters(in: .whitespaces)
        }
        if !argument.isEmpty, !argument.contains(where: { "$_(\"'".contains($0) }) { return argument }
        return nil
    }
}

private extension Character {
    var opensQuote: Bool { !(isLetter || isNumber || self == "_" || self == "$" || self == ")" || self == "]") }
}
