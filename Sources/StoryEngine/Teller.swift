import Foundation
import StoryCore


// MARK: - Telling a page

/// Tells the pages of one plan, in planning order.
struct Teller {
    let plan: StoryPlan
    let library: ThemeLibrary
    let theme: ThemePack
    let ability: AbilityPhrase?
    /// The next sentence each shared list gives: a story goes round each list in an order
    /// of its own before it says anything twice.
    var turns: [String: Int] = [:]
    var orders: [String: [Int]] = [:]
    /// Pages of this story told so far, by their place in the tree: the first path tells
    /// the quest's own lines, the second says the same things in the shared frames' words.
    var toldNear = false
    var toldWin = false
    var toldClues: Set<Int> = []
    var describedPlaces: Set<Int> = []

    /// What the page being told has said so far.
    final class PageMemo {
        var placesNamed: Set<String> = []
    }
    let page = PageMemo()

    /// A line the youngest readers hear again and again, and soon say along (4-6 only).
    let refrain: String?

    init(plan: StoryPlan, library: ThemeLibrary) {
        self.plan = plan
        self.library = library
        theme = plan.theme
        ability = AbilityPhrase(plan.cast.ability)
        refrain = EmbeddedWriter.refrain(of: plan, in: library)
    }

    /// Whether the ability as typed speaks of the hero ("remember every map she sees").
    var abilityNamesHero: Bool {
        let forms = PronounForms(plan.cast.pronouns)
        let words = Set([forms.subject, forms.object, forms.possessive, forms.reflexive].map { $0.lowercased() })
        return (ability?.base ?? "").lowercased().split(separator: " ").contains { words.contains(String($0)) }
    }

    /// Stories for every age are told as for 6-8.
    var young: Bool { plan.ageRange == .fourToSix }
    var older: Bool { plan.ageRange == .eightToTen }

    mutating func tell(_ node: StoryPlan.Node) -> EmbeddedWriter.Page {
        page.placesNamed = []
        var lines: [String] = []
        func say(_ template: Template) { lines.append(render(template, node)) }
        switch node.stage {
        case .opening:
            if !young { say(next("intro")) }
            lines += detail(of: plan.home)
            // The hero's gift, so that a choice to use it later is no surprise.
            if ability != nil { say(next("gift")) }
            for (number, problem) in plan.quest.problem.enumerated() { say(next(problem, "problem.\(number)")) }
            say(next("decide"))
            if let refrain { lines.append(refrain) }
        case .gather:
            say(next(theme.travel, "travel"))
            lines += detail(of: node.place!)
            switch node.helper! {
            case .item(let item):
                say(next(theme.items[item].found, "item.\(item).found"))
                if !young { say(next("keep_item")) }
            case .companion(let index):
                let companion = theme.companions[index]
                say(next("meet"))
                if older, let detail = companion.detail { say(next(detail, "companion.\(index).detail")) }
                say(next(companion.trouble, "companion.\(index).trouble"))
                say(next(companion.help, "companion.\(index).help"))
                say(next("join"))
            }
            lines += clues(node)
        case .obstacle:
            if !young { say(next(theme.travel, "travel")) }
            lines += detail(of: node.place!)
            lines += obstacle(node)
            if !young, let trait = plan.cast.traits.first { say(next(library.traitMoments[trait]!, "trait")) }
            lines += clues(node)
        case .resolve:
            lines += approach(node)
        case .riddle:
            if older { say(next(theme.travel, "travel")) }
            lines += detail(of: node.place!)
            say(next("riddle_meet"))
            say(next("riddle_ask"))
            lines += clues(node)
        case .answer:
            lines += answer(node)
        case .climax:
            if !young { say(next(theme.travel, "travel")) }
            lines += clues(node)
            if toldNear { say(next("near")) } else { say(next(plan.quest.near, "near")) }
            toldNear = true
            lines += obstacle(node)
            switch node.helper! {
            case .item: say(next("hint_item"))
            case .companion: say(next("hint_companion"))
            }
        case .ending:
            lines += approach(node)
            lines += ending(node)
        }
        // The youngest join in with the story's refrain when help is found and at a happy end.
        if let refrain, node.stage == .gather || node.outcome == .winning { lines.append(refrain) }
        page.placesNamed = []
        let choices = node.choices.map { polish(label($0, from: node)) }
        return EmbeddedWriter.Page(content: polish(shaped(lines)), choices: choices)
    }

