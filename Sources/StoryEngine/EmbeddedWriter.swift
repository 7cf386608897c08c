import Foundation
import StoryCore

/// The offline writer: builds each page from a theme pack's templates, filled with the
/// hero, the places, companions and things the plan gives the page and its path.
/// Deterministic: the same plan always gives the same text.
public struct EmbeddedWriter: StoryWriter {
    public let name = "embedded"
    public let model = "forktale-embedded-1"
    let library: ThemeLibrary

    public init(library: ThemeLibrary) {
        self.library = library
    }

    public func writeNode(_ request: NodeRequest) async throws -> NodeDraft {
        renderNode(request.plan, request.index)
    }

    public func writeTitle(_ request: TitleRequest) async throws -> TitleDraft {
        renderTitle(request.plan)
    }

    /// The page without the async call, for callers that are already on a worker thread.
    public func renderNode(_ plan: StoryPlan, _ index: Int) -> NodeDraft {
        let picks = self.picks(for: plan)
        let node = plan.nodes[index]
        let pick = picks[index]
        let values = SlotValues(plan: plan, node: node)
        let theme = plan.theme

        var opening: [String] = []
        if let arrival = pick.arrival, let kind = node.arrival {
            opening.append(theme.choices[kind]![arrival].then.render(values.value))
        }
        var more: [String] = []
        var closing: [String] = []
        switch node.outcome {
        case .winning?:
            opening.append(theme.winningEndings[pick.scene].render(values.value))
            closing.append(theme.moralLines[pick.moral].render(values.value))
        case .losing?:
            opening.append(theme.losingEndings[pick.scene].render(values.value))
        case nil:
            opening.append(theme.scenes[node.beat]![pick.scene].render(values.value))
        }
        if pick.showsDetail, node.outcome == nil { opening.append(theme.settings[node.setting].detail) }
        if let moment = pick.traitMoment, let trait = plan.cast.traits.first {
            more.append(library.traitMoments[trait]![moment].render(values.value))
        }
        if let callback = pick.callback {
            more.append(callback.template(in: theme).render(values.value))
        }
        let content = [opening, more, closing].filter { !$0.isEmpty }
            .map { polish($0.joined(separator: " "), age: plan.ageRange, theme: theme) }
            .joined(separator: "\n\n")
        let choices = node.choices.map { choice in
            let target = plan.nodes[choice.target]
            let template = theme.choices[choice.kind]![picks[choice.target].arrival!].text
            return polish(template.render(SlotValues(plan: plan, node: target).value), age: plan.ageRange, theme: theme)
        }
        let prompt = "page \(index) · \(node.beat.rawValue)" + (node.outcome.map { " (\($0.rawValue))" } ?? "")
            + " · \(theme.settings[node.setting].name)" + (node.arrival.map { " · after a \($0.rawValue) choice" } ?? "")
        // No separate raw response: the page and its choices are the writer's whole output.
        return NodeDraft(content: content, choices: choices, prompt: prompt, response: nil)
    }

    public func renderTitle(_ plan: StoryPlan) -> TitleDraft {
        var random = SeededRandom(seed: plan.seed, stream: "title")
        let values = SlotValues(plan: plan, node: plan.nodes[0])
        let title = polish(random.pick(plan.theme.titles)!.render(values.value), age: plan.ageRange, theme: plan.theme)
        let summary = polish(random.pick(plan.theme.summaries)!.render(values.value), age: plan.ageRange, theme: plan.theme)
        return TitleDraft(title: title, summary: summary, prompt: "title and summary", response: nil)
    }

    /// Capital letters where sentences start, simpler words for young readers.
    private func polish(_ text: String, age: AgeRange, theme: ThemePack) -> String {
        var text = text
        if let simpler = theme.ages[age]?.simpler, !simpler.isEmpty {
            text = Self.replaceWords(in: text, simpler)
        }
        return Self.capitaliseSentences(text)
    }

