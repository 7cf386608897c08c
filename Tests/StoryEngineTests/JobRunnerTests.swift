import Foundation
import GRDB
import StoryCore
import StoryEngine
import StoryStore
import Testing

@Suite(.serialized) struct JobRunnerTests {
    @Test func writesAWholeStory() async throws {
        let fixture = try RunnerFixture()
        let job = try fixture.queue(length: .medium)[0]
        #expect(await fixture.runAll(fixture.runner()))

        let done = try #require(try fixture.store.job(id: job.id!))
        #expect(done.status == .completed)
        #expect(done.currentStage == .completed)
        #expect(done.completedStages == [.plan, .write, .finish])
        #expect(done.progress == 1 && done.nodesDone == done.nodesTotal && done.nodesTotal >= 13)
        #expect(done.worker == nil && done.startedAt != nil && done.completedAt != nil)

        let story = try #require(try fixture.store.story(id: done.storyId!))
        let expected = try WrittenStory(theme: "space", seed: 7, length: .medium, age: .sixToEight)
        #expect(story.status == .ready && story.source == .generated && story.title == expected.title.title)
        #expect(story.summary == expected.title.summary && story.theme == "space")
        let pages = try fixture.pages(of: done)
        #expect(pages.map(\.content) == expected.pages.map(\.content))
        #expect(pages.map(\.choiceTexts) == expected.pages.map(\.choices))
        #expect(pages.allSatisfy { $0.status == .ready })
        #expect(story.wordCount == pages.reduce(0) { $0 + WordCount.of($1.content) })

        let attempts = try fixture.store.attempts(jobId: job.id!)
        #expect(attempts.count == pages.count + 1, "one attempt per page and one for the title")
        #expect(attempts.allSatisfy { $0.status == .success && $0.writer == "embedded" && $0.latencyMs != nil })
        let content = try #require(try fixture.store.storyContent(id: story.id!))
        #expect(content.graph.problems().isEmpty)
    }

    @Test func sameSeedSameStoryOtherSeedOtherStory() async throws {
        let fixture = try RunnerFixture()
        let jobs = try fixture.queue(seed: 11, length: .medium) + fixture.queue(seed: 11, length: .medium)
            + fixture.queue(seed: 12, length: .medium)
        #expect(await fixture.runAll(fixture.runner()))
        let texts = try jobs.map { try fixture.pages(of: $0).map(\.content) }
        #expect(texts[0] == texts[1])
        #expect(texts[0] != texts[2])
        // The same story twice in one library gets a title of its own, as a sequel would.
        let titles = try jobs.prefix(2).map { job in
            let storyId = try #require(try fixture.store.job(id: job.id!)?.storyId)
            return try #require(try fixture.store.story(id: storyId)).title
        }
        #expect(titles.contains { titles.contains($0 + " II") }, "\(titles)")
    }

    @Test func retriesAWriterThatFailsThenSucceeds() async throws {
        let fixture = try RunnerFixture()
        let job = try fixture.queue()[0]
        let writer = ScriptedWriter { request, call in
            if call <= 3 { throw WriterError.retryable("The server is busy (call \(call)).") }
            return try await ScriptedWriter.page(request)
        }
        #expect(await fixture.runAll(fixture.runner(writer)))
        #expect(try fixture.store.job(id: job.id!)?.status == .completed)
        let attempts = try fixture.store.attempts(jobId: job.id!)
        #expect(attempts.filter { $0.status == .failed }.count == 3)
        #expect(attempts.filter { $0.status == .failed }.allSatisfy { $0.error?.contains("busy") == true })
        // The retries of the opening share its generation id, numbered 1, 2, 3, 4.
        let opening = attempts.filter { $0.generationId == attempts[0].generationId }.map(\.attemptNumber).sorted()
        #expect(opening == [1, 2, 3, 4])
    }

    @Test func failsWithItsLogWhenTheWriterAlwaysFails() async throws {
        let fixture = try RunnerFixture()
        let job = try fixture.queue()[0]
        let writer = ScriptedWriter { _, _ in throw WriterError.retryable("Connection refused.") }
        #expect(await fixture.runAll(fixture.runner(writer) { $0.maxAttempts = 3 }))
        let failed = try #require(try fixture.store.job(id: job.id!))
        #expect(failed.status == .failed && failed.canResume && failed.worker == nil)
        #expect(failed.error == "Page 1 could not be written after 3 tries: Connection refused.")
        let attempts = try fixture.store.attempts(jobId: job.id!)
        #expect(attempts.count == 3 && attempts.allSatisfy { $0.status == .failed })
        #expect(try fixture.pages(of: job).allSatisfy { $0.status == .pending && $0.content.isEmpty })
        #expect(try fixture.store.story(id: failed.storyId!)?.status == .failed)
    }

