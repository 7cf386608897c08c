import TerminalUI

/// Every action a person can take, with its keys and help line: the key map and the
/// Help screen are both made from this one table, so they never disagree.
public enum Action: CaseIterable, Hashable, Sendable {
    // Everywhere
    case help, back, quit, up, down, pageUp, pageDown, top, bottom, open
    // Library
    case search, favourite, delete, sort, importFile, heroes
    // Player
    case choose1, choose2, choose3, choose4, choose5, choose6, choose7, choose8, choose9
    case stepBack, restart, map
    // Heroes (the gallery and a hero's page)
    case left, right, newHero, editHero, addAvatar, makePrimary, archiveHero, showArchived, writeStory
    // The hero wizard
    case nextField, previousField, nextStep, previousStep, pick, toggle
    // Jobs
    case jobs, cancelJob, retryJob, filterJobs
    // New stories, templates and forms
    case newStory, templates, newTemplate, editTemplate, deleteTemplate, favouriteTemplate, submitForm, cancelForm

    /// Where an action applies.
    public enum Scope: String, CaseIterable, Sendable {
        case everywhere, library, player, map, help, heroes, hero, wizard, jobs, job, templates, form
    }

    /// The screens an action belongs to.
    public var scopes: [Scope] {
        switch self {
        case .help, .quit, .up, .down, .pageUp, .pageDown, .top, .bottom, .open, .back: [.everywhere]
        case .search, .favourite, .delete, .sort, .importFile, .heroes, .jobs, .newStory, .templates: [.library]
        case .newTemplate, .editTemplate, .deleteTemplate, .favouriteTemplate: [.templates]
        case .submitForm, .cancelForm: [.form]
        case .cancelJob, .retryJob: [.jobs, .job]
        case .filterJobs: [.jobs]
        case .choose1, .choose2, .choose3, .choose4, .choose5, .choose6, .choose7, .choose8, .choose9: [.player]
        case .stepBack, .restart, .map: [.player]
        case .left, .right, .editHero, .addAvatar, .archiveHero: [.heroes, .hero]
        case .newHero, .showArchived: [.heroes]
        case .makePrimary, .writeStory: [.hero]
        case .nextField, .previousField, .pick, .toggle: [.wizard, .form]
        case .nextStep, .previousStep: [.wizard]
        }
    }

    public var keys: [Key] {
        switch self {
        case .help: [.character("?"), .function(1)]
        case .back: [.character("q"), .escape]
        case .quit: [.control("c")]
        case .up: [.up, .character("k")]
        case .down: [.down, .character("j")]
        case .pageUp: [.pageUp]
        case .pageDown: [.pageDown, .character(" ")]
        case .top: [.home, .character("g")]
        case .bottom: [.end, .character("G")]
        case .open: [.enter]
        case .search: [.character("/")]
        case .favourite: [.character("f")]
        case .delete: [.character("d")]
        case .sort: [.character("s")]
        case .importFile: [.character("i")]
        case .stepBack: [.character("b")]
        case .restart: [.character("r")]
        case .map: [.character("m")]
        case .heroes: [.character("h")]
        case .jobs: [.character("J")]
        case .cancelJob: [.character("c")]
        case .retryJob: [.character("r")]
        case .filterJobs: [.character("f")]
        case .newStory: [.character("n")]
        case .templates: [.character("t")]
        case .newTemplate: [.character("n")]
        case .editTemplate: [.character("e")]
        case .deleteTemplate: [.character("d")]
        case .favouriteTemplate: [.character("f")]
        case .submitForm: [.enter]
        case .cancelForm: [.escape]
        case .left: [.left]
        case .right: [.right]
        case .newHero: [.character("n")]
        case .editHero: [.character("e")]
        case .addAvatar: [.character("a")]
        case .makePrimary: [.character("p")]
        case .archiveHero: [.character("x")]
        case .showArchived: [.character("v")]
        case .writeStory: [.character("w")]
        case .nextField: [.tab, .down]
        case .previousField: [.backTab, .up]
        case .nextStep: [.enter]
        case .previousStep: [.escape]
        case .pick: [.left, .right]
        case .toggle: [.character(" ")]
        default: choiceNumber.map { [.character(Character(String($0)))] } ?? []
        }
    }

