import Foundation
import StoryCore

/// What the model-server writer tells the model: the brief, the hero, the readers' age,
/// the path so far (summarised when long), what the path has found, and the shape the
/// page must have, shown by an example answer (small models follow an example far better
/// than a description of the format).
enum Prompts {
    /// An answer of the right shape, from another story.
    static let example = #"""
        {"text": "Pip the rabbit hopped over a mossy log and found a tiny blue door in a tree. A sleepy owl blinked down at her. \"Who is knocking so early?\" it hooted. Pip waved and said good morning. The owl fluffed its feathers and smiled. \"The door only opens for a friend,\" it said.", "choices": ["Knock three times on the blue door", "Ask the owl to be her friend"]}
        """#

    static func system(_ plan: StoryPlan) -> String {
        """
        You write one page at a time of a choose-your-own-adventure story for children \
        aged \(plan.ageRange.rawValue == "all" ? "4 to 10" : plan.ageRange.rawValue). \
        Write warm, simple, vivid story text: no markup, no lists, nothing frightening or unkind. \
        \(plan.tone.map { "The tone is \($0.rawValue). " } ?? "")\
        Reply with JSON only, shaped like this example from another story:
        \(example)
        """
    }

    static func hero(_ plan: StoryPlan) -> String {
        let cast = plan.cast
        let pronouns: String
        switch cast.pronouns {
        case .she: pronouns = "she/her"
        case .he: pronouns = "he/him"
        case .they: pronouns = "they/them"
        case .custom(let own): pronouns = own
        }
        return "The hero is \(cast.name) (\(pronouns)), \(cast.traits.map(\.rawValue).joined(separator: " and "))"
            + (cast.ability.isEmpty ? "." : ", with a special ability: \(cast.ability).")
    }

    static func page(_ request: NodeRequest) -> String {
        let plan = request.plan
        let node = request.node
        let theme = plan.theme
        let name = plan.cast.name
        var lines = ["The story: \(theme.name). \(theme.description) \(name)'s quest: \(plan.quest.quest).", hero(plan)]
        if !plan.idea.isEmpty { lines.append("The story's idea: \(plan.idea)") }
        if !plan.moral.isEmpty { lines.append("What the story teaches, in its happy endings: \(plan.moral).") }
        if !request.path.isEmpty {
            // The last two pages in full; earlier ones by their first sentence.
            let earlier = request.path.dropLast(2).map { String($0.content.split(separator: ".").first ?? "") + "." }
            if !earlier.isEmpty { lines.append("Earlier: " + earlier.joined(separator: " ")) }
            for step in request.path.suffix(2) {
                lines.append(step.content)
                lines.append("Then \(name) chose to \(step.choice.prefix(1).lowercased() + step.choice.dropFirst()).")
            }
        }
        let place = plan.placeName(of: node)
        var now = "Write the next page. It happens at \(place)" + (node.place.map { ": \(theme.places[$0].detail[0].render { _ in name })" } ?? ".")
        switch node.helper {
        case .item(let item)?: now += " \(name) has \(theme.items[item].name)."
        case .companion(let companion)?: now += " \(theme.companions[companion].name), \(theme.companions[companion].kind), is with \(name)."
        case nil: break
        }
        if let obstacle = node.obstacle, node.stage == .obstacle || node.stage == .climax {
            now += " In the way: \(theme.obstacles[obstacle].name)."
        }
        if let kind = node.approach, let obstacle = node.obstacle {
            now += " \(name) has just tried to get past \(theme.obstacles[obstacle].the) by choosing to \(describe(kind, plan))"
                + (node.succeeded ? "; it works." : "; it works only slowly, after a gentle setback.")
        }
        lines.append(now)
        switch node.outcome {
        case .winning?:
            lines.append("It is a happy ending: the quest succeeds\(plan.tellsMoral(node) ? " and the lesson shows" : ""). Give no choices: \"choices\": [].")
        case .losing?:
            lines.append("It is a gentle ending where the quest is not finished yet: kind, never scary. Give no choices: \"choices\": [].")
        case nil:
            lines.append("\(describe(node.stage)) Give exactly \(node.choices.count) \(node.choices.count == 1 ? "choice" : "choices"), short, each something \(name) could do next: "
                + node.choices.map { describe($0.action, plan) }.joined(separator: "; ") + ".")
        }
        lines.append("Write 60 to 140 words.")
        return lines.joined(separator: "\n")
    }

    static func describe(_ stage: StoryPlan.Stage) -> String {
        switch stage {
        case .opening: "The adventure begins here."
        case .gather: "The hero finds help for the journey."
        case .obstacle: "Something blocks the way; the hero's first try fails."
        case .resolve, .answer: "The adventure goes on."
        case .riddle: "Someone asks the hero a riddle."
        case .climax: "Here comes the hardest part of the adventure."
        case .ending: "The adventure is nearly over."
        }
    }

    /// Patterns of the instructions and the example that a page or a choice must not
    /// repeat (a small model sometimes copies them instead of writing).
    static let instructionPhrases = [
        "60 to 140 words", "Write the next page", "Give exactly", "Give no choices", "each something",
        #"Then \w+ chose to"#, "Pip the rabbit", "tiny blue door", "The story:", "What the story teaches", "Its first page",
    ]

    static func describe(_ kind: ApproachKind, _ plan: StoryPlan) -> String {
        switch kind {
        case .item: "use what they found"
        case .companion: "ask their friend for help"
        case .ability: "use the special ability (\(plan.cast.ability))"
        case .clever: "try a clever idea"
        case .bold: "do something bold"
        case .kind: "be kind"
        }
    }

    static func describe(_ action: StoryPlan.Action, _ plan: StoryPlan) -> String {
        switch action {
        case .seek(.item): "look for something useful"
        case .seek(.companion): "go to help someone"
        case .goOn: "go on"
        case .approach(let kind): describe(kind, plan)
        case .answer: "give an answer to the riddle"
        }
    }

    static func title(_ request: TitleRequest) -> String {
        let opening = request.contents.first ?? ""
        return [
            "The story: \(request.plan.theme.name). \(hero(request.plan))"
                + (request.plan.idea.isEmpty ? "" : " The story's idea: \(request.plan.idea)"),
            "Its first page: \(opening)",
            #"Answer with a JSON object: "title" is the story's title (at most 8 words), and "summary" is one sentence about it."#,
        ].joined(separator: "\n")
    }
}