    @Test func aFatalErrorIsNotRetried() async throws {
        let fixture = try RunnerFixture()
        let job = try fixture.queue()[0]
        let writer = ScriptedWriter { _, _ in throw WriterError.fatal("The API key was refused: check FORKTALE_LLM_API_KEY.") }
        #expect(await fixture.runAll(fixture.runner(writer)))
        #expect(try fixture.store.attempts(jobId: job.id!).count == 1)
        #expect(try fixture.store.job(id: job.id!)?.error?.contains("API key") == true)
    }

    @Test("a story that stops after 10 written pages counts their words")
    func wordsOfAnUnfinishedStory() async throws {
        let fixture = try RunnerFixture()
        let job = try fixture.queue(length: .medium)[0]
        let writer = ScriptedWriter { request, call in
            guard call <= 10 else {
                // Fail once the ten pages are stored (the runner keeps only stored pages).
                _ = try await fixture.eventually { try fixture.pages(of: job).count { $0.status == .ready } == 10 }
                throw WriterError.fatal("The API key was refused: check FORKTALE_LLM_API_KEY.")
            }
            return try await ScriptedWriter.page(request)
        }
        #expect(await fixture.runAll(fixture.runner(writer) { $0.workers = 1 }))
        let stopped = try #require(try fixture.store.job(id: job.id!))
        #expect(stopped.status == .failed)
        let written = try fixture.pages(of: job).filter { $0.status == .ready }
        #expect(written.count == 10)
        let words = written.reduce(0) { $0 + WordCount.of($1.content) }
        #expect(words > 100)
        #expect(try fixture.store.storySummary(id: stopped.storyId!)?.story.wordCount == words)
    }

    @Test func aCallThatHangsTimesOut() async throws {
        let fixture = try RunnerFixture()
        let job = try fixture.queue()[0]
        let writer = ScriptedWriter { request, _ in try await ScriptedWriter.page(request, after: 30) }
        #expect(await fixture.runAll(fixture.runner(writer) { $0.callTimeout = 0.1; $0.maxAttempts = 2 }))
        let attempts = try fixture.store.attempts(jobId: job.id!)
        #expect(attempts.map(\.status) == [.timeout, .timeout])
        #expect(try fixture.store.job(id: job.id!)?.error?.contains("did not answer within 0.1 s") == true)
    }

    @Test func aDraftThatBreaksThePlanIsRetried() async throws {
        let fixture = try RunnerFixture()
        let job = try fixture.queue()[0]
        let writer = ScriptedWriter { request, call in
            var draft = try await ScriptedWriter.page(request)
            if call == 1 { draft.choices = Array(draft.choices.prefix(1)) }
            if call == 2 { draft.content = "\u{1B}[2J  " }
            return draft
        }
        #expect(await fixture.runAll(fixture.runner(writer)))
        let errors = try fixture.store.attempts(jobId: job.id!).compactMap(\.error)
        #expect(errors == ["The writer gave 1 choices; the page needs 2.", "The writer returned an empty page."])
        #expect(try fixture.store.job(id: job.id!)?.status == .completed)
    }

    @Test func unsuitableWordsAreRefusedAndFlagged() async throws {
        let fixture = try RunnerFixture()
        let job = try fixture.queue(age: .fourToSix)[0]
        let writer = ScriptedWriter { request, call in
            var draft = try await ScriptedWriter.page(request)
            if call == 1 { draft.content += " There was blood on the floor." }
            if call == 2 { draft.content += " It was a scary night." }
            return draft
        }
        #expect(await fixture.runAll(fixture.runner(writer)))
        let flags = try fixture.store.contentFlags(jobId: job.id!)
        #expect(flags.map(\.actionTaken) == [.rejected, .modified])
        #expect(flags.map(\.flagType) == [.violence, .fear])
        let opening = try fixture.pages(of: job)[0].content
        #expect(opening.hasSuffix("It was a spooky night.") && !opening.contains("blood"))
    }

