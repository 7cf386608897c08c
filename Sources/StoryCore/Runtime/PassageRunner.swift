/// Where a playthrough of a stateful story stands: its variables, the passages entered so
/// far (this one last), and the seed its chance draws come from. Stored with the
/// playthrough, so back, resume and restart give exactly the same pages.
public struct PlayState: Hashable, Sendable, Codable {
    public var variables: [String: StoryValue]
    public var history: [String]
    public var seed: UInt64

    public init(variables: [String: StoryValue] = [:], history: [String] = [], seed: UInt64) {
        self.variables = variables
        self.history = history
        self.seed = seed
    }
}

/// A passage worked out for the reader: its text, the choices it offers (links to other
/// passages and inline links that reveal more here), where a `(go-to:)` sends the reader
/// instead, and the state after it ran.
public struct PassageView: Hashable, Sendable {
    public var text: String
    public var choices: [Choice]
    public var goTo: String?
    /// The state after the page ran, which its links go on from.
    public var state: PlayState
    /// The state the passage was entered with, and the reveals taken since, in order: all
    /// that is needed to show this page again exactly (back, resume).
    public var entry: PlayState
    public var revealed: [Int]

    public struct Choice: Hashable, Sendable {
        public var text: String
        public var action: Action
    }

    public enum Action: Hashable, Sendable {
        /// To a passage, after these assignments (SugarCube's setter links).
        case go(String, setters: [StoryAssignment])
        /// Reveals more of this page: the id to add to `revealed` when running it again.
        case reveal(Int)
        case back
        case restart
    }
}

/// Runs passages of one story. Pure: the same state and reveals give the same view.
public struct PassageRunner: Sendable {
    public struct Passage: Sendable {
        public var program: PassageProgram
        public var tags: [String]

        public init(program: PassageProgram, tags: [String]) {
            self.program = program
            self.tags = tags
        }
    }

    public let passages: @Sendable (String) -> Passage?
    /// Passages run before and after every passage (Harlowe's `header`/`footer` tags,
    /// SugarCube's `PassageHeader`/`PassageFooter`), and once at the start (`startup`).
    public let header: [String]
    public let footer: [String]
    public let startup: [String]
    /// The format's way of showing a line of text: emphasis marks out and the like.
    public let style: @Sendable (String) -> String

    public init(
        passages: @escaping @Sendable (String) -> Passage?, header: [String] = [], footer: [String] = [], startup: [String] = [],
        style: @escaping @Sendable (String) -> String = { $0 }
    ) {
        self.passages = passages
        self.header = header
        self.footer = footer
        self.startup = startup
        self.style = style
    }

    /// A new playthrough: the startup passages set their variables, then `start` is entered.
    public func begin(at start: String, seed: UInt64) -> PassageView {
        var state = PlayState(seed: seed)
        var run = Run(runner: self, context: Self.context(state, tags: []))
        for name in startup {
            if let passage = passages(name) { run.execute(passage.program.nodes, into: OutputBox(), depth: 0) }
        }
        state.variables = run.context.variables
        return enter(start, from: state)
    }

    /// Enters `name` (it joins the history) and runs it.
    public func enter(_ name: String, from state: PlayState) -> PassageView {
        var state = state
        state.history.append(name)
        return run(state: state, revealed: [])
    }

    /// Takes `choice` on `view`: a reveal runs the passage again from the state it was
    /// entered with, with one more reveal; a link sets its setters and enters its passage.
    /// Nil for back and restart, which the player does from its own record of views.
    public func take(_ choice: PassageView.Choice, on view: PassageView) -> PassageView? {
        switch choice.action {
        case .reveal(let id):
            return run(state: view.entry, revealed: view.revealed + [id])
        case .go(let target, let setters):
            var state = view.state
            var context = Self.context(state, tags: [])
            for setter in setters { state.variables[setter.variable] = setter.value.value(in: &context) }
            return enter(target, from: state)
        case .back, .restart:
            return nil
        }
    }

