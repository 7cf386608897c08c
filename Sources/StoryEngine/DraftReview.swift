import StoryCore

/// Checks a writer's page before it may be stored: the text cleaned of control
/// characters, the choices the plan needs (non-empty, distinct, not too long), and the
/// safety filter for the story's readers. Runs on the worker that made the call.
struct DraftReview: Sendable {
    enum Outcome: Sendable {
        /// Ready to store, with what the filter changed.
        case accepted(NodeDraft, [ContentFlag])
        /// Not usable: the error says why; retrying may give a better page.
        case refused(WriterError, NodeDraft, [ContentFlag])

        var draft: NodeDraft {
            switch self {
            case .accepted(let draft, _), .refused(_, let draft, _): draft
            }
        }
    }

    let plan: StoryPlan
    let index: Int
    let nodeId: Int64
    let jobId: Int64
    let safety: SafetyFilter

    func check(_ draft: NodeDraft) -> Outcome {
        let expected = plan.nodes[index].choices.count
        var draft = draft
        draft.content = TerminalText.safe(draft.content).trimmingWhitespace()
        draft.choices = draft.choices.map { TerminalText.safe($0).trimmingWhitespace() }
        if draft.content.isEmpty { return .refused(.retryable("The writer returned an empty page."), draft, []) }
        if draft.choices.count != expected {
            return .refused(.retryable("The writer gave \(draft.choices.count) choices; the page needs \(expected)."), draft, [])
        }
        if let bad = draft.choices.first(where: { $0.isEmpty || $0.count > Rules.choiceTextMaxLength }) {
            return .refused(.retryable("A choice label is empty or too long (\(bad.count) characters)."), draft, [])
        }
        if Set(draft.choices.map { $0.lowercased() }).count != draft.choices.count {
            return .refused(.retryable("Two choices on one page have the same label."), draft, [])
        }
        var flags: [ContentFlag] = []
        func filter(_ text: String) -> String? {
            let result = safety.check(text, for: plan.ageRange)
            guard result.changed else { return text }
            for finding in result.findings {
                flags.append(ContentFlag(
                    contentType: .node, contentId: nodeId, jobId: jobId, flagType: finding.flag, severity: finding.severity,
                    actionTaken: finding.action, originalText: text, modifiedText: result.rejected ? nil : result.text))
            }
            return result.rejected ? nil : result.text
        }
        guard let content = filter(draft.content) else {
            return .refused(.retryable("The page had words that are not suitable for children."), draft, flags)
        }
        var choices: [String] = []
        for text in draft.choices {
            guard let choice = filter(text) else {
                return .refused(.retryable("A choice had words that are not suitable for children."), draft, flags)
            }
            choices.append(choice)
        }
        draft.content = content
        draft.choices = choices
        return .accepted(draft, flags)
    }
}