    @Test("a writer that takes two calls at once gets two, however many workers there are")
    func aWritersCallLimitHolds() async throws {
        let fixture = try RunnerFixture()
        _ = try fixture.queue(count: 3)
        let lock = NSLock()
        nonisolated(unsafe) var (now, most) = (0, 0)
        let writer = ScriptedWriter(limit: 2) { request, _ in
            lock.withLock { now += 1; most = max(most, now) }
            defer { lock.withLock { now -= 1 } }
            return try await ScriptedWriter.page(request, after: 0.01)
        }
        #expect(await fixture.runAll(fixture.runner(writer) { $0.workers = 6 }))
        #expect(lock.withLock { most } == 2)
        #expect(try fixture.store.jobSummaries(profileId: fixture.profileId).allSatisfy { $0.job.status == .completed })
    }

    @Test func cancelStopsAtAPageBoundaryAndRetryResumes() async throws {
        let fixture = try RunnerFixture()
        let (job, runner) = try await fixture.writingSlowly(pages: 3)
        try runner.cancel(jobId: job.id!)
        #expect(await runner.idle(timeout: 10))

        let cancelled = try #require(try fixture.store.job(id: job.id!))
        #expect(cancelled.status == .cancelled)
        #expect(try fixture.store.story(id: cancelled.storyId!)?.status == .draft)
        let before = try fixture.pages(of: job)
        let written = before.filter { $0.status == .ready }
        #expect(written.count >= 3 && written.count < before.count)
        #expect(written.allSatisfy { !$0.content.isEmpty && !$0.choiceTexts.contains("…") })
        #expect(before.filter { $0.status != .ready }.allSatisfy { $0.content.isEmpty })

        #expect(try fixture.store.retryJob(id: job.id!)?.status == .queued)
        #expect(await fixture.runAll(fixture.runner()))
        let after = try fixture.pages(of: job)
        #expect(try fixture.store.job(id: job.id!)?.status == .completed)
        #expect(try fixture.store.job(id: job.id!)?.retryCount == 1)
        for page in written { #expect(after.first { $0.id == page.id } == page, "a finished page was written again") }
        let successes = try fixture.store.attempts(jobId: job.id!).filter { $0.status == .success && $0.nodeId != nil }
        #expect(successes.count == after.count, "each page written exactly once")
    }

    @Test func aStoryDeletedWhileItIsWrittenStopsItsJob() async throws {
        let fixture = try RunnerFixture()
        let (job, runner) = try await fixture.writingSlowly(pages: 2)
        let storyId = try #require(try fixture.store.job(id: job.id!)?.storyId)
        #expect(try fixture.store.deleteStory(id: storyId))
        #expect(await runner.idle(timeout: 10))
        let stopped = try #require(try fixture.store.job(id: job.id!))
        #expect(stopped.status == .cancelled && stopped.error == "Its story was deleted." && stopped.storyId == nil)
        #expect(try fixture.store.counts().nodes == 0, "no page of the deleted story written after it")
        // Retried, the job writes the story anew.
        #expect(try fixture.store.retryJob(id: job.id!)?.status == .queued)
        #expect(await fixture.runAll(fixture.runner()))
        let again = try #require(try fixture.store.job(id: job.id!))
        #expect(again.status == .completed)
        #expect(try fixture.store.story(id: try #require(again.storyId))?.status == .ready)
        #expect(try fixture.pages(of: again).allSatisfy { $0.status == .ready && !$0.content.isEmpty })
    }

    @Test func aStaleJobIsClaimedAgainAndTheOldWorkerCannotWrite() async throws {
        let clock = TestClock()
        let fixture = try RunnerFixture(store: AppDatabase.inMemory(now: { clock.now }))
        let job = try fixture.queue()[0]
        let ghost = try #require(try fixture.store.claimNextJob(worker: "ghost", staleAfter: 15))
        #expect(ghost.id == job.id)
        #expect(try fixture.store.claimNextJob(worker: "other", staleAfter: 15) == nil, "a live claim is respected")

        clock.advance(16)
        #expect(await fixture.runAll(fixture.runner(workerName: "rescuer")))
        #expect(try fixture.store.job(id: job.id!)?.status == .completed)
        #expect(try fixture.store.heartbeat(jobIds: [job.id!], worker: "ghost").isEmpty)
        let fill = NodeFill(
            nodeId: try fixture.pages(of: job)[0].id, content: "Overwritten", choiceTexts: [],
            attempt: GenerationAttempt(generationId: "ghost", attemptNumber: 1, jobId: job.id!, writer: "ghost"))
        #expect(try !fixture.store.saveProgress(jobId: job.id!, worker: "ghost", fills: [fill], failedAttempts: []))
        #expect(try fixture.pages(of: job)[0].content != "Overwritten")
    }

    @Test func pagesTheReaderAsksForAreWrittenFirst() async throws {
        let fixture = try RunnerFixture()
        let job = try fixture.queue(length: .medium)[0]
        let gate = DispatchSemaphore(value: 0)
        let order = Recorder()
        let writer = ScriptedWriter { request, call in
            if call == 1 { gate.wait() }  // hold the opening until the reader has asked
            order.append(request.index)
            return try await ScriptedWriter.page(request)
        }
        let runner = fixture.runner(writer) { $0.workers = 1 }
        runner.start(.untilEmpty)
        #expect(try await fixture.eventually { try !fixture.pages(of: job).isEmpty })
        let plan = try WrittenStory(theme: "space", seed: 7, length: .medium).plan
        // The reader is at the last page of the second level: it and the pages it leads
        // to come before the first branch's pages.
        let wanted = plan.nodes[0].choices.last!.target
        let pages = try fixture.pages(of: job)
        runner.prioritize(storyId: try fixture.store.job(id: job.id!)!.storyId!, nodeId: pages[wanted].id)
        gate.signal()
        #expect(await runner.idle(timeout: 10))

        let written = order.values
        let firstBranch = plan.nodes[0].choices.first!.target
        #expect(written.firstIndex(of: wanted)! < written.firstIndex(of: firstBranch)!, "\(written)")
        for child in plan.nodes[wanted].choices.map(\.target) {
            #expect(written.firstIndex(of: child)! < written.firstIndex(of: firstBranch)!, "\(written)")
        }
    }

    @Test func twoRunnersOnOneFileRunEachJobOnce() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forktale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try AppDatabase.openFile(at: folder.appendingPathComponent("jobs.sqlite").path)
        let fixture = try RunnerFixture(store: store)
        let jobs = try fixture.queue(length: .medium, count: 20)
        let slow = ScriptedWriter { request, _ in try await ScriptedWriter.page(request, after: 0.001) }
        let runners = ["one", "two"].map { name in fixture.runner(slow, workerName: name) { $0.workers = 2 } }
        runners.forEach { $0.start(.untilEmpty) }
        for runner in runners { #expect(await runner.idle(timeout: 60)) }

        for job in jobs {
            let done = try #require(try store.job(id: job.id!))
            #expect(done.status == .completed)
            let pages = try fixture.pages(of: job)
            let successes = try store.attempts(jobId: job.id!).filter { $0.status == .success && $0.nodeId != nil }
            #expect(successes.count == pages.count, "job \(job.id!): every page written once")
            #expect(Set(successes.map { $0.generationId.split(separator: ":")[1] }).count == 1, "job \(job.id!) ran in one run")
        }
        #expect(try store.health().integrity == ["ok"])
    }

    @Test("a claim that fails (the database busy) is tried again, not taken for an empty queue")
    func busyClaimIsRetried() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("forktale-busy-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try AppDatabase.openFile(at: folder + "/library.sqlite", createFolder: true)
        let fixture = try RunnerFixture(store: store)
        let job = try fixture.queue()[0]
        // Another process holds the write lock longer than the 5 s busy timeout.
        let locked = DispatchSemaphore(value: 0)
        let holder = try DatabaseQueue(path: folder + "/library.sqlite")
        DispatchQueue.global().async {
            try? holder.inTransaction(.exclusive) { _ in
                locked.signal()
                Thread.sleep(forTimeInterval: 5.5)
                return .commit
            }
        }
        locked.wait()
        let events = EventLog()
        let runner = JobRunner(
            database: store, check: BriefCheck(library: library, safety: safety),
            makeWriter: { _ in embedded }, events: { events.add($0) })
        runner.start(.untilEmpty)
        #expect(await runner.idle(timeout: 30))
        #expect(try store.job(id: job.id!)?.status == .completed, "the job ran once the lock was released")
        let failures = events.all.compactMap { event -> String? in
            if case .claimFailed(let error, let retry) = event, retry != nil { return error } else { return nil }
        }
        #expect(failures.count == 1, "said once")
        #expect(failures.first?.contains("busy") == true && failures.first?.contains("SQL") == false, "\(failures)")
    }
}

/// Runner events, in the order they came.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [JobRunner.Event] = []

    func add(_ event: JobRunner.Event) { lock.withLock { events.append(event) } }
    var all: [JobRunner.Event] { lock.withLock { events } }
}
