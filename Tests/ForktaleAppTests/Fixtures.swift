import Foundation
@testable import ForktaleApp
import StoryCore
import StoryStore
import TerminalUI

/// A small story in memory: an opening with two choices, an ending each way.
/// The sample story; with `pendingEnding`, its "supper" ending not written yet, by a job
/// that is still writing (`status` generating) or that stopped (draft, failed).
func sampleContent(pendingEnding: Bool = false, status: Story.Status = .generating) -> StoryContent {
    let story = Story(id: 1, profileId: 1, title: "The Lantern Test", theme: "forest", source: .written,
                      status: pendingEnding ? status : .ready)
    let nodes = [
        StoryNode(id: 10, storyId: 1, content: "Mira stood at the edge of the wood. A lantern glowed between the trees.", name: "start", isRoot: true),
        StoryNode(id: 11, storyId: 1, content: "The lantern belonged to a fox, who smiled and led Mira home.", name: "fox", isEnding: true, isWinningEnding: true),
        StoryNode(id: 12, storyId: 1, content: pendingEnding ? "" : "Mira went home for supper. Tomorrow, the wood would still be there.",
                  name: "supper", isEnding: true, status: pendingEnding ? .pending : .ready),
    ]
    let choices = [
        StoryChoice(id: 100, nodeId: 10, position: 0, text: "Follow the lantern", targetNodeId: 11),
        StoryChoice(id: 101, nodeId: 10, position: 1, text: "Go home for supper", targetNodeId: 12),
    ]
    return StoryContent(story: story, nodes: nodes, choices: choices)
}

func summary(_ id: Int64, _ title: String, theme: String = "space", status: Story.Status = .ready, favourite: Bool = false,
             played: Date? = nil) -> StorySummary {
    var story = Story(id: id, profileId: 1, title: title, theme: theme, source: .written, status: status,
                      createdAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(id)))
    story.isFavorite = favourite
    story.lastPlayedAt = played
    return StorySummary(story: story, heroName: nil, nodeCount: 10, endingCount: 3, endingsFound: 1,
                        readyCount: status == .generating ? 4 : 10)
}

/// A state with the sample story open in the player.
func playing(_ content: StoryContent = sampleContent(), size: Size = Size(width: 80, height: 24)) -> AppState {
    var state = AppState(size: size, profileId: 1)
    let reading = Playthrough.begin(profileId: 1, storyId: 1, root: 10, at: Date(timeIntervalSince1970: 0))
    _ = update(&state, .storyLoaded(content, reading, endingsFound: [], outline: Outline(content)))
    return state
}

extension AppState {
    mutating func press(_ keys: Key...) -> [Effect] {
        keys.flatMap { update(&self, .key($0), now: Date(timeIntervalSince1970: 100)) }
    }
}
