import StoryCore

/// Reads a Chapbook 1 passage into the program `PassageRunner` runs: the vars section
/// (`name: value`, `name (condition): value`), modifiers (`[if …]`, `[unless …]`,
/// `[else]`, `[continue]`; `[JavaScript]`, `[CSS]` and `[note]` sections are left out),
/// inserts (`{name}`, `{embed passage: …}`, `{link to: …}`, `{reveal link: …}`,
/// `{back link}`, `{restart link}`) and links.
struct ChapbookReader {
    static func program(_ source: String) -> PassageProgram {
        var notRun: [String] = []
        var lines = source.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var nodes: [PassageProgram.Node] = []
        if let separator = lines.firstIndex(where: { $0.trimmingWhitespace() == "--" }),
           lines[..<separator].allSatisfy({ $0.allSatisfy(\.isWhitespace) || $0.contains(":") }) {
            // `config.…` lines set how Chapbook's page looks, which a terminal does not use.
            for line in lines[..<separator] where !line.allSatisfy(\.isWhitespace) && !line.trimmingWhitespace().hasPrefix("config.") {
                if let node = varsLine(String(line)) { nodes.append(node) } else { notRun.append("a vars line it could not read") }
            }
            lines = Array(lines[(separator + 1)...])
        }

        // Sections between modifier lines; an [else] joins the [if] before it.
        var section: [Substring] = []
        var modifier: (condition: StoryExpression?, negate: Bool, isElse: Bool, hidden: Bool) = (nil, false, false, false)
        func close() {
            defer { section = [] }
            // Each section is a paragraph of its own.
            let body = inline(section.joined(separator: "\n") + "\n", notRun: &notRun)
            if modifier.hidden { return }
            if modifier.isElse, let last = nodes.indices.last, case .conditional(var branches) = nodes[last] {
                branches.append(.init(condition: nil, body: body))
                nodes[last] = .conditional(branches)
            } else if let condition = modifier.condition {
                nodes.append(.conditional([.init(condition: modifier.negate ? .not(condition) : condition, body: body)]))
            } else {
                nodes.append(contentsOf: body)
            }
        }
        for line in lines {
            let trimmed = line.trimmingWhitespace()
            guard trimmed.hasPrefix("["), trimmed.hasSuffix("]"), !trimmed.hasPrefix("[["),
                  let parsed = modifiers(String(trimmed.dropFirst().dropLast()), notRun: &notRun)
            else {
                section.append(line)
                continue
            }
            close()
            modifier = parsed
        }
        close()
        return PassageProgram(nodes: nodes, notRun: notRun)
    }

