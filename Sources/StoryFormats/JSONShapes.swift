import Foundation

/// The JSON story shapes Forktale reads besides its own.
///
/// Every shape is read with `JSONDecoder` into small typed values: Foundation's
/// `JSONSerialization` builds an object per value and took 65 times the file's size in
/// memory (a 44 MB story did not fit in 3 GB). Optional fields of the wrong type read as
/// missing, as a person writing such a file would expect.
public enum JSONShape: String, CaseIterable, Sendable {
    /// Forktale's own export (`ForktaleJSON`).
    case forktale
    /// Nodes with `options: [{text, node_id}]`, `is_root`, `is_ending`, `is_winning_ending`.
    case nodes
    /// Twison: `passages[{pid, name, text, links[{name, link}]}]`, `startnode`.
    case twison
    /// An object of arcs: `{arc: {title, story: [paragraphs], options: [{text, arc}]}}`, starting at `intro`.
    case arcs
    /// An object of states: `{state: {text, choices: [{text, state}]}}`, starting at `start`.
    case states

    /// Which shape a document has, if any, from a look at its top level.
    static func detect(_ data: Data) throws -> JSONShape? {
        try JSONDecoder().decode(Probe.self, from: data).shape
    }

    /// Reads a document of this shape (not `.forktale`, which has its own reader).
    func source(_ data: Data) throws -> SourceStory {
        switch self {
        case .forktale: throw FormatError("internal: Forktale JSON has its own reader")
        case .nodes: return try JSONDecoder().decode(NodesDocument.self, from: data).story()
        case .twison: return try JSONDecoder().decode(TwisonDocument.self, from: data).story()
        case .arcs: return try Self.keyed(data, options: "options", target: "arc", start: "intro")
        case .states: return try Self.keyed(data, options: "choices", target: "state", start: "start")
        }
    }

    private static func keyed(_ data: Data, options: String, target: String, start: String) throws -> SourceStory {
        let decoder = JSONDecoder()
        decoder.userInfo[KeyedEntry.optionsKey] = options
        decoder.userInfo[KeyedEntry.targetKey] = target
        let entries = try decoder.decode([String: KeyedEntry].self, from: data)
        var story = SourceStory(start: entries[start] != nil ? start : nil)
        // JSON objects have no order; the start first, then by name, for a stable story.
        for name in entries.keys.sorted(by: { ($0 == start ? "" : $0) < ($1 == start ? "" : $1) }) {
            let entry = entries[name]!
            if story.title == nil, name == start { story.title = entry.title }
            story.passages.append(SourcePassage(
                name: name, text: entry.paragraphs.joined(separator: "\n\n"), links: entry.links, isMarkup: false))
        }
        return story
    }
}

// MARK: - Reading tolerantly

/// Any key, for objects whose keys are data (arcs, states) or looked at one by one.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

extension KeyedDecodingContainer where Key == AnyKey {
    /// The value, or nil when it is missing, null or of another type.
    func optional<T: Decodable>(_ type: T.Type, _ key: String) -> T? {
        (try? decodeIfPresent(type, forKey: AnyKey(key))) ?? nil
    }

    /// An id that may be written as a string or a number.
    func id(_ key: String) -> String? {
        if let text = optional(String.self, key) { return text }
        if let whole = optional(Int.self, key) { return String(whole) }
        return optional(Double.self, key).map { "\($0)" }
    }

    /// A list of objects, each read by `read`; nil when the key is not a list.
    func objects<T>(_ key: String, _ read: (KeyedDecodingContainer<AnyKey>) throws -> T) throws -> [T]? {
        guard contains(AnyKey(key)), var list = try? nestedUnkeyedContainer(forKey: AnyKey(key)) else { return nil }
        var items: [T] = []
        while !list.isAtEnd {
            guard let item = try? list.nestedContainer(keyedBy: AnyKey.self) else {
                throw FormatError("\"\(key)\"[\(items.count)] is not an object")
            }
            items.append(try read(item))
        }
        return items
    }
}

// MARK: - Finding the shape

/// A document's top level, enough to tell its shape.
private struct Probe: Decodable {
    var shape: JSONShape?

    init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            let first = list.isAtEnd ? nil : try? list.nestedContainer(keyedBy: AnyKey.self)
            let nodes = first.map { $0.contains(AnyKey("options")) || $0.contains(AnyKey("node_id")) || $0.contains(AnyKey("is_root")) }
            shape = nodes == true ? .nodes : nil
            return
        }
        guard let object = try? decoder.container(keyedBy: AnyKey.self) else { return }
        if object.optional(String.self, "format") == ForktaleJSON.formatName { shape = .forktale; return }
        if (try? object.nestedUnkeyedContainer(forKey: AnyKey("passages"))) != nil { shape = .twison; return }
        if (try? object.nestedUnkeyedContainer(forKey: AnyKey("nodes"))) != nil { shape = .nodes; return }
        let values = object.allKeys.compactMap { try? object.nestedContainer(keyedBy: AnyKey.self, forKey: $0) }
        guard !values.isEmpty, values.count == object.allKeys.count else { return }
        let arcOptions = values.contains { value in
            guard var options = try? value.nestedUnkeyedContainer(forKey: AnyKey("options")), !options.isAtEnd else { return false }
            return (try? options.nestedContainer(keyedBy: AnyKey.self))?.contains(AnyKey("arc")) == true
        }
        if arcOptions { shape = .arcs }
        else if values.allSatisfy({ $0.optional(String.self, "text") != nil }) { shape = .states }
        else if values.contains(where: { $0.contains(AnyKey("options")) }) { shape = .arcs }
    }
}