    /// What a place looks like, for readers of 8 and up, the first time the story goes there.
    private mutating func detail(of place: Int) -> [String] {
        guard older, describedPlaces.insert(place).inserted else { return [] }
        return [render(next(theme.places[place].detail, "place.\(place).detail"), plan.nodes[0])]
    }

    /// An obstacle in the way, a word more about it for older readers, and the hero's first
    /// try, which fails.
    private mutating func obstacle(_ node: StoryPlan.Node) -> [String] {
        let index = node.obstacle!
        let obstacle = theme.obstacles[index]
        var lines = [render(next(obstacle.appear, "obstacle.\(index).appear"), node)]
        if older, let detail = obstacle.detail { lines.append(render(next(detail, "obstacle.\(index).detail"), node)) }
        lines.append(render(next(obstacle.tryLine, "obstacle.\(index).try"), node))
        return lines
    }

    /// How the way chosen at an obstacle went: the pack's own sentences for it, and a word
    /// about the helper when the helper did it.
    private mutating func approach(_ node: StoryPlan.Node) -> [String] {
        let obstacle = theme.obstacles[node.obstacle!]
        let kind = node.approach!
        var lines: [String] = []
        if kind == .ability {
            lines.append(render(next(node.succeeded ? "ability_result" : "ability_setback"), node))
        } else if let approach = obstacle.approach(kind, helper: node.helper) {
            let atOnce = node.succeeded
            let text = atOnce ? approach.result : approach.setback ?? approach.result
            let told = next(text, "obstacle.\(node.obstacle!).\(kind.rawValue).\(atOnce)")
            // A "not yet" ending tells the bump, not how the hero got past after it.
            lines.append(render(node.ending == .setback ? told.firstSentence : told, node))
        }
        if node.stage == .resolve, !young {
            switch kind {
            case .item: lines.append(render(next("payoff_item"), node))
            case .companion: lines.append(render(next("payoff_companion"), node))
            default: break
            }
        }
        return lines
    }

    private mutating func answer(_ node: StoryPlan.Node) -> [String] {
        let riddle = theme.riddles[node.riddle!]
        let answers = [riddle.answer] + riddle.wrong
        var lines: [String] = []
        if node.answer == 0 {
            lines.append(render(next("riddle_right"), node, answer: answers[0]))
        } else {
            lines.append(render(next("riddle_wrong"), node, answer: answers[0], wrong: answers[node.answer!]))
            lines.append(render(next("riddle_after_wrong"), node, answer: answers[0], wrong: answers[node.answer!]))
        }
        // Why the answer is right, said a little differently on each page that says it (the
        // youngest hear it only when they guessed wrong).
        if young, node.answer == 0 { return lines }
        lines.append(next("lead_why").render { _ in nil } + Self.lowercasingFirst(render(next(riddle.why, "riddle.\(node.riddle!).why"), node)))
        return lines
    }

    /// How the quest ends after the climax, what the path did, and the moral where the
    /// path showed it.
    private mutating func ending(_ node: StoryPlan.Node) -> [String] {
        var lines: [String] = []
        let kind = node.ending!
        if kind == .win, toldWin {
            lines.append(render(next("done"), node))
        } else {
            lines.append(render(next(plan.quest.endings[kind]!, "ending.\(kind.rawValue)"), node))
        }
        if kind == .win { toldWin = true }
        let (path, decision) = recap(node)
        if let path {
            lines.append(render(next("recap"), node, recap: path))
            lines.append(render(next("recap_end"), node, recap: decision))
        } else {
            lines.append(render(next("recap"), node, recap: decision))
        }
        if plan.tellsMoral(node) {
            let clause = MoralPhrase(plan.moral)
            let list: String
            if case .phrase? = clause { list = "moral_phrase" } else { list = "moral_clause" }
            lines.append(render(next(list), node, moral: clause?.text ?? plan.moral))
        }
        return lines
    }

