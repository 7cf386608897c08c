import Foundation
import StoryCore
import Testing

@Suite("Playthrough rules")
struct PlaythroughTests {
    let start = StoryNode(id: 1, storyId: 1, content: "start", isRoot: true)
    let middle = StoryNode(id: 2, storyId: 1, content: "middle")
    let ending = StoryNode(id: 3, storyId: 1, content: "end", isEnding: true, isWinningEnding: true)
    let toMiddle = StoryChoice(id: 10, nodeId: 1, position: 0, text: "on", targetNodeId: 2)
    let toEnding = StoryChoice(id: 11, nodeId: 2, position: 0, text: "finish", targetNodeId: 3)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("choosing walks the path; an ending finishes the reading")
    func choose() throws {
        var reading = Playthrough.begin(profileId: 1, storyId: 1, root: 1, at: now)
        try reading.choose(toMiddle, leadingTo: middle, at: now)
        #expect(reading.path == [1, 2] && reading.currentNodeId == 2 && !reading.isFinished)
        try reading.choose(toEnding, leadingTo: ending, at: now)
        #expect(reading.isFinished && reading.endingNodeId == 3 && reading.path == [1, 2, 3])
        #expect(throws: PlayError.finished) { try reading.choose(toEnding, leadingTo: ending, at: now) }
    }

    @Test("an ending still being written finishes the reading once it is written, not before")
    func pendingEnding() throws {
        var pending = ending
        pending.status = .pending
        var reading = Playthrough.begin(profileId: 1, storyId: 1, root: 1, at: now)
        try reading.choose(toMiddle, leadingTo: middle, at: now)
        try reading.choose(toEnding, leadingTo: pending, at: now)
        #expect(reading.currentNodeId == 3 && !reading.isFinished && reading.endingNodeId == nil)
        let (onPending, onMiddle) = (reading.finish(on: pending, at: now), reading.finish(on: middle, at: now))
        #expect(!onPending && !onMiddle && !reading.isFinished)
        let written = reading.finish(on: ending, at: now)
        #expect(written && reading.isFinished && reading.endingNodeId == 3)
        let again = reading.finish(on: ending, at: now)
        #expect(!again, "finished once")
    }

    @Test("a choice of another passage, or to another passage, is refused")
    func wrongChoice() {
        var reading = Playthrough.begin(profileId: 1, storyId: 1, root: 1, at: now)
        #expect(throws: PlayError.notHere) { try reading.choose(toEnding, leadingTo: ending, at: now) }
        #expect(throws: PlayError.leadsNowhere) { try reading.choose(toMiddle, leadingTo: ending, at: now) }
        #expect(reading.path == [1])
    }

    @Test("choosing by number: the one rule both players use, with the words they say")
    func chooseByNumber() throws {
        let broken = StoryChoice(id: 12, nodeId: 1, position: 1, text: "nowhere", targetNodeId: 99)
        let content = StoryContent(story: Story(id: 1, profileId: 1, title: "T", source: .written),
                                   nodes: [start, middle, ending], choices: [toMiddle, broken, toEnding])
        var reading = Playthrough.begin(profileId: 1, storyId: 1, root: 1, at: now)
        #expect(throws: PlayError.noSuchChoice(3)) { try reading.choose(number: 3, in: content, at: now) }
        #expect(throws: PlayError.leadsNowhere) { try reading.choose(number: 2, in: content, at: now) }
        #expect(PlayError.noSuchChoice(3).description == "There is no choice 3 here.")
        try reading.choose(number: 1, in: content, at: now)
        try reading.choose(number: 1, in: content, at: now)
        #expect(reading.isFinished && reading.path == [1, 2, 3])
        #expect(throws: PlayError.noSuchChoice(1), "an ending offers nothing") { try reading.choose(number: 1, in: content, at: now) }
    }

    @Test("which jobs can be cancelled or retried, and why not, in one place")
    func jobRules() {
        #expect(StoryJob.Status.running.cannotCancel("Job 3") == nil && StoryJob.Status.failed.cannotRetry("Job 3") == nil)
        #expect(StoryJob.Status.completed.cannotCancel("Job 3") == "Job 3 is completed: only a queued or running job can be cancelled.")
        #expect(StoryJob.Status.queued.cannotRetry("This job") == "This job is queued: only a failed or cancelled job can be retried.")
        #expect(StoryJob.Status.sqlList(StoryJob.Status.retryable) == "('cancelled', 'failed')")
    }

    @Test("back reaches any earlier step and stops at the start; from an ending it starts a new reading")
    func back() throws {
        var reading = Playthrough(id: 5, profileId: 1, storyId: 1, currentNodeId: 1, path: [1], startedAt: now)
        try reading.choose(toMiddle, leadingTo: middle, at: now)
        #expect(try reading.goingBack(at: now).path == [1])
        #expect(try reading.goingBack(at: now).goingBack(at: now).path == [1])
        #expect(throws: PlayError.noSuchStep(4)) { try reading.goingBack(to: 4, at: now) }
        try reading.choose(toEnding, leadingTo: ending, at: now)
        let again = try reading.goingBack(to: 1, at: now)
        #expect(again.id == nil && !again.isFinished && again.path == [1, 2] && again.currentNodeId == 2)
        #expect(reading.id == 5 && reading.isFinished, "the finished reading stays as it was")
        let restarted = reading.restarted(at: now.addingTimeInterval(60))
        #expect(restarted.path == [1] && restarted.startedAt == now.addingTimeInterval(60) && restarted.id == nil)
    }
}
