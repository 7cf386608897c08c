import Foundation
import StoryCore
import StoryFormats
import StoryStore
import TerminalUI

/// A screen on the stack: the top one is shown, `q` pops it.
public enum Route: Hashable, Sendable {
    case library, player, map, help, heroes, hero, wizard, jobs, job, storyForm, templates, templateForm

    /// The actions of the screen (Help shows the screen below it).
    var scope: Action.Scope {
        switch self {
        case .library: .library
        case .player: .player
        case .map: .map
        case .help: .help
        case .heroes: .heroes
        case .hero: .hero
        case .wizard: .wizard
        case .jobs: .jobs
        case .job: .job
        case .storyForm, .templateForm: .form
        case .templates: .templates
        }
    }
}

/// Everything the interface shows, as plain values: `update` changes it, `render` draws it.
public struct AppState: Sendable {
    public var size: Size
    public var profileId: Int64
    public var stack: [Route] = [.library]
    public var library = LibraryState()
    public var player: PlayerState?
    public var map = MapState()
    public var heroes = HeroesState()
    public var heroPage: HeroPageState?
    public var wizard: HeroWizard?
    public var jobs = JobsState()
    public var jobDetail: JobDetailState?
    public var storyForm: StoryFormState?
    public var templates = TemplatesState()
    public var templateForm: TemplateFormState?
    /// Jobs this process is writing, when the person asked to quit: what to do with them.
    public var quitQuestion: QuitQuestion?
    public var helpOffset = 0
    /// The time of the last message (elapsed times are drawn against it).
    public var clock = Date(timeIntervalSince1970: 0)
    /// How many colours the terminal shows (portraits have their own 8-colour and
    /// monochrome drawings).
    public var colors: ColorDepth
    /// A short message for the status bar (an error, a confirmation).
    public var notice: String?
    public var quitting = false

    public init(size: Size, profileId: Int64, colors: ColorDepth = .full) {
        self.size = size
        self.profileId = profileId
        self.colors = colors
    }

    public var route: Route { stack.last ?? .library }
}

public struct LibraryState: Sendable {
    public enum Sort: String, CaseIterable, Sendable {
        case lastPlayed = "last played", title, added = "date added"
    }

    public var stories: [StorySummary] = [] { didSet { refreshVisible() } }
    public var loaded = false
    public var list = ListState()
    /// Search text; `searching` while the person types it.
    public var search = "" { didSet { refreshVisible() } }
    public var searching = false
    public var sort = Sort.lastPlayed { didSet { refreshVisible() } }
    /// A story waiting for the person to confirm its deletion.
    public var confirmingDelete: Int64?
    /// The path being typed for an import (nil when not importing).
    public var importPath: String?
    /// What the last import found, shown until a key is pressed.
    public var importReport: (title: String, lines: [String])?

    /// The stories shown: searched and sorted, kept up to date as those change (every
    /// key in the Library and every frame reads it).
    public private(set) var visible: [StorySummary] = []

    private mutating func refreshVisible() {
        let needle = search.lowercased()
        let found = needle.isEmpty ? stories : stories.filter { summary in
            [summary.story.title, summary.story.theme, summary.heroName ?? ""].contains { $0.lowercased().contains(needle) }
        }
        switch sort {
        case .lastPlayed:
            visible = found.sorted { ($0.story.lastPlayedAt ?? $0.story.createdAt) > ($1.story.lastPlayedAt ?? $1.story.createdAt) }
        case .title:
            visible = found.sorted { $0.story.title.localizedStandardCompare($1.story.title) == .orderedAscending }
        case .added:
            visible = found.sorted { $0.story.createdAt > $1.story.createdAt }
        }
    }
}

public struct PlayerState: Sendable {
    public var content: StoryContent
    public var playthrough: Playthrough
    public var endingsFound: Set<Int64>
    /// The highlighted choice (arrows move it, Enter takes it).
    public var selected = 0
    /// First line of the page's text shown (long pages scroll).
    public var offset = 0

