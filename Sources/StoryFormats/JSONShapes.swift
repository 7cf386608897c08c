import Foundation

/// The JSON story shapes Forktale reads besides its own.
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

    /// Which shape a parsed document has, if any.
    static func detect(_ json: Any) -> JSONShape? {
        if let object = json as? [String: Any] {
            if object["format"] as? String == ForktaleJSON.formatName { return .forktale }
            if object["passages"] is [Any] { return .twison }
            if object["nodes"] is [Any] { return .nodes }
            let values = object.values.compactMap { $0 as? [String: Any] }
            guard !values.isEmpty, values.count == object.count else { return nil }
            if values.contains(where: { ($0["options"] as? [[String: Any]])?.first?["arc"] != nil }) { return .arcs }
            if values.allSatisfy({ $0["text"] is String }) { return .states }
            if values.contains(where: { $0["options"] != nil }) { return .arcs }
            return nil
        }
        if let array = json as? [[String: Any]], array.first?["options"] != nil || array.first?["node_id"] != nil
            || array.first?["is_root"] != nil {
            return .nodes
        }
        return nil
    }

    /// Reads a parsed document of this shape (not `.forktale`, which has its own reader).
    func source(_ json: Any) throws(FormatError) -> SourceStory {
        switch self {
        case .forktale: throw FormatError("internal: Forktale JSON has its own reader")
        case .nodes: return try Self.nodes(json)
        case .twison: return try Self.twison(json)
        case .arcs: return try Self.keyed(json, options: "options", target: "arc", start: "intro")
        case .states: return try Self.keyed(json, options: "choices", target: "state", start: "start")
        }
    }

    /// An id that may be written as a number or a string.
    private static func key(_ value: Any?) -> String? {
        switch value {
        case let string as String: string
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    private static func nodes(_ json: Any) throws(FormatError) -> SourceStory {
        let object = json as? [String: Any]
        guard let nodes = (object?["nodes"] ?? json) as? [[String: Any]] else {
            throw FormatError("\"nodes\" is not a list of objects")
        }
        var story = SourceStory()
        story.title = object?["title"] as? String ?? (object?["story"] as? [String: Any])?["title"] as? String
        for (position, node) in nodes.enumerated() {
            guard let id = key(node["id"] ?? node["node_id"]) else {
                throw FormatError("nodes[\(position)] has no \"id\"")
            }
            let text = node["content"] as? String ?? node["text"] as? String ?? ""
            var links: [SourceLink] = []
            for (place, option) in ((node["options"] as? [[String: Any]]) ?? []).enumerated() {
                guard let target = key(option["node_id"] ?? option["target"]) else {
                    throw FormatError("nodes[\(position)].options[\(place)] has no \"node_id\"")
                }
                links.append(SourceLink(text: option["text"] as? String ?? "", target: target))
            }
            let isEnding = node["is_ending"] as? Bool ?? links.isEmpty
            let winning = node["is_winning_ending"] as? Bool ?? false
            story.passages.append(SourcePassage(
                name: id, text: text, links: links, isMarkup: false,
                ending: isEnding ? (winning ? .winning : .neutral) : nil))
            if node["is_root"] as? Bool == true { story.start = id }
        }
        return story
    }

    private static func twison(_ json: Any) throws(FormatError) -> SourceStory {
        guard let object = json as? [String: Any], let passages = object["passages"] as? [[String: Any]] else {
            throw FormatError("\"passages\" is not a list of objects")
        }
        var story = SourceStory(title: object["name"] as? String, ifid: object["ifid"] as? String)
        let startPid = key(object["startnode"])
        for (position, passage) in passages.enumerated() {
            guard let name = passage["name"] as? String, !name.isEmpty else {
                throw FormatError("passages[\(position)] has no \"name\"")
            }
            var source = SourcePassage(
                name: name, tags: passage["tags"] as? [String] ?? [], text: passage["text"] as? String ?? "")
            if let links = passage["links"] as? [[String: Any]] {
                source.links = links.compactMap { link in
                    (link["link"] as? String).map { SourceLink(text: link["name"] as? String ?? $0, target: $0) }
                }
            }
            story.passages.append(source)
            if let startPid, key(passage["pid"]) == startPid { story.start = name }
        }
        return story
    }

    /// Objects keyed by name, each with text and a list of options naming other keys.
    private static func keyed(_ json: Any, options: String, target: String, start: String) throws(FormatError) -> SourceStory {
        guard let object = json as? [String: Any] else { throw FormatError("the document is not a JSON object") }
        var story = SourceStory(start: object[start] != nil ? start : nil)
        // JSON objects have no order; the start first, then by name, for a stable story.
        for name in object.keys.sorted(by: { ($0 == start ? "" : $0) < ($1 == start ? "" : $1) }) {
            guard let entry = object[name] as? [String: Any] else {
                throw FormatError("\"\(name)\" is not an object")
            }
            let paragraphs = entry["story"] as? [String] ?? (entry["text"] as? String).map { [$0] } ?? []
            if story.title == nil, name == start { story.title = entry["title"] as? String }
            let links = ((entry[options] as? [[String: Any]]) ?? []).compactMap { option -> SourceLink? in
                guard let to = key(option[target]) else { return nil }
                return SourceLink(text: option["text"] as? String ?? to, target: to)
            }
            story.passages.append(SourcePassage(
                name: name, text: paragraphs.joined(separator: "\n\n"), links: links, isMarkup: false))
        }
        return story
    }
}
