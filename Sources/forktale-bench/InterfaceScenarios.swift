import Foundation
import ForktaleApp
import StoryCore
import StoryStore
import TerminalUI

/// `ui.render`: one full frame of the Map and of the Player for a 100,000-page story at
/// 200x60, drawn into a `Screen` and diffed against the frame before (what the terminal
/// backend sends), best of many frames. The outline is built once when the map opens and
/// is measured apart.
struct InterfaceRenderScenario: Scenario {
    let name = "ui.render"

    func run(quick: Bool, in workspace: Workspace) throws -> [Measurement] {
        let pages = quick ? 10_000 : 100_000
        let frames = quick ? 20 : 200
        let synthetic = SyntheticStory(passages: pages, profileId: 1)
        var story = synthetic.story
        story.id = 1
        let nodes = synthetic.nodes.enumerated().map { index, node -> StoryNode in
            var node = node
            node.id = Int64(index + 1)
            node.storyId = 1
            node.name = "passage-\(index)"
            return node
        }
        let choices = synthetic.choices.enumerated().map { index, draft in
            StoryChoice(id: Int64(index + 1), nodeId: Int64(draft.from + 1), position: draft.position, text: draft.text,
                        targetNodeId: draft.target.map { Int64($0 + 1) })
        }
        let content = StoryContent(story: story, nodes: nodes, choices: choices)
        var outline: Outline?
        let outlineSeconds = seconds { outline = Outline(content) }

        var state = AppState(size: Size(width: 200, height: 60), profileId: 1)
        let reading = Playthrough.begin(profileId: 1, storyId: 1, root: 1, at: Date())
        _ = update(&state, .storyLoaded(content, reading, endingsFound: [], outline: outline!))
        /// The fastest of `frames` frames, each after one key.
        func bestFrame(_ key: (Int) -> Key) -> Double {
            var previous = render(state)
            var best = Double.infinity
            for frame in 0..<frames {
                _ = update(&state, .key(key(frame)))
                best = min(best, seconds {
                    let screen = render(state)
                    _ = screen.changes(since: previous)
                    previous = screen
                })
            }
            return best
        }
        // Every frame moves one step, so every frame has something to send.
        let player = bestFrame { $0 % 2 == 0 ? .down : .up }
        _ = update(&state, .key(.character("m")))
        let map = bestFrame { $0 % 3 == 2 ? .pageDown : .down }
        return [
            Measurement(scenario: name, metric: "player_frame_ms", value: player * 1000, unit: "ms"),
            Measurement(scenario: name, metric: "map_frame_ms", value: map * 1000, unit: "ms"),
            Measurement(scenario: name, metric: "outline_build_ms", value: outlineSeconds * 1000, unit: "ms"),
            Measurement(scenario: name, metric: "pages", value: Double(pages), unit: "pages"),
        ]
    }
}
