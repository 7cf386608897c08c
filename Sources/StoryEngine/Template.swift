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

    private init(pieces: [Piece]) {
        self.pieces = pieces
        var slots: [Slot] = []
        for case .slot(let slot) in pieces where !slots.contains(slot) { slots.append(slot) }
        self.slots = slots
    }

    /// The same sentence without "at {place}", for a page that has named the place
    /// already: "At {place}, the path climbed" is "the path climbed", and "the bees at
    /// {place} and" is "the bees and", but only after three words of its sentence ("Back
    /// at {place}, …" stays as it is).
    var withoutPlace: Template {
        var pieces = pieces
        for index in pieces.indices.dropFirst() {
            guard case .slot(.place) = pieces[index], case .text(let before) = pieces[index - 1] else { continue }
            var after = ""
            if index + 1 < pieces.count, case .text(let text) = pieces[index + 1] { after = text }
            let opening = before == "At " || [". At ", "! At ", "? At ", "\" At "].contains { before.hasSuffix($0) }
            if opening, after.hasPrefix(", ") {
                pieces[index - 1] = .text(String(before.dropLast(3)))
                pieces[index] = .text("")
                pieces[index + 1] = .text(String(after.dropFirst(2)))
            } else if before.hasSuffix(" at "), [",", ".", "!", " and "].contains(where: after.hasPrefix),
                      wordsOfItsSentence(before: index - 1, in: pieces) >= 4 {
                pieces[index - 1] = .text(String(before.dropLast(4)))
                pieces[index] = .text("")
            }
        }
        return Template(pieces: pieces.filter { $0 != .text("") })
    }

    /// Its first sentence of four words or more alone ("The mud was deep. Then …" is "The
    /// mud was deep.", "Clink! The lock held. …" is "Clink! The lock held."); all of it when
    /// that is all there is.
    var firstSentence: Template {
        var out: [Piece] = []
        var words = 0
        for (number, piece) in pieces.enumerated() {
            guard case .text(let text) = piece else {
                out.append(piece)
                words += 1
                continue
            }
            let characters = Array(text)
            for index in characters.indices where ".!?".contains(characters[index])
                && words + String(characters[..<index]).split(separator: " ").count >= 4 {
                var end = index + 1
                if end < characters.count, characters[end] == "\"" { end += 1 }
                guard end < characters.count, characters[end] == " " else { continue }
                let next = end + 1 < characters.count ? characters[end + 1] : nil
                let nextIsSlot = next == nil && number + 1 < pieces.count
                if nextIsSlot || next?.isUppercase == true || next == "\"" {
                    out.append(.text(String(characters[..<end])))
                    return Template(pieces: out)
                }
            }
            out.append(piece)
            words += text.split(separator: " ").count
        }
        return self
    }

    /// Words of the sentence up to and including the text piece at `index` (a slot counts
    /// as one), "at" among them.
    private func wordsOfItsSentence(before index: Int, in pieces: [Piece]) -> Int {
        var count = 0
        for piece in pieces[...index].reversed() {
            switch piece {
            case .slot: count += 1
            case .text(let text):
                let sentence = text.split(omittingEmptySubsequences: false) { ".!?".contains($0) }.last ?? ""
                count += sentence.split(separator: " ").count
                if sentence.count < text.count { return count }
            }
        }
        return count
    }

    /// Characters of its own text, a rough measure of how long it reads.
    var length: Int {
        pieces.reduce(0) { total, piece in
            if case .text(let text) = piece { return total + text.count }
            return total + 8
        }
    }

    /// Whether the first use of `slot` comes after a word and a space ("Mira and {x}",
    /// "{hero} {x}"), not at the start or after punctuation ("Ahoy! {x}").
    func followsWord(_ slot: Slot) -> Bool {
        guard let position = pieces.firstIndex(of: .slot(slot)), position > 0, case .text(let text) = pieces[position - 1],
              text.hasSuffix(" ") else { return false }
        if let last = text.dropLast().last { return last.isLetter }
        if position > 1, case .slot = pieces[position - 2] { return true }  // a name, then the space
        return false
    }

    /// True when it starts with a slot (a name, usually): a lead-in keeps its capital.
    var startsWithSlot: Bool {
        if case .slot? = pieces.first { return true }
        return false
    }

    /// Whether text filled from this template is in `text`: three quarters of its own
    /// words are (the page may have split or joined its sentences, or put simpler words
    /// for the youngest).
    func appears(in text: String) -> Bool {
        let own = pieces.flatMap { piece -> [Substring] in
            guard case .text(let words) = piece else { return [] }
            return words.lowercased().split { !$0.isLetter }.filter { $0.count > 2 }
        }
        guard own.count >= 3 else { return false }
        let present = Set(text.lowercased().split { !$0.isLetter })
        return own.count { present.contains($0) } * 4 >= own.count * 3
    }

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
    case hero, they, them, their, themself, theyCapital = "They", theirCapital = "Their", was
    case ability, abilityIng = "ability_ing", abilityPast = "ability_past", trait
    case quest, questPast = "quest_past", goal, goalTitle = "goal_title"
    case place, item, theItem = "the_item", companion, companionKind = "companion_kind", skill
    case obstacle, theObstacle = "the_obstacle", friend
    case keeper, question, answer, wrong, moral, recap

    /// About the hero: usable in every sentence of a pack.
    static let heroSlots: Set<Slot> = [.hero, .they, .them, .their, .themself, .theyCapital, .theirCapital, .was]
}
