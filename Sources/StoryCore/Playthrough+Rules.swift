import Foundation

/// Why a move in a story cannot be made.
public enum PlayError: Error, Hashable, Sendable, CustomStringConvertible {
    case finished
    case notHere
    case leadsNowhere
    case noSuchStep(Int)
    /// Choice `number` (from 1) is not on the page.
    case noSuchChoice(Int)
    case atStart

    /// What both players say (the interface's status line, `play --plain`).
    public var description: String {
        switch self {
        case .finished: "The story has ended: go back or restart."
        case .notHere: "That choice belongs to another passage."
        case .leadsNowhere: "That choice leads nowhere in this story."
        case .noSuchStep(let step): "There is no step \(step) on this path."
        case .noSuchChoice(let number): "There is no choice \(number) here."
        case .atStart: "This is the start of the story: there is nothing to go back to."
        }
    }
}

// MARK: - The rules of reading (pure)

extension Playthrough {
    /// A new reading from the story's start passage.
    public static func begin(profileId: Int64, storyId: Int64, root: Int64, at date: Date) -> Playthrough {
        Playthrough(profileId: profileId, storyId: storyId, currentNodeId: root, path: [root], startedAt: date)
    }

    public var isFinished: Bool { finishedAt != nil }

    /// Follows `choice` to `target`. Reaching an ending finishes the playthrough there
    /// (an ending still being written, once it is written: see `finish(on:at:)`).
    public mutating func choose(_ choice: StoryChoice, leadingTo target: StoryNode, at date: Date) throws(PlayError) {
        guard !isFinished else { throw .finished }
        guard choice.nodeId == currentNodeId else { throw .notHere }
        guard let targetId = target.id, choice.targetNodeId == targetId else { throw .leadsNowhere }
        path.append(targetId)
        currentNodeId = targetId
        updatedAt = date
        finish(on: target, at: date)
    }

    /// Takes choice `number` (from 1) of the page the reader is on in `content`: the one
    /// rule for choosing by number, in both players.
    public mutating func choose(number: Int, in content: StoryContent, at date: Date) throws(PlayError) {
        guard let here = currentNodeId, let page = content.node(here), !page.isEnding,
              case let choices = content.choices(of: here), choices.indices.contains(number - 1)
        else { throw .noSuchChoice(number) }
        let choice = choices[number - 1]
        guard let target = choice.targetNodeId.flatMap(content.node) else { throw .leadsNowhere }
        try choose(choice, leadingTo: target, at: date)
    }

    /// Finishes the reading when `node` is the page it is on and a written ending; true
    /// when it did. An ending the reader has not read yet is not found yet.
    @discardableResult
    public mutating func finish(on node: StoryNode, at date: Date) -> Bool {
        guard !isFinished, node.id == currentNodeId, node.isEnding, node.status == .ready else { return false }
        finishedAt = date
        endingNodeId = node.id
        updatedAt = date
        return true
    }

    /// The reading taken back to `step` of its path (0 is the start). A finished reading
    /// stays in the record with its ending; going back from it starts a new one.
    public func goingBack(to step: Int, at date: Date) throws(PlayError) -> Playthrough {
        guard path.indices.contains(step) else { throw .noSuchStep(step) }
        var next = isFinished
            ? Playthrough(profileId: profileId, storyId: storyId, currentNodeId: nil, startedAt: date)
            : self
        next.path = Array(path.prefix(step + 1))
        next.currentNodeId = next.path.last
        next.updatedAt = date
        return next
    }

    /// One step back; at the start it stays at the start.
    public func goingBack(at date: Date) throws(PlayError) -> Playthrough {
        try goingBack(to: max(0, path.count - 2), at: date)
    }

    /// The reading begun again from the start.
    public func restarted(at date: Date) -> Playthrough {
        // The first step of any path is the start passage.
        var next = (try? goingBack(to: 0, at: date)) ?? self
        next.startedAt = date
        return next
    }
}