    /// For a Twine story that runs with its state: the reading, whose pages are worked out
    /// from its variables (the node is then only the passage's place in the story).
    public var reading: StatefulReading?

    /// Stories with more pages than this are loaded in part: the first page of a
    /// million-page story then takes milliseconds, not seconds.
    public static let wholeStoryLimit = 5_000
    /// How many choices ahead of the reader a story loaded in part is kept loaded.
    public static let pagesAhead = 3

    public var node: StoryNode? { playthrough.currentNodeId.flatMap(content.node) }
    public var choices: [StoryChoice] { node.map { content.choices(of: $0.id!) } ?? [] }
}

/// The hero gallery: cards in a grid.
public struct HeroesState: Sendable {
    public var heroes: [HeroSummary] = []
    public var loaded = false
    /// The archived heroes are shown instead of the active ones.
    public var archived = false
    public var selected = 0
    /// A hero waiting for the person to confirm archiving (or restoring).
    public var confirmingArchive: Int64?

    public var selectedHero: HeroSummary? { heroes.indices.contains(selected) ? heroes[selected] : nil }
}

/// The jobs dashboard: every job of the profile, live.
public struct JobsState: Sendable {
    public enum Filter: String, CaseIterable, Sendable {
        case all, active, finished, failed

        func includes(_ status: StoryJob.Status) -> Bool {
            switch self {
            case .all: true
            case .active: status == .queued || status == .running
            case .finished: status == .completed
            case .failed: status == .failed || status == .cancelled
            }
        }
    }

    public var jobs: [JobSummary] = []
    public var loaded = false
    public var filter = Filter.all
    public var list = ListState()
    /// A job waiting for the person to confirm its cancelling.
    public var confirmingCancel: Int64?

    public var visible: [JobSummary] { jobs.filter { filter.includes($0.job.status) } }
    public var selectedJob: JobSummary? {
        let shown = visible
        return shown.indices.contains(list.selected) ? shown[list.selected] : nil
    }
}

/// One job in detail: its brief, stages, attempt log and content flags.
public struct JobDetailState: Sendable {
    public var summary: JobSummary
    public var attempts: [GenerationAttempt]
    public var flags: [ContentFlag]
    /// The attempt whose prompt and response show.
    public var list = ListState()
    /// The first line of the prompt and response shown.
    public var paneOffset = 0
    public var confirmingCancel = false

    public init(summary: JobSummary, attempts: [GenerationAttempt], flags: [ContentFlag]) {
        self.summary = summary
        self.attempts = attempts
        self.flags = flags
    }
}

/// Asked when the person quits while this process is writing stories.
public struct QuitQuestion: Sendable, Equatable {
    public var running: Int
    /// They chose to wait: quit once the jobs are done.
    public var waiting = false
}

/// One hero's page: their portraits, details and stories.
public struct HeroPageState: Sendable {
    public var hero: Hero
    public var avatars: [HeroAvatar]
    public var stories: [Story]
    public var selectedAvatar = 0
    public var list = ListState()
    public var confirmingArchive = false

    public init(hero: Hero, avatars: [HeroAvatar], stories: [Story]) {
        self.hero = hero
        self.avatars = avatars
        self.stories = stories
    }
}

public struct MapState: Sendable {
    public var outline: Outline?
    public var list = ListState()
}