    /// What this path did, as the reader would list it: who or what helped, what it got
    /// past and which riddle it met (nil for the youngest), and the decision at the end.
    private func recap(_ node: StoryPlan.Node) -> (path: String?, decision: String) {
        let gather = plan.nodes.first { $0.stage == .gather && $0.helper == node.helper }.map(plan.placeName) ?? ""
        let helper: String
        var parts: [String] = []
        switch node.helper! {
        case .item(let item):
            helper = theme.items[item].the
            parts.append("finding \(helper) at \(gather)")
        case .companion(let companion):
            helper = theme.companions[companion].name
            parts.append("helping \(helper) at \(gather)")
        }
        let path = plan.path(to: node.index)
        for index in path where plan.nodes[index].stage == .obstacle {
            parts.append(theme.obstacles[plan.nodes[index].obstacle!].the)
        }
        if let riddle = path.first(where: { plan.nodes[$0].stage == .riddle }) {
            parts.append("the riddle at \(plan.placeName(of: plan.nodes[riddle]))")
        }
        // The youngest hear only what was decided at the end: "how Glim helped".
        let obstacle = theme.obstacles[node.obstacle!].the
        let forms = PronounForms(plan.cast.pronouns)
        let decision = switch node.approach! {
        case .item, .companion: "how \(helper) helped" + (young ? "" : " with " + obstacle)
        case .kind: "being kind to \(theme.obstacles[node.obstacle!].friend)"
        case .ability: "how \(forms.subject) \(ability?.past ?? "tried")" + (young ? "" : " at " + obstacle)
        case .clever: "\(forms.possessive) clever idea" + (young ? "" : " at " + obstacle)
        case .bold: "how brave \(forms.subject) had been" + (young ? "" : " at " + obstacle)
        }
        // At most three things before the decision (four for 8-10), so the sentence stays
        // one a child can follow.
        return (young ? nil : Self.list(Array(parts.prefix(older ? 4 : 3))), decision)
    }

    private mutating func clues(_ node: StoryPlan.Node) -> [String] {
        guard plan.quest.kind == .mystery else { return [] }
        return node.clues.map { clue in
            let text = plan.quest.clues[clue]
            defer { toldClues.insert(clue) }
            guard toldClues.contains(clue) else { return render(text, node) }
            // Told again, with a lead-in of its own in place of the one it has ("Next, …";
            // what follows that is as it was written in the middle of a sentence).
            let told = render(text, node)
            let lead = next("lead_clue").render { _ in nil }
            if let first = told.split(separator: " ").first,
               ["next,", "then", "soon,", "later,", "finally,", "suddenly,"].contains(first.lowercased())
            {
                return lead + told.dropFirst(first.count + 1)
            }
            return lead + (text.startsWithSlot ? told : Self.lowercasingFirst(told))
        }
    }

    /// A choice's label: where it goes, or the way past it tries, or the answer it gives.
    private mutating func label(_ choice: StoryPlan.Choice, from node: StoryPlan.Node) -> String {
        let target = plan.nodes[choice.target]
        switch choice.action {
        case .seek(.item): return render(next("seek_item"), target)
        case .seek(.companion): return render(next("seek_companion"), target)
        case .goOn:
            switch (node.stage, node.helper) {
            case (.gather, .item?): return render(next("go_on_item"), target)
            case (.gather, .companion?): return render(next("go_on_companion"), target)
            default: return render(next("go_on"), target)
            }
        case .approach(.ability):
            // "See if you can remember every map she sees" would speak to the reader of the
            // hero: such an ability is offered without its words.
            return render(next(abilityNamesHero ? "ability_choice_plain" : "ability_choice"), target)
        case .approach(let kind): return render(theme.obstacles[node.obstacle!].approach(kind, helper: node.helper)!.choice, target)
        case .answer(let answer):
            let riddle = theme.riddles[node.riddle!]
            return render(next("riddle_choice"), target, answer: ([riddle.answer] + riddle.wrong)[answer])
        }
    }

