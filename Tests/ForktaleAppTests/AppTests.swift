import Foundation
@testable import ForktaleApp
import StoryCore
import StoryFormats
import StoryStore
import TerminalUI
import Testing

@Suite struct ActionTableTests {
    /// The key map and Help come from one table: every action has keys and help, and no key
    /// means two things on one screen.
    @Test func everyKeyHasOneMeaningAndHelp() {
        for scope in Action.Scope.allCases where scope != .everywhere {
            var seen: [Key: Action] = [:]
            for action in Action.actions(in: scope) {
                #expect(!action.keys.isEmpty && !action.helpLine.isEmpty, "\(action)")
                for key in action.keys {
                    #expect(seen[key] == nil, "\(key.label) means both \(seen[key]!) and \(action) in \(scope)")
                    seen[key] = action
                }
            }
        }
    }

    @Test func specKeysStay() {
        #expect(Action.forKey(.character("?"), in: .library) == .help)
        #expect(Action.forKey(.character("q"), in: .player) == .back)
        #expect(Action.forKey(.escape, in: .map) == .back)
        #expect(Action.forKey(.character("j"), in: .library) == .down)
        #expect(Action.forKey(.character("/"), in: .library) == .search)
        #expect(Action.forKey(.character("3"), in: .player) == .choose3)
        #expect(Action.forKey(.character("b"), in: .player) == .stepBack)
        #expect(Action.forKey(.character("m"), in: .player) == .map)
    }

    @Test func helpShowsTheScreensKeys() {
        var state = playing()
        _ = state.press(.character("?"))
        let text = render(state).text
        #expect(text.contains("1-9"))
        #expect(text.contains("b           Go back one step") || text.contains("Go back one step"))
        #expect(text.contains("Ctrl-C"))
        _ = state.press(.character("q"))
        #expect(state.route == .player)
    }
}

@Suite struct LibraryTests {
    func loaded() -> AppState {
        var state = AppState(size: Size(width: 100, height: 20), profileId: 1)
        _ = update(&state, .libraryLoaded([
            summary(1, "Moon Picnic", played: Date(timeIntervalSince1970: 1_900_000_000)),
            summary(2, "Dragon Tea", theme: "dragon-mountain", favourite: true),
            summary(3, "Being Written", status: .generating),
        ]))
        return state
    }

    @Test func rendersTheStoriesWithTheirDetails() {
        let lines = render(loaded()).lines()
        #expect(lines[0].contains("Forktale · Library"))
        #expect(lines[1].contains("TITLE") && lines[1].contains("ENDINGS"))
        #expect(lines[2].contains("Moon Picnic") && lines[2].contains("1/3"))
        #expect(lines.contains { $0.contains("★") && $0.contains("Dragon Tea") })
        #expect(lines.contains { $0.contains("Being Written") && $0.contains("writing 40%") })
        #expect(lines.last!.contains("? help"))
    }

    @Test func searchFiltersAsYouType() {
        var state = loaded()
        _ = state.press(.character("/"), .character("d"), .character("r"))
        #expect(state.library.visible.map(\.story.title) == ["Dragon Tea"])
        #expect(render(state).text.contains("/ dr"))
        _ = state.press(.escape)
        #expect(state.library.visible.count == 3 && !state.library.searching)
        // Enter keeps the search; then Esc (or q) clears it, as the screen says, and does
        // not leave the library.
        for back in [Key.escape, .character("q")] {
            _ = state.press(.character("/"), .character("z"), .character("z"), .enter)
            #expect(state.library.visible.isEmpty && render(state).text.contains("Esc clears the search"))
            #expect(state.press(back).isEmpty && !state.quitting && state.quitQuestion == nil)
            #expect(state.library.visible.count == 3 && !render(state).text.contains("/ zz"))
        }
        _ = state.press(.character("/"), .character("d"), .enter)
        #expect(render(state).text.contains("/ d   Esc clears"))
    }

    @Test func openFavouriteDeleteAndQuit() {
        var state = loaded()
        #expect(state.press(.enter) == [.openStory(1)])
        #expect(state.library.visible.map(\.story.title) == ["Moon Picnic", "Being Written", "Dragon Tea"])
        #expect(state.press(.down, .down, .character("f")) == [.setFavourite(2, false)])
        #expect(state.press(.character("d")).isEmpty)
        #expect(render(state).text.contains("Delete this story?"))
        #expect(state.press(.character("n")).isEmpty && state.notice == "Not deleted.")
        #expect(state.press(.character("d"), .character("y")) == [.deleteStory(2)])
        #expect(state.press(.character("q")) == [.countRunningHere] && !state.quitting)
        #expect(update(&state, .runningHere(0)) == [.quit] && state.quitting)
    }

