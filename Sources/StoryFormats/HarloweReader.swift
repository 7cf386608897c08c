import StoryCore

/// Reads a Harlowe 3 passage into the program `PassageRunner` runs: text, `$variables`,
/// `(set:)`/`(put:)`, `(if:)`/`(else-if:)`/`(else:)`/`(unless:)` hooks, `(print:)`, links
/// (`[[…]]`, `(link-goto:)`, `(go-to:)`), named and hidden hooks, `(link:)`,
/// `(link-reveal:)`, `(link-repeat:)`, `(click:)`, `(click-replace:)`, `(replace:)`,
/// `(append:)`, `(prepend:)` and `(display:)`. Script and style are left out; other macros
/// are listed in `notRun`, their hooks shown as plain text (most are styling).
struct HarloweReader: CharacterScanner {
    let characters: [Character]
    var index = 0
    private var notRun: [String] = []

    static func program(_ source: String) -> PassageProgram {
        var reader = HarloweReader(characters: Array(Self.joinLines(source)))
        let nodes = reader.nodes(until: nil)
        return PassageProgram(nodes: nodes, notRun: reader.notRun)
    }

    private init(characters: [Character]) {
        self.characters = characters
    }

    /// A backslash at the end of a line (or the start of the next) joins the two lines.
    private static func joinLines(_ source: String) -> String {
        var text = source.replacingOccurrences(of: "\r\n", with: "\n")
        text = text.replacingOccurrences(of: "\\\n", with: "").replacingOccurrences(of: "\n\\", with: "")
        return text
    }

    /// Nodes up to the `]` closing the hook being read (or the end).
    private mutating func nodes(until closing: Character?) -> [PassageProgram.Node] {
        var nodes: [PassageProgram.Node] = []
        var text = ""
        func flush() {
            if !text.isEmpty { nodes.append(.text(text)) }
            text = ""
        }
        while let character = peek() {
            if character == closing {
                flush()
                return nodes
            }
            if starts("<!--") {
                skip(past: "-->")
            } else if startsIgnoringCase("<script") || startsIgnoringCase("<style") {
                let tag = startsIgnoringCase("<script") ? "</script>" : "</style>"
                notRun.append("script")
                skip(pastIgnoringCase: tag)
            } else if startsIgnoringCase("<br") {
                skip(past: ">")
                text += "\n"
            } else if character == "<", let next = peek(1), next.isLetter || next == "/" {
                skip(past: ">")  // other HTML tags go; their words stay
            } else if starts("[[") {
                flush()
                if let link = readLink() { nodes.append(link) }
            } else if character == "(", let name = macroName() {
                flush()
                readMacro(name, into: &nodes)
            } else if character == "|", let (name, hidden) = openingHookName() {
                flush()
                index += 1
                nodes.append(.hook(name: name, hidden: hidden, body: self.nodes(until: "]")))
                index += 1
            } else if character == "[" {
                flush()
                index += 1
                let body = self.nodes(until: "]")
                index += 1
                let (name, hidden) = closingHookName()
                nodes.append(.hook(name: name, hidden: hidden, body: body))
            } else if (character == "$" || character == "_"), let name = variableName() {
                flush()
                nodes.append(.print(.variable(name)))
            } else if character == "\\", let next = peek(1), next.isPunctuation || next.isSymbol {
                text.append(next)
                index += 2
            } else {
                text.append(character)
                index += 1
            }
        }
        flush()
        return nodes
    }

    // MARK: Links

    /// `[[text->target]]`, `[[target<-text]]`, `[[text|target]]`, `[[target]]`.
    private mutating func readLink() -> PassageProgram.Node? {
        index += 2
        var inner = ""
        while index < characters.count, !starts("]]") {
            inner.append(characters[index])
            index += 1
        }
        index = min(characters.count, index + 2)
        let (label, target) = Self.linkParts(inner)
        guard !target.isEmpty else { return nil }
        return .link(label: label, target: .passage(target), setters: [])
    }