    // MARK: Picking and filling

    /// The next sentence of a shared list, in this story's own order of it (for the
    /// youngest, of its `_young` list when it has one).
    private mutating func next(_ name: String) -> Template {
        let list = young && StoryFrames.young[name + "_young"] != nil ? name + "_young" : name
        return next(library.frames[list], list)
    }

    private mutating func next(_ templates: [Template], _ name: String) -> Template {
        if orders[name] == nil {
            var random = SeededRandom(seed: plan.seed, stream: "frames." + name)
            var indices = Array(templates.indices)
            // The youngest hear the shorter half of a thing's ways of saying it, readers of 8
            // and up the fuller half.
            if young || older, indices.count > 2 {
                let shortest = indices.sorted { templates[$0].length < templates[$1].length }
                indices = Array(young ? shortest.prefix((indices.count + 1) / 2) : shortest.suffix((indices.count + 1) / 2))
            }
            orders[name] = random.shuffled(indices)
        }
        let turn = turns[name, default: 0]
        turns[name] = turn + 1
        let order = orders[name]!
        return templates[order[turn % order.count]]
    }

    private func render(
        _ template: Template, _ node: StoryPlan.Node, answer: String? = nil, wrong: String? = nil, recap: String? = nil,
        moral: String? = nil
    ) -> String {
        // A place is named once a page.
        var template = template
        if template.slots.contains(.place), let place = value(.place, on: node) {
            if !page.placesNamed.insert(place).inserted { template = template.withoutPlace }
        }
        return template.render { slot in
            switch slot {
            case .answer: answer
            case .wrong: wrong
            case .recap: recap
            case .moral: moral
            default: value(slot, on: node)
            }
        }
    }

    /// The words a slot stands for on a page.
    func value(_ slot: Slot, on node: StoryPlan.Node) -> String? {
        let pronoun = PronounForms(plan.cast.pronouns)
        switch slot {
        case .hero: return plan.cast.name
        case .they: return pronoun.subject
        case .them: return pronoun.object
        case .their: return pronoun.possessive
        case .themself: return pronoun.reflexive
        case .theyCapital: return Self.capitalised(pronoun.subject)
        case .theirCapital: return Self.capitalised(pronoun.possessive)
        case .was: return pronoun.plural ? "were" : "was"
        case .ability: return ability?.base
        case .abilityIng: return ability?.ing
        case .abilityPast: return ability?.past
        case .trait: return plan.cast.traits.first?.rawValue
        case .quest: return plan.quest.quest
        case .questPast: return AbilityPhrase(plan.quest.quest)?.past ?? plan.quest.quest
        case .goal: return plan.quest.goal
        case .goalTitle: return plan.quest.goalTitle
        case .place: return plan.placeName(of: node)
        case .item, .theItem:
            guard case .item(let item)? = node.helper else { return nil }
            return slot == .item ? theme.items[item].name : theme.items[item].the
        case .companion, .companionKind, .skill:
            guard case .companion(let index)? = node.helper else { return nil }
            let companion = theme.companions[index]
            return slot == .companion ? companion.name : slot == .skill ? companion.skill : companion.kind
        case .obstacle: return node.obstacle.map { theme.obstacles[$0].name }
        case .theObstacle: return node.obstacle.map { theme.obstacles[$0].the }
        case .friend: return node.obstacle.map { theme.obstacles[$0].friend }
        case .keeper: return node.riddle.map { theme.riddles[$0].keeper }
        case .question: return node.riddle.map { theme.riddles[$0].question }
        case .answer, .wrong, .recap, .moral: return nil
        }
    }
}
