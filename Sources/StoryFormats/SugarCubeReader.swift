import StoryCore

/// Reads a SugarCube 2 passage into the program `PassageRunner` runs: `<<set>>`, `<<unset>>`,
/// `<<if>>`/`<<elseif>>`/`<<else>>`, `<<unless>>`, `<<print>>` (and `<<=>>`), naked
/// `$variables`, `<<include>>`, `<<goto>>`, `<<link>>`/`<<button>>` (with a passage, or a
/// `<<goto>>` inside), `<<linkreplace>>`, `<<linkappend>>`, `<<back>>`/`<<return>>`, links
/// with setters (`[[a|B][$x to 1]]`). Script, and the JavaScript objects (`setup`, `State`)
/// and functions a story defines there, do not run: they are listed in `notRun`.
struct SugarCubeReader: CharacterScanner {
    let characters: [Character]
    var index = 0
    private var notRun: [String] = []

    static func program(_ source: String) -> PassageProgram {
        var reader = SugarCubeReader(characters: Array(source.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\\\n", with: "")))
        let nodes = reader.nodes(closing: [])
        return PassageProgram(nodes: nodes, notRun: reader.notRun)
    }

    private init(characters: [Character]) {
        self.characters = characters
    }

    /// Nodes up to one of the `closing` macros (`<</if>>`, `<<elseif …>>`, …), which is
    /// left for the caller to read; the end of the text otherwise.
    private mutating func nodes(closing: Set<String>) -> [PassageProgram.Node] {
        var nodes: [PassageProgram.Node] = []
        var text = ""
        func flush() {
            if !text.isEmpty { nodes.append(.text(text)) }
            text = ""
        }
        while let character = peek() {
            if starts("<<"), let (name, _) = macroHere(), closing.contains(name) {
                break
            } else if starts("/*") {
                skip(past: "*/")
            } else if starts("/%") {
                skip(past: "%/")
            } else if starts("<!--") {
                skip(past: "-->")
            } else if starts("<<") {
                flush()
                readMacro(into: &nodes)
            } else if starts("[[") {
                flush()
                if let link = readLink() { nodes.append(link) }
            } else if starts("<br") {
                skip(past: ">")
                text += "\n"
            } else if character == "<", let next = peek(1), next.isLetter || next == "/" {
                let script = starts("<script")
                skip(past: script ? "</script>" : ">")
                if script { notRun.append("script") }
            } else if character == "$", let next = peek(1), next.isLetter || next == "_" {
                flush()
                nodes.append(.print(.variable(readNakedVariable())))
            } else {
                text.append(character)
                index += 1
            }
        }
        flush()
        return nodes
    }

    /// `$name` (SugarCube prints `$name.prop` and `$name[0]` too; those are left as words).
    private mutating func readNakedVariable() -> String {
        var name = "$"
        index += 1
        while let next = peek(), next.isLetter || next.isNumber || next == "_" {
            name.append(next)
            index += 1
        }
        return name
    }

    // MARK: Macros

    /// The name and arguments of the macro starting here, without moving.
    private func macroHere() -> (String, String)? {
        guard starts("<<") else { return nil }
        var offset = 2
        var name = ""
        if peek(offset) == "/" {
            name = "/"
            offset += 1
        }
        if peek(offset) == "=" || peek(offset) == "-" {
            return (String(peek(offset)!), "")
        }
        while let next = peek(offset), next.isLetter || next.isNumber || next == "-" || next == "_" {
            name.append(next)
            offset += 1
        }
        return name.isEmpty || name == "/" ? nil : (name.lowercased(), "")
    }

    /// Reads `<<name args>>` and returns the name and the arguments, after it.
    private mutating func readMacroTag() -> (String, String) {
        let (name, _) = macroHere() ?? ("", "")
        index += 2 + name.count
        var arguments = ""
        var quote: Character?
        while let character = peek() {
            if quote == nil, starts(">>") {
                index += 2
                break
            }
            if let open = quote, character == open {
                quote = nil
            } else if quote == nil, character == "\"" || character == "'" || character == "`" {
                quote = character
            }
            arguments.append(character)
            index += 1
        }
        return (name, arguments.trimmingWhitespace())
    }

    private mutating func readMacro(into nodes: inout [PassageProgram.Node]) {
        let (name, arguments) = readMacroTag()
        func expression(_ text: String) -> StoryExpression? {
            noteJavaScript(in: text)
            return try? StoryExpression.parse(text, bareNames: true)
        }
        switch name {
        case "set", "run":
            noteJavaScript(in: arguments)
            if let assignments = try? StoryAssignment.parseList(arguments, bareNames: true) {
                nodes.append(.set(assignments))
            } else {
                notRun.append("<<\(name) \(arguments.prefix(30))>>")
            }
        case "unset":
            // `<<unset $a, $b>>`: the variables are as if never set.
            let names = arguments.split(separator: ",").map { $0.trimmingWhitespace() }.filter { $0.hasPrefix("$") || $0.hasPrefix("_") }
            nodes.append(.set(names.map { StoryAssignment(variable: $0, value: .literal(.none)) }))
        case "print", "=", "-":
            if let value = expression(arguments) { nodes.append(.print(value)) }
        case "if", "unless":
            var branches: [PassageProgram.Branch] = []
            var condition = expression(arguments).map { name == "unless" ? .not($0) : $0 }
            while true {
                let body = self.nodes(closing: ["elseif", "else", "/if", "/unless"])
                branches.append(.init(condition: condition ?? .literal(.bool(false)), body: body))
                guard index < characters.count else { break }
                let (next, nextArguments) = readMacroTag()
                if next == "elseif" {
                    condition = expression(nextArguments)
                } else if next == "else" {
                    // `<<else if …>>` is an elseif.
                    let rest = nextArguments.hasPrefix("if ") ? String(nextArguments.dropFirst(3)) : nil
                    if let rest {
                        condition = expression(rest)
                        continue
                    }
                    branches.append(.init(condition: nil, body: self.nodes(closing: ["/if", "/unless"])))
                    if index < characters.count { _ = readMacroTag() }
                    break
                } else {
                    break
                }
            }
            nodes.append(.conditional(branches))
        case "include", "display":
            if let target = passageArgument(arguments) { nodes.append(.include(target)) }
        case "goto":
            if let target = passageArgument(arguments) { nodes.append(.goTo(target)) }
        case "back", "return":
            let label = Self.strings(arguments).first ?? (name == "back" ? "Back" : "Return")
            nodes.append(.link(label: label, target: .back, setters: []))
        case "link", "button":
            let words = Self.strings(arguments)
            let body = self.nodes(closing: ["/\(name)"])
            if index < characters.count { _ = readMacroTag() }
            let setters = body.compactMap { node -> [StoryAssignment]? in
                if case .set(let list) = node { return list }
                return nil
            }.flatMap { $0 }
            let goTo = body.compactMap { node -> StoryExpression? in
                if case .goTo(let target) = node { return target }
                return nil
            }.first
            guard let label = words.first ?? Self.linkLabel(arguments) else { return }
            if words.count > 1 {
                nodes.append(.link(label: label, target: .passage(words[1]), setters: setters))
            } else if let goTo {
                nodes.append(.link(label: label, target: .computed(goTo), setters: setters))
            } else if let target = Self.linkTarget(arguments) {
                nodes.append(.link(label: label, target: .passage(target), setters: setters))
            } else {
                notRun.append("<<\(name) \"\(label)\">> runs code instead of naming a passage")
            }
        case "linkreplace", "linkappend", "linkprepend":
            let body = self.nodes(closing: ["/\(name)"])
            if index < characters.count { _ = readMacroTag() }
            guard let label = Self.strings(arguments).first else { return }
            nodes.append(.reveal(.init(label: .text(label), mode: name == "linkreplace" ? .replaceLabel : .append, body: body)))
        case "nobr", "silently":
            nodes.append(contentsOf: self.nodes(closing: ["/\(name)"]))
            if index < characters.count { _ = readMacroTag() }
        case "script":
            notRun.append("script")
            skip(past: "<</script>>")
        default:
            if !name.hasPrefix("/") { notRun.append("<<\(name)>>") }
        }
    }

    /// `"Name"`, `[[Name]]`, a bare `Name` or an expression such as `$event`.
    private mutating func passageArgument(_ text: String) -> StoryExpression? {
        if text.hasPrefix("[["), text.hasSuffix("]]") {
            return .literal(.string(HarloweReader.linkParts(String(text.dropFirst(2).dropLast(2))).target))
        }
        if let quoted = Self.strings(text).first { return .literal(.string(quoted)) }
        if text.hasPrefix("$") || text.hasPrefix("_") {
            noteJavaScript(in: text)
            return try? StoryExpression.parse(text)
        }
        return text.isEmpty ? nil : .literal(.string(text))
    }

    /// The quoted strings of a macro's arguments, in order.
    private static func strings(_ text: String) -> [String] {
        var found: [String] = []
        var current: String?
        var quote: Character = "\""
        for character in text {
            if var open = current {
                if character == quote {
                    found.append(open)
                    current = nil
                } else {
                    open.append(character)
                    current = open
                }
            } else if character == "\"" || character == "'" {
                quote = character
                current = ""
            }
        }
        return found
    }

    /// `<<link [[Label|Target]]>>`: the link's words and its passage.
    private static func linkLabel(_ text: String) -> String? {
        guard text.hasPrefix("[["), text.hasSuffix("]]") else { return nil }
        return HarloweReader.linkParts(String(text.dropFirst(2).dropLast(2))).label
    }

    private static func linkTarget(_ text: String) -> String? {
        guard text.hasPrefix("[["), text.hasSuffix("]]") else { return nil }
        return HarloweReader.linkParts(String(text.dropFirst(2).dropLast(2))).target
    }

    /// `setup.x`, `State.x`, `randomEvent()`: JavaScript the story defines, which does
    /// not run here.
    private mutating func noteJavaScript(in text: String) {
        for object in ["setup.", "State.", "window.", "Story.", "Engine.", "UI."] where text.contains(object) {
            notRun.append("JavaScript (\(object.dropLast()))")
        }
        let known: Set = ["either", "random", "visited", "hasvisited", "previous", "passage", "tags", "str", "num", "join", "includes"]
        var word = ""
        for character in text + " " {
            if character.isLetter || character.isNumber || character == "_" {
                word.append(character)
            } else {
                if character == "(", !word.isEmpty, word.first?.isLetter == true, !known.contains(word.lowercased()) {
                    notRun.append("JavaScript (\(word)())")
                }
                word = ""
            }
        }
    }

    // MARK: Links

    /// `[[text|target]]`, `[[text->target]]`, with setters: `[[text|target][$x to 1]]`.
    private mutating func readLink() -> PassageProgram.Node? {
        index += 2
        var inner = ""
        while index < characters.count, !starts("]]"), !starts("]["){
            inner.append(characters[index])
            index += 1
        }
        var setters: [StoryAssignment] = []
        if starts("][") {
            index += 2
            var setter = ""
            while index < characters.count, !starts("]]") {
                setter.append(characters[index])
                index += 1
            }
            setters = (try? StoryAssignment.parseList(setter, bareNames: true)) ?? []
        }
        index = min(characters.count, index + 2)
        let (label, target) = HarloweReader.linkParts(inner)
        guard !target.isEmpty else { return nil }
        return .link(label: label, target: .passage(target), setters: setters)
    }
}