    static func linkParts(_ inner: String) -> (label: String, target: String) {
        if let arrow = inner.range(of: "->", options: .backwards) {
            return (String(inner[..<arrow.lowerBound]).trimmingWhitespace(), String(inner[arrow.upperBound...]).trimmingWhitespace())
        }
        if let arrow = inner.range(of: "<-") {
            return (String(inner[arrow.upperBound...]).trimmingWhitespace(), String(inner[..<arrow.lowerBound]).trimmingWhitespace())
        }
        if let bar = inner.range(of: "|", options: .backwards) {
            return (String(inner[..<bar.lowerBound]).trimmingWhitespace(), String(inner[bar.upperBound...]).trimmingWhitespace())
        }
        let name = inner.trimmingWhitespace()
        return (name, name)
    }

    // MARK: Hooks

    /// `|name>[` (shown) or `|name)[` (hidden) at the current `|`.
    private mutating func openingHookName() -> (String, Bool)? {
        var offset = 1
        var name = ""
        while let next = peek(offset), next.isLetter || next.isNumber || next == "_" || next == "-" {
            name.append(next)
            offset += 1
        }
        guard !name.isEmpty, let mark = peek(offset), mark == ">" || mark == ")", peek(offset + 1) == "[" else { return nil }
        index += offset + 1
        return (name, mark == ")")
    }

    /// `]<name|` (shown) or `](name|` (hidden) right after a hook's `]`.
    private mutating func closingHookName() -> (String?, Bool) {
        guard let mark = peek(), mark == "<" || mark == "(" else { return (nil, false) }
        var offset = 1
        var name = ""
        while let next = peek(offset), next.isLetter || next.isNumber || next == "_" || next == "-" {
            name.append(next)
            offset += 1
        }
        guard !name.isEmpty, peek(offset) == "|" else { return (nil, false) }
        index += offset + 1
        return (name, mark == "(")
    }

    /// The hook right after a macro, if there is one; a name after it (`]<name|`) names
    /// what the hook shows, so that `(click: ?name)` and `(replace: ?name)` reach it.
    private mutating func attachedHook() -> [PassageProgram.Node]? {
        guard peek() == "[" else { return nil }
        index += 1
        let body = nodes(until: "]")
        index += 1
        let (name, hidden) = closingHookName()
        guard let name else { return body }
        return [.hook(name: name, hidden: hidden, body: body)]
    }

    // MARK: Variables and macros

    private mutating func variableName() -> String? {
        var offset = 1
        var name = String(characters[index])
        while let next = peek(offset), next.isLetter || next.isNumber || next == "_" {
            name.append(next)
            offset += 1
        }
        guard name.count > 1, name.dropFirst().first?.isLetter == true else { return nil }
        index += offset
        return name
    }

    /// The macro's name (lower case, without hyphens' spelling variants) when `(name:`
    /// starts here.
    private func macroName() -> String? {
        var offset = 1
        var name = ""
        while let next = peek(offset), next.isLetter || next == "-" {
            name.append(next)
            offset += 1
        }
        guard !name.isEmpty, peek(offset) == ":" else { return nil }
        return name.lowercased()
    }

