import Foundation
import StoryCore
import TerminalUI

/// A one-page form: fields of text or choices, a focused one, problems shown beside the
/// fields people have touched. The New story form and the template form are made of it.
public struct Form: Sendable, Hashable {
    public struct Field: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            case text(limit: Int)
            /// Digits only (a seed, a count).
            case digits(limit: Int)
            /// One of these labels.
            case choice([String])
        }

        public var key: String
        public var label: String
        public var kind: Kind
        public var value: String

        public init(_ key: String, _ label: String, _ kind: Kind, value: String = "") {
            self.key = key
            self.label = label
            self.kind = kind
            self.value = value
        }

        var isText: Bool {
            switch kind {
            case .text, .digits: true
            case .choice: false
            }
        }

        /// The place of the value among the choices (0 when it is not one of them).
        public var choiceIndex: Int {
            guard case .choice(let options) = kind else { return 0 }
            return options.firstIndex(of: value) ?? 0
        }
    }

    public enum Outcome: Equatable, Sendable {
        case stay, submitted, cancelled, help
        /// The focused choice changed (some forms change other fields then).
        case changed(String)
    }

    public var fields: [Field]
    public var focus = 0
    /// Fields changed, or all of them after a submit: their problems show.
    public var touched: Set<String> = []
    /// Text fields that were full when more was typed or pasted: they say so.
    public private(set) var full: Set<String> = []

    public init(fields: [Field]) {
        self.fields = fields
    }

    public subscript(key: String) -> String {
        get { fields.first { $0.key == key }?.value ?? "" }
        set {
            guard let index = fields.firstIndex(where: { $0.key == key }) else { return }
            fields[index].value = newValue
        }
    }

    public var focused: Field? { fields.indices.contains(focus) ? fields[focus] : nil }

    /// Moves to the first field with a problem; false when there is none.
    public mutating func focusFirst(of problems: [String: String]) -> Bool {
        guard let first = fields.firstIndex(where: { problems[$0.key] != nil }) else { return false }
        focus = first
        return true
    }

    /// Keys: typing into text, arrows or letters for choices, Tab and arrows between
    /// fields, Enter submits, Esc cancels, F1 (or `?` outside text) asks for help.
    public mutating func handle(_ key: Key) -> Outcome {
        guard let field = focused else { return key == .escape ? .cancelled : .stay }
        let action = Action.forKey(key, in: .form)
        if field.isText ? (key.isCharacter || key == .backspace) : (key.isCharacter && action == nil) {
            return edit(key)
        }
        switch action {
        case .help: return .help
        case .cancelForm: return .cancelled
        case .submitForm:
            touched = Set(fields.map(\.key))
            return .submitted
        case .nextField: focus = (focus + 1) % fields.count
        case .previousField: focus = (focus + fields.count - 1) % fields.count
        case .pick, .toggle: return edit(key)
        default: break
        }
        return .stay
    }

    private mutating func edit(_ key: Key) -> Outcome {
        var field = fields[focus]
        switch field.kind {
        case .text(let limit), .digits(let limit):
            switch key {
            case .character(let character):
                if case .digits = field.kind, !character.isASCII || !character.isNumber { return .stay }
                guard field.value.count < limit else {
                    full.insert(field.key)
                    return .stay
                }
                field.value.append(character)
            case .backspace:
                if !field.value.isEmpty { field.value.removeLast() }
                full.remove(field.key)
            default:
                return .stay
            }
        case .choice(let options):
            guard !options.isEmpty else { return .stay }
            let current = field.choiceIndex
            switch key {
            case .right, .character(" "): field.value = options[(current + 1) % options.count]
            case .left: field.value = options[(current + options.count - 1) % options.count]
            case .character(let letter):
                let order = (1...options.count).map { (current + $0) % options.count }
                guard let found = order.first(where: { options[$0].lowercased().hasPrefix(String(letter).lowercased()) }) else { return .stay }
                field.value = options[found]
            default:
                return .stay
            }
        }
        fields[focus] = field
        touched.insert(field.key)
        return field.isText ? .stay : .changed(field.key)
    }
}

/// Draws a form's fields from the top of `area`: label, value (the focused one marked),
/// and the problem under it; scrolled to the focused field when they do not all fit.
func renderForm(_ form: Form, problems: [String: String], into screen: inout Screen, in area: Rect) {
    Widgets.scrolled(into: &screen, in: area) { screen, area in
        drawForm(form, problems: problems, into: &screen, in: area)
    }
}

private func drawForm(_ form: Form, problems: [String: String], into screen: inout Screen, in area: Rect) -> Widgets.Drawn {
    let labelWidth = min(18, max(8, area.width / 3))
    var y = area.y
    var keep = 0..<1
    for (index, field) in form.fields.enumerated() where y < area.maxY {
        let focused = index == form.focus
        let top = y
        screen.put(TerminalText.pad(TerminalText.truncate(field.label, toWidth: labelWidth - 1), toWidth: labelWidth - 1),
                   x: area.x, y: y, style: focused ? Palette.selected : .plain, limit: area.maxX)
        let valueX = area.x + labelWidth
        let room = max(1, area.maxX - valueX)
        let value = TerminalText.safe(field.value)
        let shown: String
        switch field.kind {
        case .text, .digits:
            // The end of a long value, and the cursor after it, always in view.
            shown = TerminalText.tail(value, toWidth: room - 1) + (focused ? "▏" : "")
        case .choice:
            shown = focused ? "‹ \(value) ›" : value
        }
        screen.put(shown, x: valueX, y: y, style: .bold, limit: area.maxX)
        y += 1
        let limit: Int? = switch field.kind {
        case .text(let limit), .digits(let limit): limit
        case .choice: nil
        }
        let full = limit.flatMap { form.full.contains(field.key) ? "At most \($0) characters: what came after was left out." : nil }
        if let problem = form.touched.contains(field.key) ? problems[field.key] ?? full : full {
            for line in TerminalText.wrap(problem, width: room) where y < area.maxY {
                screen.put(line, x: valueX, y: y, style: Palette.problem, limit: area.maxX)
                y += 1
            }
        }
        if focused { keep = top - area.y..<y - area.y }
    }
    return Widgets.Drawn(rows: y - area.y, keep: keep)
}
