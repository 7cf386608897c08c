import Foundation
import StoryCore
import StoryStore
import TerminalUI

// MARK: - Messages

func jobMessage(_ message: Message, _ state: inout AppState) -> [Effect] {
    switch message {
    case .jobsLoaded(let jobs):
        state.jobs.jobs = jobs
        state.jobs.loaded = true
        state.jobs.list.move(0, count: state.jobs.visible.count)
    case .jobLoaded(var detail, let refresh):
        if refresh && (!state.stack.contains(.job) || state.jobDetail?.summary.job.id != detail.summary.job.id) { return [] }
        if let old = state.jobDetail, old.summary.job.id == detail.summary.job.id {
            detail.list = old.list
            detail.paneOffset = old.paneOffset
            detail.confirmingCancel = old.confirmingCancel
        }
        detail.list.move(0, count: detail.attempts.count)
        state.jobDetail = detail
        if !state.stack.contains(.job) { state.stack.append(.job) }
    case .runningHere(let count):
        guard var question = state.quitQuestion else { return [] }
        if count == 0 {
            state.quitting = true
            return [.quit]
        }
        question.running = count
        state.quitQuestion = question
    default:
        break
    }
    return []
}

// MARK: - Quitting with jobs running

/// The person asked to quit: first, are stories being written here?
func askToQuit(_ state: inout AppState) -> [Effect] {
    state.quitQuestion = QuitQuestion(running: 0)
    return [.countRunningHere]
}

/// A key while the quit question is up (or while waiting for the jobs).
func quitKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
    guard var question = state.quitQuestion, question.running > 0 else { return nil }
    switch key {
    case .character("w") where !question.waiting:
        question.waiting = true
        state.quitQuestion = question
        state.notice = "Waiting for the stories to be written; Forktale closes when they are. l leaves them, c cancels."
    case .character("l"):
        state.quitting = true
        return [.quit]
    case .character("c"):
        return [.cancelRunningHere]
    default:
        state.quitQuestion = nil
        state.notice = question.waiting ? "Not waiting any more." : nil
    }
    return []
}

// MARK: - The dashboard

func jobsKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
    guard let id = state.jobs.confirmingCancel else { return nil }
    state.jobs.confirmingCancel = nil
    return confirmCancel(key, id, &state)
}

private func confirmCancel(_ key: Key, _ id: Int64, _ state: inout AppState) -> [Effect] {
    guard key == .character("y") || key == .character("Y") else {
        state.notice = "Not cancelled."
        return []
    }
    state.notice = "Cancelled: r retries it from where it stopped."
    return [.cancelJob(id)]
}

/// What `c` or `r` does for a job, or why it cannot.
private func jobAction(_ action: Action, _ job: StoryJob, _ state: inout AppState) -> (confirm: Bool, effects: [Effect]) {
    switch action {
    case .cancelJob:
        if let refusal = job.status.cannotCancel("This job") {
            state.notice = refusal
            return (false, [])
        }
        return (true, [])
    case .retryJob:
        if let refusal = job.status.cannotRetry("This job") {
            state.notice = refusal
            return (false, [])
        }
        state.notice = "Queued again: it goes on from where it stopped."
        return (false, [.retryJob(job.id!)])
    default:
        return (false, [])
    }
}

func jobs(_ action: Action, _ state: inout AppState) -> [Effect] {
    let count = state.jobs.visible.count
    let page = max(1, state.size.height - 4)
    switch action {
    case .up: state.jobs.list.move(-1, count: count)
    case .down: state.jobs.list.move(1, count: count)
    case .pageUp: state.jobs.list.move(-page, count: count)
    case .pageDown: state.jobs.list.move(page, count: count)
    case .top: state.jobs.list.move(-count, count: count)
    case .bottom: state.jobs.list.move(count, count: count)
    case .open:
        if let job = state.jobs.selectedJob?.job { return [.openJob(job.id!)] }
    case .filterJobs:
        let all = JobsState.Filter.allCases
        state.jobs.filter = all[(all.firstIndex(of: state.jobs.filter)! + 1) % all.count]
        state.jobs.list = ListState()
        state.notice = "Showing \(state.jobs.filter.rawValue) jobs."
    case .cancelJob, .retryJob:
        guard let job = state.jobs.selectedJob?.job else { return [] }
        let (confirm, effects) = jobAction(action, job, &state)
        if confirm { state.jobs.confirmingCancel = job.id }
        return effects
    default:
        break
    }
    return []
}

// MARK: - One job

func jobDetailKey(_ key: Key, _ state: inout AppState) -> [Effect]? {
    guard var detail = state.jobDetail, detail.confirmingCancel else { return nil }
    detail.confirmingCancel = false
    state.jobDetail = detail
    return confirmCancel(key, detail.summary.job.id!, &state)
}

func jobDetail(_ action: Action, _ state: inout AppState) -> [Effect] {
    guard var detail = state.jobDetail else { return [] }
    defer { state.jobDetail = detail }
    let count = detail.attempts.count
    switch action {
    case .up, .down:
        detail.list.move(action == .up ? -1 : 1, count: count)
        detail.paneOffset = 0
    case .top, .bottom:
        detail.list.move(action == .top ? -count : count, count: count)
        detail.paneOffset = 0
    case .pageUp: detail.paneOffset = max(0, detail.paneOffset - max(1, state.size.height / 3))
    case .pageDown: detail.paneOffset += max(1, state.size.height / 3)
    case .open:
        if let story = detail.summary.job.storyId { return [.openStory(story)] }
        let job = detail.summary.job
        state.notice = [.queued, .running].contains(job.status) ? "The story is not started yet: Enter reads it once it is."
            : job.status == .completed ? "This job's story was deleted." : "This job has no story now: r writes it again."
    case .cancelJob, .retryJob:
        let (confirm, effects) = jobAction(action, detail.summary.job, &state)
        detail.confirmingCancel = confirm
        return effects
    default:
        break
    }
    return []
}