    /// Runs the last passage of `state.history` from `state` (its state on entering), with
    /// the reveals taken so far, in the order taken.
    public func run(state entry: PlayState, revealed: [Int]) -> PassageView {
        guard let name = entry.history.last else {
            return PassageView(text: "", choices: [], state: entry, entry: entry, revealed: revealed)
        }
        var run = Run(runner: self, context: Self.context(entry, tags: passages(name)?.tags ?? []))
        for (number, part) in (header + [name] + footer).enumerated() {
            if number > 0 { run.root.pieces.append(.text("\n")) }
            if let passage = passages(part) { run.execute(passage.program.nodes, into: run.root, depth: 0) }
        }
        for id in revealed where run.goTo == nil {
            run.reveal(id)
        }
        var state = entry
        state.variables = run.context.variables
        let (text, choices) = run.root.flattened(consumed: run.consumed, style: style)
        return PassageView(text: text, choices: choices, goTo: run.goTo, state: state, entry: entry, revealed: revealed)
    }

    static func context(_ state: PlayState, tags: [String]) -> StoryExpression.Context {
        StoryExpression.Context(
            variables: state.variables, history: state.history, passageName: state.history.last ?? "", passageTags: tags,
            random: SeededRandom(seed: state.seed, stream: "visit", index: state.history.count))
    }
}

// MARK: - One run of a passage

/// A part of the page being built: text, links, reveal markers and hooks that later
/// changes can reach by name.
final class OutputBox {
    enum Piece {
        case text(String)
        case link(String, PassageView.Action)
        /// A reveal's link, and the words it puts on the page (none when they are there
        /// already).
        case reveal(id: Int, label: PassageProgram.Reveal.Label)
        case box(OutputBox)
    }

    var pieces: [Piece] = []
    let name: String?
    var hidden: Bool

    init(name: String? = nil, hidden: Bool = false) {
        self.name = name
        self.hidden = hidden
    }

    /// Every hook of that name, here and below.
    func hooks(named wanted: String) -> [OutputBox] {
        var found: [OutputBox] = name == wanted ? [self] : []
        for case .box(let box) in pieces { found += box.hooks(named: wanted) }
        return found
    }

    /// Its words as shown, links and reveals as their labels.
    var plainText: String {
        guard !hidden else { return "" }
        return pieces.map { piece in
            switch piece {
            case .text(let text): text
            case .link(let label, _): label
            case .reveal(_, let label): if case .text(let words) = label { words } else { "" }
            case .box(let box): box.plainText
            }
        }.joined()
    }

    /// The page's text and its choices, in the order they stand. A line holding only
    /// links is not repeated as text: its links are the choices below it.
    func flattened(consumed: Set<Int>, style: (String) -> String) -> (String, [PassageView.Choice]) {
        var text = ""
        var choices: [PassageView.Choice] = []
        collect(into: &text, choices: &choices, consumed: consumed, root: self)
        return (Self.tidy(text, style: style), choices)
    }

    private func collect(into text: inout String, choices: inout [PassageView.Choice], consumed: Set<Int>, root: OutputBox) {
        guard !hidden else { return }
        for piece in pieces {
            switch piece {
            case .text(let words): text += words
            case .link(let label, let action):
                text += "\u{1}\(label)\u{2}"
                choices.append(PassageView.Choice(text: label, action: action))
            case .reveal(let id, let label):
                let words: String
                switch label {
                case .text(let own):
                    text += "\u{1}\(own)\u{2}"
                    words = own
                case .onPage(let shown): words = shown
                case .hook(let name): words = root.hooks(named: name).first?.plainText.trimmingWhitespace() ?? ""
                }
                if !consumed.contains(id), !words.isEmpty {
                    choices.append(PassageView.Choice(text: words, action: .reveal(id)))
                }
            case .box(let box): box.collect(into: &text, choices: &choices, consumed: consumed, root: root)
            }
        }
    }

    private static func tidy(_ text: String, style: (String) -> String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let hasLink = line.contains("\u{1}")
            var outside = ""
            var inLink = false
            for character in line {
                if character == "\u{1}" { inLink = true } else if character == "\u{2}" { inLink = false } else if !inLink { outside.append(character) }
            }
            if hasLink, outside.allSatisfy({ $0.isWhitespace || "|•·-.,;:()[]".contains($0) }) { continue }
            lines.append(style(line.filter { $0 != "\u{1}" && $0 != "\u{2}" }).trimmingWhitespace())
        }
        var result = lines.joined(separator: "\n")
        while result.contains("\n\n\n") { result = result.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return result.trimmingWhitespace()
    }
}

/// The state of one run: the page built so far, reveals waiting to be taken.
struct Run {
    let runner: PassageRunner
    var context: StoryExpression.Context
    let root = OutputBox()
    var goTo: String?
    var nextReveal = 0
    var pending: [Int: (reveal: PassageProgram.Reveal, anchor: OutputBox)] = [:]
    var consumed: Set<Int> = []
    /// Whether the last condition of this block held, for an `else` that stands apart.
    var lastCondition = true