    @Test func anEmptyLibrarySaysHowToStart() {
        var state = AppState(size: Size(width: 80, height: 20), profileId: 1)
        _ = update(&state, .libraryLoaded([]))
        #expect(render(state).text.contains("Your library is empty."))
        #expect(render(state).text.contains("forktale import FILE"))
    }
}

@Suite struct PlayerTests {
    @Test func showsThePageAndChoicesAtAReadableWidth() {
        let lines = render(playing(size: Size(width: 120, height: 20))).lines()
        let text = lines.joined(separator: "\n")
        #expect(text.contains("Mira stood at the edge of the wood."))
        #expect(text.contains("1. Follow the lantern") && text.contains("2. Go home for supper"))
        #expect(text.contains("Step 1 · endings found 0/2"))
        // Centred at most 80 columns wide on a wide terminal.
        #expect(lines.dropFirst().dropLast().allSatisfy { $0.count <= 20 + 80 })
        #expect(lines.first { $0.contains("Mira stood") }!.hasPrefix(String(repeating: " ", count: 20)))
    }

    @Test func choosingReachesAnEndingAndBackReturns() {
        var state = playing()
        let effects = state.press(.character("1"))
        #expect(state.player?.node?.id == 11)
        #expect(effects.count == 1)
        let text = render(state).text
        #expect(text.contains("★ The End: a winning ending! ★") && text.contains("Endings found: 1 of 2"))
        _ = state.press(.character("b"))
        #expect(state.player?.node?.id == 10)
        _ = state.press(.down, .enter)
        #expect(state.player?.node?.id == 12)
        _ = state.press(.character("r"))
        #expect(state.player?.playthrough.path == [10])
        _ = state.press(.character("7"))
        #expect(state.notice == "There is no choice 7 here.")
    }

    /// An imported story whose start passage has no way on (its story begins in script it
    /// cannot run, or it is a one-page story) is an ending, and is counted as found.
    @Test func aStoryThatEndsWhereItStartsCountsThatEnding() {
        let story = Story(id: 2, profileId: 1, title: "One Page", source: .imported, status: .ready)
        let content = StoryContent(story: story, nodes: [
            StoryNode(id: 20, storyId: 2, content: "That is all.", name: "Start", isRoot: true, isEnding: true),
        ], choices: [])
        var state = AppState(size: Size(width: 80, height: 24), profileId: 1)
        let reading = Playthrough.begin(profileId: 1, storyId: 2, root: 20, at: Date(timeIntervalSince1970: 0))
        let effects = update(&state, .storyLoaded(content, reading, endingsFound: [], outline: Outline(content)))
        #expect(render(state).text.contains("Endings found: 1 of 1"))
        #expect(effects.contains { if case .savePlaythrough(let saved) = $0 { saved.endingNodeId == 20 } else { false } })
        _ = state.press(.character("r"))
        #expect(state.player?.endingsFound == [20] && state.player?.playthrough.isFinished == true)
    }

    /// A Twine story that runs with its state: the Player shows the page its variables make,
    /// a reveal stays on the page, and back returns to the page as it was.
    @Test func aStoryWithStatePlaysWithIt() throws {
        let twee = """
            :: StoryData
            {"format": "Harlowe", "start": "Hall"}

            :: Hall
            (set: $key to false)A locked door. (link: "Search")[(set: $key to true)You find a key.] [[Open->Door]]

            :: Door
            (if: $key)[The key turns. You won!](else:)[It will not open.]
            """
        let runtime = try TwineRuntime(twee: twee)
        let story = Story(id: 3, profileId: 1, title: "Door", source: .imported, status: .ready)
        let content = StoryContent(story: story, nodes: [
            StoryNode(id: 30, storyId: 3, content: "A locked door.", name: "Hall", isRoot: true),
            StoryNode(id: 31, storyId: 3, content: "", name: "Door", isEnding: true, isWinningEnding: true),
        ], choices: [StoryChoice(id: 300, nodeId: 30, position: 0, text: "Open", targetNodeId: 31)])
        var state = AppState(size: Size(width: 80, height: 24), profileId: 1)
        let reading = Playthrough.begin(profileId: 1, storyId: 3, root: 30, at: Date(timeIntervalSince1970: 0))
        _ = update(&state, .storyLoaded(content, reading, endingsFound: [], outline: Outline(content),
                                        reading: StatefulReading(runtime: runtime, steps: [], seed: 1)))
        var text = render(state).text
        #expect(text.contains("A locked door. Search Open") && text.contains("1. Search") && text.contains("2. Open"))
        _ = state.press(.character("1"))
        text = render(state).text
        #expect(text.contains("You find a key.") && text.contains("1. Open") && !text.contains("Search"))
        let effects = state.press(.character("1"))
        text = render(state).text
        #expect(text.contains("The key turns. You won!") && text.contains("★ The End: a winning ending! ★"))
        #expect(effects.contains { if case .saveReading(let saved, let steps) = $0 { saved.endingNodeId == 31 && steps.count == 2 } else { false } })
        _ = state.press(.character("b"))
        #expect(render(state).text.contains("You find a key."), "back is the page as it was")
        _ = state.press(.character("r"))
        #expect(render(state).text.contains("1. Search"), "restart is the first page as first shown")
    }

