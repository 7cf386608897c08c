import Foundation
import StoryCore

/// A Twine story ready to play with its state: each passage's program, and the passages
/// that run at the start and around every passage.
public struct TwineRuntime: Sendable {
    public enum Format: String, Sendable {
        case harlowe = "Harlowe", sugarCube = "SugarCube", chapbook = "Chapbook"
    }

    public let format: Format
    public let runner: PassageRunner
    public let start: String
    /// Macros and script that do not run: how many passages hold each, and the first.
    public let notRun: [String: NotRun]

    public struct NotRun: Hashable, Sendable {
        public var passages: Int
        public var first: String
    }
    /// Whether any passage sets, prints, tests or reveals anything: a story without state
    /// plays from its imported pages alone.
    public let usesState: Bool

    /// Reads a story from Twee source, in the format its StoryData names (or, without one,
    /// the format its markup shows).
    public init(twee: String) throws(FormatError) {
        try self.init(source: try TweeReader.read(twee))
    }

    init(source: SourceStory) throws(FormatError) {
        guard let format = Self.format(of: source) else {
            throw FormatError("\(source.storyFormat ?? "this story format") does not run with its state (Harlowe, SugarCube and Chapbook do)")
        }
        var programs: [String: PassageRunner.Passage] = [:]
        var header: [String] = [], footer: [String] = [], startup: [String] = []
        var notRun: [String: NotRun] = [:]
        var usesState = false
        for passage in source.passages where programs[passage.name] == nil {
            let tags = passage.tags.map { $0.lowercased() }
            if tags.contains("script") || tags.contains("stylesheet") || ["StoryTitle", "StoryData"].contains(passage.name) { continue }
            let program = switch format {
            case .harlowe: HarloweReader.program(passage.text)
            case .sugarCube: SugarCubeReader.program(passage.text)
            case .chapbook: ChapbookReader.program(passage.text)
            }
            programs[passage.name] = PassageRunner.Passage(program: program, tags: passage.tags)
            usesState = usesState || program.nodes.contains(where: Self.holdsState)
            for name in Set(program.notRun) { notRun[name, default: NotRun(passages: 0, first: passage.name)].passages += 1 }
            if tags.contains("header") || passage.name == "PassageHeader" { header.append(passage.name) }
            if tags.contains("footer") || passage.name == "PassageFooter" { footer.append(passage.name) }
            if tags.contains("startup") || passage.name == "StoryInit" { startup.append(passage.name) }
        }
        self.format = format
        start = source.start ?? (programs["Start"] != nil ? "Start" : source.passages.first?.name ?? "")
        let found = programs
        runner = PassageRunner(
            passages: { found[$0] }, header: header, footer: footer, startup: startup,
            style: { line in
                // Layout marks (aligners, rules) are a blank line; emphasis marks go.
                TwineMarkup.isLayoutLine(line) ? "" : TwineMarkup.unmark(line)
            })
        self.notRun = notRun
        self.usesState = usesState || !header.isEmpty || !footer.isEmpty || !startup.isEmpty
        unreached = Self.unreached(from: [start] + header + footer + startup, in: found)
    }

    /// Passages no link, include or go-to of the story reaches from its start (only script,
    /// or nothing, shows them), in the order of the file.
    public let unreached: [String]

    private static func unreached(from roots: [String], in passages: [String: PassageRunner.Passage]) -> [String] {
        var seen = Set<String>()
        var queue = roots
        var computed = false
        while let name = queue.popLast() {
            guard seen.insert(name).inserted, let passage = passages[name] else { continue }
            for target in targets(of: passage.program.nodes, computed: &computed) where !seen.contains(target) { queue.append(target) }
        }
        // A computed target may reach any passage: nothing can be said to be unreached.
        if computed { return [] }
        return passages.keys.filter { !seen.contains($0) }.sorted()
    }

    private static func targets(of nodes: [PassageProgram.Node], computed: inout Bool) -> [String] {
        var found: [String] = []
        for node in nodes {
            switch node {
            case .link(_, .passage(let name), _): found.append(name)
            case .link(_, .computed, _): computed = true
            case .include(let expression), .goTo(let expression):
                if case .literal(.string(let name)) = expression { found.append(name) } else { computed = true }
            case .conditional(let branches): for branch in branches { found += targets(of: branch.body, computed: &computed) }
            case .hook(_, _, let body), .change(_, _, let body): found += targets(of: body, computed: &computed)
            case .reveal(let reveal): found += targets(of: reveal.body, computed: &computed)
            default: break
            }
        }
        return found
    }

    /// What the import report says of it: what runs, and what does not.
    public var fidelity: String {
        var line = "Plays with its state (\(format.rawValue)): variables, conditions, links and reveals run"
        if !unreached.isEmpty {
            let names = unreached.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ") + (unreached.count > 5 ? " and \(unreached.count - 5) more" : "")
            line += "; no link reaches \(names)" + (notRun.isEmpty ? "" : " (only script would show them)")
        }
        if notRun.isEmpty { return line + "." }
        let missing = notRun.sorted { $0.value.passages > $1.value.passages || $0.value.passages == $1.value.passages && $0.key < $1.key }
            .prefix(6).map { name, found in
                "\(name) (\(found.passages) passage\(found.passages == 1 ? "" : "s"), first \"\(found.first)\")"
            }
        line += "; not run: " + missing.joined(separator: ", ") + (notRun.count > 6 ? ", and \(notRun.count - 6) more" : "") + "."
        return line
    }

    private static func holdsState(_ node: PassageProgram.Node) -> Bool {
        switch node {
        case .text, .link(_, .passage, []): false
        case .hook(nil, false, let body): body.contains(where: holdsState)
        default: true
        }
    }

    /// The story as Twee 3, every passage as written: what a stateful story keeps, under
    /// the title and IFID it was stored with (a file may have named neither).
    static func twee(of source: SourceStory, format: Format, title: String, ifid: String) -> String {
        var data: [String: String] = ["format": format.rawValue, "ifid": ifid.uppercased()]
        data["format-version"] = source.storyFormatVersion
        data["start"] = source.start
        let json = (try? JSONSerialization.data(withJSONObject: data, options: [.prettyPrinted, .sortedKeys]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        var out = ":: StoryTitle\n\(title)\n\n:: StoryData\n\(json)\n"
        for passage in source.passages {
            let name = passage.name.map { "[]{}\\".contains($0) ? "\\\($0)" : String($0) }.joined()
            out += "\n:: \(name)" + (passage.tags.isEmpty ? "" : " [\(passage.tags.joined(separator: " "))]") + "\n"
            // A line that would read as a passage header keeps its colons as text.
            let text = passage.text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix("::") ? "\\" + $0 : String($0) }.joined(separator: "\n")
            out += text + "\n"
        }
        return out
    }

    /// The format the story names, or the one its markup shows.
    static func format(of source: SourceStory) -> Format? {
        let named = (source.storyFormat ?? "").lowercased()
        if named.contains("harlowe") { return .harlowe }
        if named.contains("chapbook") { return .chapbook }
        if named.contains("sugarcube") { return .sugarCube }
        if !named.isEmpty { return nil }
        let texts = source.passages.map(\.text)
        if texts.contains(where: { $0.has("<<set ") || $0.has("<<if ") || $0.has("<<goto") }) { return .sugarCube }
        if texts.contains(where: { $0.has("(set:") || $0.has("(if:") || $0.has("(link") }) { return .harlowe }
        if texts.contains(where: { $0.has("\n--\n") || $0.has("[if ") || $0.has("{embed") || $0.has("{back link}") }) {
            return .chapbook
        }
        return nil
    }
}
