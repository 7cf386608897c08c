/// A value a Twine story keeps in a variable: the common ground of Harlowe, SugarCube and
/// Chapbook (numbers, strings, booleans, arrays, and Harlowe's datamaps). Codable, so a
/// playthrough can store its variables and come back to exactly the same state.
public enum StoryValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)
    case array([StoryValue])
    case map([String: StoryValue])
    /// A variable never set: prints as nothing, is false, equals nothing but itself.
    case none

    /// As the story prints it: `3` not `3.0`, arrays joined by ", " (Harlowe's way).
    public var description: String {
        switch self {
        case .number(let number):
            if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
            return String(number)
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .array(let items): return items.map(\.description).joined(separator: ", ")
        case .map(let pairs): return pairs.keys.sorted().map { "\($0): \(pairs[$0]!)" }.joined(separator: ", ")
        case .none: return ""
        }
    }

    /// Truth as JavaScript reads it (SugarCube's and Chapbook's conditions are JavaScript;
    /// Harlowe accepts only booleans, so any story that runs there reads the same here).
    public var isTruthy: Bool {
        switch self {
        case .bool(let flag): flag
        case .number(let number): number != 0 && !number.isNaN
        case .string(let text): !text.isEmpty
        case .array, .map: true
        case .none: false
        }
    }

    var number: Double? {
        switch self {
        case .number(let number): number
        case .string(let text): Double(text.trimmingCharacters(in: .whitespaces))
        case .bool(let flag): flag ? 1 : 0
        default: nil
        }
    }

    /// Whether `self` holds `other`: an array its element, a string its substring, a map
    /// its key.
    func contains(_ other: StoryValue) -> Bool {
        switch self {
        case .array(let items): items.contains(other)
        case .string(let text): text.contains(other.description)
        case .map(let pairs): pairs[other.description] != nil
        default: false
        }
    }

    /// Loose equality: `1 is "1"` is false (Harlowe), but numbers compare by value.
    func equals(_ other: StoryValue) -> Bool {
        switch (self, other) {
        case (.number(let a), .number(let b)): a == b
        default: self == other
        }
    }

    static func + (left: StoryValue, right: StoryValue) -> StoryValue {
        switch (left, right) {
        case (.number(let a), .number(let b)): .number(a + b)
        case (.array(let a), .array(let b)): .array(a + b)
        case (.array(let a), _): .array(a + [right])
        case (.map(let a), .map(let b)): .map(a.merging(b) { $1 })
        case (.none, _): right
        case (_, .none): left
        default: .string(left.description + right.description)
        }
    }

    static func - (left: StoryValue, right: StoryValue) -> StoryValue {
        switch (left, right) {
        case (.array(let a), .array(let b)): .array(a.filter { !b.contains($0) })
        case (.array(let a), _): .array(a.filter { $0 != right })
        case (.string(let a), .string(let b)): .string(b.isEmpty ? a : a.replacingOccurrences(of: b, with: ""))
        default: .number((left.number ?? 0) - (right.number ?? 0))
        }
    }
}
