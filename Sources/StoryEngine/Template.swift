import Foundation

/// A sentence pattern from a theme pack, such as `{hero} found {item} under a fern.`,
/// parsed once when the pack loads so rendering is a walk over its pieces.
public struct Template: Sendable, Hashable {
    enum Piece: Sendable, Hashable {
        case text(String)
        case slot(Slot)
    }

    struct ParseError: Error {
        var message: String
    }

    let pieces: [Piece]
    /// The slots it uses, in order of first use.
    public let slots: [Slot]

    init(_ text: String) throws {
        var pieces: [Piece] = []
        var slots: [Slot] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(where: { $0 == "{" || $0 == "}" }) {
            guard rest[open] == "{", let close = rest[open...].firstIndex(of: "}") else {
                throw ParseError(message: "an unmatched brace in \"\(text)\"")
            }
            let name = String(rest[rest.index(after: open)..<close])
            guard let slot = Slot(rawValue: name) else {
                throw ParseError(message: "unknown slot {\(name)} in \"\(text)\"")
            }
            if open > rest.startIndex { pieces.append(.text(String(rest[..<open]))) }
            pieces.append(.slot(slot))
            if !slots.contains(slot) { slots.append(slot) }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        if text.trimmingCharacters(in: .whitespaces).isEmpty { throw ParseError(message: "an empty template") }
        self.pieces = pieces
        self.slots = slots
    }

    /// True when it needs nothing the planner may or may not have given a node.
    public var isPlain: Bool { slots.allSatisfy { !Slot.thingSlots.contains($0) } }

    /// Whether every slot has a value.
    func canRender(_ value: (Slot) -> String?) -> Bool {
        slots.allSatisfy { value($0) != nil }
    }

    /// The text with every slot filled; a slot without a value is a programming error
    /// (callers pick templates with `canRender`).
    func render(_ value: (Slot) -> String?) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let text): out += text
            case .slot(let slot): out += value(slot) ?? ""
            }
        }
        return out
    }
}

/// The names a template may use between braces (documented in `Docs/THEME-PACKS.md`).
public enum Slot: String, CaseIterable, Sendable {
    case hero, they, them, their, themself, theyCapital = "They", theirCapital = "Their", was, ability
    case quest, goal, goalTitle = "goal_title"
    case setting, ally, allyKind = "ally_kind", item, theItem = "the_item", obstacle, theObstacle = "the_obstacle"
    case foundItem = "found_item", metAlly = "met_ally", visited
    case toSetting = "to_setting", toAlly = "to_ally", toItem = "to_item", toObstacle = "to_obstacle"
    case moral

    /// About the hero and the quest: usable anywhere.
    static let heroSlots: Set<Slot> = [.hero, .they, .them, .their, .themself, .theyCapital, .theirCapital, .was, .ability, .quest, .goal]
    /// About the node being written.
    static let nodeSlots: Set<Slot> = [
        .setting, .ally, .allyKind, .item, .theItem, .obstacle, .theObstacle, .foundItem, .metAlly, .visited,
    ]
    /// What a node may or may not have: templates using them are picked only when it has them.
    static let thingSlots: Set<Slot> = [.ally, .allyKind, .item, .theItem, .obstacle, .theObstacle, .foundItem, .metAlly, .visited]
    /// A choice's label describes the node it leads to.
    static let choiceTextSlots: Set<Slot> = [.hero, .their, .them, .ability, .goal, .toSetting, .toAlly, .toItem, .toObstacle]
}
