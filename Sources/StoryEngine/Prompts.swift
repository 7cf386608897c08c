import Foundation
import StoryCore

/// What the model-server writer tells the model: the brief, the hero, the readers' age,
/// the path so far (summarised when long), what the path has found, and the shape the
/// page must have.
enum Prompts {
    static func system(_ plan: StoryPlan) -> String {
        """
        You write one page at a time of a choose-your-own-adventure story for children \
        (ages \(plan.ageRange.rawValue == "all" ? "4 to 10" : plan.ageRange.rawValue)). \
        Write warm, simple, vivid plain text: no markup, no lists, nothing frightening or unkind. \
        Answer with one JSON object and nothing else.
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
            + (cast.ability.isEmpty ? "." : ". Special ability: \(cast.ability).")
    }

    static func page(_ request: NodeRequest) -> String {
        let plan = request.plan
        let node = request.node
        let theme = plan.theme
        var lines = [
            "Story: \(theme.name). \(theme.description) Quest: \(plan.quest.quest)",
            hero(plan),
        ]
        if !plan.moral.isEmpty { lines.append("The story's lesson, for the good endings: \(plan.moral).") }
        lines.append("Setting of this page: \(theme.settings[node.setting].name) (\(theme.settings[node.setting].detail)).")
        if let ally = node.ally { lines.append("A friend here: \(theme.allies[ally].name), \(theme.allies[ally].kind).") }
        if let item = node.item { lines.append("Something to find: \(theme.items[item].name).") }
        if let obstacle = node.obstacle { lines.append("A problem in the way: \(theme.obstacles[obstacle].name).") }
        let state = request.state
        if !state.items.isEmpty { lines.append("Found so far: " + state.items.map { theme.items[$0].name }.joined(separator: ", ") + ".") }
        if !state.allies.isEmpty { lines.append("Friends met so far: " + state.allies.map { theme.allies[$0].name }.joined(separator: ", ") + ".") }
        if !request.path.isEmpty {
            lines.append("The story so far:")
            // The last pages in full; earlier ones by their first sentence.
            for (place, step) in request.path.enumerated() {
                let full = place >= request.path.count - 2
                let text = full ? step.content : String(step.content.split(separator: ".").first ?? "") + "."
                lines.append("- \(text) (The reader chose: \(step.choice).)")
            }
        }
        switch node.outcome {
        case .winning?:
            lines.append("This page is a happy ending: the quest succeeds\(plan.moral.isEmpty ? "" : " and the lesson shows"). No choices.")
        case .losing?:
            lines.append("This page is a gentle ending where the quest is not finished yet: kind, never scary. No choices.")
        case nil:
            let kinds = node.choices.map { Self.describe($0.kind, plan) }
            lines.append("This page is the \(node.beat.rawValue) of the story. End it with exactly \(node.choices.count) choices for the reader: "
                + kinds.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "; ") + ".")
        }
        lines.append("""
            Answer as {"text": "the page, 60 to 140 words", "choices": [\(node.choices.isEmpty ? "" : "\(node.choices.count) short choices, at most 12 words each")]}.
            """)
        return lines.joined(separator: "\n")
    }

    static func describe(_ kind: ChoiceKind, _ plan: StoryPlan) -> String {
        switch kind {
        case .explore: "explore somewhere"
        case .befriend: "make friends with someone"
        case .bold: "do something bold"
        case .think: "stop and think"
        case .help: "help someone"
        case .play: "play or have fun"
        case .ability: "use the hero's special ability (\(plan.cast.ability))"
        }
    }

    static func title(_ request: TitleRequest) -> String {
        let opening = request.contents.first ?? ""
        return [
            "Story: \(request.plan.theme.name). \(hero(request.plan))",
            "The opening page: \(opening)",
            #"Give the story a title (at most 8 words) and a one-sentence summary, as {"title": "...", "summary": "..."}."#,
        ].joined(separator: "\n")
    }
}