    /// The Map of a story with state marks links behind a condition, dimmed while it fails.
    @Test func theMapMarksConditionalLinks() throws {
        let twee = """
            :: StoryData
            {"format": "Harlowe", "start": "Hall"}

            :: Hall
            (set: $key to false)[[Look->Study]] (if: $key)[[[Secret->Vault]]]

            :: Study
            (set: $key to true)A key! [[Back->Hall]]

            :: Vault
            Gold.
            """
        let imported = try Importer.read(Data(twee.utf8), file: "vault.twee", profileId: 1)
        var story = imported.draft.story
        story.id = 4
        let nodes = imported.draft.nodes.enumerated().map { index, node in
            var node = node
            node.id = Int64(40 + index)
            node.storyId = 4
            return node
        }
        let choices = imported.draft.choices.enumerated().map { index, choice in
            StoryChoice(id: Int64(400 + index), nodeId: Int64(40 + choice.from), position: choice.position, text: choice.text,
                        targetNodeId: choice.target.map { Int64(40 + $0) })
        }
        let content = StoryContent(story: story, nodes: nodes, choices: choices)
        let runtime = try TwineRuntime(twee: try #require(imported.source).twee)
        var state = AppState(size: Size(width: 100, height: 24), profileId: 1)
        let reading = Playthrough.begin(profileId: 1, storyId: 4, root: 40, at: Date(timeIntervalSince1970: 0))
        _ = update(&state, .storyLoaded(content, reading, endingsFound: [], outline: Outline(content),
                                        reading: StatefulReading(runtime: runtime, steps: [], seed: 1)))
        _ = state.press(.character("m"))
        let map = render(state)
        let vault = try #require(map.text.split(separator: "\n").first { $0.contains("Vault") })
        #expect(vault.contains("? ◆ Vault") && map.text.contains("? only if"), "\(map.text)")
        #expect(!(map.text.split(separator: "\n").first { $0.contains("Study") }?.contains("?") ?? true), "an unconditional link is not marked")
    }

    @Test func aPageBeingWrittenSaysSoAndAsksForIt() {
        var state = playing(sampleContent(pendingEnding: true))
        #expect(render(state).text.contains("(being written)"))
        let effects = state.press(.character("2"))
        #expect(effects.contains(.prioritize(storyId: 1, nodeId: 12)))
        var text = render(state).text
        #expect(text.contains("This page is being written…"))
        // An ending not written yet is not found yet: no "The End", nothing counted.
        #expect(!text.contains("The End") && text.contains("endings found 0/2"))
        #expect(state.player?.playthrough.isFinished == false && state.player?.endingsFound.isEmpty == true)
        // The page arrives: it shows without a key press, and now the ending is found.
        let arrived = update(&state, .storyRefreshed(sampleContent(), Outline(sampleContent())))
        text = render(state).text
        #expect(text.contains("Mira went home for supper.") && text.contains("The End") && text.contains("Endings found: 1 of 2"))
        guard case .savePlaythrough(let saved)? = arrived.first else {
            Issue.record("the finished reading is not saved: \(arrived)")
            return
        }
        #expect(saved.isFinished && saved.endingNodeId == 12)
    }

    @Test func aPageWhoseWritingStoppedSaysHowToGoOn() {
        for status in [Story.Status.draft, .failed] {
            var state = playing(sampleContent(pendingEnding: true, status: status))
            _ = state.press(.character("2"))
            let text = render(state).text
            #expect(text.contains("This page is not written") && text.contains("Jobs screen"), "\(status)")
            #expect(!text.contains("by itself") && !text.contains("The End") && state.player?.endingsFound.isEmpty == true)
        }
    }

    @Test func mapShowsTheTreeAndJumpsBack() {
        var state = playing()
        _ = state.press(.character("1"), .character("m"))
        #expect(state.route == .map)
        let text = render(state).text
        #expect(text.contains("✓ start") && text.contains("★ fox  ◀ you are here") && text.contains("◆ supper"))
        _ = state.press(.home, .enter)
        #expect(state.route == .player && state.player?.node?.id == 10)
    }

    @Test func everySizeDrawsWithoutCrashing() {
        for width in [1, 2, 10, 29, 30, 31, 80, 200] {
            for height in [1, 2, 7, 8, 9, 24, 60] {
                for var state in [playing(size: Size(width: width, height: height))] {
                    _ = render(state)
                    _ = state.press(.character("m"))
                    _ = render(state)
                    _ = state.press(.character("?"))
                    let screen = render(state)
                    #expect(screen.size == Size(width: width, height: height))
                    if width < minimumSize.width || height < minimumSize.height {
                        // The longest message that fits whole: never cut mid-sentence.
                        let text = screen.lines().map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
                        #expect(["Make the window larger (at least 30×8).", "Too small: at least 30×8.", "Too small", "…"].contains(text),
                                "\(width)×\(height): \(text)")
                    }
                }
            }
        }
    }