// MARK: - The shapes

/// `{title, nodes: [...]}`, or the list of nodes alone.
private struct NodesDocument: Decodable {
    struct Node {
        var id: String?
        var text: String
        var options: [(text: String, target: String?)]
        var isEnding: Bool?
        var isWinning: Bool
        var isRoot: Bool
    }

    var title: String?
    var nodes: [Node]

    init(from decoder: any Decoder) throws {
        func node(_ item: KeyedDecodingContainer<AnyKey>) throws -> Node {
            Node(
                id: item.id("id") ?? item.id("node_id"),
                text: item.optional(String.self, "content") ?? item.optional(String.self, "text") ?? "",
                options: try item.objects("options") { option in
                    (option.optional(String.self, "text") ?? "", option.id("node_id") ?? option.id("target"))
                } ?? [],
                isEnding: item.optional(Bool.self, "is_ending"), isWinning: item.optional(Bool.self, "is_winning_ending") ?? false,
                isRoot: item.optional(Bool.self, "is_root") ?? false)
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            guard let nodes = try object.objects("nodes", node) else { throw FormatError("\"nodes\" is not a list of objects") }
            self.nodes = nodes
            title = object.optional(String.self, "title")
                ?? (try? object.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("story")))?.optional(String.self, "title")
        } else {
            var list = try decoder.unkeyedContainer()
            nodes = []
            while !list.isAtEnd {
                guard let item = try? list.nestedContainer(keyedBy: AnyKey.self) else {
                    throw FormatError("\"nodes\" is not a list of objects")
                }
                nodes.append(try node(item))
            }
        }
    }

    func story() throws -> SourceStory {
        var story = SourceStory(title: title)
        for (position, node) in nodes.enumerated() {
            guard let id = node.id else { throw FormatError("nodes[\(position)] has no \"id\"") }
            var links: [SourceLink] = []
            for (place, option) in node.options.enumerated() {
                guard let target = option.target else {
                    throw FormatError("nodes[\(position)].options[\(place)] has no \"node_id\"")
                }
                links.append(SourceLink(text: option.text, target: target))
            }
            let isEnding = node.isEnding ?? links.isEmpty
            story.passages.append(SourcePassage(
                name: id, text: node.text, links: links, isMarkup: false,
                ending: isEnding ? (node.isWinning ? .winning : .neutral) : nil))
            if node.isRoot { story.start = id }
        }
        return story
    }
}

/// Twison: `{name, ifid, startnode, passages: [{pid, name, tags, text, links: [{name, link}]}]}`.
private struct TwisonDocument: Decodable {
    struct Passage {
        var pid: String?
        var name: String?
        var tags: [String]
        var text: String
        var links: [SourceLink]?
    }

    var name: String?
    var ifid: String?
    var startPid: String?
    var passages: [Passage]

    init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: AnyKey.self)
        name = object.optional(String.self, "name")
        ifid = object.optional(String.self, "ifid")
        startPid = object.id("startnode")
        guard let passages = try object.objects("passages", { passage in
            Passage(
                pid: passage.id("pid"), name: passage.optional(String.self, "name"),
                tags: passage.optional([String].self, "tags") ?? [], text: passage.optional(String.self, "text") ?? "",
                links: try passage.objects("links") { link in
                    link.optional(String.self, "link").map { SourceLink(text: link.optional(String.self, "name") ?? $0, target: $0) }
                }?.compactMap { $0 })
        }) else { throw FormatError("\"passages\" is not a list of objects") }
        self.passages = passages
    }

    func story() throws -> SourceStory {
        var story = SourceStory(title: name, ifid: ifid)
        for (position, passage) in passages.enumerated() {
            guard let name = passage.name, !name.isEmpty else { throw FormatError("passages[\(position)] has no \"name\"") }
            story.passages.append(SourcePassage(name: name, tags: passage.tags, text: passage.text, links: passage.links))
            if let startPid, passage.pid == startPid { story.start = name }
        }
        return story
    }
}

/// One arc or state: its text (`story` paragraphs or `text`), a title, and its options
/// under the key the shape names (`options`/`choices`), each naming its target (`arc`/`state`).
private struct KeyedEntry: Decodable {
    static let optionsKey = CodingUserInfoKey(rawValue: "forktale.options")!
    static let targetKey = CodingUserInfoKey(rawValue: "forktale.target")!

    var title: String?
    var paragraphs: [String]
    var links: [SourceLink]

    init(from decoder: any Decoder) throws {
        guard let entry = try? decoder.container(keyedBy: AnyKey.self) else {
            throw FormatError("\"\(decoder.codingPath.last?.stringValue ?? "")\" is not an object")
        }
        let options = decoder.userInfo[Self.optionsKey] as? String ?? "options"
        let target = decoder.userInfo[Self.targetKey] as? String ?? "arc"
        title = entry.optional(String.self, "title")
        paragraphs = entry.optional([String].self, "story") ?? entry.optional(String.self, "text").map { [$0] } ?? []
        links = (try entry.objects(options) { option in
            option.id(target).map { SourceLink(text: option.optional(String.self, "text") ?? $0, target: $0) }
        } ?? []).compactMap { $0 }
    }
}
