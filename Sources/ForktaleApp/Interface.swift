import Foundation
import StoryCore
import StoryFormats
import StoryEngine
import StoryStore
import TerminalUI

/// The running interface: the main loop, and the effect runner that does the app's I/O.
///
/// The loop `poll`s the terminal's input and a wake-up pipe. Effects run on a background
/// queue, the database's change stream and the engine post messages; each goes through
/// the pipe. The loop never waits for the database or the engine, and draws at most once
/// per turn however many messages arrived.
public final class Interface: @unchecked Sendable {
    private let terminal: any Terminal
    private let store: AppDatabase
    /// Set once the engine is ready (it loads its theme packs after the first frame).
    private let runnerLock = NSLock()
    private var _runner: JobRunner?
    private var runner: JobRunner? {
        get { runnerLock.withLock { _runner } }
        set { runnerLock.withLock { _runner = newValue } }
    }
    private var state: AppState
    private let effects = DispatchQueue(label: "forktale.effects")
    private let inbox = Inbox()
    private var watch: StoreWatch?

    public init(terminal: any Terminal, store: AppDatabase, profileId: Int64, runner: JobRunner? = nil) {
        self.terminal = terminal
        self.store = store
        state = AppState(size: terminal.size, profileId: profileId, colors: terminal.colors)
        self.runner = runner
    }

    /// Hands the interface a job runner that was made after it started.
    public func attach(_ runner: JobRunner) {
        self.runner = runner
    }

    /// Runs until the person quits (or `stop` is posted). Blocks the calling thread.
    ///
    /// `whenShown` runs once, on a background queue, after the first frame that shows the
    /// library (or why it could not be read): work that would slow that frame (starting the
    /// engine) waits for it.
    public func run(whenShown: (@Sendable () -> Void)? = nil) throws {
        // The change stream starts on the effect queue while the first frame is drawn, and
        // before the library is read there, so no change between the two is missed.
        effects.async { [self, store, inbox] in
            watch = try? store.watch(pollInterval: 0.5, minimumGap: 0.1) { inbox.post(.storeChanged) }
        }
        defer { effects.sync { watch?.stop() } }
        perform([.loadLibrary])
        terminal.present(render(state))
        var pendingStart = whenShown
        var lastTick = Date()
        while !state.quitting {
            wait()
            var changed = false
            // Elapsed times on the jobs screens move on once a second.
            if [.jobs, .job].contains(state.route), Date().timeIntervalSince(lastTick) >= 1 {
                lastTick = Date()
                perform(update(&state, .tick))
                changed = true
            }
            while let key = terminal.readKey() {
                let message: Message = key == .resize ? .resized(terminal.size) : .key(key)
                perform(update(&state, message))
                changed = true
            }
            let answers = inbox.drain()
            for message in answers {
                perform(update(&state, message))
                changed = true
            }
            if changed, !state.quitting { terminal.present(render(state)) }
            // The effect runner's first answer is the library.
            if !answers.isEmpty, let start = pendingStart {
                pendingStart = nil
                DispatchQueue.global().async(execute: start)
            }
        }
    }

    /// Asks the loop to end (a signal arrived).
    public func stop() {
        inbox.post(.key(.control("c")))
    }

    private func wait() {
        var fds = (terminal.inputDescriptors + [inbox.readDescriptor]).map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        // A resize signal may go to another thread: look at the size four times a second.
        _ = poll(&fds, nfds_t(fds.count), 250)
        // The terminal went away (the window closed, ssh dropped): stop, do not spin.
        if fds.dropLast().contains(where: { $0.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 }) {
            state.quitting = true
        }
    }

    private func perform(_ list: [Effect]) {
        for effect in list {
            if case .quit = effect { continue }
            if case .prioritize(let story, let node) = effect {
                runner?.prioritize(storyId: story, nodeId: node)
                continue
            }
            let (store, profileId, inbox, runner) = (self.store, state.profileId, self.inbox, self.runner)
            // A long effect runs beside the others, and the interface never waits for it to quit.
            let queue = if case .buildOutline = effect { DispatchQueue.global(qos: .utility) } else { effects }
            queue.async {
                do {
                    if let message = try Self.run(effect, store: store, profileId: profileId, runner: runner) { inbox.post(message) }
                } catch {
                    inbox.post(.failed("\(error)"))
                }
            }
        }
    }

