import Foundation
@testable import ForktaleApp
import StoryCore
import StoryStore
import TerminalUI
import Testing

let clock = Date(timeIntervalSince1970: 2_000_000_000)

func jobSummary(_ id: Int64, _ status: StoryJob.Status, done: Int = 0, total: Int = 0, title: String? = nil,
                error: String? = nil) -> JobSummary {
    var job = StoryJob(id: id, profileId: 1, storyId: title == nil ? nil : id * 10,
                       brief: StoryJob.Brief(theme: "space", seed: UInt64(id)), status: status)
    job.nodesDone = done
    job.nodesTotal = total
    job.currentStage = status == .running ? .write : status == .completed ? .completed : nil
    job.startedAt = status == .queued ? nil : clock.addingTimeInterval(-75)
    job.completedAt = [.completed, .failed, .cancelled].contains(status) ? clock.addingTimeInterval(-5) : nil
    job.error = error
    return JobSummary(job: job, storyTitle: title, attempts: done, retries: status == .failed ? 2 : 0)
}

let everyState = [
    jobSummary(5, .running, done: 4, total: 11, title: "Juno's Moon Trip"),
    jobSummary(4, .queued),
    jobSummary(3, .completed, done: 7, total: 7, title: "The Sleepy Star Ship"),
    jobSummary(2, .failed, done: 2, total: 15, title: "A Windy Story", error: "The writer stopped answering."),
    jobSummary(1, .cancelled, done: 1, total: 7, title: "Half a Tale"),
]

func dashboard(size: Size = Size(width: 100, height: 24)) -> AppState {
    var state = AppState(size: size, profileId: 1)
    #expect(state.press(.character("J")) == [.loadJobs])
    _ = update(&state, .jobsLoaded(everyState), now: clock)
    return state
}

@Suite("The jobs dashboard, by messages")
struct JobsUITests {
    @Test("every state shows with its progress and time; f filters")
    func table() {
        var state = dashboard()
        let text = render(state).text
        #expect(text.contains("1 running · 1 queued · 1 completed · 1 failed · 1 cancelled"))
        #expect(text.contains("Juno's Moon Trip") && text.contains("4/11") && text.contains("36%") && text.contains("1:15"))
        #expect(text.contains("waiting"), "a queued job has not started")
        #expect(text.contains("2 ✗2"), "two tries, both failed")
        _ = state.press(.character("f"))
        #expect(state.jobs.filter == .active && state.jobs.visible.map(\.job.id) == [5, 4])
        _ = state.press(.character("f"), .character("f"))
        #expect(state.jobs.visible.map(\.job.id) == [2, 1])
        #expect(render(state).text.contains("A Windy Story") && !render(state).text.contains("Juno"))
    }

    @Test("a filter that shows no job says so, and how to see the others")
    func emptyFilter() {
        var state = AppState(size: Size(width: 100, height: 24), profileId: 1)
        _ = state.press(.character("J"))
        _ = update(&state, .jobsLoaded([everyState[0]]), now: clock)
        _ = state.press(.character("f"), .character("f"), .character("f"))
        #expect(state.jobs.filter == .failed)
        #expect(render(state).text.contains("No failed jobs. f shows the others."), "\(render(state).text)")
    }

    @Test("a retried job waits again, its old start aside; percents round down as jobs list prints them")
    func retriedAndPercent() {
        var retried = jobSummary(8, .queued, done: 7, total: 15, title: "Half Way")
        retried.job.startedAt = clock.addingTimeInterval(-600)
        let row = jobRow(retried, clock: clock, barWidth: 8)
        #expect(row.contains("waiting") && row.contains { $0.hasSuffix(" 46%") }, "\(row)")
    }

    @Test("c asks before cancelling a running job; r retries only failed or cancelled ones")
    func cancelAndRetry() {
        var state = dashboard()
        _ = state.press(.character("c"))
        #expect(render(state).text.contains("Cancel job 5?"))
        #expect(state.press(.character("y")) == [.cancelJob(5)])
        #expect(state.press(.character("r")).isEmpty && state.notice == "This job is running: only a failed or cancelled job can be retried.")
        _ = state.press(.down, .down)
        #expect(state.press(.character("c")).isEmpty && state.notice?.hasSuffix("only a queued or running job can be cancelled.") == true)
        _ = state.press(.down)
        #expect(state.press(.character("r")) == [.retryJob(2)])
    }