    @Test func escapesInAStoryNeverReachTheScreen() {
        var content = sampleContent()
        content.nodes[0].content = "Hello \u{1B}]0;owned\u{7}there \u{1B}[31mred"
        let text = render(playing(content)).text
        #expect(!text.contains("\u{1B}") && text.contains("Hello there red"))
    }
}

@Suite struct OutlineTests {
    @Test func mergesAreReferencesAndLongChainsDoNotOverflow() {
        let story = Story(id: 1, profileId: 1, title: "Chain", source: .written)
        let count = 100_000
        let nodes: [StoryNode] = (0..<count).map { (index: Int) -> StoryNode in
            StoryNode(id: Int64(index + 1), storyId: 1, content: "Page \(index)", isRoot: index == 0, isEnding: index == count - 1)
        }
        var choices: [StoryChoice] = (0..<(count - 1)).map { (index: Int) -> StoryChoice in
            StoryChoice(id: Int64(index + 1), nodeId: Int64(index + 1), position: 0, text: "on", targetNodeId: Int64(index + 2))
        }
        choices.append(StoryChoice(id: 999_999, nodeId: 5, position: 1, text: "loop", targetNodeId: 2))
        let outline = Outline(StoryContent(story: story, nodes: nodes, choices: choices))
        #expect(outline.rows.count == count + 1)
        #expect(outline.rows.filter { $0.isReference }.map { $0.nodeId } == [2])
        #expect(outline.rows.map(\.depth).max() == count - 1)
    }
}

@Suite struct ImportTests {
    @Test func typingAPathImportsAndShowsTheReport() throws {
        var state = AppState(size: Size(width: 100, height: 24), profileId: 1)
        _ = update(&state, .libraryLoaded([]))
        _ = state.press(.character("i"))
        #expect(render(state).text.contains("Import file: ▏"))
        for character in "~/x.twee" { _ = state.press(.character(character)) }
        #expect(state.press(.enter) == [.importFile("~/x.twee")])
        _ = update(&state, .imported(title: "Not imported", lines: ["~/x.twee: cannot read it: no such file", "", "Nothing was stored."]))
        let text = render(state).text
        #expect(text.contains("Not imported") && text.contains("no such file"))
        _ = state.press(.character("z"))
        #expect(state.library.importReport == nil)
    }

    @Test func theEffectStoresTheStoryOrNothing() throws {
        let store = try AppDatabase.inMemory()
        _ = try store.prepareFirstRun(samples: [])
        let profile = try #require(try store.defaultProfile()).id!
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forktale-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.twee")
        try ":: StoryTitle\nTiny\n\n:: Start\nHello. [[Go->End]]\n\n:: End\nThe end.\n".write(to: good, atomically: true, encoding: .utf8)
        let bad = folder.appendingPathComponent("bad.json")
        try "{ \"nodes\": [".write(to: bad, atomically: true, encoding: .utf8)

        guard case .imported(let title, let lines)? = try Interface.run(.importFile(good.path), store: store, profileId: profile) else {
            Issue.record("no report")
            return
        }
        #expect(title == "Imported" && lines.joined().contains("Tiny"))
        #expect(try store.storySummaries(profileId: profile).map(\.story.title) == ["Tiny"])
        guard case .imported(let badTitle, _)? = try Interface.run(.importFile(bad.path), store: store, profileId: profile) else {
            Issue.record("no report")
            return
        }
        #expect(badTitle == "Not imported")
        #expect(try store.storySummaries(profileId: profile).count == 1)
    }
}