/// What happens to the app: keys, sizes, and the results of effects.
public enum Message: Sendable {
    case key(Key)
    case resized(Size)
    case libraryLoaded([StorySummary])
    /// A story opened: all of it, or (too large to load whole) the pages near the reader,
    /// whose outline for the Map is then built in the background (`outlineBuilt`).
    case storyLoaded(StoryContent, Playthrough, endingsFound: Set<Int64>, outline: Outline?, reading: StatefulReading? = nil)
    /// More pages of a story loaded in part.
    case pagesLoaded(StoryContent)
    case outlineBuilt(storyId: Int64, Outline)
    /// A story's pages changed (being written): its newest content.
    case storyRefreshed(StoryContent, Outline)
    case playthroughSaved(Playthrough)
    /// An import ended: what it found, or why it failed.
    case imported(title: String, lines: [String])
    /// The database changed (a job wrote pages, another process imported a story).
    case storeChanged
    case heroesLoaded([HeroSummary], archived: Bool)
    /// A hero's page, opened (`refresh` false) or brought up to date (true: kept only
    /// while that page is still open, and never opening it again).
    case heroLoaded(HeroPageState, refresh: Bool = false)
    /// The wizard is ready (with its checker and a fresh seed).
    case wizardOpened(HeroWizard)
    /// A hero was saved by the wizard: show their page, loaded with the save so no frame
    /// shows the gallery from before (or choose them in the New story form).
    case heroSaved(HeroPageState)
    /// A hero's portraits or archiving changed.
    case heroChanged(Int64)
    case templatesLoaded([StoryTemplate])
    case storyFormOpened(StoryFormState)
    case templateFormOpened(TemplateFormState)
    /// The New story form's stories are queued (their jobs).
    case storiesQueued([Int64])
    case jobsLoaded([JobSummary])
    /// A job's details, opened or (`refresh`) brought up to date, as `heroLoaded`.
    case jobLoaded(JobDetailState, refresh: Bool = false)
    /// How many jobs this process is writing (asked on the way out).
    case runningHere(Int)
    /// A second passed (elapsed times move on).
    case tick
    case failed(String)
}

/// What `update` asks the effect runner to do; results come back as messages.
public enum Effect: Hashable, Sendable {
    case loadLibrary
    case openStory(Int64)
    case refreshStory(Int64)
    /// Pages of a story loaded in part: those `around`, and every page up to `depth`
    /// choices on from them.
    case loadPages(storyId: Int64, around: [Int64], depth: Int)
    /// The Map's outline of a story loaded in part, from its links (seconds for a million
    /// pages, so it runs beside the other effects).
    case buildOutline(storyId: Int64)
    case savePlaythrough(Playthrough)
    /// A reading of a stateful story: the playthrough and the pages kept with it.
    case saveReading(Playthrough, [PlayStep])
    case setFavourite(Int64, Bool)
    case deleteStory(Int64)
    case importFile(String)
    /// The reader is on this page of a story being written: write it (and what follows) first.
    case prioritize(storyId: Int64, nodeId: Int64)
    case loadHeroes(archived: Bool)
    /// Loads a hero's page to open it, or (`refresh`) to bring the open one up to date.
    case openHero(Int64, refresh: Bool = false)
    /// Opens the wizard for a new hero (nil) or to edit one.
    case openWizard(editing: Hero?)
    case saveHero(Hero, seed: Int64)
    case addAvatar(heroId: Int64)
    case setPrimaryAvatar(id: Int64, heroId: Int64)
    case archiveHero(Int64, Bool)
    /// Opens the New story form, with a template or hero already chosen.
    case openStoryForm(template: Int64?, hero: Int64?)
    case queueStories([StoryJob.Brief])
    /// Opens the story a job is writing, as soon as the job has started it.
    case openJobStory(Int64)
    case loadTemplates
    case openTemplateForm(StoryTemplate?)
    case saveTemplate(StoryTemplate)
    case deleteTemplate(Int64)
    case setTemplateFavourite(Int64, Bool)
    case loadJobs
    case openJob(Int64, refresh: Bool = false)
    case cancelJob(Int64)
    case retryJob(Int64)
    /// Counts the jobs this process is writing, for the question on quitting.
    case countRunningHere
    /// Cancels the jobs this process is writing (before quitting).
    case cancelRunningHere
    case quit
}