    init(runner: PassageRunner, context: StoryExpression.Context) {
        self.runner = runner
        self.context = context
    }

    mutating func execute(_ nodes: [PassageProgram.Node], into box: OutputBox, depth: Int) {
        for node in nodes where goTo == nil {
            switch node {
            case .text(let text): box.pieces.append(.text(text))
            case .print(let expression): box.pieces.append(.text(expression.value(in: &context).description))
            case .set(let assignments):
                for assignment in assignments {
                    let value = assignment.value.value(in: &context)
                    if assignment.variable.hasPrefix("_") {
                        context.temporary[assignment.variable] = value
                    } else {
                        context.variables[assignment.variable] = value
                    }
                }
            case .conditional(let branches):
                if let branch = branches.first(where: { $0.condition?.value(in: &context).isTruthy ?? true }) {
                    execute(branch.body, into: box, depth: depth)
                }
            case .link(let label, let target, let setters):
                let action: PassageView.Action
                switch target {
                case .passage(let name): action = .go(name, setters: setters)
                case .computed(let expression): action = .go(expression.value(in: &context).description, setters: setters)
                case .back: action = .back
                case .restart: action = .restart
                }
                box.pieces.append(.link(label, action))
            case .hook(let name, let hidden, let body):
                let hook = OutputBox(name: name, hidden: hidden)
                box.pieces.append(.box(hook))
                if !hidden { execute(body, into: hook, depth: depth) }
            case .reveal(let reveal):
                let id = nextReveal
                nextReveal += 1
                let anchor = OutputBox()
                box.pieces.append(.box(anchor))
                anchor.pieces.append(.reveal(id: id, label: reveal.label))
                pending[id] = (reveal, anchor)
            case .change(let change, let name, let body):
                for hook in root.hooks(named: name) { self.change(hook, change, body, depth: depth) }
            case .include(let expression):
                let name = expression.value(in: &context).description
                guard depth < 20, let passage = runner.passages(name) else { continue }
                execute(passage.program.nodes, into: box, depth: depth + 1)
            case .goTo(let expression):
                goTo = expression.value(in: &context).description
            }
        }
    }

    private mutating func change(_ hook: OutputBox, _ change: PassageProgram.Change, _ body: [PassageProgram.Node], depth: Int) {
        let added = OutputBox()
        execute(body, into: added, depth: depth)
        hook.hidden = false
        switch change {
        case .replace: hook.pieces = [.box(added)]
        case .append: hook.pieces.append(.box(added))
        case .prepend: hook.pieces.insert(.box(added), at: 0)
        }
    }

    /// Takes the reveal `id`, as the reader did.
    mutating func reveal(_ id: Int) {
        guard let (reveal, anchor) = pending[id], reveal.mode == .repeat || !consumed.contains(id) else { return }
        if reveal.mode != .repeat { consumed.insert(id) }
        let body = OutputBox()
        switch reveal.mode {
        case .append:
            // The label stays as words; the body follows it.
            if case .text(let words) = reveal.label { anchor.pieces = [.text(words)] } else { anchor.pieces = [] }
            anchor.pieces.append(.box(body))
        case .replaceLabel:
            anchor.pieces = [.box(body)]
        case .replaceHook:
            anchor.pieces = []
            guard case .hook(let name) = reveal.label else { break }
            for hook in root.hooks(named: name) { hook.pieces = [.box(body)] }
        case .repeat:
            anchor.pieces.append(.box(body))
        }
        execute(reveal.body, into: body, depth: 0)
    }
}

/// A Twine story as its author wrote it, kept for stories that run with their state: its
/// format and its whole source as Twee 3.
public struct StorySource: Hashable, Sendable {
    public var format: String
    public var twee: String

    public init(format: String, twee: String) {
        self.format = format
        self.twee = twee
    }
}

/// One page of a playthrough of a stateful story: the state it was entered with and the
/// reveals taken on it, in order. A playthrough keeps its pages, so back, resume and
/// restart show exactly what was shown.
public struct PlayStep: Hashable, Sendable, Codable {
    public var entry: PlayState
    public var revealed: [Int]

    public init(entry: PlayState, revealed: [Int] = []) {
        self.entry = entry
        self.revealed = revealed
    }

    public init(_ view: PassageView) {
        self.init(entry: view.entry, revealed: view.revealed)
    }
}