    /// Upper-cases the first letter of each sentence (ASCII letters: templates and names
    /// that start a sentence with another script already carry their own capital).
    static func capitaliseSentences(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var atStart = true
        var afterStop = false
        for index in bytes.indices {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                if atStart { bytes[index] = byte - 0x20 }
                atStart = false
                afterStop = false
            case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"):
                afterStop = true
            case UInt8(ascii: " "), UInt8(ascii: "\n"):
                if afterStop { atStart = true }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                break
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x9C:
                break  // an opening curly quote
            case 0x80...0xBF:
                break  // inside a character begun earlier
            default:
                atStart = false
                afterStop = false
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Swaps whole words (any letter case; the word's case is kept).
    static func replaceWords(in text: String, _ words: [String: String]) -> String {
        var out = ""
        var word = ""
        func flush() {
            if let replacement = words[word.lowercased()] {
                out += SafetyFilter.matchCase(of: word, replacement)
            } else {
                out += word
            }
            word = ""
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar == "-" {
                word.unicodeScalars.append(scalar)
            } else {
                if !word.isEmpty { flush() }
                out.unicodeScalars.append(scalar)
            }
        }
        if !word.isEmpty { flush() }
        return out
    }
}

// MARK: - Picking templates

/// The templates chosen for one page.
struct Pick: Sendable {
    /// Index into the pack's choices of the arrival kind: its `then` opens this page, and its
    /// `text` labels every choice that leads here.
    var arrival: Int?
    /// Index into the beat's scenes, or into the winning or losing endings.
    var scene = 0
    var moral = 0
    var traitMoment: Int?
    var callback: Callback?
    var showsDetail = false
}

struct Callback: Hashable, Sendable {
    enum Kind: Sendable { case item, ally, place }
    var kind: Kind
    var index: Int

    func template(in theme: ThemePack) -> Template {
        switch kind {
        case .item: theme.itemCallbacks[index]
        case .ally: theme.allyCallbacks[index]
        case .place: theme.placeCallbacks[index]
        }
    }
}

extension EmbeddedWriter {
    /// Every page's templates, chosen once per plan, in planning order so that no page
    /// repeats a sentence of any page on any path leading to it.
    func picks(for plan: StoryPlan) -> [Pick] {
        plan.memoized("embedded.picks") { computePicks(plan) }
    }

    private func computePicks(_ plan: StoryPlan) -> [Pick] {
        let theme = plan.theme
        var picks: [Pick] = []
        var used: [Set<Int>] = []
        picks.reserveCapacity(plan.nodes.count)
        for node in plan.nodes {
            var random = SeededRandom(seed: plan.seed, stream: "page", index: node.index)
            var seen = node.parents.reduce(into: Set<Int>()) { $0.formUnion(used[$1]) }
            let values = SlotValues(plan: plan, node: node)
            var pick = Pick()
            var mentioned = Set<Slot>()

            /// A template that can be filled here, from the first of `tiers` that offers one
            /// not yet used on a path to this page; failing that, one that was.
            func choose(_ templates: [Template], _ group: UsedGroup, tiers: [(Template) -> Bool]) -> Int? {
                choose(templates, group, indexTiers: tiers.map { fits in { fits(templates[$0]) } })
            }
            func choose(_ templates: [Template], _ group: UsedGroup, indexTiers tiers: [(Int) -> Bool]) -> Int? {
                let fitting = tiers.map { fits in
                    templates.indices.filter { fits($0) && templates[$0].canRender(values.value) }
                }
                let fresh = fitting.lazy.map { $0.filter { !seen.contains(group.key($0)) } }.first { !$0.isEmpty }
                guard let index = random.pick(fresh ?? fitting.first { !$0.isEmpty } ?? []) else { return nil }
                seen.insert(group.key(index))
                return index
            }

            if let kind = node.arrival {
                let templates = theme.choices[kind]!
                pick.arrival = choose(
                    templates.map(\.then), .then(kind), indexTiers: [{ templates[$0].text.canRender(values.value) }])
                if let arrival = pick.arrival { mentioned.formUnion(theme.choices[kind]![arrival].then.slots) }
            }
            // The scene introduces what the planner gave the page and the arrival line did
            // not; it never introduces again what that line did ("Pip, a puppy in a
            // helmet" twice); and it goes on with what that line brought in, when it can.
            var needed: [Set<Slot>] = []
            if node.ally != nil, !mentioned.contains(.ally) { needed.append([.ally, .allyKind]) }
            if node.item != nil, !mentioned.contains(.item), !mentioned.contains(.theItem) { needed.append([.item, .theItem]) }
            if node.obstacle != nil, !mentioned.contains(.obstacle), !mentioned.contains(.theObstacle) {
                needed.append([.obstacle, .theObstacle])
            }
            let introduced = mentioned.intersection([.allyKind, .item, .obstacle])
            let continued = mentioned.intersection([.ally, .allyKind, .obstacle, .theObstacle, .item, .theItem])
            let fresh = { (template: Template) in introduced.isDisjoint(with: template.slots) }
            let introduces = { (template: Template) in fresh(template) && needed.allSatisfy { !$0.isDisjoint(with: template.slots) } }
            let goesOn = { (template: Template) in !continued.isDisjoint(with: template.slots) }
            switch node.outcome {
            case .winning?:
                pick.scene = choose(theme.winningEndings, .winning, tiers: [{ fresh($0) && goesOn($0) }, fresh, { _ in true }]) ?? 0
                pick.moral = random.below(theme.moralLines.count)
            case .losing?:
                pick.scene = choose(theme.losingEndings, .losing, tiers: [{ fresh($0) && goesOn($0) }, fresh, { _ in true }]) ?? 0
            case nil:
                let scenes = theme.scenes[node.beat]!
                pick.scene = choose(scenes, .scene(node.beat), tiers: [
                    { introduces($0) && (needed.isEmpty ? goesOn($0) : true) }, introduces, { fresh($0) && $0.isPlain }, \.isPlain,
                ]) ?? 0
            }
            if node.beat == .challenge, let trait = plan.cast.traits.first {
                pick.traitMoment = choose(library.traitMoments[trait]!, .trait, tiers: [{ _ in true }])
            }
            // A place is described the first time any path arrives there.
            if seen.insert(UsedGroup.detail.key(node.setting)).inserted, node.index == 0 || node.arrival == .explore {
                pick.showsDetail = plan.ageRange != .fourToSix
            }
            if node.index > 0, node.outcome == nil, random.chance(0.5) {
                pick.callback = chooseCallback(plan, node, values, &random, &seen)
            }
            picks.append(pick)
            used.append(seen)
        }
        return picks
    }

    /// Which list a used template came from, so that "used on a path" is a set of small integers.
    enum UsedGroup {
        case then(ChoiceKind), scene(Beat), winning, losing, trait, detail, callback(Callback.Kind)

        func key(_ index: Int) -> Int {
            let group = switch self {
            case .then(let kind): ChoiceKind.allCases.firstIndex(of: kind)!
            case .scene(let beat): 10 + Beat.allCases.firstIndex(of: beat)!
            case .winning: 20
            case .losing: 21
            case .trait: 22
            case .detail: 23
            case .callback(.item): 30
            case .callback(.ally): 31
            case .callback(.place): 32
            }
            return group << 16 | index
        }
    }

    private func chooseCallback(
        _ plan: StoryPlan, _ node: StoryPlan.Node, _ values: SlotValues, _ random: inout SeededRandom,
        _ seen: inout Set<Int>
    ) -> Callback? {
        let theme = plan.theme
        var options: [(Callback.Kind, [Template])] = []
        if values.value(.foundItem) != nil { options.append((.item, theme.itemCallbacks)) }
        if values.value(.metAlly) != nil { options.append((.ally, theme.allyCallbacks)) }
        if values.value(.visited) != nil { options.append((.place, theme.placeCallbacks)) }
        guard let (kind, templates) = random.pick(options) else { return nil }
        let group = UsedGroup.callback(kind)
        let fresh = templates.indices.filter { !seen.contains(group.key($0)) }
        guard let index = random.pick(fresh) else { return nil }
        seen.insert(group.key(index))
        return Callback(kind: kind, index: index)
    }
}

// MARK: - Filling slots

/// The words each slot stands for on one page.
struct SlotValues {
    let plan: StoryPlan
    let node: StoryPlan.Node

    func value(_ slot: Slot) -> String? {
        let theme = plan.theme
        let cast = plan.cast
        let state = plan.states[node.index]
        switch slot {
        case .hero: return cast.name
        case .they: return pronoun.subject
        case .them: return pronoun.object
        case .their: return pronoun.possessive
        case .themself: return pronoun.reflexive
        case .theyCapital: return Self.capitalised(pronoun.subject)
        case .theirCapital: return Self.capitalised(pronoun.possessive)
        case .was: return pronoun.plural ? "were" : "was"
        case .ability: return cast.ability.isEmpty ? nil : cast.ability
        case .quest: return plan.quest.quest
        case .goal: return plan.quest.goal
        case .goalTitle: return plan.quest.goalTitle
        case .moral: return plan.moral
        case .setting, .toSetting: return theme.settings[node.setting].name
        case .ally, .toAlly: return node.ally.map { theme.allies[$0].name }
        case .allyKind: return node.ally.map { theme.allies[$0].kind }
        case .item, .toItem: return node.item.map { theme.items[$0].name }
        case .theItem: return node.item.map { theme.items[$0].the }
        case .obstacle, .toObstacle: return node.obstacle.map { theme.obstacles[$0].name }
        case .theObstacle: return node.obstacle.map { theme.obstacles[$0].the }
        case .foundItem: return state.items.last { $0 != node.item }.map { theme.items[$0].the }
        case .metAlly: return state.allies.last { $0 != node.ally }.map { theme.allies[$0].name }
        case .visited: return state.places.last { $0 != node.setting }.map { theme.settings[$0].name }
        }
    }

    private var pronoun: PronounForms { PronounForms(plan.cast.pronouns) }

    static func capitalised(_ word: String) -> String {
        word.prefix(1).uppercased() + word.dropFirst()
    }
}

/// The forms of a hero's pronouns. Custom pronouns are written `subject/object/possessive`
/// (and optionally `/reflexive`), such as `xe/xem/xyr`.
struct PronounForms {
    var subject: String
    var object: String
    var possessive: String
    var reflexive: String
    var plural: Bool

    init(_ pronouns: Pronouns) {
        switch pronouns {
        case .she: (subject, object, possessive, reflexive, plural) = ("she", "her", "her", "herself", false)
        case .he: (subject, object, possessive, reflexive, plural) = ("he", "him", "his", "himself", false)
        case .they: (subject, object, possessive, reflexive, plural) = ("they", "them", "their", "themself", true)
        case .custom(let text):
            let parts = text.split(separator: "/").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            subject = parts.first ?? "they"
            object = parts.count > 1 ? parts[1] : subject
            possessive = parts.count > 2 ? parts[2] : object + "s"
            reflexive = parts.count > 3 ? parts[3] : object + "self"
            plural = subject.lowercased() == "they"
        }
    }
}