    /// 1 to 9 for the choose actions.
    public var choiceNumber: Int? {
        switch self {
        case .choose1: 1
        case .choose2: 2
        case .choose3: 3
        case .choose4: 4
        case .choose5: 5
        case .choose6: 6
        case .choose7: 7
        case .choose8: 8
        case .choose9: 9
        default: nil
        }
    }

    public var helpLine: String {
        switch self {
        case .help: "Show this help"
        case .back: "Go back (in the library: quit)"
        case .quit: "Quit from anywhere"
        case .up: "Move up"
        case .down: "Move down"
        case .pageUp: "Page up"
        case .pageDown: "Page down"
        case .top: "Go to the top"
        case .bottom: "Go to the bottom"
        case .open: "Open, choose or confirm"
        case .search: "Search as you type (Enter keeps it, Esc clears it)"
        case .favourite: "Mark or unmark the story as a favourite"
        case .delete: "Delete the story (asks first)"
        case .sort: "Sort by last played, title or date added"
        case .importFile: "Import a Twine or JSON story file (shows what was read)"
        case .stepBack: "Go back one step"
        case .restart: "Start the story again"
        case .map: "Show the story's map"
        case .heroes: "Open the hero gallery"
        case .jobs: "Open the jobs dashboard: stories being written, live"
        case .cancelJob: "Cancel the job (asks first); the story keeps its written pages"
        case .retryJob: "Retry a failed or cancelled job, from where it stopped"
        case .filterJobs: "Show all jobs, the active ones, the finished ones or the failed ones"
        case .newStory: "Write a new story: theme or template, hero, ages, length, moral, seed"
        case .templates: "Story templates: ideas to write from"
        case .newTemplate: "Make a template of your own"
        case .editTemplate: "Edit the template (built-in ones stay as shipped)"
        case .deleteTemplate: "Delete the template (asks first; not the built-in ones)"
        case .favouriteTemplate: "Mark or unmark the template as a favourite"
        case .submitForm: "Done: queue the story, or save"
        case .cancelForm: "Leave without saving"
        case .left: "Move left"
        case .right: "Move right"
        case .newHero: "Create a hero, step by step"
        case .editHero: "Edit the hero (the same steps, filled in)"
        case .addAvatar: "Draw another portrait of the hero"
        case .makePrimary: "Make the selected portrait the hero's main one"
        case .archiveHero: "Archive the hero (asks first); among archived heroes, restore"
        case .showArchived: "Show archived heroes, or the active ones again"
        case .writeStory: "Write a new story starring this hero (read it as it is written)"
        case .nextField: "Next field"
        case .previousField: "Previous field"
        case .nextStep: "Next step (on the last step: save)"
        case .previousStep: "Previous step (on the first: leave without saving)"
        case .pick: "Change the choice (or type its first letter)"
        case .toggle: "Choose or unchoose (colours and features)"
        default: "Choose \(choiceNumber ?? 0)"
        }
    }

    /// The action for `key` on a screen: the screen's own actions first, then the global ones.
    public static func forKey(_ key: Key, in scope: Scope) -> Action? {
        actions(in: scope).first { $0.keys.contains(key) }
    }

    /// The actions of a screen: its own, then the global ones. The wizard and forms take
    /// letters and arrows as input, so of the global actions only help and quitting apply.
    public static func actions(in scope: Scope) -> [Action] {
        let own = allCases.filter { $0.scopes.contains(scope) }
        let global = scope == .wizard || scope == .form ? [Action.help, .quit] : allCases.filter { $0.scopes.contains(.everywhere) }
        return own + global
    }

    /// Help lines for a screen: its own actions (choices collapsed to one line), then the
    /// global ones.
    public static func help(for scope: Scope) -> [(keys: String, text: String)] {
        var lines: [(String, String)] = []
        let all = actions(in: scope)
        if all.contains(where: { $0.choiceNumber != nil }) { lines.append(("1-9", "Choose that choice")) }
        for action in all where action.choiceNumber == nil {
            lines.append((action.keys.map(\.label).joined(separator: " "), action.helpLine))
        }
        return lines
    }
}
