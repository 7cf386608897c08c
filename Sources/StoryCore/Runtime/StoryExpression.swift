import Foundation

/// An expression of a story format, parsed once: `$inv contains "key"`, `$x + 1`,
/// `(either: "a", "b")`, `visited("Hall")`. One grammar serves Harlowe's words (`is`,
/// `is not`, `contains`, `'s`, `to`) and the JavaScript-like operators of SugarCube and
/// Chapbook (`==`, `!==`, `&&`, `.length`, `[0]`).
public indirect enum StoryExpression: Hashable, Sendable {
    case literal(StoryValue)
    /// `$name` (kept for the whole playthrough) or `_name` (this passage only).
    case variable(String)
    case array([StoryExpression])
    case not(StoryExpression)
    case negate(StoryExpression)
    case binary(Operator, StoryExpression, StoryExpression)
    /// `$a's length`, `$a's 1st`, `$a's last`, `$a.length`.
    case property(StoryExpression, String)
    /// `$a[0]` counts from 0 (JavaScript); `$a's (1)` from 1 (Harlowe).
    case index(StoryExpression, StoryExpression, fromOne: Bool)
    /// A macro or function: `(either: …)`, `random(1, 6)`, `visited("Hall")`, `(history:)`.
    case call(String, [StoryExpression])

    public enum Operator: String, Hashable, Sendable {
        case and, or, equals, notEquals, less, lessOrEqual, greater, greaterOrEqual, contains, notContains, isIn, isNotIn
        case plus, minus, times, divide, remainder
    }

    /// What an expression can read while it is worked out.
    public struct Context {
        public var variables: [String: StoryValue]
        public var temporary: [String: StoryValue] = [:]
        /// Passages visited so far, oldest first, this one last.
        public var history: [String]
        public var passageName: String
        public var passageTags: [String]
        public var random: SeededRandom

        public init(variables: [String: StoryValue], history: [String], passageName: String, passageTags: [String], random: SeededRandom) {
            self.variables = variables
            self.history = history
            self.passageName = passageName
            self.passageTags = passageTags
            self.random = random
        }
    }

    /// The value, in `context` (which only `either`/`random` change, by drawing numbers).
    public func value(in context: inout Context) -> StoryValue {
        switch self {
        case .literal(let value): return value
        case .variable(let name):
            return (name.hasPrefix("_") ? context.temporary[name] : context.variables[name]) ?? .none
        case .array(let items): return .array(items.map { $0.value(in: &context) })
        case .not(let inner): return .bool(!inner.value(in: &context).isTruthy)
        case .negate(let inner): return .number(-(inner.value(in: &context).number ?? 0))
        case .binary(let op, let left, let right): return Self.apply(op, left, right, in: &context)
        case .property(let base, let name): return Self.property(name, of: base.value(in: &context))
        case .index(let base, let position, let fromOne):
            let collection = base.value(in: &context)
            let key = position.value(in: &context)
            if case .map(let pairs) = collection { return pairs[key.description] ?? .none }
            guard let number = key.number else { return .none }
            return Self.element(Int(number) - (fromOne ? 1 : 0), of: collection)
        case .call(let name, let arguments):
            return Self.call(name, arguments.map { $0.value(in: &context) }, in: &context)
        }
    }

    private static func apply(_ op: Operator, _ left: StoryExpression, _ right: StoryExpression, in context: inout Context) -> StoryValue {
        // Both sides of "and"/"or" only when needed, as every format does.
        switch op {
        case .and: return .bool(left.value(in: &context).isTruthy && right.value(in: &context).isTruthy)
        case .or: return .bool(left.value(in: &context).isTruthy || right.value(in: &context).isTruthy)
        default: break
        }
        let a = left.value(in: &context), b = right.value(in: &context)
        switch op {
        case .equals: return .bool(a.equals(b))
        case .notEquals: return .bool(!a.equals(b))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let ordered: Bool
            if let x = a.number, let y = b.number {
                ordered = op == .less ? x < y : op == .lessOrEqual ? x <= y : op == .greater ? x > y : x >= y
            } else {
                let x = a.description, y = b.description
                ordered = op == .less ? x < y : op == .lessOrEqual ? x <= y : op == .greater ? x > y : x >= y
            }
            return .bool(ordered)
        case .contains: return .bool(a.contains(b))
        case .notContains: return .bool(!a.contains(b))
        case .isIn: return .bool(b.contains(a))
        case .isNotIn: return .bool(!b.contains(a))
        case .plus: return a + b
        case .minus: return a - b
        case .times: return .number((a.number ?? 0) * (b.number ?? 0))
        case .divide:
            guard let y = b.number, y != 0 else { return .none }
            return .number((a.number ?? 0) / y)
        case .remainder:
            guard let y = b.number, y != 0 else { return .none }
            return .number((a.number ?? 0).truncatingRemainder(dividingBy: y))
        case .and, .or: return .none
        }
    }

    private static func element(_ index: Int, of collection: StoryValue) -> StoryValue {
        switch collection {
        case .array(let items):
            let position = index < 0 ? items.count + index : index
            return items.indices.contains(position) ? items[position] : .none
        case .string(let text):
            let characters = Array(text)
            let position = index < 0 ? characters.count + index : index
            return characters.indices.contains(position) ? .string(String(characters[position])) : .none
        default: return .none
        }
    }

    private static func property(_ name: String, of value: StoryValue) -> StoryValue {
        switch name.lowercased() {
        case "length":
            switch value {
            case .array(let items): return .number(Double(items.count))
            case .string(let text): return .number(Double(text.count))
            case .map(let pairs): return .number(Double(pairs.count))
            default: return .number(0)
            }
        case "last": return element(-1, of: value)
        case "first": return element(0, of: value)
        default:
            // "1st", "2nd", "3rd", "4th", "2ndlast"
            if let ordinal = Int(name.prefix { $0.isNumber }), ordinal > 0 {
                return element(name.lowercased().hasSuffix("last") ? -ordinal : ordinal - 1, of: value)
            }
            if case .map(let pairs) = value { return pairs[name] ?? .none }
            return .none
        }
    }

    private static func call(_ name: String, _ arguments: [StoryValue], in context: inout Context) -> StoryValue {
        switch name.lowercased() {
        case "a", "array": return .array(arguments)
        case "either":
            let options = arguments.flatMap { value -> [StoryValue] in
                if case .array(let items) = value, arguments.count == 1 { return items }
                return [value]
            }
            return options.isEmpty ? .none : options[context.random.below(options.count)]
        case "random":
            let numbers = arguments.compactMap(\.number).map { Int($0) }
            let (low, high) = numbers.count >= 2 ? (min(numbers[0], numbers[1]), max(numbers[0], numbers[1])) : (0, numbers.first ?? 1)
            return .number(Double(low + context.random.below(high - low + 1)))
        case "visited", "hasvisited", "visits":
            // `visited()` is this passage's count; with names, the fewest of them.
            let names = arguments.isEmpty ? [context.passageName] : arguments.map(\.description)
            let counts = names.map { name in context.history.count { $0 == name } }
            return name.lowercased() == "hasvisited" ? .bool(counts.allSatisfy { $0 > 0 }) : .number(Double(counts.min() ?? 0))
        case "history": return .array(context.history.dropLast().map { .string($0) })
        case "previous": return context.history.count > 1 ? .string(context.history[context.history.count - 2]) : .none
        case "passage":
            return .map(["name": .string(context.passageName), "tags": .array(context.passageTags.map { .string($0) })])
        case "tags": return .array(context.passageTags.map { .string($0) })
        case "str", "string", "text": return .string(arguments.map(\.description).joined())
        case "num", "number": return arguments.first.flatMap(\.number).map { .number($0) } ?? .none
        case "join":
            guard case .array(let items)? = arguments.first else { return arguments.first ?? .none }
            return .string(items.map(\.description).joined(separator: arguments.count > 1 ? arguments[1].description : ","))
        case "includes":
            guard arguments.count == 2 else { return .bool(false) }
            return .bool(arguments[0].contains(arguments[1]))
        default: return .none
        }
    }
}
