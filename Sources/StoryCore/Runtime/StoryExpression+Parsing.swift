/// Reading expressions and assignments from a passage's source.
extension StoryExpression {
    public struct ParseError: Error, Equatable, Sendable {
        public var message: String
    }

    /// The expression `text` holds, all of it.
    /// With `bareNames`, a plain name is a variable (Chapbook's `hasCloak`), not an error.
    public static func parse(_ text: String, bareNames: Bool = false) throws(ParseError) -> StoryExpression {
        var parser = ExpressionParser(text, bareNames: bareNames)
        let expression = try parser.expression()
        try parser.expectEnd()
        return expression
    }
}

extension StoryExpression {
    /// Expressions separated by commas: a macro's arguments.
    public static func parseList(_ text: String, bareNames: Bool = false) throws(ParseError) -> [StoryExpression] {
        var parser = ExpressionParser(text, bareNames: bareNames)
        var list: [StoryExpression] = []
        if text.allSatisfy(\.isWhitespace) { return list }
        repeat {
            list.append(try parser.expression())
        } while parser.take(",")
        try parser.expectEnd()
        return list
    }
}

/// `$x to 1` (Harlowe, SugarCube), `1 into $x` (Harlowe's put), `$x = 1`, `$x += 1`,
/// `$x++` (SugarCube): what a `set` changes.
public struct StoryAssignment: Hashable, Sendable {
    public var variable: String
    public var value: StoryExpression

    public init(variable: String, value: StoryExpression) {
        self.variable = variable
        self.value = value
    }

    /// A list of them, separated by commas (Harlowe) or semicolons (SugarCube).
    public static func parseList(_ text: String, bareNames: Bool = false) throws(StoryExpression.ParseError) -> [StoryAssignment] {
        var parser = ExpressionParser(text, bareNames: bareNames)
        var list: [StoryAssignment] = []
        repeat {
            list.append(try parser.assignment())
        } while parser.take(",") || parser.take(";")
        try parser.expectEnd()
        return list
    }
}

/// A recursive-descent parser over the tokens of one expression.
struct ExpressionParser {
    enum Token: Equatable {
        case number(Double)
        case string(String)
        case variable(String)
        case word(String)
        case symbol(String)
        /// `(name:` opening a Harlowe macro call.
        case macro(String)
        case possessive
    }

    private var tokens: [Token] = []
    private var position = 0
    private var failure: StoryExpression.ParseError?

    private let bareNames: Bool
    /// The variable a `set` is changing, which Harlowe's `it` stands for.
    private var it: String?

    init(_ text: String, bareNames: Bool = false) {
        self.bareNames = bareNames
        tokens = Self.tokenize(Array(text), failure: &failure)
    }

    // MARK: Tokens

    private static let symbols = ["===", "!==", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "++", "--",
                                  "(", ")", "[", "]", ",", ";", ".", "+", "-", "*", "/", "%", "<", ">", "!", "="]