    /// The jobs this process's runner is writing, or will (the profile's queued ones);
    /// with `cancel`, cancels them first. Zero without a runner.
    static func writtenHere(by runner: JobRunner?, store: AppDatabase, profileId: Int64, cancel: Bool) -> Int {
        guard let runner, let jobs = try? store.jobSummaries(profileId: profileId, statuses: [.running, .queued]) else { return 0 }
        let mine = jobs.map(\.job).filter { $0.status == .queued || $0.worker == runner.workerName }
        guard cancel else { return mine.count }
        for job in mine { _ = try? runner.cancel(jobId: job.id!) }
        return 0
    }

    /// The templates, with the built-in ones added first where this database lacks them.
    static func storedTemplates(_ store: AppDatabase) throws -> [StoryTemplate] {
        try store.installBuiltInTemplates(TemplateLibrary.bundled())
        return try store.templates()
    }

    static func heroPage(_ hero: Hero, store: AppDatabase) throws -> HeroPageState {
        HeroPageState(hero: hero, avatars: try store.avatars(heroId: hero.id!), stories: try store.stories(heroId: hero.id!))
    }

    /// Does one effect's I/O and returns what it found as a message.
    public static func run(_ effect: Effect, store: AppDatabase, profileId: Int64, runner: JobRunner? = nil) throws -> Message? {
        switch effect {
        case .loadLibrary:
            return .libraryLoaded(try store.storySummaries(profileId: profileId))
        case .loadPages(let id, let around, let depth):
            return try store.storyPages(id: id, around: around, depth: depth, counting: false).map(Message.pagesLoaded)
        case .buildOutline(let id):
            return .outlineBuilt(storyId: id, Outline(try store.storyLinks(id: id)))
        case .openStory(let id):
            // A large story: the reader's last pages and those near them, not a million rows;
            // its outline is built afterwards, beside the other effects.
            let inPart = try store.hasPages(moreThan: PlayerState.wholeStoryLimit, storyId: id)
            let content: StoryContent?
            if inPart {
                let lastPages = try store.openPlaythrough(storyId: id, profileId: profileId).map { Array($0.path.suffix(50)) } ?? []
                content = try store.storyPages(id: id, around: lastPages, depth: PlayerState.pagesAhead)
            } else {
                content = try store.storyContent(id: id)
            }
            guard let content, let reading = try store.resumePlaythrough(of: content, profileId: profileId)
            else { return .failed("This story has no start page, so it cannot be read.") }
            let found = try store.endingsFound(storyId: id, profileId: profileId)
            var stateful: StatefulReading?
            if let source = try store.storySource(storyId: id), let runtime = try? TwineRuntime(twee: source.twee) {
                let steps = try reading.id.map { try store.playSteps(playthroughId: $0) } ?? []
                stateful = StatefulReading(runtime: runtime, steps: steps, seed: UInt64.random(in: 1...UInt64.max))
            }
            return .storyLoaded(content, reading, endingsFound: found, outline: inPart ? nil : Outline(content), reading: stateful)
        case .refreshStory(let id):
            guard let content = try store.storyContent(id: id) else { return nil }
            return .storyRefreshed(content, Outline(content))
        case .savePlaythrough(let playthrough):
            return .playthroughSaved(try store.savePlaythrough(playthrough))
        case .saveReading(let playthrough, let steps):
            return .playthroughSaved(try store.savePlaythrough(playthrough, steps: steps))
        case .setFavourite(let id, let favourite):
            try store.setFavourite(storyId: id, favourite)
            return .libraryLoaded(try store.storySummaries(profileId: profileId))
        case .deleteStory(let id):
            try store.deleteStory(id: id)
            return .libraryLoaded(try store.storySummaries(profileId: profileId))
        case .importFile(let path):
            let expanded = (path as NSString).expandingTildeInPath
            do {
                let report = try LibraryImport.run(file: expanded, store: store, profileId: profileId)
                let lines = report.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                return .imported(title: "Imported", lines: lines)
            } catch {
                return .imported(title: "Not imported", lines: ["\(path): \(error.message)", "", "Nothing was stored."])
            }
        case .loadHeroes(let archived):
            return .heroesLoaded(try store.heroSummaries(profileId: profileId, archived: archived), archived: archived)
        case .openHero(let id, let refresh):
            guard let hero = try store.hero(id: id) else { return .failed("That hero is gone.") }
            return .heroLoaded(try heroPage(hero, store: store), refresh: refresh)
        case .openWizard(let hero):
            let seed = try hero.flatMap { try store.avatars(heroId: $0.id!).first?.seed } ?? Int64.random(in: 1...Int64(Int32.max))
            return .wizardOpened(HeroWizard(editing: hero, profileId: profileId, seed: seed, maker: try HeroMaker.shared.get()))
        case .saveHero(let hero, let seed):
            let maker = try HeroMaker.shared.get()
            let saved: Hero
            do {
                if hero.id == nil {
                    saved = try maker.create(hero, seed: seed, in: store)
                } else {
                    saved = try maker.update(hero, in: store)
                }
            } catch let problem as ValidationError {
                return .failed(problem.message)
            }
            return .heroSaved(try heroPage(saved, store: store))
        case .addAvatar(let heroId):
            guard let hero = try store.hero(id: heroId) else { return nil }
            try HeroMaker.shared.get().addAvatar(to: hero, seed: Int64.random(in: 1...Int64(Int32.max)), in: store)
            return .heroChanged(heroId)
        case .setPrimaryAvatar(let id, let heroId):
            try store.setPrimaryAvatar(id: id)
            return .heroChanged(heroId)
        case .archiveHero(let id, let archived):
            try store.setHeroArchived(id: id, archived)
            return .heroChanged(id)
        case .openStoryForm(let template, let hero):
            let check = try BriefCheck.bundled()
            return .storyFormOpened(StoryFormState(
                templates: try storedTemplates(store), heroes: try store.heroes(profileId: profileId), check: check,
                template: template, hero: hero, seed: UInt64.random(in: 1...999_999_999), modelServer: (try? LLMSettings.load())??.model))
        case .queueStories(let briefs):
            if briefs.contains(where: { $0.writer == "llm" }), let refusal = try (try? LLMSettings.load())??.budgetRefusal(in: store) {
                return .failed(refusal)
            }
            let jobs = try store.queueJobs(briefs.map { StoryJob(profileId: profileId, brief: $0) })
            runner?.wake()
            return .storiesQueued(jobs.compactMap(\.id))
        case .openJobStory(let jobId):
            // The runner starts the story within moments; wait for it a little.
            for _ in 0..<100 {
                if let story = try store.job(id: jobId)?.storyId { return try run(.openStory(story), store: store, profileId: profileId) }
                usleep(50_000)
            }
            return .failed("The story has not started yet: it is on the Jobs screen (J) and in the Library as soon as it does.")
        case .loadTemplates:
            return .templatesLoaded(try storedTemplates(store))
        case .openTemplateForm(let template):
            return .templateFormOpened(TemplateFormState(editing: template, safety: try SafetyFilter.bundled()))
        case .saveTemplate(let template):
            do {
                try store.saveTemplate(template)
            } catch let problem as ValidationError {
                return .failed(problem.message)
            }
            return .templatesLoaded(try store.templates())
        case .deleteTemplate(let id):
            try store.deleteTemplate(id: id)
            return .templatesLoaded(try store.templates())
        case .setTemplateFavourite(let id, let favourite):
            try store.setTemplateFavourite(id: id, favourite)
            return .templatesLoaded(try store.templates())
        case .loadJobs:
            return .jobsLoaded(try store.jobSummaries(profileId: profileId))
        case .openJob(let id, let refresh):
            guard let summary = try store.jobSummary(id: id) else { return .failed("That job is gone.") }
            return .jobLoaded(JobDetailState(summary: summary, attempts: try store.attempts(jobId: id), flags: try store.contentFlags(jobId: id)),
                              refresh: refresh)
        case .cancelJob(let id):
            // The runner, when it is writing the job, lets go of it at once.
            _ = try runner.map { try $0.cancel(jobId: id) } ?? store.cancelJob(id: id)
            return nil
        case .retryJob(let id):
            _ = try store.retryJob(id: id)
            runner?.wake()
            return nil
        case .countRunningHere, .cancelRunningHere:
            return .runningHere(writtenHere(by: runner, store: store, profileId: profileId, cancel: effect == .cancelRunningHere))
        case .prioritize, .quit:
            return nil
        }
    }
}

/// Messages for the main loop from other threads, with a pipe that wakes its `poll`.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [Message] = []
    private var fds: [Int32] = [-1, -1]

    init() {
        _ = pipe(&fds)
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, O_NONBLOCK)
    }

    deinit {
        close(fds[0])
        close(fds[1])
    }

    var readDescriptor: Int32 { fds[0] }

    func post(_ message: Message) {
        lock.withLock { messages.append(message) }
        var byte: UInt8 = 1
        _ = write(fds[1], &byte, 1)
    }

    func drain() -> [Message] {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(fds[0], &buffer, buffer.count) > 0 {}
        return lock.withLock {
            defer { messages = [] }
            return messages
        }
    }
}