    /// `name: value` or `name (condition): value`.
    private static func varsLine(_ line: String) -> PassageProgram.Node? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        var name = line[..<colon].trimmingWhitespace()
        let value = String(line[line.index(after: colon)...])
        var condition: StoryExpression?
        if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            condition = try? StoryExpression.parse(String(name[name.index(after: open)..<name.index(before: name.endIndex)]), bareNames: true)
            name = name[..<open].trimmingWhitespace()
        }
        guard !name.hasPrefix("config."), let expression = try? StoryExpression.parse(value, bareNames: true) else { return nil }
        let set = PassageProgram.Node.set([StoryAssignment(variable: name, value: expression)])
        return condition.map { .conditional([.init(condition: $0, body: [set])]) } ?? set
    }

    /// A modifier line's meaning; nil when the brackets hold ordinary text.
    private static func modifiers(_ inner: String, notRun: inout [String])
        -> (condition: StoryExpression?, negate: Bool, isElse: Bool, hidden: Bool)? {
        var result: (condition: StoryExpression?, negate: Bool, isElse: Bool, hidden: Bool) = (nil, false, false, false)
        for part in inner.split(separator: ";").map({ $0.trimmingWhitespace() }) {
            let lower = part.lowercased()
            if lower.hasPrefix("if ") || lower.hasPrefix("unless ") {
                let isIf = lower.hasPrefix("if ")
                guard let condition = try? StoryExpression.parse(String(part.dropFirst(isIf ? 3 : 7)), bareNames: true) else { return nil }
                result.condition = condition
                result.negate = !isIf
            } else if lower == "else" {
                result.isElse = true
            } else if ["javascript", "css", "note", "n.b.", "fixme", "todo"].contains(lower) {
                if lower == "javascript" { notRun.append("script") }
                result.hidden = true
            } else if !["cont'd", "cont", "continue", "append", "after", "transition"].contains(where: { lower == $0 || lower.hasPrefix($0 + " ") })
                && !lower.hasPrefix("align ") {
                return nil
            }
        }
        return result
    }

    /// Text with links and inserts.
    private static func inline(_ text: String, notRun: inout [String]) -> [PassageProgram.Node] {
        var nodes: [PassageProgram.Node] = []
        var plain = ""
        var rest = Substring(text)
        func flush() {
            if !plain.isEmpty { nodes.append(.text(plain)) }
            plain = ""
        }
        while let character = rest.first {
            if rest.hasPrefix("[["), let close = rest.range(of: "]]") {
                flush()
                let (label, target) = HarloweReader.linkParts(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound]))
                if target.contains("://") {
                    plain += label  // an external link: its words stay
                } else {
                    nodes.append(.link(label: label, target: .passage(target), setters: []))
                }
                rest = rest[close.upperBound...]
            } else if character == "{", let close = rest.firstIndex(of: "}") {
                flush()
                nodes += insert(String(rest[rest.index(after: rest.startIndex)..<close]).trimmingWhitespace(), notRun: &notRun)
                rest = rest[rest.index(after: close)...]
            } else if rest.hasPrefix("<!--") {
                rest = rest.range(of: "-->").map { rest[$0.upperBound...] } ?? ""
            } else if character == "\\", rest.count > 1 {
                plain.append(rest[rest.index(after: rest.startIndex)])
                rest = rest.dropFirst(2)
            } else {
                plain.append(character)
                rest = rest.dropFirst()
            }
        }
        flush()
        return nodes
    }

    /// `{name}`, `{embed passage: 'x'}`, `{back link}`, `{link to: 'x', label: 'y'}`, ….
    private static func insert(_ body: String, notRun: inout [String]) -> [PassageProgram.Node] {
        let lower = body.lowercased()
        if lower.hasPrefix("back link") { return [.link(label: property("label", in: body) ?? "Back", target: .back, setters: [])] }
        if lower.hasPrefix("restart link") {
            return [.link(label: property("label", in: body) ?? "Restart", target: .restart, setters: [])]
        }
        if lower.hasPrefix("embed passage"), let name = property("passage", in: body) ?? property("embed passage", in: body) {
            return [.include(.literal(.string(name)))]
        }
        if lower.hasPrefix("link to"), let target = property("link to", in: body) {
            return [.link(label: property("label", in: body) ?? target, target: .passage(target), setters: [])]
        }
        if lower.hasPrefix("reveal link"), let label = property("reveal link", in: body) {
            if let text = property("text", in: body) {
                return [.reveal(.init(label: .text(label), mode: .replaceLabel, body: [.text(text)]))]
            }
            if let passage = property("passage", in: body) {
                return [.reveal(.init(label: .text(label), mode: .replaceLabel, body: [.include(.literal(.string(passage)))]))]
            }
        }
        if let expression = try? StoryExpression.parse(body, bareNames: true), !body.contains(":") {
            return [.print(expression)]
        }
        notRun.append("{\(body.prefix { $0 != ":" && $0 != "," })}")
        return []
    }

    /// The quoted value after `name:` in an insert (`passage: 'Cloakroom'`).
    private static func property(_ name: String, in body: String) -> String? {
        guard let range = body.range(of: name + ":", options: .caseInsensitive) else { return nil }
        let rest = body[range.upperBound...].drop { $0 == " " }
        guard let quote = rest.first, quote == "'" || quote == "\"" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return String(value)
    }
}