    private static func tokenize(_ characters: [Character], failure: inout StoryExpression.ParseError?) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        func peek(_ offset: Int = 0) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
            } else if character == "\"" || character == "'" {
                // "'s" after a value is Harlowe's possessive, not a string.
                if character == "'", peek(1) == "s", !(peek(2)?.isLetter ?? false), let last = tokens.last, last != .symbol("("),
                   last != .symbol(","), !(last == .word("to") || last == .word("is")) {
                    tokens.append(.possessive)
                    index += 2
                    continue
                }
                var text = ""
                index += 1
                while index < characters.count, characters[index] != character {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    text.append(characters[index])
                    index += 1
                }
                if index >= characters.count { failure = failure ?? .init(message: "a string is not closed") }
                index += 1
                tokens.append(.string(text))
            } else if character.isNumber {
                var text = ""
                while let next = peek(), next.isNumber || next == "." && (peek(1)?.isNumber ?? false) {
                    text.append(next)
                    index += 1
                }
                if let next = peek(), next.isLetter {
                    // "1st", "2ndlast": an ordinal is a word.
                    while let letter = peek(), letter.isLetter || letter.isNumber {
                        text.append(letter)
                        index += 1
                    }
                    tokens.append(.word(text))
                } else {
                    tokens.append(.number(Double(text) ?? 0))
                }
            } else if character == "$" || character == "_" || character.isLetter {
                var text = String(character)
                index += 1
                while let next = peek(), next.isLetter || next.isNumber || next == "_" || next == "-" && (peek(1)?.isLetter ?? false)
                    && character.isLetter {
                    text.append(next)
                    index += 1
                }
                if character == "$" || character == "_" && text.count > 1 {
                    tokens.append(.variable(text))
                } else {
                    tokens.append(.word(text))
                }
            } else if character == "(", let colon = Self.macroName(characters, from: index + 1) {
                tokens.append(.macro(String(characters[(index + 1)..<colon]).lowercased()))
                index = colon + 1
            } else if let symbol = symbols.first(where: { symbol in
                symbol.enumerated().allSatisfy { offset, letter in peek(offset) == letter }
            }) {
                tokens.append(.symbol(symbol))
                index += symbol.count
            } else {
                failure = failure ?? .init(message: "\"\(character)\" is not understood")
                index += 1
            }
        }
        return tokens
    }

    /// The index of the colon of `(name:` when a Harlowe macro name starts at `start`.
    private static func macroName(_ characters: [Character], from start: Int) -> Int? {
        var index = start
        while index < characters.count, characters[index].isLetter || characters[index] == "-" { index += 1 }
        guard index > start, index < characters.count, characters[index] == ":" else { return nil }
        return index
    }

    // MARK: Grammar

    mutating func take(_ symbol: String) -> Bool {
        if position < tokens.count, tokens[position] == .symbol(symbol) {
            position += 1
            return true
        }
        return false
    }

    private mutating func takeWord(_ words: String...) -> Bool {
        if position < tokens.count, case .word(let word) = tokens[position], words.contains(word.lowercased()) {
            position += 1
            return true
        }
        return false
    }

    private func peekWord(_ offset: Int = 0) -> String? {
        guard position + offset < tokens.count, case .word(let word) = tokens[position + offset] else { return nil }
        return word.lowercased()
    }

    mutating func expectEnd() throws(StoryExpression.ParseError) {
        if let failure { throw failure }
        if position < tokens.count { throw .init(message: "unexpected \(describe(tokens[position]))") }
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .number(let number): "\(number)"
        case .string(let text): "\"\(text)\""
        case .variable(let name): name
        case .word(let word): "\"\(word)\""
        case .symbol(let symbol): "\"\(symbol)\""
        case .macro(let name): "(\(name):"
        case .possessive: "'s"
        }
    }

    mutating func assignment() throws(StoryExpression.ParseError) -> StoryAssignment {
        if let failure { throw failure }
        // Harlowe's put: `1 into $x`.
        let start = position
        if case .variable(let name)? = position < tokens.count ? tokens[position] : nil {
            position += 1
            it = name
            defer { it = nil }
            if takeWord("to") || take("=") { return StoryAssignment(variable: name, value: try expression()) }
            for (symbol, op) in [("+=", StoryExpression.Operator.plus), ("-=", .minus), ("*=", .times), ("/=", .divide)] where take(symbol) {
                return StoryAssignment(variable: name, value: .binary(op, .variable(name), try expression()))
            }
            if take("++") { return StoryAssignment(variable: name, value: .binary(.plus, .variable(name), .literal(.number(1)))) }
            if take("--") { return StoryAssignment(variable: name, value: .binary(.minus, .variable(name), .literal(.number(1)))) }
            position = start
        }
        let value = try expression()
        guard takeWord("into"), position < tokens.count, case .variable(let name) = tokens[position] else {
            throw .init(message: "a set needs \"$name to value\"")
        }
        position += 1
        return StoryAssignment(variable: name, value: value)
    }

    mutating func expression() throws(StoryExpression.ParseError) -> StoryExpression {
        if let failure { throw failure }
        var left = try conjunction()
        while takeWord("or") || take("||") { left = .binary(.or, left, try conjunction()) }
        return left
    }

    private mutating func conjunction() throws(StoryExpression.ParseError) -> StoryExpression {
        var left = try negation()
        while takeWord("and") || take("&&") { left = .binary(.and, left, try negation()) }
        return left
    }

    private mutating func negation() throws(StoryExpression.ParseError) -> StoryExpression {
        if takeWord("not") || take("!") { return .not(try negation()) }
        return try comparison()
    }

    private mutating func comparison() throws(StoryExpression.ParseError) -> StoryExpression {
        let left = try additive()
        let op: StoryExpression.Operator
        if takeWord("is") {
            if takeWord("not") {
                op = takeWord("in") ? .isNotIn : .notEquals
            } else if takeWord("in") {
                op = .isIn
            } else {
                op = .equals
            }
        } else if peekWord() == "does", peekWord(1) == "not", peekWord(2) == "contain" {
            position += 3
            op = .notContains
        } else if takeWord("contains") {
            op = .contains
        } else if take("===") || take("==") || takeWord("eq") {
            op = .equals
        } else if take("!==") || take("!=") || takeWord("neq") {
            op = .notEquals
        } else if take("<=") || takeWord("lte") {
            op = .lessOrEqual
        } else if take(">=") || takeWord("gte") {
            op = .greaterOrEqual
        } else if take("<") || takeWord("lt") {
            op = .less
        } else if take(">") || takeWord("gt") {
            op = .greater
        } else {
            return left
        }
        return .binary(op, left, try additive())
    }

    private mutating func additive() throws(StoryExpression.ParseError) -> StoryExpression {
        var left = try multiplicative()
        while true {
            if take("+") {
                left = .binary(.plus, left, try multiplicative())
            } else if take("-") {
                left = .binary(.minus, left, try multiplicative())
            } else {
                return left
            }
        }
    }

    private mutating func multiplicative() throws(StoryExpression.ParseError) -> StoryExpression {
        var left = try unary()
        while true {
            if take("*") {
                left = .binary(.times, left, try unary())
            } else if take("/") {
                left = .binary(.divide, left, try unary())
            } else if take("%") {
                left = .binary(.remainder, left, try unary())
            } else {
                return left
            }
        }
    }

    private mutating func unary() throws(StoryExpression.ParseError) -> StoryExpression {
        if take("-") { return .negate(try unary()) }
        if take("+") { return try unary() }
        return try postfix()
    }

    private mutating func postfix() throws(StoryExpression.ParseError) -> StoryExpression {
        var base = try primary()
        while position < tokens.count {
            if tokens[position] == .possessive {
                position += 1
                if take("(") {
                    base = .index(base, try expression(), fromOne: true)
                    guard take(")") else { throw .init(message: "a \")\" is missing") }
                } else if let word = peekWord() {
                    position += 1
                    base = .property(base, word)
                } else {
                    throw .init(message: "'s needs a name after it")
                }
            } else if take("[") {
                base = .index(base, try expression(), fromOne: false)
                guard take("]") else { throw .init(message: "a \"]\" is missing") }
            } else if position + 1 < tokens.count, tokens[position] == .symbol("."), case .word(let name) = tokens[position + 1] {
                position += 2
                if take("(") {
                    base = .call(name, [base] + (try arguments(closing: ")")))
                } else {
                    base = .property(base, name)
                }
            } else {
                return base
            }
        }
        return base
    }

    private mutating func arguments(closing: String) throws(StoryExpression.ParseError) -> [StoryExpression] {
        var list: [StoryExpression] = []
        if take(closing) { return list }
        repeat {
            if take(closing) { return list }  // a trailing comma
            list.append(try expression())
        } while take(",")
        guard take(closing) else { throw .init(message: "a \"\(closing)\" is missing") }
        return list
    }

    private mutating func primary() throws(StoryExpression.ParseError) -> StoryExpression {
        guard position < tokens.count else { throw .init(message: "an expression ends too soon") }
        let token = tokens[position]
        position += 1
        switch token {
        case .number(let number): return .literal(.number(number))
        case .string(let text): return .literal(.string(text))
        case .variable(let name): return .variable(name)
        case .macro(let name): return .call(name, try arguments(closing: ")"))
        case .symbol("("):
            let inner = try expression()
            guard take(")") else { throw .init(message: "a \")\" is missing") }
            return inner
        case .symbol("["): return .array(try arguments(closing: "]"))
        case .word(let word):
            switch word.lowercased() {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null", "undefined", "nothing": return .literal(.none)
            case "it" where it != nil: return .variable(it!)
            default:
                if take("(") { return .call(word, try arguments(closing: ")")) }
                // `visits` and `turns` read as the count for this passage.
                if word.lowercased() == "visits" || word.lowercased() == "visit" { return .call("visited", []) }
                if bareNames, word.first?.isLetter == true { return .variable(word) }
                throw .init(message: "\"\(word)\" is not understood")
            }
        default: throw .init(message: "unexpected \(describe(token))")
        }
    }
}