@Suite struct LargeStoryTests {
    /// A stored story of `count` pages in a line, each one choice on, the last an ending.
    static func corridor(_ count: Int) throws -> (store: AppDatabase, profile: Int64, story: Int64) {
        let store = try AppDatabase.inMemory()
        _ = try store.prepareFirstRun(samples: [])
        let profile = try #require(try store.defaultProfile()).id!
        let nodes = (0..<count).map { index in
            StoryNode(content: "Room \(index).", name: "P\(index)", isRoot: index == 0, isEnding: index == count - 1)
        }
        let choices = (0..<(count - 1)).map { StoryChoice.Draft(from: $0, position: 0, text: "On", target: $0 + 1) }
        let story = Story(profileId: profile, title: "Corridor", source: .imported)
        return (store, profile, try store.insertStory(story, nodes: nodes, choices: choices).id!)
    }

    /// Runs what `update` asked for, as the interface does, until nothing more is asked.
    static func settle(_ state: inout AppState, _ effects: [Effect], store: AppDatabase, profile: Int64) throws {
        var pending = effects
        while !pending.isEmpty {
            let effect = pending.removeFirst()
            if let message = try Interface.run(effect, store: store, profileId: profile) {
                pending += update(&state, message, now: Date(timeIntervalSince1970: 100))
            }
        }
    }

    @Test("a story too large to load whole opens with the pages near the reader, and the next ones come before they are needed")
    func opensInPart() throws {
        let (store, profile, id) = try Self.corridor(PlayerState.wholeStoryLimit + 5_000)
        guard case .storyLoaded(let content, let reading, _, let outline, _)? = try Interface.run(.openStory(id), store: store, profileId: profile) else {
            Issue.record("the story did not open")
            return
        }
        #expect(content.isPartial && content.nodes.count <= 10, "\(content.nodes.count) pages loaded")
        #expect(content.pageCount == PlayerState.wholeStoryLimit + 5_000 && content.endingCount == 1)
        #expect(outline == nil, "the outline is built in the background")
        var state = AppState(size: Size(width: 80, height: 24), profileId: profile)
        let effects = update(&state, .storyLoaded(content, reading, endingsFound: [], outline: nil), now: Date(timeIntervalSince1970: 100))
        #expect(effects.contains(.buildOutline(storyId: id)))
        #expect(render(state).text.contains("Room 0."))

        // Ten pages on, every page was there when its key came.
        for step in 1...10 {
            try Self.settle(&state, state.press(.character("1")), store: store, profile: profile)
            #expect(render(state).text.contains("Room \(step)."), "page \(step)")
            #expect(state.notice == nil, "\(state.notice ?? "")")
        }
        #expect(state.player!.content.nodes.count < 30, "only the pages near the reader are loaded")
        let same = state.player!.content
        #expect(update(&state, .pagesLoaded(same)).isEmpty, "pages that bring nothing new ask for nothing more")

        // The map: drawing first, then the outline of every page, the rows in view loaded.
        try Self.settle(&state, state.press(.character("m")), store: store, profile: profile)
        #expect(render(state).text.contains("Drawing the map of"))
        try Self.settle(&state, [.buildOutline(storyId: id)], store: store, profile: profile)
        #expect(state.map.outline?.rows.count == PlayerState.wholeStoryLimit + 5_000)
        try Self.settle(&state, state.press(.character("G")), store: store, profile: profile)
        let map = render(state).text
        #expect(map.contains("P\(PlayerState.wholeStoryLimit + 4_999)") && !map.contains("… On"), "\(map)")
    }

    @Test("a story within the limit still loads whole, with its outline")
    func smallStoriesLoadWhole() throws {
        let (store, profile, id) = try Self.corridor(50)
        guard case .storyLoaded(let content, _, _, let outline, _)? = try Interface.run(.openStory(id), store: store, profileId: profile) else {
            Issue.record("the story did not open")
            return
        }
        #expect(!content.isPartial && content.nodes.count == 50 && outline?.rows.count == 50)
    }
}
