/// A passage as its story format runs it, parsed once from its source: text, variables
/// printed and set, conditions, links, and the inline links that reveal more text and
/// stay on the page. `PassageRunner` works it out for one moment of a playthrough.
public struct PassageProgram: Hashable, Sendable {
    public var nodes: [Node]
    /// Macros and script it holds that do not run here, by name ("(live:)", "script").
    public var notRun: [String]

    public init(nodes: [Node], notRun: [String] = []) {
        self.nodes = nodes
        self.notRun = notRun
    }

    public indirect enum Node: Hashable, Sendable {
        case text(String)
        case print(StoryExpression)
        case set([StoryAssignment])
        /// `if` / `else if` / `else` (a nil condition) / `unless` (a negated condition).
        case conditional([Branch])
        case link(label: String, target: LinkTarget, setters: [StoryAssignment])
        /// A hook: a named one can be replaced or clicked; a hidden one shows only when a
        /// reveal or a change puts something in it.
        case hook(name: String?, hidden: Bool, body: [Node])
        case reveal(Reveal)
        /// `(replace: ?name)[…]`, `(append:)`, `(prepend:)`: changes a named hook at once.
        case change(Change, hook: String, body: [Node])
        /// Another passage, run here (`(display:)`, `<<include>>`, `{embed passage}`).
        case include(StoryExpression)
        case goTo(StoryExpression)
    }

    public struct Branch: Hashable, Sendable {
        public var condition: StoryExpression?
        public var body: [Node]

        public init(condition: StoryExpression?, body: [Node]) {
            self.condition = condition
            self.body = body
        }
    }

    public enum LinkTarget: Hashable, Sendable {
        case passage(String)
        case computed(StoryExpression)
        case back
        case restart
    }

    public enum Change: Hashable, Sendable { case replace, append, prepend }

    /// An inline link that stays on the page: it reveals its body where it stands
    /// (`link-reveal`, `linkappend`), in place of its label (`link`, `linkreplace`), in a
    /// named hook (`click-replace: ?name`), or runs it again each time (`link-repeat`).
    public struct Reveal: Hashable, Sendable {
        public enum Label: Hashable, Sendable {
            /// Words of its own, shown where it stands (`(link: "Open")`).
            case text(String)
            /// Words the page already shows (`(click: "wooden door")`).
            case onPage(String)
            /// The words of a named hook (`(click: ?door)`).
            case hook(String)
        }

        public enum Mode: Hashable, Sendable {
            /// The body comes after the label, which stays as text.
            case append
            /// The body takes the label's place.
            case replaceLabel
            /// The body takes the named hook's place (`click-replace`).
            case replaceHook
            /// The label stays a link; the body runs each time it is taken.
            case `repeat`
        }

        public var label: Label
        public var mode: Mode
        public var body: [Node]

        public init(label: Label, mode: Mode, body: [Node]) {
            self.label = label
            self.mode = mode
            self.body = body
        }
    }
}