    @Test("Enter opens a job's details: stages, attempts, the prompt; a live update keeps the place")
    func details() {
        var state = dashboard()
        #expect(state.press(.enter) == [.openJob(5)])
        let attempts = (1...4).map { number in
            GenerationAttempt(generationId: "g\(number)", attemptNumber: 1, jobId: 5, writer: "embedded", model: "forktale-embedded-1",
                              prompt: "page \(number) · rising", status: .success, latencyMs: 12,
                              createdAt: clock.addingTimeInterval(Double(-70 + number)))
        }
        _ = update(&state, .jobLoaded(JobDetailState(summary: everyState[0], attempts: attempts, flags: [])), now: clock)
        #expect(state.route == .job)
        _ = state.press(.down, .down)
        var text = render(state).text
        #expect(text.contains("Attempts (4)") && text.contains("page 3 · rising"))
        #expect(text.contains("Stages: plan") && text.contains("now: write"))
        _ = update(&state, .jobLoaded(JobDetailState(summary: everyState[0], attempts: attempts + attempts.prefix(1), flags: []), refresh: true),
                   now: clock)
        text = render(state).text
        #expect(state.jobDetail?.list.selected == 2 && text.contains("Attempts (5)") && state.stack == [.library, .jobs, .job])
        #expect(state.press(.character("q")) == [.loadJobs] && state.route == .jobs)
        // A live update asked for before q, arriving after: the details stay closed.
        _ = update(&state, .jobLoaded(JobDetailState(summary: everyState[0], attempts: attempts, flags: []), refresh: true), now: clock)
        #expect(state.route == .jobs && state.stack == [.library, .jobs])
    }

    @Test("a model server's job: its cost without prices says so, a failed call shows its prompt and no answer")
    func modelServerDetails() {
        var state = dashboard(size: Size(width: 100, height: 40))
        _ = state.press(.enter)
        var summary = everyState[0]
        summary.job.brief.writer = "llm"
        let failed = GenerationAttempt(
            generationId: "g1", attemptNumber: 1, jobId: 5, writer: "llm", model: "smollm2", prompt: "Write the next page.",
            status: .failed, error: "The model server failed (HTTP 503).", latencyMs: 40, createdAt: clock.addingTimeInterval(-60))
        _ = update(&state, .jobLoaded(JobDetailState(summary: summary, attempts: [failed], flags: [])), now: clock)
        let text = render(state).text
        #expect(text.contains("cost $0.0000 (no prices set in config.toml)") && !text.contains("embedded"))
        #expect(text.contains("Write the next page.") && text.contains("(no answer: see the error)"))
        #expect(text.contains("Error: The model server failed (HTTP 503)."))
    }

    @Test("a job without a story says why Enter reads nothing: not started, or deleted and to be written again")
    func noStory() {
        for (summary, notice) in [(jobSummary(4, .queued), "not started yet"),
                                  (jobSummary(6, .cancelled, error: "Its story was deleted."), "r writes it again")] {
            var state = dashboard()
            _ = update(&state, .jobLoaded(JobDetailState(summary: summary, attempts: [], flags: [])), now: clock)
            #expect(state.press(.enter).isEmpty && state.notice?.contains(notice) == true, "\(summary.job.status)")
            if summary.job.status == .cancelled {
                #expect(render(state).text.contains("A story (space), not written or deleted · cancelled"))
            }
        }
    }

    @Test("quitting while stories are written here asks: wait, leave or cancel")
    func quitQuestion() {
        var state = AppState(size: Size(width: 80, height: 24), profileId: 1)
        #expect(state.press(.character("q")) == [.countRunningHere])
        #expect(!state.quitting)
        _ = update(&state, .runningHere(2))
        #expect(render(state).text.contains("2 stories are being written here."))
        _ = state.press(.character("x"))
        #expect(state.quitQuestion == nil && !state.quitting, "any other key stays")

        _ = state.press(.character("q"))
        _ = update(&state, .runningHere(2))
        _ = state.press(.character("w"))
        #expect(state.quitQuestion?.waiting == true && !state.quitting)
        #expect(update(&state, .storeChanged).contains(.countRunningHere))
        _ = update(&state, .runningHere(1))
        #expect(!state.quitting)
        #expect(update(&state, .runningHere(0)) == [.quit] && state.quitting)

        var leaving = AppState(size: Size(width: 80, height: 24), profileId: 1)
        _ = leaving.press(.character("q"))
        _ = update(&leaving, .runningHere(1))
        #expect(leaving.press(.character("l")) == [.quit] && leaving.quitting)

        var cancelling = AppState(size: Size(width: 80, height: 24), profileId: 1)
        _ = cancelling.press(.character("q"))
        _ = update(&cancelling, .runningHere(1))
        #expect(cancelling.press(.character("c")) == [.cancelRunningHere])
        #expect(update(&cancelling, .runningHere(0)) == [.quit])

        var idle = AppState(size: Size(width: 80, height: 24), profileId: 1)
        _ = idle.press(.character("q"))
        #expect(update(&idle, .runningHere(0)) == [.quit], "nothing being written: quit at once")
    }

    @Test("the dashboard draws at every size", arguments: [(30, 8), (45, 12), (70, 20), (100, 30), (200, 60)])
    func sizes(width: Int, height: Int) {
        var state = dashboard(size: Size(width: width, height: height))
        #expect(render(state).lines().count == height)
        _ = update(&state, .jobLoaded(JobDetailState(summary: everyState[3], attempts: [], flags: [])), now: clock)
        #expect(render(state).lines().count == height)
    }
}