    /// The text between `(name:` and its `)`, strings and nested brackets kept whole.
    private mutating func macroArguments(_ name: String) -> String {
        index += name.count + 2
        var depth = 0
        var quote: Character?
        var arguments = ""
        while let character = peek() {
            index += 1
            if let open = quote {
                if character == "\\", let next = peek() {
                    arguments.append(character)
                    arguments.append(next)
                    index += 1
                    continue
                }
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" && !(peek() == "s" && arguments.last.map { $0.isLetter || $0.isNumber || $0 == ")" } == true) {
                quote = character
            } else if character == "(" || character == "[" {
                depth += 1
            } else if character == ")" || character == "]" {
                if depth == 0, character == ")" { return arguments }
                depth -= 1
            }
            arguments.append(character)
        }
        return arguments
    }

    private mutating func readMacro(_ rawName: String, into nodes: inout [PassageProgram.Node]) {
        let name = rawName.replacingOccurrences(of: "-", with: "")
        let arguments = macroArguments(rawName)
        let hook = attachedHook()
        func expression(_ text: String) -> StoryExpression? { try? StoryExpression.parse(text) }
        func list() -> [StoryExpression] { (try? StoryExpression.parseList(arguments)) ?? [] }
        func unsupported() {
            notRun.append("(\(rawName):)")
            if let hook { nodes.append(.hook(name: nil, hidden: false, body: hook)) }
        }

        switch name {
        case "set", "put", "move":
            guard let assignments = try? StoryAssignment.parseList(arguments) else { return unsupported() }
            nodes.append(.set(assignments))
        case "if", "unless":
            guard let condition = expression(arguments), let hook else { return unsupported() }
            nodes.append(.conditional([.init(condition: name == "if" ? condition : .not(condition), body: hook)]))
        case "elseif", "else":
            guard let hook else { return unsupported() }
            let condition = name == "else" ? nil : expression(arguments)
            if name == "elseif", condition == nil { return unsupported() }
            // It belongs to the condition before it, with only blank text between.
            var position = nodes.count - 1
            while position >= 0, case .text(let text) = nodes[position], text.allSatisfy(\.isWhitespace) { position -= 1 }
            if position >= 0, case .conditional(var branches) = nodes[position], branches.last?.condition != nil {
                branches.append(.init(condition: condition, body: hook))
                nodes.removeSubrange((position + 1)...)
                nodes[position] = .conditional(branches)
            } else {
                unsupported()
            }
        case "print":
            guard let value = expression(arguments) else { return unsupported() }
            nodes.append(.print(value))
        case "display":
            guard let value = expression(arguments) else { return unsupported() }
            nodes.append(.include(value))
        case "goto":
            guard let value = expression(arguments) else { return unsupported() }
            nodes.append(.goTo(value))
        case "linkgoto":
            let values = list()
            guard let first = values.first else { return unsupported() }
            let label = Self.literal(first) ?? ""
            let target: PassageProgram.LinkTarget = values.count > 1
                ? (Self.literal(values[1]).map { .passage($0) } ?? .computed(values[1]))
                : .passage(label)
            nodes.append(.link(label: label, target: target, setters: []))
        case "link", "linkreveal", "linkrepeat", "linkreplace":
            guard let label = list().first.flatMap(Self.literal), let hook else { return unsupported() }
            let mode: PassageProgram.Reveal.Mode = name == "linkreveal" ? .append : name == "linkrepeat" ? .repeat : .replaceLabel
            nodes.append(.reveal(.init(label: .text(label), mode: mode, body: hook)))
        case "click", "clickreplace", "clickappend", "clickprepend":
            guard let hook else { return unsupported() }
            let target = arguments.trimmingWhitespace()
            if target.hasPrefix("?") {
                let hookName = String(target.dropFirst())
                nodes.append(.reveal(.init(label: .hook(hookName), mode: name == "clickreplace" ? .replaceHook : .append, body: hook)))
            } else if let label = expression(target).flatMap(Self.literal) {
                nodes.append(.reveal(.init(label: .onPage(label), mode: .append, body: hook)))
            } else {
                unsupported()
            }
        case "replace", "append", "prepend":
            let target = arguments.trimmingWhitespace()
            guard target.hasPrefix("?"), let hook else { return unsupported() }
            let change: PassageProgram.Change = name == "replace" ? .replace : name == "append" ? .append : .prepend
            nodes.append(.change(change, hook: String(target.dropFirst()), body: hook))
        default:
            unsupported()
        }
    }

    /// The text of a string literal.
    private static func literal(_ expression: StoryExpression) -> String? {
        if case .literal(.string(let text)) = expression { return text }
        return nil
    }
}
